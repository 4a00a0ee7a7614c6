/**
 * Table-driven tests of the built-in rule pack: every rule has a case where it fires and a
 * case close to it where it does not, decided through the real engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/load/pack.js';
import { createDecisionContext, evaluateInteraction } from '../../src/engine/decide-interaction.js';
import type { Interaction, Service } from '../../src/model/answers.js';
import type { InteractionDecision } from '../../src/model/decision.js';
import type { Pack } from '../../src/model/pack.js';

let pack: Pack;
beforeAll(async () => {
  pack = await loadPacks([]);
});

type Kind = 'client' | 'edge' | 'service' | 'partner' | 'read_model';

function interaction(answers: Record<string, string>, numbers: Interaction['numbers'] = {}): Interaction {
  return {
    id: 'case',
    from: 'caller',
    to: 'callee',
    summary: 'a case',
    answers,
    numbers,
    location: { file: 'case.yaml', line: 1, column: 1 },
  };
}

function decideCase(answers: Record<string, string>, numbers: Interaction['numbers'] = {}, caller: Kind = 'service', callee: Kind = 'service'): Decided {
  const services: Service[] = [
    { name: 'caller', kind: caller, location: { file: 'case.yaml', line: 1, column: 1 } },
    { name: 'callee', kind: callee, location: { file: 'case.yaml', line: 1, column: 1 } },
  ];
  const { decision, findings } = evaluateInteraction(interaction(answers, numbers), createDecisionContext(pack, services));
  return { ...decision, raised: findings.map((finding) => finding.rule) };
}

type Decided = InteractionDecision & { raised: string[] };

/** Every rule that took part for certain: votes (for or against), findings and rules that made an item required. */
function firedRules(decision: Decided): Set<string> {
  const fired = new Set(decision.reasons.filter((reason) => reason.assuming === undefined).map((reason) => reason.rule));
  for (const rule of decision.raised) fired.add(rule);
  for (const item of decision.checklist) {
    if (item.depends_on_unknown === undefined) for (const rule of item.required_by) fired.add(rule);
  }
  return fired;
}

interface Case {
  rule: string;
  fires: Record<string, string>;
  not: Record<string, string>;
  numbers?: Interaction['numbers'];
  caller?: Kind;
  callee?: Kind;
  notCaller?: Kind;
  notCallee?: Kind;
}

const result = { caller_needs: 'result', tolerates_pending: 'no' };
const lagging = { intent: 'query', caller_needs: 'result', freshness: 'eventual', critical_decision: 'no', when_down: 'degrade' };
const later = { intent: 'command', caller_needs: 'acknowledgement', duration: 'long' };

const cases: Case[] = [
  { rule: 'result-needed-now', fires: { ...result }, not: { caller_needs: 'nothing' } },
  { rule: 'query-answered-now', fires: { intent: 'query', ...result, freshness: 'strong' }, not: { ...lagging } },
  { rule: 'acknowledge-now-complete-later', fires: { ...later }, not: { ...later }, caller: 'client', notCaller: 'service' },
  { rule: 'acknowledged-by-the-broker', fires: { ...later }, not: { ...later }, caller: 'service', notCaller: 'client' },
  { rule: 'nothing-to-wait-for', fires: { intent: 'command', caller_needs: 'nothing' }, not: { intent: 'command', ...result } },
  { rule: 'endpoint-for-callers-without-broker', fires: { intent: 'fact' }, not: { intent: 'fact' }, caller: 'client', notCaller: 'service' },
  { rule: 'fact-as-event', fires: { intent: 'fact' }, not: { intent: 'fact' }, callee: 'service', notCallee: 'partner' },
  { rule: 'fact-with-several-consumers', fires: { intent: 'fact', multiple_consumers: 'yes' }, not: { intent: 'fact', multiple_consumers: 'no' } },
  { rule: 'facts-to-partners-as-webhooks', fires: { intent: 'fact' }, not: { intent: 'fact' }, callee: 'partner', notCallee: 'service' },
  { rule: 'command-without-waiting', fires: { intent: 'command', caller_needs: 'nothing' }, not: { intent: 'query', caller_needs: 'nothing' } },
  { rule: 'async-query-is-request-reply', fires: { intent: 'query', caller_needs: 'nothing' }, not: { intent: 'command', caller_needs: 'nothing' } },
  { rule: 'fail-closed-ask-owner', fires: { intent: 'query', when_down: 'fail_closed' }, not: { intent: 'query', when_down: 'fail_fast' } },
  { rule: 'defer-when-down', fires: { intent: 'fact', when_down: 'defer' }, not: { intent: 'query', ...result, when_down: 'defer' } },
  { rule: 'fail-fast-needs-to-know', fires: { intent: 'command', caller_needs: 'nothing', when_down: 'fail_fast' }, not: { intent: 'command', ...result, when_down: 'fail_fast' } },
  { rule: 'result-needed-but-deferred', fires: { intent: 'command', ...result, when_down: 'defer' }, not: { intent: 'command', caller_needs: 'nothing', when_down: 'defer' } },
  { rule: 'strong-freshness-ask-owner', fires: { intent: 'command', ...result, freshness: 'strong', critical_decision: 'yes' }, not: { intent: 'command', ...result, freshness: 'strong', critical_decision: 'no' } },
  { rule: 'eventual-read-projection', fires: { ...lagging, joins_owners: 'yes' }, not: { ...lagging, joins_owners: 'yes' }, callee: 'service', notCallee: 'read_model' },
  { rule: 'eventual-read-cached-call', fires: { ...lagging, joins_owners: 'yes' }, not: { ...lagging, joins_owners: 'yes' }, caller: 'edge', notCaller: 'service' },
  { rule: 'decide-then-announce', fires: { intent: 'command', ...result, multiple_consumers: 'yes' }, not: { intent: 'command', ...result, multiple_consumers: 'no' } },
  { rule: 'slow-callee-keep-sync', fires: { intent: 'query', ...result, freshness: 'strong', fits_latency_budget: 'no' }, not: { ...lagging, tolerates_pending: 'no', fits_latency_budget: 'no' } },
  {
    rule: 'slow-callee-accept-pending',
    fires: { intent: 'command', caller_needs: 'result', tolerates_pending: 'yes', fits_latency_budget: 'no' },
    not: { intent: 'command', caller_needs: 'result', tolerates_pending: 'yes', fits_latency_budget: 'yes' },
  },
  { rule: 'long-work-request-reply', fires: { intent: 'command', caller_needs: 'result', tolerates_pending: 'yes', duration: 'long' }, not: { intent: 'command', caller_needs: 'nothing', duration: 'long' } },
  { rule: 'long-work-in-a-request', fires: { intent: 'command', ...result, duration: 'long' }, not: { intent: 'command', ...result, duration: 'seconds' } },
  { rule: 'live-updates-stream', fires: { intent: 'query', ...result, realtime_updates: 'yes' }, not: { intent: 'query', ...result, realtime_updates: 'no' } },
  { rule: 'reply-by-polling', fires: { ...later }, not: { ...later }, caller: 'client', notCaller: 'partner' },
  { rule: 'reply-by-callback', fires: { intent: 'query', caller_needs: 'nothing' }, not: { intent: 'query', caller_needs: 'nothing', caller_reachable: 'no' } },
  { rule: 'reply-by-stream', fires: { ...later, realtime_updates: 'yes' }, not: { ...later, realtime_updates: 'no' }, caller: 'client', notCaller: 'client' },
  { rule: 'spiky-load-buffer', fires: { intent: 'command', caller_needs: 'nothing', load_profile: 'spiky' }, not: { intent: 'command', caller_needs: 'nothing', load_profile: 'steady' } },
  { rule: 'repeat-needs-idempotency-key', fires: { intent: 'fact', safe_to_repeat: 'no' }, not: { intent: 'fact', safe_to_repeat: 'yes' } },
  { rule: 'ordering-per-key', fires: { intent: 'fact', ordering: 'per_key' }, not: { intent: 'query', ...result, ordering: 'per_key' } },
  { rule: 'ordering-global', fires: { intent: 'fact', ordering: 'global' }, not: { intent: 'fact', ordering: 'none' } },
  { rule: 'callback-across-trust-boundary', fires: { intent: 'fact' }, not: { intent: 'fact' }, callee: 'partner', notCallee: 'service' },
  { rule: 'spiky-load-on-sync-path', fires: { intent: 'query', ...result, load_profile: 'spiky' }, not: { intent: 'fact', load_profile: 'spiky' } },
];

describe('built-in rules, one firing and one non-firing case each', () => {
  it('covers every built-in rule', () => {
    const builtIn = pack.rules.filter((rule) => rule.pack === 'builtin').map((rule) => rule.id).sort();
    expect(cases.map((c) => c.rule).sort()).toEqual(builtIn);
  });

  it.each(cases)('$rule fires when its condition holds, and not otherwise', ({ rule, fires, not, numbers, caller, callee, notCaller, notCallee }) => {
    expect(firedRules(decideCase(fires, numbers, caller, callee))).toContain(rule);
    expect(firedRules(decideCase(not, numbers, notCaller ?? caller, notCallee ?? callee))).not.toContain(rule);
  });

  it('retries make a non-repeatable synchronous call need an idempotency key', () => {
    const withRetries = decideCase({ intent: 'query', ...result, safe_to_repeat: 'no' }, { retries: 2 });
    const without = decideCase({ intent: 'query', ...result, safe_to_repeat: 'no' }, { retries: 0 });
    expect(withRetries.checklist.map((item) => item.id)).toContain('idempotency-key');
    expect(without.checklist.map((item) => item.id)).not.toContain('idempotency-key');
  });

  it('a global order raises an info finding about throughput', () => {
    const decision = decideCase({ intent: 'fact', ordering: 'global' });
    expect(decision.checklist.map((item) => item.id)).toContain('single-consumer');
  });

  it('every checklist item a rule names exists, and every item is reachable', () => {
    const items = new Set(pack.checklist.map((item) => item.id));
    for (const rule of pack.rules) for (const id of rule.checklist) expect(items.has(id)).toBe(true);
    const named = new Set(pack.rules.flatMap((rule) => rule.checklist));
    const orphans = pack.checklist.filter((item) => item.needed_by.styles.length === 0 && item.needed_by.mechanisms.length === 0 && !named.has(item.id));
    expect(orphans.map((item) => item.id)).toEqual([]);
  });

  it('every rule and question has text a reader can use', () => {
    for (const rule of pack.rules) {
      expect(rule.title.length, rule.id).toBeGreaterThan(10);
      // A rule that votes or adds items explains itself; one that only raises a finding says it there.
      if (rule.recommend !== undefined || rule.checklist.length > 0) expect(rule.reason.length, rule.id).toBeGreaterThan(30);
      else expect(rule.finding?.message.length ?? 0, rule.id).toBeGreaterThan(30);
    }
    for (const question of pack.questions) {
      expect(question.prompt.endsWith('?'), question.id).toBe(true);
      expect(question.help.length, question.id).toBeGreaterThan(20);
    }
  });
});

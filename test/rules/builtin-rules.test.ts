/**
 * Table-driven tests of the built-in rule pack: every rule has a case where it fires and a
 * case close to it where it does not, decided through the real engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/load/pack.js';
import { decideInteraction } from '../../src/engine/decide-interaction.js';
import type { Interaction } from '../../src/model/answers.js';
import type { InteractionDecision } from '../../src/model/decision.js';
import type { Pack } from '../../src/model/pack.js';

let pack: Pack;
beforeAll(async () => {
  pack = await loadPacks([]);
});

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

/** Every rule that took part: votes (for or against) and rules that made an item required. */
function firedRules(decision: InteractionDecision): Set<string> {
  const fired = new Set(decision.reasons.map((reason) => reason.rule));
  for (const item of decision.checklist) for (const rule of item.required_by) fired.add(rule);
  return fired;
}

interface Case {
  rule: string;
  fires: Record<string, string>;
  not: Record<string, string>;
  numbers?: Interaction['numbers'];
}

const sync = { needs_answer_now: 'yes', tolerates_pending: 'no' };
const waitFree = { needs_answer_now: 'no', tolerates_pending: 'yes' };
const longWork = { intent: 'command', duration: 'long', ...waitFree };

const cases: Case[] = [
  { rule: 'fact-as-event', fires: { intent: 'fact' }, not: { intent: 'command' } },
  { rule: 'fact-with-several-consumers', fires: { intent: 'fact', multiple_consumers: 'yes' }, not: { intent: 'fact', multiple_consumers: 'no' } },
  { rule: 'query-answered-now', fires: { intent: 'query', needs_answer_now: 'yes', freshness: 'strong' }, not: { intent: 'query', needs_answer_now: 'yes', freshness: 'eventual' } },
  { rule: 'command-without-waiting', fires: { intent: 'command', needs_answer_now: 'no' }, not: { intent: 'command', needs_answer_now: 'yes' } },
  { rule: 'needs-answer-no-pending', fires: { ...sync }, not: { needs_answer_now: 'yes', tolerates_pending: 'yes' } },
  { rule: 'can-wait-and-show-pending', fires: { ...waitFree }, not: { needs_answer_now: 'no', tolerates_pending: 'no' } },
  { rule: 'fail-closed-ask-owner', fires: { when_down: 'fail_closed' }, not: { when_down: 'fail_fast' } },
  { rule: 'defer-when-down', fires: { when_down: 'defer' }, not: { when_down: 'degrade' } },
  { rule: 'strong-freshness-ask-owner', fires: { freshness: 'strong', intent: 'command', critical_decision: 'yes' }, not: { freshness: 'strong', intent: 'command', critical_decision: 'no' } },
  { rule: 'eventual-read-projection', fires: { freshness: 'eventual', intent: 'query' }, not: { freshness: 'eventual', intent: 'command' } },
  { rule: 'decide-then-announce', fires: { critical_decision: 'yes', needs_answer_now: 'yes', multiple_consumers: 'yes' }, not: { critical_decision: 'yes', needs_answer_now: 'yes', multiple_consumers: 'no' } },
  { rule: 'slow-callee-keep-sync', fires: { intent: 'query', freshness: 'strong', ...sync, fits_latency_budget: 'no' }, not: { intent: 'query', freshness: 'eventual', ...sync, fits_latency_budget: 'no' } },
  { rule: 'slow-callee-accept-pending', fires: { fits_latency_budget: 'no', needs_answer_now: 'yes', tolerates_pending: 'yes' }, not: { fits_latency_budget: 'yes', needs_answer_now: 'yes', tolerates_pending: 'yes' } },
  { rule: 'long-work-request-reply', fires: { ...longWork }, not: { ...longWork, intent: 'fact' } },
  { rule: 'reply-by-polling', fires: { ...longWork, caller_reachable: 'no' }, not: { ...longWork, caller_reachable: 'yes' } },
  { rule: 'reply-by-callback', fires: { ...longWork, caller_reachable: 'yes', realtime_updates: 'no' }, not: { ...longWork, caller_reachable: 'yes', realtime_updates: 'yes' } },
  { rule: 'reply-by-stream', fires: { ...longWork, realtime_updates: 'yes' }, not: { ...longWork, realtime_updates: 'no' } },
  { rule: 'spiky-load-buffer', fires: { load_profile: 'spiky', needs_answer_now: 'no' }, not: { load_profile: 'steady', needs_answer_now: 'no' } },
  { rule: 'repeat-needs-idempotency-key', fires: { intent: 'fact', safe_to_repeat: 'no' }, not: { intent: 'fact', safe_to_repeat: 'yes' } },
  { rule: 'ordering-per-key', fires: { intent: 'fact', ordering: 'per_key' }, not: { intent: 'query', ...sync, ordering: 'per_key' } },
  { rule: 'ordering-global', fires: { intent: 'fact', ordering: 'global' }, not: { intent: 'fact', ordering: 'none' } },
  { rule: 'callback-across-trust-boundary', fires: { ...longWork, caller_reachable: 'yes', realtime_updates: 'no', trust_boundary: 'partner' }, not: { ...longWork, caller_reachable: 'yes', realtime_updates: 'no', trust_boundary: 'internal' } },
  { rule: 'spiky-load-on-sync-path', fires: { intent: 'query', ...sync, load_profile: 'spiky' }, not: { intent: 'fact', load_profile: 'spiky' } },
];

describe('built-in rules, one firing and one non-firing case each', () => {
  it('covers every built-in rule', () => {
    const builtIn = pack.rules.filter((rule) => rule.pack === 'builtin').map((rule) => rule.id).sort();
    expect(cases.map((c) => c.rule).sort()).toEqual(builtIn);
  });

  it.each(cases)('$rule fires when its condition holds, and not otherwise', ({ rule, fires, not, numbers }) => {
    expect(firedRules(decideInteraction(interaction(fires, numbers), pack))).toContain(rule);
    expect(firedRules(decideInteraction(interaction(not, numbers), pack))).not.toContain(rule);
  });

  it('retries make a non-repeatable synchronous call need an idempotency key', () => {
    const withRetries = decideInteraction(interaction({ intent: 'query', ...sync, safe_to_repeat: 'no' }, { retries: 2 }), pack);
    const without = decideInteraction(interaction({ intent: 'query', ...sync, safe_to_repeat: 'no' }, { retries: 0 }), pack);
    expect(withRetries.checklist.map((item) => item.id)).toContain('idempotency-key');
    expect(without.checklist.map((item) => item.id)).not.toContain('idempotency-key');
  });

  it('a global order raises an info finding about throughput', () => {
    const decision = decideInteraction(interaction({ intent: 'fact', ordering: 'global' }), pack);
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
      expect(rule.reason.length, rule.id).toBeGreaterThan(30);
    }
    for (const question of pack.questions) {
      expect(question.prompt.endsWith('?'), question.id).toBe(true);
      expect(question.help.length, question.id).toBeGreaterThan(20);
    }
  });
});

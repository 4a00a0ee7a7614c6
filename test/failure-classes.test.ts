/**
 * The classes of wrong recommendations the decision model was rebuilt against, each decided
 * through the built-in rule pack from an answers file as a team would write it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../src/engine/decide.js';
import { parseAnswers } from '../src/load/answers.js';
import { loadPacks } from '../src/load/pack.js';
import type { Decision, InteractionDecision } from '../src/model/decision.js';
import type { Pack } from '../src/model/pack.js';

let pack: Pack;
beforeAll(async () => {
  pack = await loadPacks([]);
});

interface Spec {
  id: string;
  from: string;
  to: string;
  answers: Record<string, string>;
  declared?: string;
}

function decideFile(services: Record<string, string>, specs: Spec[]): Decision {
  const lines = ['version: 2', 'title: Failure classes', 'context: Designs the model once got wrong.', 'services:'];
  for (const [name, attributes] of Object.entries(services)) lines.push(`  ${name}: { ${attributes} }`);
  lines.push('interactions:');
  for (const spec of specs) {
    lines.push(`  - id: ${spec.id}`, `    from: ${spec.from}`, `    to: ${spec.to}`, `    summary: ${spec.id}`, '    answers:');
    for (const [question, answer] of Object.entries(spec.answers)) lines.push(`      ${question}: ${answer}`);
    if (spec.declared !== undefined) lines.push(`    declared: ${spec.declared}`);
  }
  return decide(parseAnswers(`${lines.join('\n')}\n`, 'classes.yaml', pack), pack);
}

function byId(decision: Decision, id: string): InteractionDecision {
  const found = decision.interactions.find((interaction) => interaction.id === id);
  if (found === undefined) throw new Error(`no decision for ${id}`);
  return found;
}

const rulesOf = (decision: InteractionDecision) => decision.reasons.map((reason) => reason.rule);

describe('1. a read that may lag is a copy only for a backend with a reason', () => {
  const read = { intent: 'query', caller_needs: 'result', freshness: 'eventual', critical_decision: 'no', when_down: 'degrade', duration: 'instant' };
  const decision = () =>
    decideFile(
      { browser: 'kind: client', gateway: 'kind: edge', catalog: 'kind: service', search: 'kind: read_model', reports: 'kind: service' },
      [
        { id: 'browse-catalog', from: 'browser', to: 'catalog', answers: { ...read, load_profile: 'spiky' } },
        { id: 'compose-page', from: 'gateway', to: 'catalog', answers: { ...read, joins_owners: 'yes' } },
        { id: 'read-search', from: 'gateway', to: 'search', answers: { ...read, joins_owners: 'yes' } },
        { id: 'report-sales', from: 'reports', to: 'catalog', answers: { ...read, joins_owners: 'yes' } },
      ],
    );

  it.each(['browse-catalog', 'compose-page', 'read-search'])('%s is a call, cached where staleness is fine, never an event-fed copy', (id) => {
    const decided = byId(decision(), id);
    expect([decided.style, decided.mechanism, decided.confidence]).toEqual(['sync', 'call', 'high']);
    expect(rulesOf(decided)).toContain('eventual-read-cached-call');
    expect(rulesOf(decided)).not.toContain('eventual-read-projection');
  });

  it('a backend joining the data of several owners keeps its own copy', () => {
    const decided = byId(decision(), 'report-sales');
    expect([decided.style, decided.mechanism]).toEqual(['async', 'event']);
    expect(decided.main_reasons).toEqual(['eventual-read-projection']);
  });
});

describe('2. a hybrid is a real synchronous part plus a real asynchronous part, never a trump card', () => {
  it('long work for a caller that wants no result goes on a queue, and the drift message argues for what is chosen', () => {
    const decision = decideFile({ orders: 'kind: service', reports: 'kind: service' }, [
      { id: 'build-report', from: 'orders', to: 'reports', answers: { intent: 'command', caller_needs: 'nothing', when_down: 'defer', duration: 'long' }, declared: 'hybrid' },
    ]);
    const decided = byId(decision, 'build-report');
    expect([decided.style, decided.mechanism, decided.confidence]).toEqual(['async', 'queue', 'high']);
    expect(rulesOf(decided)).not.toContain('long-work-request-reply');
    const drift = decision.findings.find((finding) => finding.rule === 'declared-style-drift');
    expect(drift?.message).toContain('recommend async');
    expect(drift?.message).toContain('must succeed even while reports is down');
  });
});

describe('3. acknowledge now, finish later', () => {
  it('a public client placing or cancelling an order is accepted synchronously and follows a status', () => {
    const order = { intent: 'command', caller_needs: 'acknowledgement', critical_decision: 'no', duration: 'seconds', when_down: 'fail_fast', realtime_updates: 'no' };
    const decision = decideFile({ shop: 'kind: client', ordering: 'kind: service' }, [
      { id: 'place-order', from: 'shop', to: 'ordering', answers: { ...order, safe_to_repeat: 'no' } },
      { id: 'cancel-order', from: 'shop', to: 'ordering', answers: order },
    ]);
    for (const id of ['place-order', 'cancel-order']) {
      const decided = byId(decision, id);
      expect([decided.style, decided.mechanism, decided.confidence]).toEqual(['hybrid', 'call+request-reply:polling', 'high']);
      expect(decided.checklist.map((item) => item.id)).toEqual(expect.arrayContaining(['accepted-with-status', 'pending-and-failed-state', 'ingest-endpoint']));
    }
  });
});

describe('4. mechanisms the parties can use', () => {
  const decision = () =>
    decideFile(
      { orders: 'kind: service', stock: 'kind: service', merchant: 'kind: partner', app: 'kind: client', tracking: 'kind: service' },
      [
        { id: 'ask-stock', from: 'orders', to: 'stock', answers: { intent: 'query', caller_needs: 'nothing', freshness: 'strong', critical_decision: 'yes', when_down: 'degrade' } },
        { id: 'tell-merchant', from: 'orders', to: 'merchant', answers: { intent: 'fact', when_down: 'defer' } },
        { id: 'report-delivery', from: 'app', to: 'tracking', answers: { intent: 'fact', when_down: 'fail_fast', multiple_consumers: 'yes' } },
      ],
    );

  it('an asynchronous query is a request with a correlated reply, not an event', () => {
    const decided = byId(decision(), 'ask-stock');
    expect([decided.style, decided.mechanism]).toEqual(['async', 'request-reply:callback']);
    expect(decided.checklist.map((item) => item.id)).toContain('reply-correlation');
  });

  it('a fact for a partner goes out as a signed webhook, not a broker event', () => {
    const decided = byId(decision(), 'tell-merchant');
    expect([decided.style, decided.mechanism]).toEqual(['async', 'webhook']);
    expect(decided.checklist.map((item) => item.id)).toEqual(expect.arrayContaining(['signed-callbacks', 'callback-delivery', 'callback-replay-protection']));
  });

  it('a mobile app reports a fact through an ingest endpoint; the outbox is the backend\'s duty', () => {
    const decided = byId(decision(), 'report-delivery');
    expect([decided.style, decided.mechanism]).toEqual(['hybrid', 'call+event']);
    const items = new Map(decided.checklist.map((item) => [item.id, item]));
    expect(items.get('ingest-endpoint')?.required_by).toEqual(['endpoint-for-callers-without-broker']);
    expect(items.get('transactional-outbox')?.verify).toContain('never a browser or an app');
  });
});

describe('5. calibrated confidence, and one unknown does not hide what the other answers say', () => {
  it('a strong reason against keeps the confidence below high', () => {
    const decision = decideFile({ app: 'kind: client', tracking: 'kind: service' }, [
      { id: 'log-visit', from: 'app', to: 'tracking', answers: { intent: 'fact', when_down: 'defer' } },
    ]);
    const decided = byId(decision, 'log-visit');
    expect(decided.style).toBe('hybrid');
    expect(decided.reasons.some((reason) => reason.stance === 'against' && reason.weight === 'strong')).toBe(true);
    expect(decided.confidence).not.toBe('high');
  });

  it('an unknown key answer is weighed over its answers instead of falling back to "no rule applied"', () => {
    const decision = decideFile({ saga: 'kind: service', stock: 'kind: service' }, [
      { id: 'reserve', from: 'saga', to: 'stock', answers: { intent: 'command', caller_needs: 'unknown', when_down: 'defer', duration: 'seconds' } },
    ]);
    const decided = byId(decision, 'reserve');
    expect([decided.style, decided.mechanism, decided.confidence]).toEqual(['async', 'queue', 'medium']);
    expect(decided.main_reasons).not.toContain('default');
    expect(decided.open_questions.find((question) => question.question === 'caller_needs')?.alternatives).toEqual([
      { answer: 'result', style: 'sync', mechanism: 'call' },
    ]);
  });
});

describe('6. whole-system rules respect the mechanism', () => {
  it('a request with a reply to the owner is no stale copy, and no finding contradicts its recommendation', () => {
    const decision = decideFile({ orders: 'kind: service', stock: 'kind: service' }, [
      {
        id: 'ask-stock',
        from: 'orders',
        to: 'stock',
        answers: { intent: 'query', caller_needs: 'nothing', freshness: 'strong', critical_decision: 'yes', when_down: 'degrade' },
        declared: 'async',
      },
    ]);
    expect(byId(decision, 'ask-stock').style).toBe('async');
    expect(decision.findings.map((finding) => finding.rule)).toEqual([]);
  });
});

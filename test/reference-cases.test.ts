/**
 * The reference cases of the domain: each is a realistic interaction with the outcome a
 * careful architect would expect, decided through the real built-in rule pack.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPacks } from '../src/load/pack.js';
import { parseAnswers } from '../src/load/answers.js';
import { decide } from '../src/engine/decide.js';
import type { Pack } from '../src/model/pack.js';
import type { Decision, InteractionDecision } from '../src/model/decision.js';

let pack: Pack;

beforeAll(async () => {
  pack = await loadPacks([]);
});

interface Case {
  name: string;
  from: string;
  to: string;
  answers: Record<string, string>;
  extra?: string;
}

/** Every party of the cases, said once as a team would. */
const SERVICES: Record<string, string> = {
  checkout: 'service',
  payments: 'service',
  'admin-ui': 'edge',
  permissions: 'service',
  orders: 'service',
  email: 'service',
  accounts: 'service',
  crm: 'service',
  reporting: 'service',
  fraud: 'partner',
  'mobile-app': 'client',
  media: 'service',
  'partner-portal': 'partner',
  batch: 'service',
  'order-saga': 'service',
  inventory: 'service',
  customers: 'service',
  analytics: 'service',
  cart: 'service',
  web: 'client',
  a: 'service',
  b: 'service',
};

function yamlFor(cases: Case[], flows = ''): string {
  const used = new Set(cases.flatMap((c) => [c.from, c.to]));
  const services = [...used].map((name) => `  ${name}: { kind: ${SERVICES[name] ?? 'service'}${name === 'partner-portal' ? ', reachable: yes' : ''} }`);
  const lines = ['version: 2', 'title: Reference cases', 'context: The reference cases of the domain.', 'services:', ...services, 'interactions:'];
  for (const c of cases) {
    lines.push(`  - id: ${c.name}`, `    from: ${c.from}`, `    to: ${c.to}`, `    summary: ${c.name}`, '    answers:');
    for (const [k, v] of Object.entries(c.answers)) lines.push(`      ${k}: ${v}`);
    if (c.extra) lines.push(...c.extra.split('\n').map((l) => `    ${l}`));
  }
  return `${lines.join('\n')}\n${flows}`;
}

function decideCases(cases: Case[], flows = ''): Decision {
  const answers = parseAnswers(yamlFor(cases, flows), 'reference.yaml', pack);
  return decide(answers, pack);
}

function decideOne(c: Case): { d: InteractionDecision; decision: Decision } {
  const decision = decideCases([c]);
  const d = decision.interactions[0];
  if (!d) throw new Error('no decision');
  return { d, decision };
}

const itemIds = (d: InteractionDecision) => d.checklist.map((i) => i.id);
const forRules = (d: InteractionDecision) => d.reasons.filter((r) => r.stance === 'for').map((r) => r.rule);

describe('reference cases through the built-in pack', () => {
  it('checkout authorizes a card while the user waits, others react: hybrid sync decision then event', () => {
    const { d } = decideOne({
      name: 'authorize-payment',
      from: 'checkout',
      to: 'payments',
      answers: {
        intent: 'command', caller_needs: 'result', multiple_consumers: 'yes', when_down: 'fail_fast', freshness: 'strong',
        critical_decision: 'yes', fits_latency_budget: 'yes', duration: 'seconds', ordering: 'per_key', safe_to_repeat: 'no', load_profile: 'steady',
      },
    });
    expect(d.style).toBe('hybrid');
    expect(d.mechanism).toBe('call+event');
    expect(d.confidence).toBe('high');
    expect(d.main_reasons).toEqual(['decide-then-announce']);
    expect(itemIds(d)).toEqual(expect.arrayContaining(['timeout-budget', 'transactional-outbox', 'decision-boundary', 'idempotency-key', 'ordering-key']));
  });

  it('admin page asks the permission service: sync, fail closed, deny on error', () => {
    const { d } = decideOne({
      name: 'admin-access',
      from: 'admin-ui',
      to: 'permissions',
      answers: {
        intent: 'query', caller_needs: 'result', multiple_consumers: 'no', when_down: 'fail_closed', freshness: 'strong',
        critical_decision: 'yes', fits_latency_budget: 'yes', duration: 'instant', ordering: 'none', safe_to_repeat: 'yes', load_profile: 'steady',
      },
    });
    expect(d.style).toBe('sync');
    expect(d.mechanism).toBe('call');
    expect(d.confidence).toBe('high');
    expect(forRules(d)).toContain('fail-closed-ask-owner');
    expect(itemIds(d)).toContain('deny-on-error');
    expect(itemIds(d)).not.toContain('dead-letter-queue');
  });

  it('order service tells email, analytics and CRM an order was created: async event', () => {
    const { d } = decideOne({
      name: 'order-created',
      from: 'orders',
      to: 'email',
      answers: { intent: 'fact', multiple_consumers: 'yes', when_down: 'defer', ordering: 'none', safe_to_repeat: 'yes', load_profile: 'steady' },
    });
    expect(d.style).toBe('async');
    expect(d.mechanism).toBe('event');
    expect(d.confidence).toBe('high');
    expect(forRules(d)).toEqual(expect.arrayContaining(['fact-as-event', 'fact-with-several-consumers', 'defer-when-down']));
    expect(itemIds(d)).toEqual(expect.arrayContaining(['idempotent-consumer', 'dead-letter-queue', 'transactional-outbox', 'versioned-contracts']));
    expect(itemIds(d)).not.toContain('timeout-budget');
  });

  it('user registration tells the CRM: async event, registration does not fail with the CRM', () => {
    const { d } = decideOne({ name: 'user-registered', from: 'accounts', to: 'crm', answers: { intent: 'fact', multiple_consumers: 'no', when_down: 'defer' } });
    expect(d.style).toBe('async');
    expect(d.mechanism).toBe('event');
    expect(forRules(d)).toContain('defer-when-down');
  });

  it('reporting dashboard from order and payment facts: async event-fed projection, eventual', () => {
    const { d } = decideOne({
      name: 'sales-dashboard',
      from: 'reporting',
      to: 'orders',
      answers: { intent: 'query', caller_needs: 'result', freshness: 'eventual', joins_owners: 'yes', when_down: 'degrade', critical_decision: 'no', duration: 'instant' },
    });
    expect(d.style).toBe('async');
    expect(d.mechanism).toBe('event');
    expect(forRules(d)).toContain('eventual-read-projection');
    expect(itemIds(d)).toContain('projection-lag');
  });

  it('checkout waits on a slow fraud provider and cannot show pending: sync with a latency warning', () => {
    const { d, decision } = decideOne({
      name: 'fraud-check',
      from: 'checkout',
      to: 'fraud',
      answers: { intent: 'query', caller_needs: 'result', tolerates_pending: 'no', when_down: 'fail_closed', freshness: 'strong', critical_decision: 'yes', multiple_consumers: 'no' },
      extra: 'latency: { budget_ms: 800, p99_ms: 1200 }',
    });
    expect(d.style).toBe('sync');
    expect(d.derived).toContain('fits_latency_budget');
    expect(d.answers['fits_latency_budget']).toBe('no');
    expect(forRules(d)).toContain('slow-callee-keep-sync');
    const warning = decision.findings.find((f) => f.rule === 'async-hides-latency');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('1200');
    expect(warning?.message).toContain('800');
  });

  it('the same fraud check with an acceptable pending_review state: hybrid, accept now and complete later', () => {
    const { d } = decideOne({
      name: 'fraud-check',
      from: 'checkout',
      to: 'fraud',
      answers: { intent: 'query', caller_needs: 'result', tolerates_pending: 'yes', when_down: 'fail_closed', freshness: 'strong', critical_decision: 'yes', multiple_consumers: 'no', caller_reachable: 'no' },
      extra: 'latency: { budget_ms: 800, p99_ms: 1200 }',
    });
    expect(d.style).toBe('hybrid');
    expect(d.mechanism).toBe('call+request-reply:polling');
    expect(itemIds(d)).toEqual(expect.arrayContaining(['pending-and-failed-state', 'accepted-with-status', 'polling-limits']));
  });

  it('an unknown pending answer on the slow fraud check is an open question naming the hybrid alternative', () => {
    const { d } = decideOne({
      name: 'fraud-check',
      from: 'checkout',
      to: 'fraud',
      answers: { intent: 'query', caller_needs: 'result', tolerates_pending: 'unknown', when_down: 'fail_closed', freshness: 'strong', critical_decision: 'yes', multiple_consumers: 'no' },
      extra: 'latency: { budget_ms: 800, p99_ms: 1200 }',
    });
    expect(d.style).toBe('sync');
    expect(d.confidence).not.toBe('high');
    const open = d.open_questions.find((q) => q.question === 'tolerates_pending');
    expect(open?.alternatives).toEqual([expect.objectContaining({ answer: 'yes', style: 'hybrid' })]);
  });

  it('a mobile app uploads a video that takes minutes: hybrid request-reply with polling', () => {
    const { d } = decideOne({
      name: 'product-video',
      from: 'mobile-app',
      to: 'media',
      answers: { intent: 'command', caller_needs: 'acknowledgement', duration: 'long', realtime_updates: 'no', safe_to_repeat: 'no', when_down: 'fail_fast' },
    });
    expect(d.style).toBe('hybrid');
    expect(d.mechanism).toBe('call+request-reply:polling');
    expect(itemIds(d)).toEqual(expect.arrayContaining(['accepted-with-status', 'result-expiry', 'polling-limits', 'idempotency-key', 'ingest-endpoint']));
    expect(itemIds(d)).not.toContain('signed-callbacks');
  });

  it('a partner that exposes an endpoint submits a batch job: request-reply with a signed callback', () => {
    const { d } = decideOne({
      name: 'partner-batch',
      from: 'partner-portal',
      to: 'batch',
      answers: { intent: 'command', caller_needs: 'acknowledgement', duration: 'long', realtime_updates: 'no', when_down: 'fail_fast' },
    });
    expect(d.mechanism).toBe('call+request-reply:callback');
    expect(itemIds(d)).toEqual(expect.arrayContaining(['signed-callbacks', 'callback-delivery', 'callback-replay-protection', 'callback-endpoint-verification']));
    expect(itemIds(d)).not.toContain('polling-limits');
  });

  it('an orchestrator asks inventory to reserve stock in a saga: async command on a queue, outcome announced', () => {
    const { d } = decideOne({
      name: 'reserve-stock',
      from: 'order-saga',
      to: 'inventory',
      answers: { intent: 'command', caller_needs: 'nothing', duration: 'seconds', safe_to_repeat: 'no', ordering: 'per_key', when_down: 'defer' },
    });
    expect(d.style).toBe('async');
    expect(d.mechanism).toBe('queue');
    expect(itemIds(d)).toEqual(expect.arrayContaining(['announce-outcome', 'idempotency-key', 'idempotent-consumer', 'dead-letter-queue', 'ordering-key', 'pending-and-failed-state']));
  });

  it('current shipping address at checkout: sync, strong freshness', () => {
    const { d } = decideOne({
      name: 'shipping-address',
      from: 'checkout',
      to: 'customers',
      answers: { intent: 'query', caller_needs: 'result', freshness: 'strong', when_down: 'fail_fast' },
    });
    expect(d.style).toBe('sync');
    expect(d.mechanism).toBe('call');
    expect(forRules(d)).toEqual(expect.arrayContaining(['strong-freshness-ask-owner', 'query-answered-now']));
  });

  it('customer segment for analytics: async projection, eventual', () => {
    const { d } = decideOne({
      name: 'customer-segment',
      from: 'analytics',
      to: 'customers',
      answers: { intent: 'query', caller_needs: 'result', freshness: 'eventual', joins_owners: 'yes', critical_decision: 'no', when_down: 'degrade' },
    });
    expect(d.style).toBe('async');
    expect(d.mechanism).toBe('event');
  });

  it('with every answer unknown, nothing decides: sync by default, low confidence, first questions listed', () => {
    const { d } = decideOne({ name: 'mystery', from: 'a', to: 'b', answers: { intent: 'unknown' } });
    expect(d.style).toBe('sync');
    expect(d.confidence).toBe('low');
    expect(d.reasons[0]?.rule).toBe('default');
    expect(d.open_questions.map((q) => q.question)).toEqual(expect.arrayContaining(['intent', 'caller_needs']));
  });
});

describe('whole-system findings through the built-in pack', () => {
  const sync = { intent: 'command', caller_needs: 'result', tolerates_pending: 'no' };

  it('three layers that each retry twice send 27 attempts to the deepest service', () => {
    const decision = decideCases([
      { name: 'a-b', from: 'cart', to: 'checkout', answers: sync, extra: 'retries: 2' },
      { name: 'b-c', from: 'checkout', to: 'payments', answers: sync, extra: 'retries: 2' },
      { name: 'c-d', from: 'payments', to: 'fraud', answers: sync, extra: 'retries: 2' },
    ]);
    const found = decision.findings.filter((f) => f.rule === 'retry-amplification');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('27');
    expect(found[0]?.interaction).toBe('c-d');
  });

  it('latency stacks over the flow budget along the synchronous hops', () => {
    const decision = decideCases(
      [
        { name: 'cart', from: 'web', to: 'cart', answers: sync, extra: 'latency: { p99_ms: 800 }' },
        { name: 'pay', from: 'cart', to: 'payments', answers: sync, extra: 'latency: { p99_ms: 900 }' },
        { name: 'fraud', from: 'payments', to: 'fraud', answers: sync, extra: 'latency: { p99_ms: 600 }' },
      ],
      'flows:\n  - id: checkout\n    summary: Checkout\n    budget_ms: 1500\n    steps: [cart, pay, fraud]\n',
    );
    const found = decision.findings.find((f) => f.rule === 'latency-budget-exceeded');
    expect(found?.severity).toBe('error');
    expect(found?.message).toContain('2300');
    expect(found?.message).toContain('1500');
    expect(found?.message).toContain('web -> cart -> payments -> fraud');
    expect(found?.flow).toBe('checkout');
  });

  it('a synchronous cycle is an error', () => {
    const decision = decideCases([
      { name: 'x', from: 'a', to: 'b', answers: sync },
      { name: 'y', from: 'b', to: 'a', answers: sync },
    ]);
    const found = decision.findings.find((f) => f.rule === 'sync-cycle');
    expect(found?.severity).toBe('error');
  });

  it('a declared style the rules disagree with is reported as drift', () => {
    const decision = decideCases([
      { name: 'email', from: 'orders', to: 'email', answers: { intent: 'fact', multiple_consumers: 'yes', when_down: 'defer' }, extra: 'declared: sync' },
    ]);
    const found = decision.findings.find((f) => f.rule === 'declared-style-drift');
    expect(found?.severity).toBe('warning');
    expect(found?.interaction).toBe('email');
  });

  it('a fact published before the decision it implies is an error', () => {
    const decision = decideCases(
      [
        { name: 'order-confirmed', from: 'orders', to: 'email', answers: { intent: 'fact' } },
        { name: 'authorize', from: 'checkout', to: 'payments', answers: { intent: 'command', caller_needs: 'result', critical_decision: 'yes' } },
      ],
      'flows:\n  - id: checkout\n    summary: Checkout\n    steps: [order-confirmed, authorize]\n',
    );
    const found = decision.findings.find((f) => f.rule === 'fact-before-decision');
    expect(found?.severity).toBe('error');
    expect(found?.interaction).toBe('order-confirmed');
  });
});

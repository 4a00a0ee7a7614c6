import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { analyseSystem } from '../../src/engine/system.js';
import type { Flow, Interaction } from '../../src/model/answers.js';
import type { Finding } from '../../src/model/decision.js';
import type { PackSettings, Severity, SystemRuleId } from '../../src/model/pack.js';
import type { RuleSpec } from './helpers.js';
import { makeAnswers, makeEdge, makeFlow, makeInteraction, makePack, makeSystemRule } from './helpers.js';

/**
 * Interactions with no answers are decided as the default synchronous call; intent fact makes
 * them async, a query sync, critical_decision yes (not for a fact) hybrid, a query that may lag
 * a copy fed by events, and deferring when the callee is down an asynchronous part.
 * declared overrides the effective style.
 */
const STYLE_RULES: RuleSpec[] = [
  { id: 'fact-async', when: { answer: 'intent', eq: 'fact' }, recommend: { async: 'yes', mechanism: 'event' }, weight: 'strong' },
  {
    id: 'query-sync',
    when: { all: [{ answer: 'intent', eq: 'query' }, { not: { answer: 'freshness', eq: 'eventual' } }] },
    recommend: { sync: 'yes' },
    weight: 'strong',
  },
  {
    id: 'decide-hybrid',
    when: { all: [{ answer: 'critical_decision', eq: 'yes' }, { not: { answer: 'intent', eq: 'fact' } }] },
    recommend: { sync: 'yes', async: 'yes', mechanism: 'event' },
    weight: 'normal',
  },
  {
    id: 'copy-lagging-read',
    when: { all: [{ answer: 'intent', eq: 'query' }, { answer: 'freshness', eq: 'eventual' }] },
    recommend: { sync: 'no', async: 'yes', mechanism: 'event' },
    weight: 'strong',
  },
  { id: 'defer-async', when: { answer: 'when_down', eq: 'defer' }, recommend: { sync: 'no', async: 'yes' }, weight: 'strong' },
];

function analyse(
  id: SystemRuleId,
  interactions: Interaction[],
  flows: Flow[] = [],
  options: { severity?: Severity; settings?: Partial<PackSettings>; advice?: string } = {},
): Finding[] {
  const pack = makePack({
    rules: STYLE_RULES,
    systemRules: [makeSystemRule(id, options.severity ?? 'warning', options.advice ?? `Advice for ${id}.`)],
    settings: options.settings ?? {},
  });
  return decide(makeAnswers(interactions, flows), pack).findings;
}

const fact = { answers: { intent: 'fact' } };

describe('latency-budget-exceeded', () => {
  const steps = [
    makeEdge('cart', 'payments', 10, { numbers: { latency_p99_ms: 1000 } }),
    makeEdge('payments', 'fraud', 20, { numbers: { latency_p99_ms: 1300 } }),
    makeEdge('fraud', 'email', 30, { ...fact, numbers: { latency_p99_ms: 9000 } }),
  ];
  const ids = steps.map((step) => step.id);

  it('sums the p99 of the synchronous steps and names the path', () => {
    const findings = analyse('latency-budget-exceeded', steps, [makeFlow({ id: 'checkout', steps: ids, budget_ms: 1500, line: 80 })]);
    expect(findings).toEqual([
      {
        rule: 'latency-budget-exceeded',
        severity: 'warning',
        message: 'p99 sum 2300 ms over budget 1500 ms along checkout: cart -> payments -> fraud (cart-payments 1000 + payments-fraud 1300 ms). Advice for latency-budget-exceeded.',
        flow: 'checkout',
        location: { file: 'answers.yaml', line: 80, column: 5 },
      },
    ]);
  });

  it('stays quiet within the budget, at the budget, and without a budget', () => {
    expect(analyse('latency-budget-exceeded', steps, [makeFlow({ id: 'checkout', steps: ids, budget_ms: 2300 })])).toEqual([]);
    expect(analyse('latency-budget-exceeded', steps, [makeFlow({ id: 'checkout', steps: ids })])).toEqual([]);
  });

  it('counts a step declared sync and skips one declared async', () => {
    const declared = [
      makeEdge('cart', 'payments', 10, { numbers: { latency_p99_ms: 1000 }, declared: 'async' }),
      makeEdge('payments', 'fraud', 20, { numbers: { latency_p99_ms: 1300 } }),
      makeEdge('fraud', 'email', 30, { ...fact, numbers: { latency_p99_ms: 900 }, declared: 'sync' }),
    ];
    const findings = analyse('latency-budget-exceeded', declared, [makeFlow({ id: 'f', steps: ids, budget_ms: 2000 })]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'p99 sum 2200 ms over budget 2000 ms along f: payments -> fraud -> email (payments-fraud 1300 + fraud-email 900 ms). Advice for latency-budget-exceeded.',
    ]);
  });

  it('mentions synchronous steps without a p99', () => {
    const partial = [...steps, makeEdge('fraud', 'scoring', 40)];
    const findings = analyse('latency-budget-exceeded', partial, [
      makeFlow({ id: 'checkout', steps: [...ids, 'fraud-scoring'], budget_ms: 2000 }),
    ]);
    expect(findings[0]?.message).toBe(
      'p99 sum 2300 ms over budget 2000 ms along checkout: cart -> payments -> fraud -> scoring (cart-payments 1000 + payments-fraud 1300 ms). ' +
        'Synchronous steps without a p99 (not counted, so the real sum is higher): fraud-scoring. Advice for latency-budget-exceeded.',
    );
  });
});

describe('availability-below-target', () => {
  const steps = ['a', 'b', 'c', 'd', 'e'].map((to, index) => makeEdge('gateway', to, 10 + index, { numbers: { availability: 0.999 } }));
  const withAsync = [...steps, makeEdge('gateway', 'audit', 20, { ...fact, numbers: { availability: 0.5 } }), makeEdge('gateway', 'f', 21)];
  const ids = withAsync.map((step) => step.id);

  it('multiplies the availability of the synchronous steps that have one', () => {
    const findings = analyse('availability-below-target', withAsync, [makeFlow({ id: 'checkout', steps: ids, availability_target: 0.999 })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'availability-below-target', flow: 'checkout', location: { line: 500 } });
    expect(findings[0]?.message).toBe(
      'availability 0.9950 along checkout is below the target 0.999: 0.999 (gateway-a) x 0.999 (gateway-b) x 0.999 (gateway-c) x ' +
        '0.999 (gateway-d) x 0.999 (gateway-e). Advice for availability-below-target.',
    );
  });

  it('stays quiet at or above the target and without a target', () => {
    expect(analyse('availability-below-target', withAsync, [makeFlow({ id: 'f', steps: ids, availability_target: 0.99 })])).toEqual([]);
    expect(analyse('availability-below-target', withAsync, [makeFlow({ id: 'f', steps: ids })])).toEqual([]);
    expect(
      analyse('availability-below-target', [makeEdge('x', 'y', 1)], [makeFlow({ id: 'f', steps: ['x-y'], availability_target: 1 })]),
    ).toEqual([]);
  });
});

describe('retry-amplification', () => {
  const chain = [
    makeEdge('gateway', 'cart', 10, { numbers: { retries: 2 } }),
    makeEdge('cart', 'payments', 20, { numbers: { retries: 2 } }),
    makeEdge('payments', 'fraud', 30, { numbers: { retries: 2 } }),
  ];

  it('reports 3 x 3 x 3 = 27 at the deepest service only, on the last edge', () => {
    const findings = analyse('retry-amplification', chain);
    expect(findings).toEqual([
      {
        rule: 'retry-amplification',
        severity: 'warning',
        message:
          'up to 27 attempts reach fraud for one request into gateway along gateway -> cart -> payments -> fraud (3 x 3 x 3). ' +
          'Advice for retry-amplification.',
        interaction: 'payments-fraud',
        location: { file: 'answers.yaml', line: 30, column: 3 },
      },
    ]);
  });

  it('stays quiet below the threshold', () => {
    expect(analyse('retry-amplification', chain, [], { settings: { retry_amplification_threshold: 28 } })).toEqual([]);
  });

  it('reports at the threshold and at a service reached through a retry-free edge', () => {
    const extended = [...chain, makeEdge('fraud', 'scoring', 40)];
    const findings = analyse('retry-amplification', extended, [], { settings: { retry_amplification_threshold: 27 } });
    expect(findings.map((finding) => [finding.interaction, finding.message.split('.')[0]])).toEqual([
      ['fraud-scoring', 'up to 27 attempts reach scoring for one request into gateway along gateway -> cart -> payments -> fraud -> scoring (3 x 3 x 3 x 1)'],
    ]);
  });

  it('follows the worst of several paths and reports each deepest branch', () => {
    const branches = [
      ...chain,
      makeEdge('gateway', 'payments', 11, { numbers: { retries: 1 } }),
      makeEdge('cart', 'stock', 21, { numbers: { retries: 4 } }),
    ];
    const findings = analyse('retry-amplification', branches);
    expect(findings.map((finding) => finding.message.split('. ')[0])).toEqual([
      'up to 15 attempts reach stock for one request into gateway along gateway -> cart -> stock (3 x 5)',
      'up to 27 attempts reach fraud for one request into gateway along gateway -> cart -> payments -> fraud (3 x 3 x 3)',
    ]);
  });

  it('ignores asynchronous edges and edges inside a cycle', () => {
    const broken = [chain[0] as Interaction, makeEdge('cart', 'payments', 20, { ...fact, numbers: { retries: 2 } }), chain[2] as Interaction];
    expect(analyse('retry-amplification', broken)).toEqual([]);
    const cyclic = [...chain, makeEdge('fraud', 'cart', 40, { numbers: { retries: 2 } })];
    expect(analyse('retry-amplification', cyclic)).toEqual([]);
  });
});

describe('sync-fan-out', () => {
  const reactions = ['email', 'analytics', 'crm'].map((to, index) =>
    makeEdge('orders', to, 10 + index, { ...fact, declared: 'sync' }),
  );

  it('reports a caller waiting on reactions that could be events, at the first of them', () => {
    const findings = analyse('sync-fan-out', [makeEdge('orders', 'stock', 5), ...reactions]);
    expect(findings).toEqual([
      {
        rule: 'sync-fan-out',
        severity: 'warning',
        message:
          'orders waits on 3 synchronous calls whose recommended style is async: email, analytics, crm ' +
          '(orders-email, orders-analytics, orders-crm). Advice for sync-fan-out.',
        interaction: 'orders-email',
        location: { file: 'answers.yaml', line: 10, column: 3 },
      },
    ]);
  });

  it('stays quiet below the threshold or when the calls really are asynchronous', () => {
    expect(analyse('sync-fan-out', reactions.slice(0, 2))).toEqual([]);
    expect(analyse('sync-fan-out', reactions, [], { settings: { fan_out_threshold: 4 } })).toEqual([]);
    const undeclared = reactions.map((edge) => ({ ...edge, declared: undefined }) as Interaction);
    expect(analyse('sync-fan-out', undeclared.map(({ declared: _, ...rest }) => rest))).toEqual([]);
  });
});

describe('sync-cycle', () => {
  it('finds a -> b -> c -> a', () => {
    const findings = analyse('sync-cycle', [makeEdge('a', 'b', 10), makeEdge('b', 'c', 20), makeEdge('c', 'a', 30)], [], {
      severity: 'error',
    });
    expect(findings).toEqual([
      {
        rule: 'sync-cycle',
        severity: 'error',
        message: 'synchronous cycle a -> b -> c -> a through a-b, b-c, c-a. Advice for sync-cycle.',
        interaction: 'a-b',
        location: { file: 'answers.yaml', line: 10, column: 3 },
      },
    ]);
  });

  it('stays quiet for a chain and when one edge of the loop is asynchronous', () => {
    expect(analyse('sync-cycle', [makeEdge('a', 'b', 10), makeEdge('b', 'c', 20)])).toEqual([]);
    expect(analyse('sync-cycle', [makeEdge('a', 'b', 10), makeEdge('b', 'c', 20), makeEdge('c', 'a', 30, fact)])).toEqual([]);
  });

  it('reports a service calling itself, and one finding per cycle group', () => {
    const findings = analyse('sync-cycle', [
      makeEdge('x', 'x', 5),
      makeEdge('a', 'b', 10),
      makeEdge('b', 'a', 20),
      makeEdge('b', 'c', 30),
      makeEdge('c', 'd', 40),
      makeEdge('d', 'c', 50),
      makeEdge('c', 'b', 60),
      makeEdge('p', 'q', 70),
      makeEdge('q', 'p', 80),
    ]);
    expect(findings.map((finding) => finding.message.replace(' Advice for sync-cycle.', ''))).toEqual([
      'synchronous cycle x -> x through x-x.',
      'synchronous cycle a -> b -> a through a-b, b-a (4 services in this cycle group).',
      'synchronous cycle p -> q -> p through p-q, q-p.',
    ]);
  });
});

describe('fact-before-decision', () => {
  const steps = [
    makeInteraction({ id: 'order-confirmed', from: 'orders', to: 'bus', answers: { intent: 'fact' }, line: 10 }),
    makeInteraction({ id: 'reserve-stock', from: 'orders', to: 'stock', line: 20 }),
    makeInteraction({ id: 'authorize-payment', from: 'orders', to: 'payments', answers: { critical_decision: 'yes' }, line: 30 }),
    makeInteraction({ id: 'payment-authorized', from: 'payments', to: 'bus', answers: { intent: 'fact' }, line: 40 }),
  ];

  it('reports a fact announced before a later decision in the same flow', () => {
    const findings = analyse('fact-before-decision', steps, [makeFlow({ id: 'checkout', steps: steps.map((step) => step.id) })]);
    expect(findings).toEqual([
      {
        rule: 'fact-before-decision',
        severity: 'warning',
        message:
          'in flow checkout, step 1 (order-confirmed) announces a fact before step 3 (authorize-payment) makes the decision ' +
          'it depends on. Advice for fact-before-decision.',
        interaction: 'order-confirmed',
        flow: 'checkout',
        location: { file: 'answers.yaml', line: 10, column: 3 },
      },
    ]);
  });

  it('stays quiet when the decision comes first or the steps are in no flow', () => {
    const ordered = ['authorize-payment', 'payment-authorized', 'reserve-stock'];
    expect(analyse('fact-before-decision', steps, [makeFlow({ id: 'checkout', steps: ordered })])).toEqual([]);
    expect(analyse('fact-before-decision', steps)).toEqual([]);
  });

  it('names the first later decision for each fact step', () => {
    const second = makeInteraction({ id: 'check-fraud', from: 'orders', to: 'fraud', answers: { critical_decision: 'yes' }, line: 50 });
    const flow = makeFlow({ id: 'f', steps: ['order-confirmed', 'payment-authorized', 'authorize-payment', 'check-fraud'] });
    const findings = analyse('fact-before-decision', [...steps, second], [flow]);
    expect(findings.map((finding) => finding.message.split(' makes')[0])).toEqual([
      'in flow f, step 1 (order-confirmed) announces a fact before step 3 (authorize-payment)',
      'in flow f, step 2 (payment-authorized) announces a fact before step 3 (authorize-payment)',
    ]);
  });
});

describe('query-over-events', () => {
  const query = { intent: 'query', caller_needs: 'result', critical_decision: 'no', when_down: 'fail_fast' };

  it.each([
    ['steady load', { ...query, load_profile: 'steady' }, 'async', 1],
    ['load not known', query, 'async', 1],
    ['spiky load', { ...query, load_profile: 'spiky' }, 'async', 0],
    ['declared sync', query, 'sync', 0],
    ['not waiting', { ...query, caller_needs: 'nothing' }, 'async', 0],
    ['a command', { ...query, intent: 'command' }, 'async', 0],
    // Beside a recommendation that is itself asynchronous (a copy fed by events), nothing to warn about.
    ['a read the rules serve from a copy', { ...query, freshness: 'eventual' }, 'async', 0],
    // A read that must be current is stale-read-for-strong-decision's to report.
    ['a read that must be current', { ...query, freshness: 'strong' }, 'async', 0],
  ] as const)('%s', (_, answers, declared, count) => {
    const findings = analyse('query-over-events', [makeEdge('ui', 'prices', 10, { answers: { ...answers }, declared })]);
    expect(findings).toHaveLength(count);
    if (count === 1) {
      expect(findings[0]?.message).toBe(
        'ui-prices is declared async, yet ui waits for the answer to this query; a request event and a reply event need ' +
          'correlation ids, a reply channel, timeouts and handling of duplicate replies. Advice for query-over-events.',
      );
    }
  });
});

describe('async-hides-latency', () => {
  const waiting = { caller_needs: 'result', tolerates_pending: 'no' };

  it('reports with the numbers when fits_latency_budget is derived as no', () => {
    const findings = analyse('async-hides-latency', [
      makeEdge('checkout', 'fraud', 10, { answers: waiting, numbers: { latency_p99_ms: 1200, latency_budget_ms: 800 } }),
    ]);
    expect(findings.map((finding) => finding.message)).toEqual([
      'checkout-fraud needs the answer now, cannot show a pending state and does not fit its latency budget ' +
        '(p99 1200 ms over budget 800 ms); going asynchronous would hide the latency, not remove it. Advice for async-hides-latency.',
    ]);
  });

  it('stays quiet beside a recommendation without a synchronous part, such as a read served from a copy', () => {
    const answers = { ...waiting, intent: 'query', freshness: 'eventual', critical_decision: 'no', when_down: 'degrade' };
    expect(analyse('async-hides-latency', [makeEdge('reports', 'orders', 10, { answers, numbers: { latency_p99_ms: 1200, latency_budget_ms: 800 } })])).toEqual([]);
  });

  it('names the hops of a flow that fans out without inventing calls between the callees', () => {
    const steps = [
      makeEdge('checkout', 'cart', 10, { answers: waiting, numbers: { latency_p99_ms: 700 } }),
      makeEdge('checkout', 'fraud', 11, { answers: waiting, numbers: { latency_p99_ms: 900 } }),
      makeEdge('fraud', 'scoring', 12, { answers: waiting, numbers: { latency_p99_ms: 100 } }),
    ];
    const findings = analyse('latency-budget-exceeded', steps, [makeFlow({ id: 'checkout', steps: steps.map((edge) => edge.id), budget_ms: 1000 })]);
    expect(findings[0]?.message).toContain('along checkout: checkout -> cart, checkout -> fraud -> scoring (checkout-cart 700 + checkout-fraud 900 + fraud-scoring 100 ms).');
  });

  it('reports without numbers when the answer is given', () => {
    const findings = analyse('async-hides-latency', [makeEdge('checkout', 'fraud', 10, { answers: { ...waiting, fits_latency_budget: 'no' } })]);
    expect(findings[0]?.message).toContain('does not fit its latency budget; going');
  });

  it.each([
    ['pending acceptable', { ...waiting, tolerates_pending: 'yes' }, { latency_p99_ms: 1200, latency_budget_ms: 800 }],
    ['fits the budget', waiting, { latency_p99_ms: 300, latency_budget_ms: 800 }],
    ['budget fit unknown', waiting, {}],
  ])('stays quiet: %s', (_, answers, numbers) => {
    expect(analyse('async-hides-latency', [makeEdge('checkout', 'fraud', 10, { answers, numbers })])).toEqual([]);
  });
});

describe('stale-read-for-strong-decision', () => {
  it.each([
    ['strong freshness, declared async', { intent: 'query', caller_needs: 'result', freshness: 'strong' }, 'async', ['strong freshness']],
    [
      'fails closed and critical',
      { intent: 'query', caller_needs: 'result', when_down: 'fail_closed', critical_decision: 'yes' },
      'async',
      ['it fails closed', 'a critical decision'],
    ],
  ] as const)('reports: %s', (_, answers, declared, needs) => {
    const findings = analyse('stale-read-for-strong-decision', [makeEdge('ui', 'permissions', 10, { answers: { ...answers }, declared })]);
    expect(findings.map((finding) => finding.message)).toEqual([
      `ui-permissions is asynchronous although it needs a current answer (${needs.join(', ')}); a decision taken from a ` +
        'stale copy may be wrong. Advice for stale-read-for-strong-decision.',
    ]);
  });

  it.each([
    ['a fact', { intent: 'fact', freshness: 'strong' }, undefined],
    ['a command, which reaches the owner', { intent: 'command', caller_needs: 'result', freshness: 'strong', critical_decision: 'yes' }, 'async'],
    // A question sent as a request whose reply the caller does not wait for reaches the owner too: it is no copy.
    ['a request to the owner with a reply later', { intent: 'query', caller_needs: 'nothing', freshness: 'strong', critical_decision: 'yes' }, 'async'],
    ['an unknown intent', { caller_needs: 'result', freshness: 'strong' }, 'async'],
    ['synchronous', { intent: 'query', caller_needs: 'result', freshness: 'strong' }, 'sync'],
    ['eventual freshness', { intent: 'query', caller_needs: 'result', freshness: 'eventual' }, 'async'],
  ] as const)('stays quiet: %s', (_, answers, declared) => {
    const edge = makeEdge('ui', 'permissions', 10, { answers: { ...answers }, ...(declared === undefined ? {} : { declared }) });
    expect(analyse('stale-read-for-strong-decision', [edge])).toEqual([]);
  });
});

describe('declared-style-drift', () => {
  it('reports at the rule severity when confidence is high', () => {
    const answers = { intent: 'query', critical_decision: 'no', freshness: 'strong', when_down: 'fail_fast' };
    const findings = analyse('declared-style-drift', [makeEdge('ui', 'prices', 10, { answers, declared: 'async' })], [], {
      severity: 'error',
    });
    expect(findings).toEqual([
      {
        rule: 'declared-style-drift',
        severity: 'error',
        message:
          'ui-prices is declared async, but the rules recommend sync (call, high confidence), mainly because: Reason of query-sync. ' +
          'Advice for declared-style-drift.',
        interaction: 'ui-prices',
        location: { file: 'answers.yaml', line: 10, column: 3 },
      },
    ]);
  });

  it('keeps the rule severity when confidence is medium', () => {
    // when_down unknown: one of its four answers (defer) would add an asynchronous part.
    const answers = { intent: 'query', critical_decision: 'no', freshness: 'strong' };
    const findings = analyse('declared-style-drift', [makeEdge('ui', 'prices', 10, { answers, declared: 'async' })], [], {
      severity: 'error',
    });
    expect(findings.map((finding) => finding.severity)).toEqual(['error']);
    expect(findings[0]?.message).toContain('(call, medium confidence)');
  });

  it('downgrades to info when confidence is low', () => {
    const findings = analyse('declared-style-drift', [makeEdge('ui', 'prices', 10, { declared: 'async' })], [], { severity: 'error' });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('info');
    expect(findings[0]?.message).toContain('declared async, but the rules recommend sync (call, low confidence), mainly because: No answer given so far decides anything');
  });

  it('stays quiet when declared matches or nothing is declared', () => {
    expect(analyse('declared-style-drift', [makeEdge('ui', 'prices', 10, { answers: { intent: 'query' }, declared: 'sync' })])).toEqual([]);
    expect(analyse('declared-style-drift', [makeEdge('ui', 'prices', 10, { answers: { intent: 'query' } })])).toEqual([]);
  });
});

describe('analyseSystem', () => {
  it('runs only the system rules present in the pack', () => {
    const interactions = [makeEdge('a', 'b', 10), makeEdge('b', 'a', 20)];
    const pack = makePack({ rules: STYLE_RULES });
    const answers = makeAnswers(interactions);
    const decisions = decide(answers, pack).interactions;
    expect(analyseSystem(answers, decisions, pack)).toEqual([]);
    expect(analyseSystem(answers, decisions, { ...pack, systemRules: [makeSystemRule('sync-cycle')] })).toHaveLength(1);
  });

  it('appends no trailing space for empty advice', () => {
    const findings = analyse('sync-cycle', [makeEdge('a', 'a', 10)], [], { advice: '' });
    expect(findings[0]?.message).toBe('synchronous cycle a -> a through a-a.');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { applyGate } from '../../src/engine/gate.js';
import { checkTraces, matchInteractions } from '../../src/engine/trace-drift.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import type { Pack } from '../../src/model/pack.js';
import type { ObservedCall, ObservedSystem } from '../../src/model/trace.js';
import { emptyProblems } from '../../src/model/trace.js';

let pack: Pack;
beforeAll(async () => {
  pack = await loadPacks([]);
});

/** Two interactions the team has answered: a query answered while the customer waits, and a fact published. */
const ANSWERS = `version: 2
title: Shop
context: The shop.
interactions:
  - id: read-cart
    from: shop
    to: cart
    summary: Read the cart while the customer waits
    answers: { intent: query, caller_needs: result, tolerates_pending: no, when_down: fail_fast, critical_decision: no, duration: instant }
    latency: { budget_ms: 50 }
    retries: 1
  - id: order-placed
    from: shop
    to: email
    summary: Tell the customer the order was placed
    answers: { intent: fact, caller_needs: nothing, multiple_consumers: yes }
  - id: unanswered
    from: shop
    to: search
    summary: Not looked at yet
flows:
  - id: checkout
    summary: Checkout
    budget_ms: 100
    availability_target: 0.99
    steps: [read-cart]
`;

function call(fields: Partial<ObservedCall> & Pick<ObservedCall, 'from' | 'to' | 'style'>): ObservedCall {
  return { mechanism: fields.style === 'sync' ? 'call' : 'queue', calls: 100, p50Ms: 10, p99Ms: 20, errorRate: 0, retries: 0, operations: [], ...fields };
}

function system(calls: ObservedCall[], flows: ObservedSystem['flows'] = []): ObservedSystem {
  return { services: [], calls, flows, spans: 1, formats: { otlp: 1 }, problems: emptyProblems() };
}

function findingsFor(observed: ObservedSystem, text = ANSWERS) {
  const answers = parseAnswers(text, 'answers.yaml', pack);
  return checkTraces(answers, decide(answers, pack), observed);
}

describe('checkTraces', () => {
  it('finds nothing when the running system matches the decision', () => {
    const findings = findingsFor(system([call({ from: 'shop', to: 'cart', style: 'sync' }), call({ from: 'shop', to: 'email', style: 'async', destination: 'orders' })]));
    expect(findings).toEqual([]);
  });

  it('reports an interaction recommended async that runs as a sync call, on its line, and the reverse', () => {
    const findings = findingsFor(system([call({ from: 'shop', to: 'email', style: 'sync', errorRate: 0.02 }), call({ from: 'shop', to: 'cart', style: 'async', destination: 'carts' })]));
    expect(findings.map((finding) => [finding.rule, finding.interaction, finding.severity, finding.location?.line])).toEqual([
      ['trace-style-drift', 'order-placed', 'error', 12],
      ['trace-style-drift', 'read-cart', 'error', 5],
    ]);
    expect(findings[0]!.message).toBe('order-placed is recommended async (event), but traces show a synchronous call from shop to email (100 calls, p99 20 ms, 2% failed)');
    expect(findings[1]!.message).toContain('traces show an asynchronous hand-over through carts from shop to cart');
  });

  it('holds a recommendation of low confidence to nothing: an interaction not answered yet, or answered too little', () => {
    expect(findingsFor(system([call({ from: 'shop', to: 'search', style: 'async', destination: 'index' })]))).toEqual([]);
    const little = ANSWERS.replace('    summary: Not looked at yet\n', '    summary: Not looked at yet\n    answers: { multiple_consumers: yes }\n');
    expect(findingsFor(system([call({ from: 'shop', to: 'search', style: 'async', destination: 'index' })]), little)).toEqual([]);
  });

  it('reports a synchronous dependency the answers file does not know, but not an unknown hand-over', () => {
    const findings = findingsFor(system([call({ from: 'cart', to: 'prices', style: 'sync' }), call({ from: 'cart', to: 'audit', style: 'async', destination: 'audit' })]));
    expect(findings.map((finding) => finding.rule)).toEqual(['trace-unknown-call']);
    expect(findings[0]!.message).toBe('cart calls prices synchronously (100 calls, p99 20 ms), but no interaction of the answers file describes it');
    expect(findings[0]!.location).toMatchObject({ file: 'answers.yaml', line: 5 });
  });

  it('reports an observed p99 over the budget and more retries than the policy', () => {
    const findings = findingsFor(system([call({ from: 'shop', to: 'cart', style: 'sync', p99Ms: 75.25, retries: 3 })]));
    expect(findings.map((finding) => [finding.rule, finding.message])).toEqual([
      ['trace-p99-over-budget', 'read-cart: observed p99 75.3 ms over 100 calls is over its latency budget of 50 ms'],
      ['trace-retries-over-policy', 'read-cart: a call was attempted 4 times (3 retries), but retries is 1 in the answers file'],
    ]);
  });

  it("compares a flow's availability target with its steps together when its entry is not observed", () => {
    const findings = findingsFor(system([call({ from: 'shop', to: 'cart', style: 'sync', errorRate: 0.05 })]));
    expect(findings.map((finding) => [finding.rule, finding.flow, finding.location?.line])).toEqual([['trace-availability-below-target', 'checkout', 22]]);
    expect(findings[0]!.message).toBe("flow checkout: observed availability 0.95 (the product of its 1 steps' observed availability) is below its target of 0.99");
  });

  it("compares a flow with its observed entry operation, budget and availability, when import traces recorded the entry", () => {
    const text = ANSWERS.replace('    steps: [read-cart]\n', '    steps: [read-cart]\n    observed: { entry: "shop: POST /checkout" }\n');
    const entry = { service: 'shop', operation: 'POST /checkout', calls: 40, p50Ms: 60, p99Ms: 140, errorRate: 0.025, steps: [] };
    const findings = findingsFor(system([call({ from: 'shop', to: 'cart', style: 'sync' })], [entry]), text);
    expect(findings.map((finding) => finding.rule)).toEqual(['trace-p99-over-budget', 'trace-availability-below-target']);
    expect(findings[0]!.message).toBe('flow checkout: observed p99 140 ms of shop: POST /checkout over 40 runs is over its budget of 100 ms');
    expect(findings[1]!.message).toContain('observed availability 0.975 (40 runs of shop: POST /checkout)');
  });

  it('lets a waiver cover a trace finding like any other', () => {
    const text = `${ANSWERS}waivers:\n  - { rule: trace-style-drift, interaction: order-placed, reason: "Moving to the broker this quarter" }\n`;
    const answers = parseAnswers(text, 'answers.yaml', pack);
    const observed = system([call({ from: 'shop', to: 'email', style: 'sync' })]);
    const findings = applyGate(answers, decide(answers, pack), { today: '2026-12-04', requireChecklist: false, openQuestions: 'off', observed });
    const drift = findings.find((finding) => finding.rule === 'trace-style-drift')!;
    expect(drift.waived?.reason).toBe('Moving to the broker this quarter');
    expect(findings.some((finding) => finding.rule === 'waiver-unused')).toBe(false);
    // Without traces, the waiver is not reported as unused: another job may run check --traces.
    const withoutTraces = applyGate(answers, decide(answers, pack), { today: '2026-12-04', requireChecklist: false, openQuestions: 'off' });
    expect(withoutTraces.some((finding) => finding.rule === 'waiver-unused')).toBe(false);
  });
});

describe('matchInteractions', () => {
  it('tells apart interactions between the same two services by destination, then by observed style', () => {
    const interactions = [
      { from: 'a', to: 'b', observed: { style: 'sync' as const } },
      { from: 'a', to: 'b', observed: { style: 'async' as const, destination: 'x' } },
      { from: 'a', to: 'b', observed: { style: 'async' as const, destination: 'y' } },
    ];
    expect(matchInteractions(interactions, call({ from: 'a', to: 'b', style: 'async', destination: 'y' }))).toEqual([2]);
    expect(matchInteractions(interactions, call({ from: 'a', to: 'b', style: 'sync' }))).toEqual([0]);
    expect(matchInteractions(interactions, call({ from: 'a', to: 'c', style: 'sync' }))).toEqual([]);
  });
});

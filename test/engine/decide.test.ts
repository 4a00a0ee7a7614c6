import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import type { RuleSpec } from './helpers.js';
import { makeAnswers, makeEdge, makeFlow, makePack } from './helpers.js';

const rules: RuleSpec[] = [
  { id: 'fact-async', when: { answer: 'intent', eq: 'fact' }, recommend: { async: 'yes', mechanism: 'event' }, weight: 'strong' },
  { id: 'query-sync', when: { answer: 'intent', eq: 'query' }, recommend: { sync: 'yes' }, weight: 'strong' },
  { id: 'decide-hybrid', when: { answer: 'critical_decision', eq: 'yes' }, recommend: { sync: 'yes', async: 'yes', mechanism: 'event' } },
  {
    id: 'not-safe',
    when: { answer: 'safe_to_repeat', eq: 'no' },
    finding: { severity: 'info', message: '{{id}} cannot run twice.' },
  },
];

function example() {
  const interactions = [
    makeEdge('web', 'cart', 10, { answers: { intent: 'query', critical_decision: 'no', safe_to_repeat: 'no' } }),
    makeEdge('cart', 'payments', 20, { answers: { intent: 'query', critical_decision: 'yes' } }),
    makeEdge('payments', 'cart', 30, { answers: { intent: 'query', critical_decision: 'no' } }),
    makeEdge('cart', 'bus', 40, { answers: { intent: 'fact', critical_decision: 'no' }, declared: 'sync' }),
  ];
  const flows = [makeFlow({ id: 'checkout', steps: ['cart-bus', 'cart-payments'], line: 90 })];
  return { answers: makeAnswers(interactions, flows), pack: makePack({ rules, systemRules: 'all' }) };
}

describe('decide', () => {
  it('decides every interaction in file order and sorts all findings', () => {
    const { answers, pack } = example();
    const decision = decide(answers, pack);
    expect(decision.interactions.map((item) => [item.id, item.style, item.mechanism])).toEqual([
      ['web-cart', 'sync', 'call'],
      ['cart-payments', 'hybrid', 'call+event'],
      ['payments-cart', 'sync', 'call'],
      ['cart-bus', 'async', 'event'],
    ]);
    expect(decision.findings.map((finding) => [finding.severity, finding.rule, finding.location?.line])).toEqual([
      ['warning', 'sync-cycle', 20],
      ['warning', 'declared-style-drift', 40],
      ['warning', 'fact-before-decision', 40],
      ['info', 'not-safe', 10],
    ]);
    expect(decision.findings[3]?.message).toBe('web-cart cannot run twice.');
  });

  it('summarises styles and findings', () => {
    const { answers, pack } = example();
    expect(decide(answers, pack).summary).toEqual({
      interactions: 4,
      styles: { sync: 2, async: 1, hybrid: 1 },
      findings: { error: 0, warning: 3, info: 1 },
    });
  });

  it('gives byte-identical output for the same input and leaves the input untouched', () => {
    const { answers, pack } = example();
    const before = JSON.stringify({ answers, pack });
    const first = JSON.stringify(decide(answers, pack));
    expect(JSON.stringify(decide(answers, pack))).toBe(first);
    expect(JSON.stringify(decide(structuredClone(answers), structuredClone(pack)))).toBe(first);
    expect(JSON.stringify({ answers, pack })).toBe(before);
  });

  it('handles a file without flows or system rules', () => {
    const decision = decide(makeAnswers([makeEdge('a', 'b', 1)]), makePack());
    expect(decision.findings).toEqual([]);
    expect(decision.summary.styles).toEqual({ sync: 1, async: 0, hybrid: 0 });
  });
});

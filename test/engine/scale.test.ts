/**
 * Large inputs: results only (timing belongs to the benchmark). A chain 10,000 services deep
 * would overflow a recursive depth-first search; dense flows list every interaction.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import type { Interaction } from '../../src/model/answers.js';
import type { RuleSpec } from './helpers.js';
import { makeAnswers, makeFlow, makeInteraction, makePack } from './helpers.js';

const SIZE = 10_000;
const FLOWS = 10;

const rules: RuleSpec[] = [
  { id: 'fact-async', when: { answer: 'intent', eq: 'fact' }, recommend: { async: 'yes', mechanism: 'event' }, weight: 'strong' },
  { id: 'query-sync', when: { answer: 'intent', eq: 'query' }, recommend: { sync: 'yes' }, weight: 'strong' },
  {
    id: 'decide-hybrid',
    when: { all: [{ answer: 'critical_decision', eq: 'yes' }, { not: { answer: 'intent', eq: 'fact' } }] },
    recommend: { sync: 'yes', async: 'yes', mechanism: 'event' },
  },
];

/** s0 -> s1 -> ... -> s10000, every hop synchronous and retried once; every 1,000th hop announces a fact. */
function buildChain(): Interaction[] {
  return Array.from({ length: SIZE }, (_, index) => {
    const isFact = index % 1000 === 0;
    const isLast = index === SIZE - 1;
    return makeInteraction({
      id: `hop-${index}`,
      from: `s${index}`,
      to: `s${index + 1}`,
      answers: isFact ? { intent: 'fact' } : isLast ? { intent: 'query', critical_decision: 'yes' } : { intent: 'query' },
      // Declared sync keeps the fact hops in the synchronous chain.
      ...(isFact ? { declared: 'sync' as const } : {}),
      numbers: { latency_p99_ms: 1, availability: 0.9999, retries: 1 },
      line: index + 1,
    });
  });
}

function buildFlows() {
  const steps = Array.from({ length: SIZE }, (_, index) => `hop-${index}`);
  return Array.from({ length: FLOWS }, (_, index) =>
    makeFlow({ id: `flow-${index}`, steps, budget_ms: 5000, availability_target: 0.99, line: SIZE + 10 + index }),
  );
}

describe('scale', () => {
  it('analyses 10,000 interactions 10,000 deep in dense flows', () => {
    const decision = decide(makeAnswers(buildChain(), buildFlows()), makePack({ rules, systemRules: 'all' }));
    expect(decision.summary.interactions).toBe(SIZE);
    expect(decision.summary.styles).toEqual({ sync: SIZE - 11, async: 10, hybrid: 1 });

    const byRule = new Map<string, string[]>();
    for (const finding of decision.findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding.message]);
    expect([...byRule.keys()].sort()).toEqual([
      'availability-below-target',
      'declared-style-drift',
      'fact-before-decision',
      'latency-budget-exceeded',
      'retry-amplification',
    ]);
    expect(byRule.get('latency-budget-exceeded')).toHaveLength(FLOWS);
    expect(byRule.get('latency-budget-exceeded')?.[0]).toMatch(
      /^p99 sum 10000 ms over budget 5000 ms along flow-0: s0 -> s1 -> .* -> \.\.\. \(9982 more\) -> .* -> s10000 \(hop-0 1 \+ .* \+ hop-9999 1 ms\)\./,
    );
    expect(byRule.get('availability-below-target')?.[0]).toMatch(/^availability 0\.3679 along flow-0 is below the target 0\.99/);
    // Ten fact hops before the final decision, in each of the ten flows.
    expect(byRule.get('fact-before-decision')).toHaveLength(10 * FLOWS);
    expect(byRule.get('declared-style-drift')).toHaveLength(10);
    // 2^10000 attempts at the end of the chain, reported once, at the deepest service.
    const retry = decision.findings.filter((finding) => finding.rule === 'retry-amplification');
    expect(retry).toHaveLength(1);
    expect(retry[0]?.interaction).toBe(`hop-${SIZE - 1}`);
    expect(retry[0]?.message).toMatch(/^up to about 10\^3010 attempts reach s10000 for one request into s0 along s0 -> /);
    expect(retry[0]?.message.length).toBeLessThan(1000);
  });

  it('finds one cycle 10,001 services long without recursion and skips its edges for retries', () => {
    const chain = buildChain();
    const closing = makeInteraction({ id: 'close', from: `s${SIZE}`, to: 's0', answers: { intent: 'query' }, line: SIZE + 1 });
    const decision = decide(makeAnswers([...chain, closing]), makePack({ rules, systemRules: 'all' }));
    const cycles = decision.findings.filter((finding) => finding.rule === 'sync-cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.interaction).toBe('hop-0');
    expect(cycles[0]?.message).toMatch(/^synchronous cycle s0 -> s1 -> .* -> s10000 -> s0 through hop-0, hop-1, .* close\./);
    expect(decision.findings.filter((finding) => finding.rule === 'retry-amplification')).toEqual([]);
  });

  it('handles one service calling 10,000 others and 10,000 two-service cycles', () => {
    const fanOut = Array.from({ length: SIZE }, (_, index) =>
      makeInteraction({ id: `notify-${index}`, from: 'hub', to: `r${index}`, answers: { intent: 'fact' }, declared: 'sync', line: index + 1 }),
    );
    const pairs = Array.from({ length: SIZE }, (_, index) =>
      // p0 -> p1 and p1 -> p0, p2 -> p3 and p3 -> p2, ...
      makeInteraction({ id: `pair-${index}`, from: `p${index}`, to: `p${index ^ 1}`, line: SIZE + index + 1 }),
    );
    const decision = decide(makeAnswers([...fanOut, ...pairs]), makePack({ rules, systemRules: 'all' }));
    const fan = decision.findings.filter((finding) => finding.rule === 'sync-fan-out');
    expect(fan).toHaveLength(1);
    expect(fan[0]?.message).toMatch(/^hub waits on 10000 synchronous calls whose recommended style is async: r0, r1, .* \(9981 more\)/);
    const cycles = decision.findings.filter((finding) => finding.rule === 'sync-cycle');
    expect(cycles).toHaveLength(SIZE / 2);
    expect(cycles.map((finding) => finding.interaction)).toContain('pair-9998');
    expect(cycles.find((finding) => finding.interaction === 'pair-0')?.message).toMatch(/^synchronous cycle p0 -> p1 -> p0 through pair-0, pair-1\./);
  });
});

/**
 * decide() over many interactions: nothing one interaction's decision works out may leak into
 * another's, so every interaction decided among many must come out exactly as it does when
 * decided alone, with generated answers that reach the interesting cases (unknowns weighed,
 * conditional checklist items, derived answers, every style).
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { createDecisionContext, evaluateInteraction } from '../../src/engine/decide-interaction.js';
import { analyseSystem } from '../../src/engine/system.js';
import type { Interaction, NumberName } from '../../src/model/answers.js';
import type { ItemSpec, RuleSpec } from './helpers.js';
import { STANDARD_QUESTIONS, makeAnswers, makeFlow, makeInteraction, makePack, makeQuestion, seededRandom as random } from './helpers.js';

const NOT_A_FACT = { not: { answer: 'intent', eq: 'fact' } } as const;

const questions = Object.keys(STANDARD_QUESTIONS).map((id) =>
  ['caller_needs', 'tolerates_pending', 'freshness'].includes(id) ? makeQuestion(id, { ask_when: NOT_A_FACT }) : makeQuestion(id),
);

const rules: RuleSpec[] = [
  { id: 'fact-as-event', when: { answer: 'intent', eq: 'fact' }, recommend: { async: 'yes', mechanism: 'event' }, weight: 'strong' },
  {
    id: 'query-now',
    when: { all: [{ answer: 'intent', eq: 'query' }, { answer: 'caller_needs', eq: 'result' }, { not: { answer: 'freshness', eq: 'eventual' } }] },
    recommend: { sync: 'yes' },
    reason: '{{from}} asks {{to}} and waits {{latency_p99_ms}} ms.',
  },
  {
    id: 'command-queue',
    when: { all: [{ answer: 'intent', eq: 'command' }, { answer: 'caller_needs', eq: 'nothing' }] },
    recommend: { sync: 'no', async: 'yes', mechanism: 'queue' },
    checklist: ['announce-outcome'],
  },
  {
    id: 'fail-closed',
    when: { answer: 'when_down', eq: 'fail_closed' },
    recommend: { sync: 'yes' },
    weight: 'strong',
    checklist: ['deny-on-error'],
    finding: { severity: 'warning', message: '{{id}} denies when {{to}} is down.' },
  },
  { id: 'defer', when: { answer: 'when_down', eq: 'defer' }, recommend: { sync: 'no', async: 'yes' }, weight: 'strong' },
  {
    id: 'slow-pending',
    when: { all: [{ answer: 'fits_latency_budget', eq: 'no' }, { answer: 'caller_needs', eq: 'result' }, { answer: 'tolerates_pending', eq: 'yes' }] },
    recommend: { sync: 'yes', async: 'yes', mechanism: 'request-reply' },
    weight: 'strong',
  },
  {
    id: 'long-work',
    when: { all: [{ answer: 'duration', eq: 'long' }, { answer: 'intent', in: ['command', 'query'] }] },
    recommend: { async: 'yes', mechanism: 'request-reply' },
    weight: 'strong',
  },
  {
    id: 'announce',
    when: { all: [{ answer: 'critical_decision', eq: 'yes' }, { answer: 'multiple_consumers', eq: 'yes' }] },
    recommend: { sync: 'yes', async: 'yes', mechanism: 'event' },
  },
  { id: 'reply-polling', when: { answer: 'caller_reachable', eq: 'no' }, recommend: { reply: 'polling' } },
  { id: 'reply-callback', when: { answer: 'caller_reachable', eq: 'yes' }, recommend: { reply: 'callback' } },
  { id: 'reply-stream', when: { answer: 'realtime_updates', eq: 'yes' }, recommend: { reply: 'stream' }, weight: 'strong' },
  { id: 'many-retries', when: { number: 'retries', gt: 2 }, recommend: { sync: 'yes' }, weight: 'weak' },
  {
    id: 'repeat-key',
    when: {
      all: [
        { answer: 'safe_to_repeat', eq: 'no' },
        { any: [{ outcome: 'style', in: ['async', 'hybrid'] }, { all: [{ number: 'retries', exists: true }, { number: 'retries', gt: 0 }] }] },
      ],
    },
    checklist: ['idempotency-key'],
  },
  {
    id: 'ordering-global',
    when: { all: [{ answer: 'ordering', eq: 'global' }, { outcome: 'style', in: ['async', 'hybrid'] }] },
    checklist: ['single-consumer'],
    finding: { severity: 'info', message: '{{id}} needs one total order.' },
  },
  {
    id: 'callback-boundary',
    when: { all: [{ outcome: 'reply', eq: 'callback' }, { answer: 'trust_boundary', in: ['partner', 'public'] }] },
    checklist: ['callback-replay', 'deny-on-error'],
  },
];

const checklist: ItemSpec[] = [
  { id: 'timeout-budget', mechanisms: ['call'] },
  { id: 'idempotent-consumer', mechanisms: ['event', 'queue', 'request-reply'] },
  { id: 'announce-outcome' },
  { id: 'deny-on-error', styles: ['sync'] },
  { id: 'idempotency-key' },
  { id: 'single-consumer' },
  { id: 'callback-replay' },
  { id: 'polling-limits', mechanisms: ['polling'] },
  { id: 'load-shedding', styles: ['sync', 'hybrid'], when: { answer: 'load_profile', eq: 'spiky' } },
  { id: 'decision-boundary', styles: ['hybrid'], when: { any: [{ answer: 'critical_decision', eq: 'yes' }, { number: 'timeout_ms', lt: 100 }] } },
];

const pack = makePack({ questions, rules, checklist, systemRules: 'all' });

function generateInteractions(count: number, seed: number): Interaction[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return Array.from({ length: count }, (_, index) => {
    const answers: Record<string, string> = {};
    // Each interaction answers a different subset, in a different order, as real files do.
    for (const id of Object.keys(STANDARD_QUESTIONS).sort(() => next() - 0.5)) {
      const choice = next();
      if (choice < 0.35) continue;
      answers[id] = choice < 0.45 ? 'unknown' : pick(STANDARD_QUESTIONS[id] as string[]);
    }
    const numbers: Partial<Record<NumberName, number>> = {};
    if (next() < 0.5) numbers.latency_budget_ms = pick([100, 500, 1000]);
    if (next() < 0.5) numbers.latency_p99_ms = pick([50, 400, 2000]);
    if (next() < 0.5) numbers.retries = pick([0, 1, 3]);
    if (next() < 0.3) numbers.timeout_ms = pick([50, 500]);
    return makeInteraction({
      id: `i-${index}`,
      from: `s${Math.floor(next() * 12)}`,
      to: `s${Math.floor(next() * 12)}`,
      answers,
      numbers,
      ...(next() < 0.3 ? { declared: pick(['sync', 'async', 'hybrid'] as const) } : {}),
      line: index + 1,
    });
  });
}

describe('decide over many interactions', () => {
  const interactions = generateInteractions(600, 7);
  const flows = [makeFlow({ id: 'main', steps: interactions.slice(0, 40).map((item) => item.id), budget_ms: 500, availability_target: 0.999 })];
  const answers = makeAnswers(interactions, flows);

  it('decides each interaction exactly as it is decided alone', () => {
    const decision = decide(answers, pack);
    const ruleFindings = decision.findings.filter((finding) => rules.some((rule) => rule.id === finding.rule));
    const alone = interactions.map((interaction) => evaluateInteraction(interaction, createDecisionContext(pack)));
    expect(decision.interactions).toEqual(alone.map(({ decision: single }) => single));
    expect(ruleFindings).toHaveLength(alone.reduce((sum, { findings }) => sum + findings.length, 0));
    for (const { findings } of alone) for (const finding of findings) expect(ruleFindings).toContainEqual(finding);
    // The generated answers reach the interesting cases.
    expect(new Set(decision.interactions.map((item) => item.mechanism)).size).toBeGreaterThan(5);
    expect(decision.interactions.some((item) => item.open_questions.some((question) => question.alternatives.length > 0))).toBe(true);
    expect(decision.interactions.some((item) => item.checklist.some((entry) => entry.depends_on_unknown !== undefined))).toBe(true);
    expect(decision.interactions.some((item) => item.derived.length > 0)).toBe(true);
  });

  it('is repeatable and leaves its input as it was', () => {
    const before = structuredClone(answers);
    const first = JSON.stringify(decide(answers, pack));
    expect(JSON.stringify(decide(answers, pack))).toBe(first);
    expect(answers).toEqual(before);
  });

  it('finds the decision of each interaction by id when decisions come in another order', () => {
    const { interactions: decisions } = decide(answers, pack);
    const inOrder = analyseSystem(answers, decisions, pack);
    expect(analyseSystem(answers, [...decisions].reverse(), pack)).toEqual(inOrder);
  });

  it('gives repeated interaction ids the decision of the last one', () => {
    const twins = [
      makeInteraction({ id: 'twin', from: 'a', to: 'b', answers: { intent: 'query' }, line: 1 }),
      makeInteraction({ id: 'twin', from: 'b', to: 'a', answers: { intent: 'query' }, line: 2 }),
    ];
    const file = makeAnswers(twins);
    const syncDecision = evaluateInteraction(twins[0] as Interaction, createDecisionContext(pack)).decision;
    const asyncDecision = { ...syncDecision, style: 'async' as const };
    // Both edges take the async decision, so there is no synchronous cycle.
    const findings = analyseSystem(file, [syncDecision, asyncDecision], pack);
    expect(findings.filter((finding) => finding.rule === 'sync-cycle')).toEqual([]);
    expect(analyseSystem(file, [asyncDecision, syncDecision], pack).filter((finding) => finding.rule === 'sync-cycle')).toHaveLength(1);
  });

  it('evaluates answers that are not text directly, comparing them as text', () => {
    const level = makeQuestion('level', { answers: ['1', '5'] });
    const numericPack = makePack({
      questions: [level],
      rules: [{ id: 'level-five', when: { answer: 'level', eq: 5 }, recommend: { async: 'yes' } }],
    });
    for (const value of ['5', 5]) {
      const interaction = makeInteraction({ answers: { level: value as string } });
      expect(decide(makeAnswers([interaction]), numericPack).interactions[0]?.style).toBe('async');
    }
  });
});

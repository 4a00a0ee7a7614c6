/**
 * The compiled and tabled forms of conditions must give exactly what evaluateCondition gives:
 * the same value and the same unknown inputs in the same order. Checked on many generated
 * conditions and facts (a fixed seed, so every run sees the same cases), each condition on many
 * facts so that remembered table entries are reused.
 */
import { seededRandom as random } from './helpers.js';
import { describe, expect, it } from 'vitest';
import type { Facts, Outcome, SlotFacts } from '../../src/engine/condition.js';
import { compileCondition, evaluateCondition } from '../../src/engine/condition.js';
import {
  buildAnswerCoding,
  describeResult,
  encodeAnswer,
  encodeAnswers,
  indexInTable,
  lookUpResult,
  lookUpUnknowns,
  tabulateCondition,
} from '../../src/engine/condition-table.js';
import type { NumberName } from '../../src/model/answers.js';
import type { Condition, OutcomeName, Scalar } from '../../src/model/pack.js';

const QUESTIONS: Record<string, string[]> = {
  intent: ['query', 'command', 'fact'],
  needs_answer_now: ['yes', 'no'],
  ordering: ['none', 'per_key', 'global'],
};
/** Read by conditions but asked by no question: its answers are only the texts conditions use. */
const EXTRA = 'level';
const SLOT_NAMES = [...Object.keys(QUESTIONS), EXTRA];
const slotOf = (name: string): number => SLOT_NAMES.indexOf(name);
const NUMBERS: NumberName[] = ['retries', 'latency_p99_ms'];
const OUTCOMES: Record<OutcomeName, string[]> = {
  style: ['sync', 'async', 'hybrid'],
  mechanism: ['call', 'event', 'queue', 'call+request-reply'],
  reply: ['polling', 'callback'],
};

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function someOf<T>(next: () => number, items: readonly T[]): T[] {
  const chosen = items.filter(() => next() < 0.5);
  return chosen.length > 0 ? chosen : [pick(next, items)];
}

function answerValues(name: string): Scalar[] {
  return name === EXTRA ? ['low', 'high', 5] : (QUESTIONS[name] as string[]);
}

function makeLeaf(next: () => number): Condition {
  const kind = next();
  if (kind < 0.55) {
    const answer = pick(next, SLOT_NAMES);
    const values = answerValues(answer);
    const op = pick(next, ['eq', 'ne', 'in', 'nin', 'exists'] as const);
    if (op === 'exists') return { answer, exists: next() < 0.5 };
    if (op === 'in' || op === 'nin') return { answer, [op]: someOf(next, values) };
    return { answer, [op]: pick(next, values) };
  }
  if (kind < 0.8) {
    const number = pick(next, NUMBERS);
    const op = pick(next, ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'exists'] as const);
    if (op === 'exists') return { number, exists: next() < 0.5 };
    return { number, [op]: pick(next, [0, 1, 2, 300]) };
  }
  const outcome = pick(next, Object.keys(OUTCOMES) as OutcomeName[]);
  const values = OUTCOMES[outcome];
  const op = pick(next, ['eq', 'ne', 'in', 'nin', 'exists'] as const);
  if (op === 'exists') return { outcome, exists: next() < 0.5 };
  if (op === 'in' || op === 'nin') return { outcome, [op]: someOf(next, values) };
  return { outcome, [op]: pick(next, values) };
}

function makeCondition(next: () => number, depth: number): Condition {
  const kind = next();
  if (depth <= 0 || kind < 0.4) return makeLeaf(next);
  if (kind < 0.6) return { all: Array.from({ length: Math.floor(next() * 4) }, () => makeCondition(next, depth - 1)) };
  if (kind < 0.8) return { any: Array.from({ length: Math.floor(next() * 4) }, () => makeCondition(next, depth - 1)) };
  return { not: makeCondition(next, depth - 1) };
}

function makeFacts(next: () => number): Facts {
  const answers: Record<string, string> = {};
  for (const name of SLOT_NAMES) {
    // Missing, unknown, a value conditions know, or a text no condition mentions.
    const choice = next();
    if (choice < 0.25) continue;
    if (choice < 0.4) answers[name] = 'unknown';
    else if (choice < 0.9) answers[name] = String(pick(next, answerValues(name)));
    else answers[name] = 'something-else';
  }
  const numbers: Partial<Record<NumberName, number>> = {};
  for (const name of NUMBERS) if (next() < 0.6) numbers[name] = pick(next, [0, 1, 2, 3, 300, 1200]);
  let outcome: Outcome | undefined;
  if (next() < 0.7) {
    const reply = next() < 0.5 ? undefined : pick(next, OUTCOMES.reply);
    outcome = { style: pick(next, ['sync', 'async', 'hybrid'] as const), mechanism: pick(next, OUTCOMES.mechanism), reply };
  }
  return outcome === undefined ? { answers, numbers } : { answers, numbers, outcome };
}

/** Facts as compiled conditions read them: answers by slot, missing and unknown as undefined. */
function toSlotFacts(facts: Facts): SlotFacts {
  const answers = SLOT_NAMES.map((name) => {
    const value = Object.hasOwn(facts.answers, name) ? facts.answers[name] : undefined;
    return value === 'unknown' ? undefined : value;
  });
  return facts.outcome === undefined ? { answers, numbers: facts.numbers } : { answers, numbers: facts.numbers, outcome: facts.outcome };
}

const next = random(20261122);
const conditions = Array.from({ length: 200 }, () => makeCondition(next, 3));
const factsList = Array.from({ length: 50 }, () => makeFacts(next));

describe('compileCondition', () => {
  it('gives the value and the unknown inputs of evaluateCondition', () => {
    for (const condition of conditions) {
      const compiled = compileCondition(condition, slotOf);
      for (const facts of factsList) {
        const expected = evaluateCondition(condition, facts);
        const slotFacts = toSlotFacts(facts);
        const value = compiled.evaluate(slotFacts);
        expect(value, JSON.stringify({ condition, facts })).toBe(expected.value);
        if (value === 'unknown') {
          const unknowns: string[] = [];
          compiled.collectUnknowns(slotFacts, unknowns);
          expect(unknowns, JSON.stringify({ condition, facts })).toEqual(expected.unknowns);
        }
      }
    }
  });

  it('throws on evaluation, not on compilation, for a condition without a known key', () => {
    const compiled = compileCondition({} as Condition, slotOf);
    expect(() => compiled.evaluate(toSlotFacts(factsList[0] as Facts))).toThrow(/none of all, any, not/);
  });
});

describe('condition tables', () => {
  const coding = buildAnswerCoding(SLOT_NAMES.length, (slot) => QUESTIONS[SLOT_NAMES[slot] as string] ?? [], conditions, slotOf);

  it('look up the value and the unknown inputs of evaluateCondition', () => {
    for (const condition of conditions) {
      const table = tabulateCondition(condition, compileCondition(condition, slotOf), slotOf, coding);
      expect(table).toBeDefined();
      if (table === undefined) continue;
      // Twice over the same facts: the second round reads what the first remembered.
      for (const facts of [...factsList, ...factsList]) {
        const expected = evaluateCondition(condition, facts);
        const slotFacts = toSlotFacts(facts);
        const codes = encodeAnswers(slotFacts.answers, coding);
        expect(codes).toBeDefined();
        const at = indexInTable(table, codes as Int32Array, slotFacts);
        expect(lookUpResult(table, at, slotFacts), JSON.stringify({ condition, facts })).toBe(expected.value);
        if (expected.value === 'unknown') expect(lookUpUnknowns(table, at, slotFacts)).toEqual(expected.unknowns);
      }
    }
  });

  it('moves the index by the code of an answer tried in place of a missing one', () => {
    const condition: Condition = { all: [{ answer: 'intent', eq: 'command' }, { answer: 'needs_answer_now', eq: 'no' }] };
    const table = tabulateCondition(condition, compileCondition(condition, slotOf), slotOf, coding);
    if (table === undefined) throw new Error('expected a table');
    const facts = toSlotFacts({ answers: { needs_answer_now: 'no' }, numbers: {} });
    const at = indexInTable(table, encodeAnswers(facts.answers, coding) as Int32Array, facts);
    expect(lookUpResult(table, at, facts)).toBe('unknown');
    const slot = slotOf('intent');
    const stride = table.strides[table.slots.indexOf(slot)] as number;
    const trial = { ...facts, answers: facts.answers.map((value, index) => (index === slot ? 'command' : value)) };
    expect(lookUpResult(table, at + encodeAnswer('command', slot, coding) * stride, trial)).toBe(true);
  });

  it('gives every text no condition mentions one code, and does not encode answers that are not text', () => {
    const slot = slotOf('intent');
    expect(encodeAnswer('made-up', slot, coding)).toBe(encodeAnswer('also-made-up', slot, coding));
    expect(encodeAnswer('made-up', slot, coding)).not.toBe(encodeAnswer('query', slot, coding));
    expect(encodeAnswer(undefined, slot, coding)).toBe(0);
    expect(encodeAnswers([5 as unknown as string, undefined, undefined, undefined], coding)).toBeUndefined();
  });

  it('codes an answer compared with a number by its text', () => {
    const condition: Condition = { answer: EXTRA, eq: 5 };
    const table = tabulateCondition(condition, compileCondition(condition, slotOf), slotOf, coding);
    if (table === undefined) throw new Error('expected a table');
    for (const [value, expected] of [['5', true], ['6', false]] as const) {
      const facts = toSlotFacts({ answers: { [EXTRA]: value }, numbers: {} });
      const at = indexInTable(table, encodeAnswers(facts.answers, coding) as Int32Array, facts);
      expect(lookUpResult(table, at, facts)).toBe(expected);
    }
  });

  it('leaves conditions too large for a table to direct evaluation', () => {
    const many: Condition = { all: Array.from({ length: 12 }, () => ({ number: 'retries', gt: 0 }) as Condition) };
    expect(tabulateCondition(many, compileCondition(many, slotOf), slotOf, coding)).toBeUndefined();
  });
});

describe('describeResult', () => {
  it('tells true, false and different unknown inputs apart, and sees no unknowns as false', () => {
    const texts = [
      describeResult(true, undefined),
      describeResult(false, undefined),
      describeResult('unknown', ['a']),
      describeResult('unknown', ['a', 'b']),
      describeResult('unknown', ['ab']),
    ];
    expect(new Set(texts).size).toBe(texts.length);
    expect(describeResult('unknown', undefined)).toBe(describeResult(false, undefined));
  });
});

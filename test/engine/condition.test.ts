import { describe, expect, it } from 'vitest';
import type { Facts, Truth } from '../../src/engine/condition.js';
import { evaluateCondition, listConditionInputs } from '../../src/engine/condition.js';
import type { Condition } from '../../src/model/pack.js';

const facts: Facts = {
  answers: { intent: 'command', needs_answer_now: 'yes', freshness: 'unknown' },
  numbers: { latency_p99_ms: 300, retries: 0 },
};

const T: Condition = { answer: 'intent', eq: 'command' };
const F: Condition = { answer: 'intent', eq: 'fact' };
const U: Condition = { answer: 'multiple_consumers', eq: 'yes' };
const U2: Condition = { number: 'timeout_ms', gt: 10 };

describe('evaluateCondition: answer leaves', () => {
  const cases: { name: string; condition: Condition; value: Truth; unknowns?: string[] }[] = [
    { name: 'eq matching', condition: { answer: 'intent', eq: 'command' }, value: true },
    { name: 'eq not matching', condition: { answer: 'intent', eq: 'query' }, value: false },
    { name: 'ne matching', condition: { answer: 'intent', ne: 'query' }, value: true },
    { name: 'ne not matching', condition: { answer: 'intent', ne: 'command' }, value: false },
    { name: 'in matching', condition: { answer: 'intent', in: ['query', 'command'] }, value: true },
    { name: 'in not matching', condition: { answer: 'intent', in: ['query', 'fact'] }, value: false },
    { name: 'nin matching', condition: { answer: 'intent', nin: ['query', 'fact'] }, value: true },
    { name: 'nin not matching', condition: { answer: 'intent', nin: ['command'] }, value: false },
    { name: 'exists true on a given answer', condition: { answer: 'intent', exists: true }, value: true },
    { name: 'exists false on a given answer', condition: { answer: 'intent', exists: false }, value: false },
    { name: 'exists true on a missing answer', condition: { answer: 'ordering', exists: true }, value: false },
    { name: 'exists false on a missing answer', condition: { answer: 'ordering', exists: false }, value: true },
    { name: 'exists true on an unknown answer', condition: { answer: 'freshness', exists: true }, value: false },
    { name: 'exists false on an unknown answer', condition: { answer: 'freshness', exists: false }, value: true },
    { name: 'eq on a missing answer', condition: { answer: 'ordering', eq: 'none' }, value: 'unknown', unknowns: ['ordering'] },
    { name: 'ne on a missing answer', condition: { answer: 'ordering', ne: 'none' }, value: 'unknown', unknowns: ['ordering'] },
    { name: 'in on an unknown answer', condition: { answer: 'freshness', in: ['strong'] }, value: 'unknown', unknowns: ['freshness'] },
    { name: 'nin on an unknown answer', condition: { answer: 'freshness', nin: ['strong'] }, value: 'unknown', unknowns: ['freshness'] },
  ];
  it.each(cases)('$name', ({ condition, value, unknowns }) => {
    expect(evaluateCondition(condition, facts)).toEqual({ value, unknowns: unknowns ?? [] });
  });
});

describe('evaluateCondition: number leaves', () => {
  const cases: { name: string; condition: Condition; value: Truth; unknowns?: string[] }[] = [
    { name: 'lt true', condition: { number: 'latency_p99_ms', lt: 301 }, value: true },
    { name: 'lt false at equality', condition: { number: 'latency_p99_ms', lt: 300 }, value: false },
    { name: 'lte true at equality', condition: { number: 'latency_p99_ms', lte: 300 }, value: true },
    { name: 'lte false', condition: { number: 'latency_p99_ms', lte: 299 }, value: false },
    { name: 'gt true', condition: { number: 'latency_p99_ms', gt: 299 }, value: true },
    { name: 'gt false at equality', condition: { number: 'latency_p99_ms', gt: 300 }, value: false },
    { name: 'gte true at equality', condition: { number: 'latency_p99_ms', gte: 300 }, value: true },
    { name: 'gte false', condition: { number: 'latency_p99_ms', gte: 301 }, value: false },
    { name: 'eq with a number', condition: { number: 'retries', eq: 0 }, value: true },
    { name: 'ne with a number', condition: { number: 'retries', ne: 0 }, value: false },
    { name: 'zero is a given number', condition: { number: 'retries', exists: true }, value: true },
    { name: 'exists true on a missing number', condition: { number: 'availability', exists: true }, value: false },
    { name: 'exists false on a missing number', condition: { number: 'availability', exists: false }, value: true },
    { name: 'gt on a missing number', condition: { number: 'availability', gt: 0.9 }, value: 'unknown', unknowns: ['availability'] },
    { name: 'lte on a missing number', condition: { number: 'timeout_ms', lte: 5 }, value: 'unknown', unknowns: ['timeout_ms'] },
  ];
  it.each(cases)('$name', ({ condition, value, unknowns }) => {
    expect(evaluateCondition(condition, facts)).toEqual({ value, unknowns: unknowns ?? [] });
  });
});

describe('evaluateCondition: outcome leaves', () => {
  const decided: Facts = { ...facts, outcome: { style: 'hybrid', mechanism: 'call+request-reply', reply: 'callback' } };
  const withoutReply: Facts = { ...facts, outcome: { style: 'sync', mechanism: 'call' } };
  const cases: { name: string; facts: Facts; condition: Condition; value: Truth; unknowns?: string[] }[] = [
    { name: 'style in', facts: decided, condition: { outcome: 'style', in: ['async', 'hybrid'] }, value: true },
    { name: 'style eq', facts: decided, condition: { outcome: 'style', eq: 'sync' }, value: false },
    { name: 'mechanism eq on the base', facts: decided, condition: { outcome: 'mechanism', eq: 'call+request-reply' }, value: true },
    { name: 'reply eq', facts: decided, condition: { outcome: 'reply', eq: 'callback' }, value: true },
    { name: 'missing reply is known: eq is false', facts: withoutReply, condition: { outcome: 'reply', eq: 'polling' }, value: false },
    { name: 'missing reply is known: ne is true', facts: withoutReply, condition: { outcome: 'reply', ne: 'polling' }, value: true },
    { name: 'missing reply is known: nin is true', facts: withoutReply, condition: { outcome: 'reply', nin: ['polling'] }, value: true },
    { name: 'missing reply: exists is false', facts: withoutReply, condition: { outcome: 'reply', exists: true }, value: false },
    {
      name: 'no outcome yet is unknown',
      facts,
      condition: { outcome: 'style', eq: 'sync' },
      value: 'unknown',
      unknowns: ['outcome.style'],
    },
  ];
  it.each(cases)('$name', ({ facts: given, condition, value, unknowns }) => {
    expect(evaluateCondition(condition, given)).toEqual({ value, unknowns: unknowns ?? [] });
  });
});

describe('evaluateCondition: Kleene truth tables', () => {
  const leaves: Record<'T' | 'F' | 'U', Condition> = { T, F, U };
  const allTable: [keyof typeof leaves, keyof typeof leaves, Truth][] = [
    ['T', 'T', true],
    ['T', 'F', false],
    ['T', 'U', 'unknown'],
    ['F', 'T', false],
    ['F', 'F', false],
    ['F', 'U', false],
    ['U', 'T', 'unknown'],
    ['U', 'F', false],
    ['U', 'U', 'unknown'],
  ];
  it.each(allTable)('all(%s, %s) is %s', (a, b, value) => {
    expect(evaluateCondition({ all: [leaves[a], leaves[b]] }, facts).value).toBe(value);
  });

  const anyTable: [keyof typeof leaves, keyof typeof leaves, Truth][] = [
    ['T', 'T', true],
    ['T', 'F', true],
    ['T', 'U', true],
    ['F', 'T', true],
    ['F', 'F', false],
    ['F', 'U', 'unknown'],
    ['U', 'T', true],
    ['U', 'F', 'unknown'],
    ['U', 'U', 'unknown'],
  ];
  it.each(anyTable)('any(%s, %s) is %s', (a, b, value) => {
    expect(evaluateCondition({ any: [leaves[a], leaves[b]] }, facts).value).toBe(value);
  });

  const notTable: [keyof typeof leaves, Truth][] = [
    ['T', false],
    ['F', true],
    ['U', 'unknown'],
  ];
  it.each(notTable)('not(%s) is %s', (a, value) => {
    expect(evaluateCondition({ not: leaves[a] }, facts).value).toBe(value);
  });

  it('empty all is true and empty any is false', () => {
    expect(evaluateCondition({ all: [] }, facts).value).toBe(true);
    expect(evaluateCondition({ any: [] }, facts).value).toBe(false);
  });
});

describe('evaluateCondition: unknown inputs', () => {
  it('collects every unknown input of an unknown all, once each, in reading order', () => {
    const result = evaluateCondition({ all: [T, U, U2, { not: U }] }, facts);
    expect(result).toEqual({ value: 'unknown', unknowns: ['multiple_consumers', 'timeout_ms'] });
  });

  it('collects the unknowns of an unknown any', () => {
    const result = evaluateCondition({ any: [F, U2, { all: [T, U] }] }, facts);
    expect(result).toEqual({ value: 'unknown', unknowns: ['timeout_ms', 'multiple_consumers'] });
  });

  it('reports no unknowns once the value is decided despite them', () => {
    expect(evaluateCondition({ all: [U, F] }, facts)).toEqual({ value: false, unknowns: [] });
    expect(evaluateCondition({ any: [U, T] }, facts)).toEqual({ value: true, unknowns: [] });
  });

  it('keeps the unknowns through not', () => {
    expect(evaluateCondition({ not: { any: [U, F] } }, facts)).toEqual({ value: 'unknown', unknowns: ['multiple_consumers'] });
  });
});

describe('listConditionInputs', () => {
  it('lists answers, numbers and outcomes read anywhere in the tree', () => {
    const inputs = listConditionInputs({
      all: [T, { any: [U, U2, { not: { outcome: 'reply', eq: 'polling' } }] }, { answer: 'intent', ne: 'fact' }],
    });
    expect(inputs).toEqual({ answers: ['intent', 'multiple_consumers'], numbers: ['timeout_ms'], outcomes: ['reply'] });
  });
});

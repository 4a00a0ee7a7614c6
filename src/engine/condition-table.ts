/**
 * Conditions as lookup tables. An interaction's answers are encoded as small numbers, one code
 * per answer slot, and each condition remembers its result (and the unknown inputs behind an
 * unknown result) per combination of the codes it reads. A large system repeats the same few
 * combinations thousands of times, so most evaluations become a lookup, and trying another
 * answer for one question changes one term of an index instead of running the condition again.
 *
 * A code stands for every value a condition can tell apart: missing (or unknown), each allowed
 * answer and each value a condition compares with, and one code for any other text, which
 * compares unequal to all of them. Leaves that read numbers or the outcome are inputs too, by
 * their own three-valued result. Answers that are not text are not encoded; callers then run
 * the compiled condition itself.
 */
import type { Condition } from '../model/pack.js';
import type { CompiledCondition, SlotFacts, Truth } from './condition.js';
import { compileCondition } from './condition.js';

/** The code of a missing or unknown answer. */
const MISSING = 0;

/** Larger tables are not worth their memory; such conditions are evaluated directly. */
const MAX_TABLE_SIZE = 1 << 16;

const NOT_YET = 0;
const FALSE = 1;
const TRUE = 2;
const UNKNOWN = 3;

/** Per answer slot: the code of each text a condition can tell apart; any other text is `other`. */
export interface AnswerCoding {
  codes: Map<string, number>[];
  /** Per slot: the code for text that no condition mentions (also the largest code). */
  other: number[];
}

export interface ConditionTable {
  /** Answer slots read, and the weight of each slot's code in the index. */
  slots: number[];
  strides: number[];
  /** Leaves on numbers and outcomes, evaluated per interaction, and their weights. */
  leaves: CompiledCondition[];
  leafStrides: number[];
  /** Per index: NOT_YET, FALSE, TRUE or UNKNOWN. */
  results: Uint8Array;
  /** Per index with an unknown result: its unknown inputs, as CompiledCondition.collectUnknowns gives them. */
  unknowns: (readonly string[] | undefined)[];
  /** Per index with an unknown result: describeResult of it, kept so that keys are cheap to build. */
  descriptions: (string | undefined)[];
  condition: CompiledCondition;
}

/** The texts each answer slot is compared with, from the questions' answers and the conditions. */
export function buildAnswerCoding(
  slotCount: number,
  answersOfSlot: (slot: number) => readonly string[],
  conditions: readonly Condition[],
  slotOf: (name: string) => number,
): AnswerCoding {
  const texts: Set<string>[] = Array.from({ length: slotCount }, (_, slot) => new Set(answersOfSlot(slot)));
  const pending = [...conditions];
  while (pending.length > 0) {
    const next = pending.pop() as Condition;
    if ('all' in next) pending.push(...next.all);
    else if ('any' in next) pending.push(...next.any);
    else if ('not' in next) pending.push(next.not);
    else if ('answer' in next) {
      const known = texts[slotOf(next.answer)];
      for (const value of [next.eq, next.ne, ...(next.in ?? []), ...(next.nin ?? [])]) {
        if (value !== undefined) known?.add(String(value));
      }
    }
  }
  const codes = texts.map((known) => {
    const bySlot = new Map<string, number>();
    for (const text of known) bySlot.set(text, bySlot.size + 1);
    return bySlot;
  });
  return { codes, other: codes.map((bySlot) => bySlot.size + 1) };
}

/**
 * The codes of an interaction's answers by slot (as readSlots gives them: undefined for missing
 * or unknown), or undefined when an answer is not text.
 */
export function encodeAnswers(slots: readonly (string | undefined)[], coding: AnswerCoding): Int32Array | undefined {
  const codes = new Int32Array(slots.length);
  for (let slot = 0; slot < slots.length; slot += 1) {
    const value = slots[slot];
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    codes[slot] = (coding.codes[slot] as Map<string, number>).get(value) ?? (coding.other[slot] as number);
  }
  return codes;
}

/** The code an answer tried in place of an unknown one gets in its slot. */
export function encodeAnswer(value: string | undefined, slot: number, coding: AnswerCoding): number {
  if (value === undefined) return MISSING;
  return (coding.codes[slot] as Map<string, number>).get(value) ?? (coding.other[slot] as number);
}

/**
 * A table for a condition, or undefined when it would be too large. `slotOf` must give the
 * slots that compiled `compiled`.
 */
export function tabulateCondition(
  condition: Condition,
  compiled: CompiledCondition,
  slotOf: (name: string) => number,
  coding: AnswerCoding,
): ConditionTable | undefined {
  const slots: number[] = [];
  const leafConditions: Condition[] = [];
  const pending: Condition[] = [condition];
  while (pending.length > 0) {
    const next = pending.shift() as Condition;
    if ('all' in next) pending.push(...next.all);
    else if ('any' in next) pending.push(...next.any);
    else if ('not' in next) pending.push(next.not);
    else if ('answer' in next) {
      const slot = slotOf(next.answer);
      if (!slots.includes(slot)) slots.push(slot);
    } else leafConditions.push(next);
  }
  let size = 1;
  const strides: number[] = [];
  for (const slot of slots) {
    strides.push(size);
    size *= (coding.other[slot] as number) + 1;
  }
  const leafStrides: number[] = [];
  for (let index = 0; index < leafConditions.length; index += 1) {
    leafStrides.push(size);
    size *= 3;
  }
  if (size > MAX_TABLE_SIZE) return undefined;
  return {
    slots,
    strides,
    leaves: leafConditions.map((leaf) => compileCondition(leaf, slotOf)),
    leafStrides,
    results: new Uint8Array(size),
    unknowns: [],
    descriptions: [],
    condition: compiled,
  };
}

/** Where the interaction's inputs stand in the table. */
export function indexInTable(table: ConditionTable, codes: Int32Array, facts: SlotFacts): number {
  let index = 0;
  for (let input = 0; input < table.slots.length; input += 1) {
    index += (codes[table.slots[input] as number] as number) * (table.strides[input] as number);
  }
  return table.leaves.length === 0 ? index : index + indexOfLeaves(table, facts);
}

/** The part of the index that the leaves on numbers and outcomes contribute. */
export function indexOfLeaves(table: ConditionTable, facts: SlotFacts): number {
  let index = 0;
  for (let input = 0; input < table.leaves.length; input += 1) {
    const value = (table.leaves[input] as CompiledCondition).evaluate(facts);
    if (value !== false) index += (value === true ? 1 : 2) * (table.leafStrides[input] as number);
  }
  return index;
}

/**
 * The result at an index. `facts` must be the facts the index was computed from (or facts that
 * agree with it on every input); a result not seen before is computed from them.
 */
export function lookUpResult(table: ConditionTable, index: number, facts: SlotFacts): Truth {
  let code = table.results[index] as number;
  if (code === NOT_YET) {
    const value = table.condition.evaluate(facts);
    code = value === true ? TRUE : value === false ? FALSE : UNKNOWN;
    table.results[index] = code;
  }
  return code === TRUE ? true : code === FALSE ? false : 'unknown';
}

/** The unknown inputs at an index whose result is unknown; the list is shared, do not change it. */
export function lookUpUnknowns(table: ConditionTable, index: number, facts: SlotFacts): readonly string[] {
  let unknowns = table.unknowns[index];
  if (unknowns === undefined) {
    const collected: string[] = [];
    table.condition.collectUnknowns(facts, collected);
    unknowns = Object.freeze(collected);
    table.unknowns[index] = unknowns;
  }
  return unknowns;
}

/**
 * A short text that differs between results: '1' true, '0' false, and for unknown '?' and the
 * unknown inputs, each followed by a NUL (no input name contains one), then one more NUL.
 * Keys for memoising whatever follows from several results are built from these.
 */
export function describeResult(value: Truth, unknowns: readonly string[] | undefined): string {
  if (value === true) return '1';
  if (value === false || unknowns === undefined) return '0';
  let text = '?';
  for (const name of unknowns) text += `${name}\u0000`;
  // An empty name cannot occur, so a second NUL ends the list.
  return `${text}\u0000`;
}

/** describeResult at an index whose result is unknown, computed once. */
export function lookUpDescription(table: ConditionTable, index: number, facts: SlotFacts): string {
  let description = table.descriptions[index];
  if (description === undefined) {
    description = describeResult('unknown', lookUpUnknowns(table, index, facts));
    table.descriptions[index] = description;
  }
  return description;
}

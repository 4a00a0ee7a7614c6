/**
 * The pack prepared once per decide() call: conditions as closures and as lookup tables,
 * answers by slot instead of by name, reasons and messages split at their placeholders, and
 * for each answer the style rules that read it. It also holds what one call learns as it goes
 * (combinations of votes, checklists, items shared between decisions), so that deciding
 * thousands of interactions repeats as little work as possible. Nothing here outlives the call.
 */
import type { Interaction, NumberName, Style } from '../model/answers.js';
import { NUMBER_NAMES, UNKNOWN } from '../model/answers.js';
import type { RequiredItem } from '../model/decision.js';
import type { ChecklistItem, Condition, Pack, Question, Reply, Rule } from '../model/pack.js';
import { WEIGHT_POINTS } from '../model/pack.js';
import type { CompiledCondition } from './condition.js';
import { compileCondition, listConditionInputs } from './condition.js';
import type { AnswerCoding, ConditionTable } from './condition-table.js';
import { buildAnswerCoding, encodeAnswer, tabulateCondition } from './condition-table.js';
import type { Combination, ObligationShape } from './decide-interaction.js';
import type { Numbers } from './numbers.js';
import type { CompiledText } from './text.js';
import { compileText } from './text.js';

/** Source named in required_by when the chosen style or mechanism itself needs an item. */
export const STYLE_SOURCE = 'style';

/** The rank of STYLE_SOURCE among the sources of an item: before every rule. */
export const STYLE_RANK = -1;

const REQUEST_REPLY = 'request-reply';

/** Sums of distinct powers of two up to 2^52, doubled, stay exact integers. */
const MAX_KEYED_RULES = 52;

/** The placeholders rule reasons and finding messages may use, in the order of readTextValues. */
const TEXT_VARIABLES: readonly string[] = [...NUMBER_NAMES, 'id', 'from', 'to', 'summary'];

/** An interaction's values for TEXT_VARIABLES, read once for all its texts. */
export function readTextValues(interaction: Interaction, numbers: Numbers): (string | number | undefined)[] {
  const values: (string | number | undefined)[] = [];
  for (let index = 0; index < NUMBER_NAMES.length; index += 1) values.push(numbers[NUMBER_NAMES[index] as NumberName]);
  values.push(interaction.id, interaction.from, interaction.to, interaction.summary);
  return values;
}

function compileRuleText(text: string): CompiledText {
  return compileText(text, TEXT_VARIABLES);
}

/**
 * What a fired rule contributes to combining votes. Every key is always present (undefined
 * when the rule does not vote for it) so that all votes share one object shape, which keeps
 * the optimised code that reads them from being thrown away.
 */
export interface Vote {
  points: number;
  style: Style | undefined;
  mechanism: string | undefined;
  reply: Reply | undefined;
  /** The mechanism contains request-reply, so a reply channel has to be chosen. */
  mechanismNeedsReply: boolean;
}

export function toVote(rule: Rule): Vote {
  const mechanism = rule.recommend?.mechanism;
  return {
    points: WEIGHT_POINTS[rule.weight],
    style: rule.recommend?.style,
    mechanism,
    reply: rule.recommend?.reply,
    mechanismNeedsReply: mechanism !== undefined && hasRequestReply(mechanism),
  };
}

export function hasRequestReply(mechanism: string): boolean {
  return splitMechanism(mechanism).includes(REQUEST_REPLY);
}

/** 'call+request-reply:polling' -> ['call', 'request-reply', 'polling']. */
export function splitMechanism(mechanism: string): string[] {
  return mechanism.split(/[+:]/).filter((part) => part.length > 0);
}

export interface CompiledRule extends Vote {
  rule: Rule;
  /** Pack order of the rule id: sorts reasons and findings. */
  order: number;
  /** Rank among the sources of a checklist item: the style source first, then pack order. */
  sourceRank: number;
  when: CompiledCondition;
  /** The condition as a table, when it is not too large. */
  table: ConditionTable | undefined;
  /** Checklist items (indices into CompiledPack.checklist) the rule makes required when it fires. */
  items: number[];
  reason: CompiledText;
  /** The finding message, for rules that raise a finding. */
  message: CompiledText | undefined;
}

export interface CompiledQuestion {
  question: Question;
  /** Where its answer is in SlotFacts.answers. */
  slot: number;
  askWhen: CompiledCondition | undefined;
  askTable: ConditionTable | undefined;
  /** Indices into styleRules of the rules whose condition reads this answer, ascending. */
  readers: number[];
  /** Per reader: the weight of this answer's code in the reader's table (0 without a table). */
  readerStrides: number[];
  /** The code of each of question.answers in this question's slot. */
  answerCodes: number[];
}

export interface CompiledItem {
  item: ChecklistItem;
  when: CompiledCondition | undefined;
  table: ConditionTable | undefined;
}

export interface CompiledPack {
  pack: Pack;
  /** The name of the answer each slot of SlotFacts.answers holds: pack questions first, in order. */
  slotNames: string[];
  slotOf: ReadonlyMap<string, number>;
  /** How answers are encoded for the condition tables. */
  coding: AnswerCoding;
  /** Same order as pack.questions. */
  questions: CompiledQuestion[];
  /** Questions that can be derived from numbers. */
  deriving: Question[];
  styleRules: CompiledRule[];
  obligationRules: CompiledRule[];
  /**
   * Per style rule: its weight in a vote key, the sum over the rules that fired (2^index, exact
   * while there are at most MAX_KEYED_RULES style rules).
   */
  voteKeyWeights: number[];
  /**
   * Combinations by vote key and whether the intent is command (the one input besides the
   * votes); undefined when there are too many style rules for exact keys. Belongs to one
   * decide() call, like the rest of this object.
   */
  combinations: Map<number, Combination> | undefined;
  /**
   * Per style rule: its weight in an effect key, the sum over the fired rules that bring
   * checklist items or a finding (2^k for the k-th such rule; 0 for the others, which do not
   * change the obligations).
   */
  effectKeyWeights: number[];
  /**
   * Where an interaction stands in each style rule's table is a sum over the answers it gives:
   * per style rule, the start (0 for a table, -1 without one, which is evaluated directly), and
   * per answer slot, the tabled rules that read it with the weight of its code. Rules whose
   * tables also have leaves on numbers add those per interaction; see `styleLeafRules`.
   */
  styleIndexStart: number[];
  styleReaders: { rules: number[]; strides: number[] }[];
  styleLeafRules: number[];
  /** Obligation shapes by ObligationResults key; undefined when effect keys would not be exact. */
  obligationShapes: Map<string, ObligationShape> | undefined;
  /** Same order as pack.checklist. */
  checklist: CompiledItem[];
  /** Per checklist index: the first index with the same id, where its need is collected. */
  needIndex: number[];
  /** Rule id at each sourceRank >= 0. */
  ruleIdAt: readonly string[];
  questionOrder: ReadonlyMap<string, number>;
  /**
   * Checklist indices whose needed_by matches a style and full mechanism, filled as outcomes
   * are met. Belongs to one decide() call, like the rest of this object.
   */
  neededBy: Record<Style, Map<string, NeededItems>>;
  /**
   * Per checklist index, by source rank: the item as required by that one source alone. Most
   * decisions need most items this way, so they share one frozen object instead of each
   * holding a copy.
   */
  requiredBySource: Map<number, RequiredItem>[];
}

export function compilePack(pack: Pack): CompiledPack {
  const slotNames: string[] = [];
  const slotOf = new Map<string, number>();
  const slotFor = (name: string): number => {
    let slot = slotOf.get(name);
    if (slot === undefined) {
      slot = slotNames.length;
      slotOf.set(name, slot);
      slotNames.push(name);
    }
    return slot;
  };
  for (const question of pack.questions) slotFor(question.id);
  const compile = (condition: Rule['when']): CompiledCondition => compileCondition(condition, slotFor);

  const itemIndex = new Map<string, number>();
  pack.checklist.forEach((item, index) => {
    if (!itemIndex.has(item.id)) itemIndex.set(item.id, index);
  });
  const ruleOrder = new Map(pack.rules.map((rule, index) => [rule.id, index]));
  const compileRule = (rule: Rule): CompiledRule => {
    const order = ruleOrder.get(rule.id) ?? 0;
    const { points, style, mechanism, reply, mechanismNeedsReply } = toVote(rule);
    return {
      points,
      style,
      mechanism,
      reply,
      mechanismNeedsReply,
      rule,
      order,
      sourceRank: rule.id === STYLE_SOURCE ? STYLE_RANK : order,
      when: compile(rule.when),
      table: undefined,
      items: rule.checklist.flatMap((id) => {
        const index = itemIndex.get(id);
        return index === undefined ? [] : [index];
      }),
      reason: compileRuleText(rule.reason),
      message: rule.finding === undefined ? undefined : compileRuleText(rule.finding.message),
    };
  };

  const questions = pack.questions.map((question): CompiledQuestion => {
    const slot = slotFor(question.id);
    const askWhen = question.ask_when === undefined ? undefined : compile(question.ask_when);
    return { question, slot, askWhen, askTable: undefined, readers: [], readerStrides: [], answerCodes: [] };
  });
  const styleRules = pack.rules.filter((rule) => rule.phase === 'style').map(compileRule);
  const obligationRules = pack.rules.filter((rule) => rule.phase === 'obligation').map(compileRule);
  const checklist = pack.checklist.map((item): CompiledItem => {
    return { item, when: item.when === undefined ? undefined : compile(item.when), table: undefined };
  });

  let effectRules = 0;
  const effectKeyWeights = styleRules.map((rule) => {
    if (rule.items.length === 0 && rule.message === undefined) return 0;
    effectRules += 1;
    return 2 ** (effectRules - 1);
  });

  // Every condition is compiled by now, so every answer a condition reads has its slot.
  const questionOfSlot = new Map<number, Question>();
  for (const question of pack.questions) if (!questionOfSlot.has(slotFor(question.id))) questionOfSlot.set(slotFor(question.id), question);
  const conditions: Condition[] = [
    ...pack.rules.map((rule) => rule.when),
    ...pack.questions.flatMap((question) => (question.ask_when === undefined ? [] : [question.ask_when])),
    ...pack.checklist.flatMap((item) => (item.when === undefined ? [] : [item.when])),
  ];
  const coding = buildAnswerCoding(slotNames.length, (slot) => questionOfSlot.get(slot)?.answers ?? [], conditions, slotFor);
  const tabulate = (condition: Condition, compiled: CompiledCondition): ConditionTable | undefined =>
    tabulateCondition(condition, compiled, slotFor, coding);
  for (const rule of [...styleRules, ...obligationRules]) rule.table = tabulate(rule.rule.when, rule.when);
  for (const question of questions) {
    if (question.question.ask_when !== undefined && question.askWhen !== undefined) {
      question.askTable = tabulate(question.question.ask_when, question.askWhen);
    }
  }
  for (const item of checklist) if (item.item.when !== undefined && item.when !== undefined) item.table = tabulate(item.item.when, item.when);

  const readersBySlot: number[][] = slotNames.map(() => []);
  styleRules.forEach(({ rule }, index) => {
    for (const answer of listConditionInputs(rule.when).answers) readersBySlot[slotFor(answer)]?.push(index);
  });
  for (const question of questions) {
    question.readers = readersBySlot[question.slot] ?? [];
    question.readerStrides = question.readers.map((index) => {
      const table = styleRules[index]?.table;
      return table === undefined ? 0 : (table.strides[table.slots.indexOf(question.slot)] ?? 0);
    });
    question.answerCodes = question.question.answers.map((answer) =>
      encodeAnswer(answer === UNKNOWN ? undefined : answer, question.slot, coding),
    );
  }

  return {
    pack,
    slotNames,
    slotOf,
    coding,
    questions,
    deriving: pack.questions.filter((question) => question.derive === 'latency'),
    styleRules,
    obligationRules,
    voteKeyWeights: styleRules.map((_, index) => 2 ** index),
    combinations: styleRules.length <= MAX_KEYED_RULES ? new Map() : undefined,
    effectKeyWeights,
    styleIndexStart: styleRules.map((rule) => (rule.table === undefined ? -1 : 0)),
    styleReaders: slotNames.map((_, slot) => {
      const rules: number[] = [];
      const strides: number[] = [];
      styleRules.forEach(({ table }, index) => {
        const input = table === undefined ? -1 : table.slots.indexOf(slot);
        if (input < 0) return;
        rules.push(index);
        strides.push((table as ConditionTable).strides[input] as number);
      });
      return { rules, strides };
    }),
    styleLeafRules: styleRules.flatMap((rule, index) => (rule.table !== undefined && rule.table.leaves.length > 0 ? [index] : [])),
    obligationShapes: effectRules <= MAX_KEYED_RULES ? new Map() : undefined,
    checklist,
    needIndex: pack.checklist.map((item) => itemIndex.get(item.id) as number),
    ruleIdAt: pack.rules.map((rule) => rule.id),
    questionOrder: new Map(pack.questions.map((question, index) => [question.id, index])),
    neededBy: { sync: new Map(), async: new Map(), hybrid: new Map() },
    requiredBySource: pack.checklist.map(() => new Map()),
  };
}

/** The checklist items an outcome needs by its style or mechanism. */
export interface NeededItems {
  /** Distinct per style and mechanism within one decide() call. */
  id: number;
  /** Checklist indices, in pack order. */
  items: number[];
  /** Some of the items have a `when`. */
  hasConditions: boolean;
}

/** Checklist indices, in pack order, that the style or a part of the full mechanism needs. */
export function listNeededItems(compiled: CompiledPack, style: Style, mechanism: string): NeededItems {
  const cache = compiled.neededBy[style];
  let needed = cache.get(mechanism);
  if (needed === undefined) {
    const parts = new Set(splitMechanism(mechanism));
    const items: number[] = [];
    compiled.checklist.forEach(({ item }, index) => {
      if (item.needed_by.styles.includes(style) || item.needed_by.mechanisms.some((part) => parts.has(part))) items.push(index);
    });
    const id = compiled.neededBy.sync.size + compiled.neededBy.async.size + compiled.neededBy.hybrid.size;
    needed = { id, items, hasConditions: items.some((index) => compiled.checklist[index]?.when !== undefined) };
    cache.set(mechanism, needed);
  }
  return needed;
}

/** The shared, frozen entry for a checklist item required unconditionally by one source. */
export function requireBySource(compiled: CompiledPack, itemIndex: number, rank: number): RequiredItem {
  const cache = compiled.requiredBySource[itemIndex] as Map<number, RequiredItem>;
  let required = cache.get(rank);
  if (required === undefined) {
    const { id, title, why, verify } = (compiled.checklist[itemIndex] as CompiledItem).item;
    const source = rank === STYLE_RANK ? STYLE_SOURCE : (compiled.ruleIdAt[rank] as string);
    required = Object.freeze({ id, title, why, verify, required_by: Object.freeze([source]) as string[] });
    cache.set(rank, required);
  }
  return required;
}

/**
 * The decision for one interaction: derive what can be derived, let the style rules vote,
 * combine the votes into a style, mechanism and reply, explain it, find the unknown answers
 * that would change it, and collect the obligations the outcome brings with it.
 */
import type { Interaction, NumberName, Style } from '../model/answers.js';
import { NUMBER_NAMES, UNKNOWN } from '../model/answers.js';
import type {
  Alternative,
  Confidence,
  Finding,
  InteractionDecision,
  OpenQuestion,
  Reason,
  RequiredItem,
} from '../model/decision.js';
import type { Pack, Question, Reply, Rule } from '../model/pack.js';
import { WEIGHT_POINTS } from '../model/pack.js';
import type { CompiledItem, CompiledPack, CompiledQuestion, CompiledRule, NeededItems, Vote } from './compile-pack.js';
import { compilePack, listNeededItems, readTextValues, requireBySource, STYLE_RANK, STYLE_SOURCE, toVote } from './compile-pack.js';
import { readNumbers } from './numbers.js';
import { fillCompiledText } from './text.js';
import type { CompiledCondition, Outcome, SlotFacts, Truth } from './condition.js';
import type { ConditionTable } from './condition-table.js';
import {
  describeResult,
  encodeAnswers,
  indexInTable,
  indexOfLeaves,
  lookUpDescription,
  lookUpResult,
  lookUpUnknowns,
} from './condition-table.js';

export { splitMechanism, STYLE_SOURCE } from './compile-pack.js';

/** The rule id of the reason given when no rule voted. */
export const DEFAULT_RULE_ID = 'default';

const DEFAULT_REASON =
  'No rule applied to this interaction; a synchronous call is the plain starting point until the open questions are answered.';

export interface InteractionEvaluation {
  decision: InteractionDecision;
  /** Findings raised by rules that fired for this interaction, in pack order. */
  findings: Finding[];
}

/** The result of combining votes: what the interaction should be. */
export interface Combination {
  style: Style;
  /** Base mechanism, without the reply: call, event, call+request-reply... */
  baseMechanism: string;
  /** Only when the base mechanism contains request-reply (the key is always there, for one object shape). */
  reply?: Reply;
  /** The full mechanism: base, plus ':' and the reply when there is one. */
  mechanism: string;
  /** No style vote at all: the plain synchronous starting point. */
  isDefault: boolean;
  /** Sync and async votes weighed the same; sync won as the simpler one. */
  isTie: boolean;
}

export function decideInteraction(interaction: Interaction, pack: Pack): InteractionDecision {
  return evaluateInteraction(interaction, pack).decision;
}

/** `compiled` must come from compilePack(pack); decide() compiles once for all interactions. */
export function evaluateInteraction(
  interaction: Interaction,
  pack: Pack,
  compiled: CompiledPack = compilePack(pack),
): InteractionEvaluation {
  const numbers = readNumbers(interaction.numbers);
  const { answers, derived } = deriveFrom(interaction.answers, numbers, compiled.deriving);
  const facts: SlotFacts = { answers: readSlots(answers, compiled), numbers };
  const codes = encodeAnswers(facts.answers, compiled.coding);
  // Indexed loops throughout the per-interaction path: until the optimising compiler takes
  // over, for-of costs an iterator step per element, and a large input spends a good part of
  // its time before that point.
  const { styleRules } = compiled;
  const styleIndices = locateInStyleTables(compiled, codes, facts);
  const styleResults: Truth[] = [];
  const fired: CompiledRule[] = [];
  let voteKey = 0;
  let effectKey = 0;
  for (let index = 0; index < styleRules.length; index += 1) {
    const rule = styleRules[index] as CompiledRule;
    const at = styleIndices[index] as number;
    const value = at < 0 ? rule.when.evaluate(facts) : lookUpResult(rule.table as ConditionTable, at, facts);
    styleResults.push(value);
    if (value === true) {
      fired.push(rule);
      voteKey += compiled.voteKeyWeights[index] as number;
      effectKey += compiled.effectKeyWeights[index] as number;
    }
  }
  const applicable: Applicability = { compiled, facts, codes, known: [] };
  const combination = combineResults(compiled, styleResults, voteKey, answers.intent);
  const values = readTextValues(interaction, numbers);
  const explanation = explain(fired, combination, values);

  // One shape for every outcome: a reply that is not there is read as undefined either way.
  const outcome: Outcome = { style: combination.style, mechanism: combination.baseMechanism, reply: combination.reply };
  const outcomeFacts: SlotFacts = { answers: facts.answers, numbers: facts.numbers, outcome };
  const obligations = collectObligations(fired, effectKey, outcomeFacts, codes, combination, compiled, interaction, values);

  const alternatives = findAlternatives(compiled, facts, answers.intent, applicable, { results: styleResults, indices: styleIndices, voteKey }, combination);
  const openQuestions = listOpenQuestions(compiled, facts, alternatives, obligations.conditional, applicable);
  const confidence = rateConfidence(combination, explanation, openQuestions);

  const { id, from, to, summary, declared, location } = interaction;
  const { style, mechanism } = combination;
  const reasonList = explanation.reasons;
  const checklist = obligations.checklist;
  const decision: InteractionDecision =
    declared === undefined
      ? { id, from, to, summary, style, mechanism, confidence, reasons: reasonList, checklist, open_questions: openQuestions, answers, derived, location }
      : {
          id,
          from,
          to,
          summary,
          style,
          mechanism,
          confidence,
          reasons: reasonList,
          checklist,
          declared,
          open_questions: openQuestions,
          answers,
          derived,
          location,
        };
  return { decision, findings: obligations.findings };
}

/**
 * Per style rule: where the interaction stands in its table, or -1 to evaluate the rule
 * directly (no table, or answers that are not text). Each given answer adds its code, times
 * its weight, to the rules that read it.
 */
function locateInStyleTables(compiled: CompiledPack, codes: Int32Array | undefined, facts: SlotFacts): number[] {
  const { styleRules } = compiled;
  if (codes === undefined) return styleRules.map(() => -1);
  const indices = compiled.styleIndexStart.slice();
  for (let slot = 0; slot < codes.length; slot += 1) {
    const code = codes[slot] as number;
    if (code === 0) continue;
    const { rules, strides } = compiled.styleReaders[slot] as CompiledPack['styleReaders'][number];
    for (let reader = 0; reader < rules.length; reader += 1) {
      const rule = rules[reader] as number;
      indices[rule] = (indices[rule] as number) + code * (strides[reader] as number);
    }
  }
  const { styleLeafRules } = compiled;
  for (let leafRule = 0; leafRule < styleLeafRules.length; leafRule += 1) {
    const rule = styleLeafRules[leafRule] as number;
    indices[rule] = (indices[rule] as number) + indexOfLeaves((styleRules[rule] as CompiledRule).table as ConditionTable, facts);
  }
  return indices;
}

/**
 * Whether an unanswered question may be asked (its ask_when is not false), worked out only for
 * the questions that turn out to matter.
 */
interface Applicability {
  compiled: CompiledPack;
  facts: SlotFacts;
  codes: Int32Array | undefined;
  known: boolean[];
}

function isApplicable(applicability: Applicability, questionIndex: number): boolean {
  let known = applicability.known[questionIndex];
  if (known === undefined) {
    const { askWhen, askTable } = applicability.compiled.questions[questionIndex] as CompiledQuestion;
    known = askWhen === undefined || resultOf(askWhen, askTable, applicability.codes, applicability.facts) !== false;
    applicability.known[questionIndex] = known;
  }
  return known;
}

/** Step 1: copies the answers and fills in what the numbers already tell. */
export function deriveAnswers(
  interaction: Interaction,
  questions: readonly Question[],
): { answers: Record<string, string>; derived: string[] } {
  return deriveFrom(interaction.answers, interaction.numbers, questions);
}

function deriveFrom(
  source: Record<string, string>,
  numbers: Partial<Record<NumberName, number>>,
  questions: readonly Question[],
): { answers: Record<string, string>; derived: string[] } {
  const derived: string[] = [];
  const { latency_p99_ms: p99, latency_budget_ms: budget } = numbers;
  if (p99 === undefined || budget === undefined) return { answers: { ...source }, derived };
  for (let index = 0; index < questions.length; index += 1) {
    const question = questions[index] as Question;
    if (question.derive !== 'latency' || !isUnanswered(source[question.id]) || derived.includes(question.id)) continue;
    derived.push(question.id);
  }
  const answers: Record<string, string> = { ...source };
  if (derived.length === 0) return { answers, derived };
  const value = p99 <= budget ? 'yes' : 'no';
  for (let index = 0; index < derived.length; index += 1) answers[derived[index] as string] = value;
  return { answers, derived };
}

/**
 * The answers by slot, as conditions read them: missing and unknown both become undefined.
 * A question is therefore unanswered exactly when its slot is undefined, and a derived
 * answer never is.
 */
function readSlots(answers: Record<string, string>, compiled: CompiledPack): (string | undefined)[] {
  const slots: (string | undefined)[] = new Array<string | undefined>(compiled.slotNames.length).fill(undefined);
  // Walking the few given answers with for-in reads them through the object's key cache, much
  // faster than asking thousands of differently shaped objects for every slot name.
  for (const name in answers) {
    const slot = compiled.slotOf.get(name);
    if (slot === undefined || !Object.hasOwn(answers, name)) continue;
    const raw = answers[name];
    if (raw !== UNKNOWN) slots[slot] = raw;
  }
  return slots;
}

function isUnanswered(answer: string | undefined): boolean {
  return answer === undefined || answer === UNKNOWN;
}

/**
 * combineFired for the style rules whose result is true, remembered by vote key: the same few
 * combinations of votes come up again and again, within an interaction's trials and across
 * interactions.
 */
function combineResults(compiled: CompiledPack, results: readonly Truth[], voteKey: number, intent: string | undefined): Combination {
  const memoKey = voteKey * 2 + (intent === 'command' ? 1 : 0);
  const known = compiled.combinations?.get(memoKey);
  if (known !== undefined) return known;
  const fired: CompiledRule[] = [];
  for (let index = 0; index < results.length; index += 1) {
    if (results[index] === true) fired.push(compiled.styleRules[index] as CompiledRule);
  }
  const combination = combineFired(fired, intent);
  compiled.combinations?.set(memoKey, combination);
  return combination;
}

/** Step 3: turns the fired style rules (in pack order) into a style, mechanism and reply. */
export function combineVotes(fired: readonly Rule[], intent: string | undefined): Combination {
  return combineFired(fired.map(toVote), intent);
}

function combineFired(fired: readonly Vote[], intent: string | undefined): Combination {
  let sync = 0;
  let async = 0;
  let hybrid = 0;
  for (let index = 0; index < fired.length; index += 1) {
    const vote = fired[index] as Vote;
    if (vote.style === 'sync') sync += vote.points;
    else if (vote.style === 'async') async += vote.points;
    else if (vote.style === 'hybrid') hybrid += vote.points;
  }
  const isDefault = sync === 0 && async === 0 && hybrid === 0;
  let style: Style;
  if (hybrid > 0) style = 'hybrid';
  else if (async > sync) style = 'async';
  else style = 'sync';
  const isTie = hybrid === 0 && sync === async && sync > 0;

  const mechanismVote = pickMechanism(fired, style);
  const baseMechanism = mechanismVote?.mechanism ?? defaultMechanism(style, intent);
  // Only a voted mechanism can contain request-reply; no default one does.
  const reply = mechanismVote?.mechanismNeedsReply === true ? (pickReply(fired)?.reply ?? 'polling') : undefined;
  const mechanism = reply === undefined ? baseMechanism : `${baseMechanism}:${reply}`;
  return { style, baseMechanism, reply, mechanism, isDefault, isTie };
}

function defaultMechanism(style: Style, intent: string | undefined): string {
  if (style === 'sync') return 'call';
  if (style === 'hybrid') return 'call+event';
  return intent === 'command' ? 'queue' : 'event';
}

/**
 * The first vote for the key with the highest point sum, a tie going to the key voted for
 * first (pack order); votes whose key is undefined do not count. Few rules fire, so walking
 * the list again per key is cheaper than building a map.
 */
function pickTopVote(votes: readonly Vote[], keyOf: (vote: Vote) => string | undefined): Vote | undefined {
  let best: Vote | undefined;
  let bestPoints = -1;
  for (let index = 0; index < votes.length; index += 1) {
    const vote = votes[index] as Vote;
    const key = keyOf(vote);
    if (key === undefined) continue;
    let sum = 0;
    let isFirst = true;
    for (let other = 0; other < votes.length && isFirst; other += 1) {
      const candidate = votes[other] as Vote;
      if (keyOf(candidate) !== key) continue;
      if (other < index) isFirst = false;
      else sum += candidate.points;
    }
    if (isFirst && sum > bestPoints) {
      best = vote;
      bestPoints = sum;
    }
  }
  return best;
}

function pickMechanism(votes: readonly Vote[], style: Style): Vote | undefined {
  return pickTopVote(votes, (vote) => (vote.style === style ? vote.mechanism : undefined));
}

function pickReply(votes: readonly Vote[]): Vote | undefined {
  return pickTopVote(votes, (vote) => vote.reply);
}

/** A vote ranked for the explanation; the Reason itself is made once the order is known. */
interface RankedVote {
  rule: CompiledRule;
  stance: Reason['stance'];
  points: number;
  order: number;
}

/** The reasons in their order, and the weight of support and opposition for the confidence. */
interface Explanation {
  reasons: Reason[];
  forPoints: number;
  againstPoints: number;
  strongAgainst: boolean;
}

/** Step 4: every vote becomes a reason, for or against the combination. */
function explain(fired: readonly CompiledRule[], combination: Combination, values: readonly (string | number | undefined)[]): Explanation {
  if (combination.isDefault) {
    const reason: Reason = { rule: DEFAULT_RULE_ID, stance: 'for', style: 'sync', weight: 'weak', text: DEFAULT_REASON };
    return { reasons: [reason], forPoints: WEIGHT_POINTS.weak, againstPoints: 0, strongAgainst: false };
  }
  const ranked: RankedVote[] = [];
  let forPoints = 0;
  let againstPoints = 0;
  let strongAgainst = false;
  for (let index = 0; index < fired.length; index += 1) {
    const compiled = fired[index] as CompiledRule;
    let stance: Reason['stance'];
    if (compiled.style !== undefined) {
      const supports = compiled.style === combination.style || combination.style === 'hybrid';
      stance = supports ? 'for' : 'against';
    } else if (compiled.reply !== undefined && combination.reply !== undefined) {
      stance = compiled.reply === combination.reply ? 'for' : 'against';
    } else {
      // No vote at all, or a reply vote where no reply channel was chosen: neither supports nor opposes anything.
      continue;
    }
    ranked.push({ rule: compiled, stance, points: compiled.points, order: compiled.order });
    if (stance === 'for') forPoints += compiled.points;
    else {
      againstPoints += compiled.points;
      if (compiled.rule.weight === 'strong') strongAgainst = true;
    }
  }
  if (ranked.length > 1) ranked.sort(compareRanked);
  const reasons: Reason[] = [];
  for (let index = 0; index < ranked.length; index += 1) {
    const { rule: compiled, stance } = ranked[index] as RankedVote;
    const { rule } = compiled;
    const text = fillCompiledText(compiled.reason, values);
    reasons.push(
      compiled.style === undefined
        ? { rule: rule.id, stance, weight: rule.weight, text }
        : { rule: rule.id, stance, style: compiled.style, weight: rule.weight, text },
    );
  }
  return { reasons, forPoints, againstPoints, strongAgainst };
}

function compareRanked(a: RankedVote, b: RankedVote): number {
  if (a.stance !== b.stance) return a.stance === 'for' ? -1 : 1;
  if (a.points !== b.points) return b.points - a.points;
  return a.order - b.order;
}

/** The style rules' results for one interaction. */
interface StyleResults {
  results: readonly Truth[];
  /** Per rule: where the interaction stands in the rule's table, or -1 without one. */
  indices: readonly number[];
  voteKey: number;
}

/**
 * Step 5: for each unknown answer that kept a style rule open, tries every allowed answer and
 * keeps those that change the style or the mechanism. Only rules that read the question are
 * evaluated again; the others keep their result.
 */
function findAlternatives(
  compiled: CompiledPack,
  facts: SlotFacts,
  intent: string | undefined,
  applicable: Applicability,
  style: StyleResults,
  combination: Combination,
): Map<string, Alternative[]> | undefined {
  const { styleRules } = compiled;
  const { results, indices, voteKey } = style;
  const openedBy: string[] = [];
  for (let index = 0; index < styleRules.length; index += 1) {
    if (results[index] !== 'unknown') continue;
    const rule = styleRules[index] as CompiledRule;
    const at = indices[index] as number;
    if (at < 0) rule.when.collectUnknowns(facts, openedBy);
    else {
      const unknowns = lookUpUnknowns(rule.table as ConditionTable, at, facts);
      for (let name = 0; name < unknowns.length; name += 1) {
        if (!openedBy.includes(unknowns[name] as string)) openedBy.push(unknowns[name] as string);
      }
    }
  }
  if (openedBy.length === 0) return undefined;

  // Trials write one slot at a time into a copy, so the facts of the interaction stay as they are.
  const slots = facts.answers.slice();
  const trial: SlotFacts = { answers: slots, numbers: facts.numbers };
  const trialResults = results.slice();
  const intentSlot = compiled.slotOf.get('intent');
  let found: Map<string, Alternative[]> | undefined;
  for (let questionIndex = 0; questionIndex < compiled.questions.length; questionIndex += 1) {
    const { question, slot, readers, readerStrides, answerCodes } = compiled.questions[questionIndex] as CompiledQuestion;
    // Unanswered (missing or unknown, and not derived) is an undefined slot; see readSlots.
    if (slots[slot] !== undefined || !openedBy.includes(question.id) || !isApplicable(applicable, questionIndex)) continue;
    // The intent also picks the default asynchronous mechanism, so it can matter without changing a vote.
    const isIntent = slot === intentSlot;
    let alternatives: Alternative[] | undefined;
    for (let answerIndex = 0; answerIndex < question.answers.length; answerIndex += 1) {
      const answer = question.answers[answerIndex] as string;
      slots[slot] = answer === UNKNOWN ? undefined : answer;
      let trialKey = voteKey;
      for (let reader = 0; reader < readers.length; reader += 1) {
        const index = readers[reader] as number;
        const rule = styleRules[index] as CompiledRule;
        const at = indices[index] as number;
        // The slot was unanswered (code 0), so the answer's code times its weight moves the index.
        const value =
          at < 0
            ? rule.when.evaluate(trial)
            : lookUpResult(rule.table as ConditionTable, at + (answerCodes[answerIndex] as number) * (readerStrides[reader] as number), trial);
        trialResults[index] = value;
        const before = results[index] === true;
        if ((value === true) !== before) trialKey += before ? -(compiled.voteKeyWeights[index] as number) : (compiled.voteKeyWeights[index] as number);
      }
      if (trialKey === voteKey && !isIntent) continue;
      const changed = combineResults(compiled, trialResults, trialKey, isIntent ? answer : intent);
      if (changed.style !== combination.style || changed.mechanism !== combination.mechanism) {
        (alternatives ??= []).push({ answer, style: changed.style, mechanism: changed.mechanism });
      }
    }
    slots[slot] = undefined;
    for (let reader = 0; reader < readers.length; reader += 1) {
      const index = readers[reader] as number;
      trialResults[index] = results[index] as Truth;
    }
    if (alternatives !== undefined) (found ??= new Map()).set(question.id, alternatives);
  }
  return found;
}

/** A condition's result: looked up in its table when the answers are encoded, else computed. */
function resultOf(condition: CompiledCondition, table: ConditionTable | undefined, codes: Int32Array | undefined, facts: SlotFacts): Truth {
  if (table === undefined || codes === undefined) return condition.evaluate(facts);
  return lookUpResult(table, indexInTable(table, codes, facts), facts);
}

interface Obligations {
  checklist: RequiredItem[];
  /** The items of the checklist that depend on unknown answers. */
  conditional: RequiredItem[];
  findings: Finding[];
}

/**
 * The obligations of an interaction apart from the texts of its findings. They follow from the
 * fired style rules that bring items or findings, the items the outcome needs, and the results
 * of the obligation rules and checklist conditions alone, so interactions that agree on those
 * share one frozen shape: a large system has a few hundred different checklists, not one per
 * interaction.
 */
export interface ObligationShape {
  checklist: RequiredItem[];
  conditional: RequiredItem[];
  /** Rules that raise their finding, in pack order. */
  raising: CompiledRule[];
}

/** The results that, with the fired rules and the combination, decide the obligations. */
interface ObligationResults {
  /** Per obligation rule. */
  rules: Truth[];
  /** Per obligation rule: the unknown inputs, only where the result is unknown and the rule has items. */
  ruleUnknowns: (readonly string[] | undefined)[];
  /** Checklist items the style or mechanism needs, and per item the result of its `when` (empty when none has one). */
  needed: NeededItems;
  items: Truth[];
  itemUnknowns: (readonly string[] | undefined)[];
  /** Equal for equal results and needed items. */
  key: string;
}

/** Step 7: checklist items and findings that the outcome and the fired rules bring. */
function collectObligations(
  fired: readonly CompiledRule[],
  effectKey: number,
  facts: SlotFacts,
  codes: Int32Array | undefined,
  combination: Combination,
  compiled: CompiledPack,
  interaction: Interaction,
  values: readonly (string | number | undefined)[],
): Obligations {
  const results = evaluateObligations(facts, codes, combination, compiled);
  const shapes = compiled.obligationShapes;
  const key = `${effectKey}|${results.key}`;
  let shape = shapes?.get(key);
  if (shape === undefined) {
    shape = shapeObligations(fired, results, compiled, shapes !== undefined);
    shapes?.set(key, shape);
  }

  const findings: Finding[] = [];
  for (let index = 0; index < shape.raising.length; index += 1) {
    const rule = shape.raising[index] as CompiledRule;
    const finding = rule.rule.finding;
    if (finding === undefined || rule.message === undefined) continue;
    findings.push({
      rule: rule.rule.id,
      severity: finding.severity,
      message: fillCompiledText(rule.message, values),
      interaction: interaction.id,
      location: interaction.location,
    });
  }
  return { checklist: shape.checklist, conditional: shape.conditional, findings };
}

function evaluateObligations(
  facts: SlotFacts,
  codes: Int32Array | undefined,
  combination: Combination,
  compiled: CompiledPack,
): ObligationResults {
  const { obligationRules } = compiled;
  const rules: Truth[] = [];
  const ruleUnknowns: (readonly string[] | undefined)[] = [];
  let key = '';
  for (let index = 0; index < obligationRules.length; index += 1) {
    const { when, table, items } = obligationRules[index] as CompiledRule;
    // An unknown rule without items adds nothing, like a false one, so only items need its unknowns.
    const result = evaluateForKey(when, table, codes, facts, items.length > 0);
    rules.push(result.value);
    ruleUnknowns.push(result.unknowns);
    key += result.description;
  }
  const needed = listNeededItems(compiled, combination.style, combination.mechanism);
  key += `|${needed.id}|`;
  const items: Truth[] = [];
  const itemUnknowns: (readonly string[] | undefined)[] = [];
  // Items without a condition always count and need no mark in the key.
  if (!needed.hasConditions) return { rules, ruleUnknowns, needed, items, itemUnknowns, key };
  for (let index = 0; index < needed.items.length; index += 1) {
    const { when, table } = compiled.checklist[needed.items[index] as number] as CompiledItem;
    if (when === undefined) {
      items.push(true);
      itemUnknowns.push(undefined);
      continue;
    }
    const result = evaluateForKey(when, table, codes, facts, true);
    items.push(result.value);
    itemUnknowns.push(result.unknowns);
    key += result.description;
  }
  return { rules, ruleUnknowns, needed, items, itemUnknowns, key };
}

/** A result with its unknown inputs (when asked for and unknown) and describeResult of the two. */
interface KeyedResult {
  value: Truth;
  unknowns: readonly string[] | undefined;
  description: string;
}

function evaluateForKey(
  condition: CompiledCondition,
  table: ConditionTable | undefined,
  codes: Int32Array | undefined,
  facts: SlotFacts,
  wantsUnknowns: boolean,
): KeyedResult {
  if (table === undefined || codes === undefined) {
    const value = condition.evaluate(facts);
    let unknowns: string[] | undefined;
    if (value === 'unknown' && wantsUnknowns) {
      unknowns = [];
      condition.collectUnknowns(facts, unknowns);
    }
    return { value, unknowns, description: describeResult(value, unknowns) };
  }
  const at = indexInTable(table, codes, facts);
  const value = lookUpResult(table, at, facts);
  if (value !== 'unknown' || !wantsUnknowns) return { value, unknowns: undefined, description: value === true ? '1' : '0' };
  return { value, unknowns: lookUpUnknowns(table, at, facts), description: lookUpDescription(table, at, facts) };
}

/**
 * Why one checklist item is required: source ranks (see CompiledRule.sourceRank) and unknown
 * inputs. Most items have one unconditional source, so the lists are made only when needed.
 */
interface Need {
  unconditional: number[] | undefined;
  conditional: number[] | undefined;
  dependsOn: string[] | undefined;
}

function shapeObligations(
  fired: readonly CompiledRule[],
  results: ObligationResults,
  compiled: CompiledPack,
  isShared: boolean,
): ObligationShape {
  const { needIndex, obligationRules } = compiled;
  const needs: (Need | undefined)[] = new Array<Need | undefined>(needIndex.length).fill(undefined);
  const addNeed = (itemIndex: number, rank: number, dependsOn?: readonly string[]): void => {
    const at = needIndex[itemIndex] as number;
    let need = needs[at];
    if (need === undefined) {
      need = { unconditional: undefined, conditional: undefined, dependsOn: undefined };
      needs[at] = need;
    }
    if (dependsOn === undefined || dependsOn.length === 0) (need.unconditional ??= []).push(rank);
    else {
      (need.conditional ??= []).push(rank);
      const names = (need.dependsOn ??= []);
      for (const name of dependsOn) if (!names.includes(name)) names.push(name);
    }
  };

  const raising: CompiledRule[] = [];
  for (const rule of fired) {
    if (rule.message !== undefined) raising.push(rule);
    for (const itemIndex of rule.items) addNeed(itemIndex, rule.sourceRank);
  }
  obligationRules.forEach((rule, index) => {
    const value = results.rules[index];
    if (value === true) {
      if (rule.message !== undefined) raising.push(rule);
      for (const itemIndex of rule.items) addNeed(itemIndex, rule.sourceRank);
    } else {
      const unknowns = results.ruleUnknowns[index];
      if (unknowns !== undefined) for (const itemIndex of rule.items) addNeed(itemIndex, rule.sourceRank, unknowns);
    }
  });
  results.needed.items.forEach((itemIndex, index) => {
    const value = results.needed.hasConditions ? results.items[index] : true;
    if (value === true) addNeed(itemIndex, STYLE_RANK);
    else if (value === 'unknown') addNeed(itemIndex, STYLE_RANK, results.itemUnknowns[index]);
  });

  const checklist: RequiredItem[] = [];
  const conditional: RequiredItem[] = [];
  compiled.checklist.forEach(({ item }, itemIndex) => {
    const need = needs[needIndex[itemIndex] as number];
    if (need === undefined) return;
    if (need.unconditional?.length === 1) {
      checklist.push(requireBySource(compiled, itemIndex, need.unconditional[0] as number));
      return;
    }
    const { id, title, why, verify } = item;
    if (need.unconditional !== undefined) {
      checklist.push(share({ id, title, why, verify, required_by: share(nameSources(need.unconditional, compiled), isShared) }, isShared));
      return;
    }
    const required_by = share(nameSources(need.conditional ?? [], compiled), isShared);
    const depends_on_unknown = share(sortInputs(need.dependsOn ?? [], compiled), isShared);
    const required = share({ id, title, why, verify, required_by, depends_on_unknown }, isShared);
    checklist.push(required);
    conditional.push(required);
  });
  // Filtering before a stable sort keeps the order the whole list would have had.
  if (raising.length > 1) raising.sort((a, b) => a.order - b.order);
  return { checklist: share(checklist, isShared), conditional, raising };
}

/** Objects that several decisions hold are frozen, so that no one can change them for all. */
function share<T extends object>(value: T, isShared: boolean): T {
  return isShared ? Object.freeze(value) : value;
}

/** 'style' first, then rule ids in pack order, each once. */
function nameSources(ranks: readonly number[], compiled: CompiledPack): string[] {
  const sorted = [...ranks].sort((a, b) => a - b);
  const names: string[] = [];
  sorted.forEach((rank, index) => {
    if (index > 0 && sorted[index - 1] === rank) return;
    names.push(rank === STYLE_RANK ? STYLE_SOURCE : (compiled.ruleIdAt[rank] as string));
  });
  return names;
}

/** Questions in pack order, then number names in their documented order, then anything else. */
function sortInputs(inputs: readonly string[], compiled: CompiledPack): string[] {
  if (inputs.length === 1) return [inputs[0] as string];
  const numberRank = (name: string): number => NUMBER_NAMES.indexOf(name as NumberName);
  const rank = (name: string): number => {
    const question = compiled.questionOrder.get(name);
    if (question !== undefined) return question;
    const number = numberRank(name);
    return number >= 0 ? compiled.questionOrder.size + number : Number.MAX_SAFE_INTEGER;
  };
  return [...inputs].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Step 5, second half: questions with alternatives, and questions whose unknown made a
 * checklist item conditional, in pack question order.
 */
function listOpenQuestions(
  compiled: CompiledPack,
  facts: SlotFacts,
  alternatives: ReadonlyMap<string, Alternative[]> | undefined,
  conditional: readonly RequiredItem[],
  applicable: Applicability,
): OpenQuestion[] {
  const open: OpenQuestion[] = [];
  if (alternatives === undefined && conditional.length === 0) return open;
  for (let questionIndex = 0; questionIndex < compiled.questions.length; questionIndex += 1) {
    const { question, slot } = compiled.questions[questionIndex] as CompiledQuestion;
    const found = alternatives?.get(question.id) ?? [];
    // Unanswered (missing or unknown, and not derived) is an undefined slot; see readSlots.
    const items: string[] = [];
    if (conditional.length > 0 && facts.answers[slot] === undefined && isApplicable(applicable, questionIndex)) {
      for (let index = 0; index < conditional.length; index += 1) {
        const item = conditional[index] as RequiredItem;
        if (item.depends_on_unknown?.includes(question.id) === true) items.push(item.id);
      }
    }
    if (found.length === 0 && items.length === 0) continue;
    open.push({ question: question.id, prompt: question.prompt, alternatives: found, checklist: items });
  }
  return open;
}

/** Step 6: fewer unknowns that matter and less disagreement mean more confidence. */
function rateConfidence(combination: Combination, explanation: Explanation, open: readonly OpenQuestion[]): Confidence {
  if (combination.isDefault) return 'low';
  let mattered = 0;
  for (let index = 0; index < open.length; index += 1) if ((open[index] as OpenQuestion).alternatives.length > 0) mattered += 1;
  const { forPoints, againstPoints, strongAgainst } = explanation;
  const contested = combination.isTie || (againstPoints > 0 && againstPoints >= forPoints);
  const penalty = (mattered >= 1 ? 1 : 0) + (mattered >= 3 ? 1 : 0) + (strongAgainst ? 1 : 0) + (contested ? 1 : 0);
  if (penalty === 0) return 'high';
  return penalty === 1 ? 'medium' : 'low';
}

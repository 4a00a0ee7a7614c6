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
import type { Evaluation, Facts, Outcome } from './condition.js';
import { evaluateCondition, listConditionInputs } from './condition.js';
import { fillText } from './text.js';

/** The rule id of the reason given when no rule voted. */
export const DEFAULT_RULE_ID = 'default';

/** Source named in required_by when the chosen style or mechanism itself needs an item. */
export const STYLE_SOURCE = 'style';

const DEFAULT_REASON =
  'No rule applied to this interaction; a synchronous call is the plain starting point until the open questions are answered.';

const REQUEST_REPLY = 'request-reply';

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
  /** Only when the base mechanism contains request-reply. */
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

export function evaluateInteraction(
  interaction: Interaction,
  pack: Pack,
  context: PackContext = preparePack(pack),
): InteractionEvaluation {
  const { answers, derived } = deriveAnswers(interaction, pack.questions);
  const facts: Facts = { answers, numbers: interaction.numbers };
  const applicable = findApplicableQuestions(pack.questions, facts);

  const styleResults = context.styleRules.map((rule) => evaluateCondition(rule.when, facts));
  const fired = context.styleRules.filter((_, index) => styleResults[index]?.value === true);
  const combination = combineVotes(fired, answers.intent);

  const vars = buildTextVars(interaction);
  const reasons = explain(fired, combination, context, vars);

  const outcome: Outcome = {
    style: combination.style,
    mechanism: combination.baseMechanism,
    ...(combination.reply === undefined ? {} : { reply: combination.reply }),
  };
  const obligations = collectObligations(fired, { ...facts, outcome }, context, pack, interaction, vars);

  const alternatives = findAlternatives({
    context,
    answers,
    numbers: interaction.numbers,
    derived,
    applicable,
    styleResults,
    combination,
    pack,
  });
  const openQuestions = listOpenQuestions(pack.questions, alternatives, obligations.checklist, applicable, answers, derived);
  const confidence = rateConfidence(combination, reasons, openQuestions);

  const decision: InteractionDecision = {
    id: interaction.id,
    from: interaction.from,
    to: interaction.to,
    summary: interaction.summary,
    style: combination.style,
    mechanism: combination.mechanism,
    confidence,
    reasons: reasons.map(({ reason }) => reason),
    checklist: obligations.checklist,
    ...(interaction.declared === undefined ? {} : { declared: interaction.declared }),
    open_questions: openQuestions,
    answers,
    derived,
    location: interaction.location,
  };
  return { decision, findings: obligations.findings };
}

export interface PackContext {
  styleRules: Rule[];
  obligationRules: Rule[];
  /** Pack order of every rule, for sorting reasons and required_by. */
  ruleOrder: Map<string, number>;
  questionOrder: Map<string, number>;
  /** Per style rule (same index as styleRules): the question ids its condition reads. */
  styleRuleInputs: Set<string>[];
}

/** Lookups built once per pack, so that deciding many interactions does not rebuild them. */
export function preparePack(pack: Pack): PackContext {
  const styleRules = pack.rules.filter((rule) => rule.phase === 'style');
  return {
    styleRules,
    obligationRules: pack.rules.filter((rule) => rule.phase === 'obligation'),
    ruleOrder: new Map(pack.rules.map((rule, index) => [rule.id, index])),
    questionOrder: new Map(pack.questions.map((question, index) => [question.id, index])),
    styleRuleInputs: styleRules.map((rule) => new Set(listConditionInputs(rule.when).answers)),
  };
}

/** Step 1: copies the answers and fills in what the numbers already tell. */
export function deriveAnswers(
  interaction: Interaction,
  questions: readonly Question[],
): { answers: Record<string, string>; derived: string[] } {
  const answers: Record<string, string> = { ...interaction.answers };
  const derived: string[] = [];
  const { latency_p99_ms: p99, latency_budget_ms: budget } = interaction.numbers;
  for (const question of questions) {
    if (question.derive !== 'latency' || !isUnanswered(answers[question.id])) continue;
    if (p99 === undefined || budget === undefined) continue;
    answers[question.id] = p99 <= budget ? 'yes' : 'no';
    derived.push(question.id);
  }
  return { answers, derived };
}

/** A question is applicable unless its ask_when is definitely false (unknown means ask). */
function findApplicableQuestions(questions: readonly Question[], facts: Facts): Set<string> {
  const applicable = new Set<string>();
  for (const question of questions) {
    if (question.ask_when === undefined || evaluateCondition(question.ask_when, facts).value !== false) {
      applicable.add(question.id);
    }
  }
  return applicable;
}

function isUnanswered(answer: string | undefined): boolean {
  return answer === undefined || answer === UNKNOWN;
}

/** Step 3: turns the fired style rules (in pack order) into a style, mechanism and reply. */
export function combineVotes(fired: readonly Rule[], intent: string | undefined): Combination {
  const points: Record<Style, number> = { sync: 0, async: 0, hybrid: 0 };
  for (const rule of fired) {
    if (rule.recommend?.style !== undefined) points[rule.recommend.style] += WEIGHT_POINTS[rule.weight];
  }
  const isDefault = points.sync === 0 && points.async === 0 && points.hybrid === 0;
  let style: Style;
  if (points.hybrid > 0) style = 'hybrid';
  else if (points.async > points.sync) style = 'async';
  else style = 'sync';
  const isTie = points.hybrid === 0 && points.sync === points.async && points.sync > 0;

  const mechanismVotes = fired
    .filter((rule) => rule.recommend?.style === style && rule.recommend.mechanism !== undefined)
    .map((rule) => ({ key: rule.recommend?.mechanism as string, points: WEIGHT_POINTS[rule.weight] }));
  const baseMechanism = pickHighest(mechanismVotes) ?? defaultMechanism(style, intent);

  let reply: Reply | undefined;
  if (splitMechanism(baseMechanism).includes(REQUEST_REPLY)) {
    const replyVotes = fired
      .filter((rule) => rule.recommend?.reply !== undefined)
      .map((rule) => ({ key: rule.recommend?.reply as Reply, points: WEIGHT_POINTS[rule.weight] }));
    reply = pickHighest(replyVotes) ?? 'polling';
  }
  const mechanism = reply === undefined ? baseMechanism : `${baseMechanism}:${reply}`;
  return { style, baseMechanism, ...(reply === undefined ? {} : { reply }), mechanism, isDefault, isTie };
}

function defaultMechanism(style: Style, intent: string | undefined): string {
  if (style === 'sync') return 'call';
  if (style === 'hybrid') return 'call+event';
  return intent === 'command' ? 'queue' : 'event';
}

/** Highest point sum per key; on a tie the key voted for first (pack order) wins. */
function pickHighest<T>(votes: readonly { key: T; points: number }[]): T | undefined {
  const sums = new Map<T, number>();
  for (const vote of votes) sums.set(vote.key, (sums.get(vote.key) ?? 0) + vote.points);
  let best: T | undefined;
  let bestPoints = -1;
  for (const [key, sum] of sums) {
    if (sum > bestPoints) {
      best = key;
      bestPoints = sum;
    }
  }
  return best;
}

/** 'call+request-reply:polling' -> ['call', 'request-reply', 'polling']. */
export function splitMechanism(mechanism: string): string[] {
  return mechanism.split(/[+:]/).filter((part) => part.length > 0);
}

function buildTextVars(interaction: Interaction): Record<string, string | number | undefined> {
  const vars: Record<string, string | number | undefined> = {};
  for (const name of NUMBER_NAMES) vars[name] = interaction.numbers[name];
  vars.id = interaction.id;
  vars.from = interaction.from;
  vars.to = interaction.to;
  vars.summary = interaction.summary;
  return vars;
}

interface RankedReason {
  reason: Reason;
  points: number;
  order: number;
}

/** Step 4: every vote becomes a reason, for or against the combination. */
function explain(
  fired: readonly Rule[],
  combination: Combination,
  context: PackContext,
  vars: Record<string, string | number | undefined>,
): RankedReason[] {
  if (combination.isDefault) {
    return [
      {
        reason: { rule: DEFAULT_RULE_ID, stance: 'for', style: 'sync', weight: 'weak', text: DEFAULT_REASON },
        points: WEIGHT_POINTS.weak,
        order: -1,
      },
    ];
  }
  const ranked: RankedReason[] = [];
  for (const rule of fired) {
    const recommend = rule.recommend;
    if (recommend === undefined) continue;
    let stance: Reason['stance'];
    if (recommend.style !== undefined) {
      const supports = recommend.style === combination.style || combination.style === 'hybrid';
      stance = supports ? 'for' : 'against';
    } else if (recommend.reply !== undefined && combination.reply !== undefined) {
      stance = recommend.reply === combination.reply ? 'for' : 'against';
    } else {
      // A reply vote where no reply channel was chosen neither supports nor opposes anything.
      continue;
    }
    ranked.push({
      reason: {
        rule: rule.id,
        stance,
        ...(recommend.style === undefined ? {} : { style: recommend.style }),
        weight: rule.weight,
        text: fillText(rule.reason, vars),
      },
      points: WEIGHT_POINTS[rule.weight],
      order: context.ruleOrder.get(rule.id) ?? 0,
    });
  }
  return ranked.sort(compareRanked);
}

function compareRanked(a: RankedReason, b: RankedReason): number {
  if (a.reason.stance !== b.reason.stance) return a.reason.stance === 'for' ? -1 : 1;
  if (a.points !== b.points) return b.points - a.points;
  return a.order - b.order;
}

interface AlternativeInput {
  context: PackContext;
  answers: Record<string, string>;
  numbers: Facts['numbers'];
  derived: readonly string[];
  applicable: ReadonlySet<string>;
  styleResults: readonly Evaluation[];
  combination: Combination;
  pack: Pack;
}

/**
 * Step 5: for each unknown answer that kept a style rule open, tries every allowed answer and
 * keeps those that change the style or the mechanism. Only rules that read the question are
 * evaluated again.
 */
function findAlternatives(input: AlternativeInput): Map<string, Alternative[]> {
  const { context, answers, numbers, derived, applicable, styleResults, combination, pack } = input;
  const openedBy = new Set<string>();
  for (const result of styleResults) {
    if (result.value === 'unknown') for (const name of result.unknowns) openedBy.add(name);
  }
  const found = new Map<string, Alternative[]>();
  for (const question of pack.questions) {
    if (!openedBy.has(question.id) || !applicable.has(question.id)) continue;
    if (!isUnanswered(answers[question.id]) || derived.includes(question.id)) continue;
    const alternatives: Alternative[] = [];
    for (const answer of question.answers) {
      const trial: Facts = { answers: { ...answers, [question.id]: answer }, numbers };
      const fired: Rule[] = [];
      context.styleRules.forEach((rule, index) => {
        const reads = context.styleRuleInputs[index]?.has(question.id) ?? false;
        const value = reads ? evaluateCondition(rule.when, trial).value : styleResults[index]?.value;
        if (value === true) fired.push(rule);
      });
      const changed = combineVotes(fired, trial.answers.intent);
      if (changed.style !== combination.style || changed.mechanism !== combination.mechanism) {
        alternatives.push({ answer, style: changed.style, mechanism: changed.mechanism });
      }
    }
    if (alternatives.length > 0) found.set(question.id, alternatives);
  }
  return found;
}


interface Obligations {
  checklist: RequiredItem[];
  findings: Finding[];
}

interface Need {
  unconditional: Set<string>;
  conditional: Set<string>;
  dependsOn: Set<string>;
}

/** Step 7: checklist items and findings that the outcome and the fired rules bring. */
function collectObligations(
  fired: readonly Rule[],
  facts: Facts,
  context: PackContext,
  pack: Pack,
  interaction: Interaction,
  vars: Record<string, string | number | undefined>,
): Obligations {
  const needs = new Map<string, Need>();
  const addNeed = (itemId: string, source: string, dependsOn: readonly string[] = []): void => {
    let need = needs.get(itemId);
    if (need === undefined) {
      need = { unconditional: new Set(), conditional: new Set(), dependsOn: new Set() };
      needs.set(itemId, need);
    }
    if (dependsOn.length === 0) need.unconditional.add(source);
    else {
      need.conditional.add(source);
      for (const name of dependsOn) need.dependsOn.add(name);
    }
  };

  const raising: Rule[] = [...fired];
  for (const rule of fired) for (const itemId of rule.checklist) addNeed(itemId, rule.id);
  for (const rule of context.obligationRules) {
    const result = evaluateCondition(rule.when, facts);
    if (result.value === true) {
      raising.push(rule);
      for (const itemId of rule.checklist) addNeed(itemId, rule.id);
    } else if (result.value === 'unknown') {
      for (const itemId of rule.checklist) addNeed(itemId, rule.id, result.unknowns);
    }
  }

  const outcome = facts.outcome as Outcome;
  const parts = new Set(splitMechanism(outcome.reply === undefined ? outcome.mechanism : `${outcome.mechanism}:${outcome.reply}`));
  for (const item of pack.checklist) {
    const neededByStyle = item.needed_by.styles.includes(outcome.style);
    const neededByMechanism = item.needed_by.mechanisms.some((part) => parts.has(part));
    if (!neededByStyle && !neededByMechanism) continue;
    if (item.when === undefined) {
      addNeed(item.id, STYLE_SOURCE);
      continue;
    }
    const result = evaluateCondition(item.when, facts);
    if (result.value === true) addNeed(item.id, STYLE_SOURCE);
    else if (result.value === 'unknown') addNeed(item.id, STYLE_SOURCE, result.unknowns);
  }

  const checklist: RequiredItem[] = [];
  for (const item of pack.checklist) {
    const need = needs.get(item.id);
    if (need === undefined) continue;
    const isUnconditional = need.unconditional.size > 0;
    const sources = isUnconditional ? need.unconditional : need.conditional;
    const required: RequiredItem = {
      id: item.id,
      title: item.title,
      why: item.why,
      verify: item.verify,
      required_by: sortSources(sources, context),
    };
    if (!isUnconditional) required.depends_on_unknown = sortInputs(need.dependsOn, context);
    checklist.push(required);
  }

  const findings: Finding[] = [];
  raising.sort((a, b) => (context.ruleOrder.get(a.id) ?? 0) - (context.ruleOrder.get(b.id) ?? 0));
  for (const rule of raising) {
    if (rule.finding === undefined) continue;
    findings.push({
      rule: rule.id,
      severity: rule.finding.severity,
      message: fillText(rule.finding.message, vars),
      interaction: interaction.id,
      location: interaction.location,
    });
  }
  return { checklist, findings };
}

/** 'style' first, then rule ids in pack order. */
function sortSources(sources: ReadonlySet<string>, context: PackContext): string[] {
  const rank = (source: string): number => (source === STYLE_SOURCE ? -1 : (context.ruleOrder.get(source) ?? Number.MAX_SAFE_INTEGER));
  return [...sources].sort((a, b) => rank(a) - rank(b) || compareText(a, b));
}

/** Questions in pack order, then number names in their documented order, then anything else. */
function sortInputs(inputs: ReadonlySet<string>, context: PackContext): string[] {
  const numberRank = (name: string): number => NUMBER_NAMES.indexOf(name as NumberName);
  const rank = (name: string): number => {
    const question = context.questionOrder.get(name);
    if (question !== undefined) return question;
    const number = numberRank(name);
    return number >= 0 ? context.questionOrder.size + number : Number.MAX_SAFE_INTEGER;
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
  questions: readonly Question[],
  alternatives: ReadonlyMap<string, Alternative[]>,
  checklist: readonly RequiredItem[],
  applicable: ReadonlySet<string>,
  answers: Record<string, string>,
  derived: readonly string[],
): OpenQuestion[] {
  const open: OpenQuestion[] = [];
  for (const question of questions) {
    const found = alternatives.get(question.id) ?? [];
    const isOpen = applicable.has(question.id) && isUnanswered(answers[question.id]) && !derived.includes(question.id);
    const items = isOpen
      ? checklist.filter((item) => item.depends_on_unknown?.includes(question.id) ?? false).map((item) => item.id)
      : [];
    if (found.length === 0 && items.length === 0) continue;
    open.push({ question: question.id, prompt: question.prompt, alternatives: found, checklist: items });
  }
  return open;
}

/** Step 6: fewer unknowns that matter and less disagreement mean more confidence. */
function rateConfidence(combination: Combination, reasons: readonly RankedReason[], open: readonly OpenQuestion[]): Confidence {
  if (combination.isDefault) return 'low';
  const mattered = open.filter((question) => question.alternatives.length > 0).length;
  let forPoints = 0;
  let againstPoints = 0;
  let strongAgainst = false;
  for (const { reason, points } of reasons) {
    if (reason.stance === 'for') forPoints += points;
    else {
      againstPoints += points;
      if (reason.weight === 'strong') strongAgainst = true;
    }
  }
  const contested = combination.isTie || (againstPoints > 0 && againstPoints >= forPoints);
  const penalty = (mattered >= 1 ? 1 : 0) + (mattered >= 3 ? 1 : 0) + (strongAgainst ? 1 : 0) + (contested ? 1 : 0);
  if (penalty === 0) return 'high';
  return penalty === 1 ? 'medium' : 'low';
}

/**
 * The decision for one interaction: derive what can be derived, weigh the possible answers to
 * the unknown questions, take the outcome that holds for most of them, explain it the way an
 * architect would (reasons for and against, the options weighed, the main reason), say how sure
 * it is, and collect the obligations the outcome brings with it.
 */
import type { Interaction, NumberName, Service, Style } from '../model/answers.js';
import { NUMBER_NAMES, UNKNOWN } from '../model/answers.js';
import type {
  Alternative,
  Confidence,
  ConsideredOption,
  Finding,
  InteractionDecision,
  OpenQuestion,
  Parts,
  Reason,
  RequiredItem,
} from '../model/decision.js';
import { DEFAULT_RULE_ID, POSSIBILITIES_RULE_ID } from '../model/decision.js';
import type { ChecklistItem, Pack, Question, Rule } from '../model/pack.js';
import { CALL, isReadFromServices, WEIGHT_POINTS } from '../model/pack.js';
import type { Combination } from './combine.js';
import { combineVotes, defaultMechanism, describeParts, judgeVote, pickTop } from './combine.js';
import type { Facts } from './condition.js';
import { evaluateCondition, listConditionInputs } from './condition.js';
import { deriveAnswers } from './derive.js';
import type { Outcome, Possibility, PossibilityNode, Weighing } from './possibilities.js';
import { ASSUMED_KIND, explorePossibilities, findRepresentative, isTruncated, isWeighed, listAssumedKinds, listLeaves, listReaders, listTriedQuestions, settle } from './possibilities.js';
import type { Lookup } from './text.js';
import { fillText, NOT_A_NAME } from './text.js';

/** Source named in required_by when the chosen style or mechanism itself needs an item. */
export const STYLE_SOURCE = 'style';

const DEFAULT_REASON =
  'No answer given so far decides anything about this interaction; a synchronous call is the plain starting point until the open questions are answered.';

export interface InteractionEvaluation {
  decision: InteractionDecision;
  /** Findings raised by rules that fired for this interaction, in pack order. */
  findings: Finding[];
}

/** What deciding every interaction of one file shares: the pack, split once, and the services. */
export interface DecisionContext {
  pack: Pack;
  styleRules: Rule[];
  /** Per question id: the style rules that read its answer (indices into styleRules). */
  readers: ReadonlyMap<string, readonly number[]>;
  obligationRules: Rule[];
  services: ReadonlyMap<string, Service>;
  ruleOrder: ReadonlyMap<string, number>;
  /** Question id -> its place in the pack. */
  questionOrder: ReadonlyMap<string, number>;
  /** The ids of the pack's checklist items. */
  checklistIds: ReadonlySet<string>;
  /**
   * What weighing gave for answers already seen in this file (key: the answers and numbers).
   * Files that answer little repeat the same few answers, and their trees are the largest.
   */
  weighed: Map<string, Weighed>;
  /** How many weighings were asked for so far, and how many of them were found in `weighed`. */
  lookups: { asked: number; found: number };
}

/** At most this many weighings are remembered per file; beyond, the memory starts again. */
const MAX_REMEMBERED = 1000;

/**
 * Whether remembering weighings still pays: always for the first MAX_REMEMBERED, then while at
 * least one in ten is found again. In a file whose answers rarely repeat (a workshop's, where
 * each interaction is told apart), what is remembered is never read again, and keeping a
 * thousand weighings alive only makes the heap grow.
 */
function remembersWeighings(lookups: DecisionContext['lookups']): boolean {
  return lookups.asked <= MAX_REMEMBERED || lookups.found * 10 >= lookups.asked;
}

/** What the possibilities give for one set of answers and numbers. */
interface Weighed {
  outcome: Outcome;
  /** The possibility that stands for the outcome. */
  chosen: Possibility;
  /** The possibility of the known answers alone. */
  root: Possibility;
  shares: Shares;
  /** The questions the possibilities tried, in pack order. */
  tried: Question[];
  truncated: boolean;
  /** An unknown party kind would change the outcome. */
  kindMatters: boolean;
  /** The open questions of the weighing (copied before use: obligations add to them). */
  openQuestions: OpenQuestion[];
}

export function createDecisionContext(pack: Pack, services: readonly Service[] = []): DecisionContext {
  const styleRules = pack.rules.filter((rule) => rule.phase === 'style');
  return {
    pack,
    styleRules,
    readers: listReaders(styleRules),
    obligationRules: pack.rules.filter((rule) => rule.phase === 'obligation'),
    services: new Map(services.map((service) => [service.name, service])),
    ruleOrder: new Map(pack.rules.map((rule, index) => [rule.id, index])),
    questionOrder: new Map(pack.questions.map((question, index) => [question.id, index])),
    checklistIds: new Set(pack.checklist.map((item) => item.id)),
    weighed: new Map(),
    lookups: { asked: 0, found: 0 },
  };
}

export function decideInteraction(interaction: Interaction, pack: Pack, services: readonly Service[] = []): InteractionDecision {
  return evaluateInteraction(interaction, createDecisionContext(pack, services)).decision;
}

export function evaluateInteraction(interaction: Interaction, context: DecisionContext): InteractionEvaluation {
  const { pack } = context;
  const { answers, derived } = deriveAnswers(interaction, context.services, pack.questions);
  const weighing: Weighing = { pack, styleRules: context.styleRules, readers: context.readers, numbers: interaction.numbers };
  // An interaction whose own answers and numbers say nothing yet (a starter file) has nothing to
  // weigh: every outcome would be as likely as any other. What the services say is not enough.
  const saysSomething = pack.questions.some((question) => {
    const answer = answers[question.id];
    const fromServices = derived.includes(question.id) && isReadFromServices(question);
    return answer !== undefined && answer !== UNKNOWN && !fromServices;
  });
  const weighed = weighOnce(answers, weighing, saysSomething, context);
  const { outcome, chosen, root, shares, truncated, kindMatters } = weighed;

  const reasons = explain(chosen, root, outcome, shares, interaction, context, weighed.tried);
  const openQuestions = weighed.openQuestions.map((question) => ({
    ...question,
    alternatives: question.alternatives.map((alternative) => ({ ...alternative })),
    checklist: [...question.checklist],
  }));
  const obligations = collectObligations(interaction, answers, chosen, root, context);
  for (const question of obligations.openQuestions) {
    const existing = openQuestions.find((open) => open.question === question.question);
    if (existing === undefined) openQuestions.push(question);
    else existing.checklist.push(...question.checklist);
  }
  const order = context.questionOrder;
  openQuestions.sort((a, b) => (order.get(a.question) ?? 0) - (order.get(b.question) ?? 0));

  const { style, mechanism, parts } = chosen.combination;
  const decision: InteractionDecision = {
    id: interaction.id,
    from: interaction.from,
    to: interaction.to,
    summary: interaction.summary,
    style,
    mechanism,
    parts,
    confidence: truncated ? 'low' : rateConfidence(outcome, shares, chosen.combination, reasons, kindMatters),
    // With nothing said there is nothing to weigh: no share of possibilities backs the starting point.
    support: saysSomething ? roundShare(shares.style) : 0,
    main_reasons: pickMainReasons(reasons, chosen.combination),
    reasons,
    options: listOptions(chosen, reasons, openQuestions),
    checklist: obligations.checklist,
    open_questions: openQuestions,
    answers,
    derived,
    location: interaction.location,
  };
  if (interaction.declared !== undefined) decision.declared = interaction.declared;
  return { decision, findings: obligations.findings };
}

/** The weighing of a set of answers, worked out once per file for each distinct set. */
function weighOnce(answers: Record<string, string>, weighing: Weighing, saysSomething: boolean, context: DecisionContext): Weighed {
  // Rules read only the pack's questions and the numbers, so those make the key, in a fixed order.
  const key = JSON.stringify([
    context.pack.questions.map((question) => answers[question.id] ?? null),
    NUMBER_NAMES.map((name) => weighing.numbers[name] ?? null),
    saysSomething,
  ]);
  context.lookups.asked += 1;
  const known = context.weighed.get(key);
  if (known !== undefined) {
    context.lookups.found += 1;
    return known;
  }
  const tree = explorePossibilities(answers, weighing, saysSomething);
  const outcome = settle(tree);
  const kindQuestions = saysSomething ? listKindQuestions(tree, answers, outcome, weighing) : [];
  const weighed: Weighed = {
    outcome,
    chosen: findRepresentative(tree, outcome),
    root: tree.possibility,
    shares: measureShares(listLeaves(tree), outcome),
    tried: listTriedQuestions(tree, context.pack),
    truncated: isTruncated(tree),
    kindMatters: kindQuestions.length > 0,
    openQuestions: saysSomething ? [...listOpenQuestions(tree, outcome, context.pack), ...kindQuestions] : listFirstQuestions(answers, outcome, weighing),
  };
  const remember = remembersWeighings(context.lookups);
  if (!remember || context.weighed.size >= MAX_REMEMBERED) context.weighed.clear();
  if (remember) context.weighed.set(key, weighed);
  return weighed;
}

/** How much of the possibilities (each answer of a question counting alike) give the outcome. */
interface Shares {
  /** With the recommended style. */
  style: number;
  /** With the recommended style and mechanism. */
  outcome: number;
}

function measureShares(leaves: readonly Possibility[], outcome: Outcome): Shares {
  let style = 0;
  let same = 0;
  let total = 0;
  for (const leaf of leaves) {
    total += leaf.weight;
    if (leaf.combination.style !== outcome.style) continue;
    style += leaf.weight;
    if (leaf.combination.mechanism === outcome.mechanism) same += leaf.weight;
  }
  return { style: style / total, outcome: same / total };
}

/** Whether a share counts as all of the possibilities (shares are sums of fractions such as 1/3). */
function isWhole(share: number): boolean {
  return share >= 1 - 1e-9;
}

/** The values rule texts may name: the interaction's id, parties and summary, its numbers and its answers. */
function textValues(interaction: Interaction, answers: Record<string, string>): Lookup {
  return (name) => {
    if (name === 'id' || name === 'from' || name === 'to' || name === 'summary') return interaction[name];
    if ((NUMBER_NAMES as readonly string[]).includes(name)) return interaction.numbers[name as NumberName];
    return Object.hasOwn(answers, name) ? answers[name] : NOT_A_NAME;
  };
}

/**
 * Every rule of the chosen possibility that speaks about the outcome becomes a reason, for or
 * against it; rules that hold only under assumed answers say so. When the unknown answers
 * mattered, a reason of the engine's own says how much of their possible answers the outcome
 * holds for.
 */
function explain(
  chosen: Possibility,
  root: Possibility,
  outcome: Outcome,
  shares: Shares,
  interaction: Interaction,
  context: DecisionContext,
  tried: readonly Question[],
): Reason[] {
  const { parts } = chosen.combination;
  const values = textValues(interaction, chosen.answers);
  const ranked: { reason: Reason; points: number; order: number }[] = [];
  for (const rule of chosen.fired) {
    if (rule.recommend === undefined) continue;
    const stance = judgeVote(rule.recommend, parts);
    if (stance === undefined) continue;
    const reason: Reason = {
      rule: rule.id,
      stance,
      vote: { ...rule.recommend },
      weight: rule.weight,
      text: fillText(rule.reason, values).trim(),
    };
    if (!root.fired.includes(rule)) reason.assuming = assumptionsOf(rule, chosen);
    ranked.push({ reason, points: WEIGHT_POINTS[rule.weight], order: context.ruleOrder.get(rule.id) ?? 0 });
  }
  ranked.sort((a, b) => {
    if (a.reason.stance !== b.reason.stance) return a.reason.stance === 'for' ? -1 : 1;
    return b.points - a.points || a.order - b.order;
  });
  const reasons = ranked.map(({ reason }) => reason);

  if (chosen.combination.isDefault) {
    reasons.unshift({ rule: DEFAULT_RULE_ID, stance: 'for', vote: {}, weight: 'weak', text: DEFAULT_REASON });
  }
  if (!isWhole(shares.outcome) || Object.keys(chosen.assumed).length > 0) {
    const reason: Reason = { rule: POSSIBILITIES_RULE_ID, stance: 'for', vote: {}, weight: 'normal', text: describePossibilities(outcome, shares, tried, chosen, interaction, context.pack) };
    // First when the known answers alone would not have given this style.
    if (root.combination.style !== outcome.style || root.combination.isDefault) reasons.unshift(reason);
    else reasons.splice(reasons.filter((entry) => entry.stance === 'for').length, 0, reason);
  }
  return reasons;
}

/** The answers assumed on the way to a possibility that the rule reads. */
function assumptionsOf(rule: Rule, possibility: Possibility): Record<string, string> {
  const read = listConditionInputs(rule.when).answers;
  const assuming: Record<string, string> = {};
  for (const [question, answer] of Object.entries(possibility.assumed)) {
    if (read.includes(question)) assuming[question] = answer;
  }
  // A rule can hold only because of an assumption it does not read itself (an earlier branch
  // made it reachable); name them all then, so the reason never looks certain.
  return Object.keys(assuming).length > 0 ? assuming : { ...possibility.assumed };
}

function describePossibilities(
  outcome: Outcome,
  shares: Shares,
  tried: readonly Question[],
  chosen: Possibility,
  interaction: Interaction,
  pack: Pack,
): string {
  const sentences: string[] = [];
  if (tried.length > 0 || !isWhole(shares.outcome)) {
    const listed = tried.length === 0 ? 'some questions' : joinWords(tried.map((question) => question.id));
    let text = `Not every answer is known (${listed}). Settled one question at a time, in the order they are asked, most of the possible answers lead to ${outcome.style} via ${outcome.mechanism}`;
    if (outcome.saferTaken) {
      text += '; where the answers of a question split evenly, the safer outcome is taken, as a caller that hears back can always be relaxed later';
    }
    const percent = Math.round(shares.style * 100);
    text += ` (${percent}% of all their combinations give ${outcome.style})`;
    sentences.push(`${text}.`);
  }
  const parties = pack.questions
    .filter((question) => !isWeighed(question) && Object.hasOwn(chosen.assumed, question.id))
    .map((question) => (question.derive === 'caller.kind' ? interaction.from : interaction.to));
  if (parties.length > 0) {
    const both = parties.length === 2;
    const whose = both ? `The kinds of ${parties[0]} and ${parties[1]} are` : `The kind of ${parties[0]} is`;
    sentences.push(`${whose} not known, so ${both ? 'both are' : 'it is'} taken to be a backend service, the most common kind.`);
  }
  sentences.push('The open questions say what each answer would change.');
  return sentences.join(' ');
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * high: every possibility gives this style and mechanism, no unknown party kind would change
 * them, and no reason that holds for certain argues against it with full strength. low: nothing
 * decided anything, the answers of an open question split evenly and the safer outcome was
 * taken, or the style depends on unknowns while a strong reason argues against it. medium
 * otherwise.
 */
function rateConfidence(outcome: Outcome, shares: Shares, combination: Combination, reasons: readonly Reason[], kindMatters: boolean): Confidence {
  const strongAgainst = reasons.some((reason) => reason.stance === 'against' && reason.assuming === undefined && reason.weight === 'strong');
  if (combination.isDefault || outcome.saferTaken) return 'low';
  if (isWhole(shares.outcome) && !strongAgainst && !kindMatters) return 'high';
  if (!isWhole(shares.style) && strongAgainst) return 'low';
  return 'medium';
}

/**
 * The main reason: the strongest reason for the outcome; for a hybrid, one reason that asks for
 * both parts, or else the strongest for each part.
 */
function pickMainReasons(reasons: readonly Reason[], combination: Combination): string[] {
  const supporting = reasons.filter((reason) => reason.stance === 'for' && reason.rule !== POSSIBILITIES_RULE_ID && reason.rule !== DEFAULT_RULE_ID);
  const engine = reasons.find((reason) => reason.rule === POSSIBILITIES_RULE_ID || reason.rule === DEFAULT_RULE_ID);
  // When the possible answers decided the style, they are the main reason.
  if (engine !== undefined && reasons[0] === engine) return [engine.rule];
  const forSync = supporting.find((reason) => reason.vote.sync === 'yes');
  const forAsync = supporting.find((reason) => reason.vote.async === 'yes' || reason.vote.mechanism !== undefined);
  let main: Reason[] = [];
  if (combination.style === 'hybrid') {
    const both = supporting.find((reason) => reason.vote.sync === 'yes' && reason.vote.async === 'yes');
    main = both !== undefined ? [both] : [forSync, forAsync].filter((reason): reason is Reason => reason !== undefined);
  } else {
    const first = combination.style === 'sync' ? forSync : forAsync;
    main = first !== undefined ? [first] : supporting.slice(0, 1);
  }
  if (main.length === 0 && engine !== undefined) return [engine.rule];
  return main.map((reason) => reason.rule);
}

/**
 * The options the rules weighed: the chosen one; a synchronous call where some reason asks for
 * a synchronous part, an asynchronous part where some reason asks for one (with the mechanism
 * the votes prefer), both together where reasons ask for each; each outcome an open question
 * could lead to; and, where that leaves nothing to compare with, the other style. Every option
 * lists the reasons for and against it.
 */
function listOptions(chosen: Possibility, reasons: readonly Reason[], openQuestions: readonly OpenQuestion[]): ConsideredOption[] {
  const intent = chosen.answers['intent'];
  const voters = chosen.fired.filter((rule) => rule.recommend !== undefined);
  const mechanism = pickTop(voters, (vote) => vote.mechanism) ?? defaultMechanism(intent);
  const reply = mechanism === 'request-reply' ? (pickTop(voters, (vote) => vote.reply) ?? 'polling') : null;
  const ruleReasons = reasons.filter((reason) => reason.rule !== POSSIBILITIES_RULE_ID && reason.rule !== DEFAULT_RULE_ID);
  const asksSync = ruleReasons.some((reason) => reason.vote.sync === 'yes');
  const asksAsync = ruleReasons.some((reason) => reason.vote.async === 'yes' || reason.vote.mechanism !== undefined);
  const syncOnly: Parts = { sync: CALL, async: null, reply: null };
  const asyncOnly: Parts = { sync: null, async: mechanism, reply };
  const both: Parts = { sync: CALL, async: mechanism, reply };

  const options: ConsideredOption[] = [];
  const seen = new Set<string>();
  const add = (parts: Parts, isChosen: boolean): void => {
    const { style, mechanism: name } = describeParts(parts);
    const key = `${style} ${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    const pros: string[] = [];
    const cons: string[] = [];
    for (const reason of ruleReasons) {
      const stance = judgeVote(reason.vote, parts);
      if (stance === 'for') pros.push(reason.rule);
      else if (stance === 'against') cons.push(reason.rule);
    }
    options.push({ style, mechanism: name, chosen: isChosen, pros, cons });
  };
  add(chosen.combination.parts, true);
  if (asksSync) add(syncOnly, false);
  if (asksSync && asksAsync) add(both, false);
  if (asksAsync) add(asyncOnly, false);
  for (const question of openQuestions) {
    for (const alternative of question.alternatives) add(partsOf(alternative.mechanism), false);
  }
  if (options.length === 1) add(chosen.combination.style === 'sync' ? asyncOnly : syncOnly, false);
  return options;
}

/** The parts a decided mechanism names: 'call+request-reply:polling' has a call, a request-reply and polling. */
export function partsOf(mechanism: string): Parts {
  const [base = '', reply] = mechanism.split(':');
  const pieces = base.split('+');
  const hasCall = pieces[0] === CALL;
  const asyncPart = hasCall ? pieces[1] : pieces[0];
  return {
    sync: hasCall ? CALL : null,
    async: (asyncPart as Parts['async']) ?? null,
    reply: (reply as Parts['reply']) ?? null,
  };
}

/**
 * A question as the ADR lists it open: each of the given answers whose outcome (as
 * `outcomeWith` works it out) differs from the recommendation; undefined when none does.
 */
function describeOpenQuestion(
  question: Question,
  answers: readonly string[],
  outcome: Outcome,
  outcomeWith: (answer: string) => { style: Style; mechanism: string },
): OpenQuestion | undefined {
  const alternatives: Alternative[] = [];
  for (const answer of answers) {
    const given = outcomeWith(answer);
    if (given.style !== outcome.style || given.mechanism !== outcome.mechanism) {
      alternatives.push({ answer, style: given.style, mechanism: given.mechanism });
    }
  }
  return alternatives.length > 0 ? { question: question.id, prompt: question.prompt, alternatives, checklist: [] } : undefined;
}

/**
 * Per unknown question that the possibilities tried: for each of its answers, the outcome the
 * tree settles on with that answer given, where it differs from the recommendation.
 */
function listOpenQuestions(tree: PossibilityNode, outcome: Outcome, pack: Pack): OpenQuestion[] {
  return listTriedQuestions(tree, pack)
    .map((question) => describeOpenQuestion(question, question.answers, outcome, (answer) => settle(tree, { question: question.id, answer })))
    .filter((open): open is OpenQuestion => open !== undefined);
}

/**
 * The parties' kinds taken as a backend service: for each other kind, the outcome the
 * possibilities settle on with it given, where it differs from the recommendation.
 */
function listKindQuestions(tree: PossibilityNode, answers: Record<string, string>, outcome: Outcome, weighing: Weighing): OpenQuestion[] {
  return listAssumedKinds(tree, weighing.pack)
    .map((question) =>
      // The assumed kind is what the tree itself settled on.
      describeOpenQuestion(
        question,
        question.answers.filter((kind) => kind !== ASSUMED_KIND),
        outcome,
        (answer) => settle(explorePossibilities({ ...answers, [question.id]: answer }, weighing)),
      ),
    )
    .filter((open): open is OpenQuestion => open !== undefined);
}

/**
 * For an interaction whose answers say nothing yet: each question that applies, with the
 * answers that would change the plain starting point when given on their own.
 */
function listFirstQuestions(answers: Record<string, string>, outcome: Outcome, weighing: Weighing): OpenQuestion[] {
  return weighing.pack.questions
    .filter((question) => {
      const known = answers[question.id];
      return (known === undefined || known === UNKNOWN) && applies(question, answers, { numbers: weighing.numbers });
    })
    .map((question) =>
      describeOpenQuestion(
        question,
        question.answers,
        outcome,
        (answer) => explorePossibilities({ ...answers, [question.id]: answer }, weighing, false).possibility.combination,
      ),
    )
    .filter((open): open is OpenQuestion => open !== undefined);
}

interface Obligations {
  checklist: RequiredItem[];
  findings: Finding[];
  /** Questions whose unknown answer keeps a checklist item required. */
  openQuestions: OpenQuestion[];
}

/** Why a checklist item is required: each source, and the unknown answers it depends on (none: certain). */
interface Need {
  sources: Map<string, string[] | undefined>;
}

/**
 * The checklist items and findings the outcome brings: items of the style rules that fired
 * (required only until answered when they fired under assumed answers), items and findings of
 * the rules that read the outcome, and the items the style or mechanism itself needs. The
 * known answers decide them, with the recommended outcome; an unknown answer keeps an item
 * required until it is given.
 */
function collectObligations(
  interaction: Interaction,
  answers: Record<string, string>,
  chosen: Possibility,
  root: Possibility,
  context: DecisionContext,
): Obligations {
  const { pack } = context;
  const { combination } = chosen;
  const facts: Facts = {
    answers,
    numbers: interaction.numbers,
    outcome: { style: combination.style, mechanism: combination.base, reply: combination.parts.reply ?? undefined },
  };
  const needs = new Map<string, Need>();
  const need = (itemId: string, source: string, dependsOn: string[] | undefined): void => {
    if (!context.checklistIds.has(itemId)) return;
    let entry = needs.get(itemId);
    if (entry === undefined) {
      entry = { sources: new Map() };
      needs.set(itemId, entry);
    }
    const known = entry.sources.get(source);
    // A certain source stays certain; otherwise the unknowns add up.
    if (entry.sources.has(source) && known === undefined) return;
    entry.sources.set(source, dependsOn === undefined ? undefined : [...new Set([...(known ?? []), ...dependsOn])]);
  };

  const findings: Finding[] = [];
  const values = textValues(interaction, answers);
  const raise = (rule: Rule): void => {
    if (rule.finding === undefined) return;
    findings.push({
      rule: rule.id,
      severity: rule.finding.severity,
      message: fillText(rule.finding.message, values).trim(),
      interaction: interaction.id,
      location: interaction.location,
    });
  };

  // Style rules: their items are required when the known answers make the rule hold, and
  // until answered when they leave it open; a finding needs the rule to hold for certain.
  for (const rule of root.fired) {
    raise(rule);
    for (const itemId of rule.checklist) need(itemId, rule.id, undefined);
  }
  for (const { rule, unknowns } of root.open) {
    for (const itemId of rule.checklist) need(itemId, rule.id, questionsAmong(unknowns, context));
  }
  for (const rule of context.obligationRules) {
    const result = evaluateCondition(rule.when, facts);
    if (result.value === true) {
      raise(rule);
      for (const itemId of rule.checklist) need(itemId, rule.id, undefined);
    } else if (result.value === 'unknown') {
      for (const itemId of rule.checklist) need(itemId, rule.id, questionsAmong(result.unknowns, context));
    }
  }
  const mechanismParts = new Set(combination.mechanism.split(/[+:]/));
  for (const item of pack.checklist) {
    const neededByOutcome =
      item.needed_by.styles.includes(combination.style) || item.needed_by.mechanisms.some((part) => mechanismParts.has(part));
    if (!neededByOutcome) continue;
    if (item.when === undefined) {
      need(item.id, STYLE_SOURCE, undefined);
      continue;
    }
    const result = evaluateCondition(item.when, facts);
    if (result.value === true) need(item.id, STYLE_SOURCE, undefined);
    else if (result.value === 'unknown') need(item.id, STYLE_SOURCE, questionsAmong(result.unknowns, context));
  }

  const checklist: RequiredItem[] = [];
  const byQuestion = new Map<string, string[]>();
  const seenItems = new Set<string>();
  for (const item of pack.checklist) {
    const entry = needs.get(item.id);
    if (entry === undefined || seenItems.has(item.id)) continue;
    seenItems.add(item.id);
    checklist.push(describeNeed(item, entry, context));
    const required = checklist[checklist.length - 1] as RequiredItem;
    for (const question of required.depends_on_unknown ?? []) {
      const items = byQuestion.get(question) ?? [];
      items.push(item.id);
      byQuestion.set(question, items);
    }
  }
  findings.sort((a, b) => (context.ruleOrder.get(a.rule) ?? 0) - (context.ruleOrder.get(b.rule) ?? 0));

  const openQuestions: OpenQuestion[] = [];
  for (const question of pack.questions) {
    const items = byQuestion.get(question.id);
    if (items === undefined || !applies(question, answers, interaction)) continue;
    openQuestions.push({ question: question.id, prompt: question.prompt, alternatives: [], checklist: items });
  }
  return { checklist, findings, openQuestions };
}

/** The unknown inputs that are questions (numbers cannot be answered in the interview's sense). */
function questionsAmong(unknowns: readonly string[], context: DecisionContext): string[] {
  return unknowns.filter((name) => context.questionOrder.has(name) || NUMBER_NAMES.includes(name as NumberName));
}

function applies(question: Question, answers: Record<string, string>, interaction: Pick<Interaction, 'numbers'>): boolean {
  return question.ask_when === undefined || evaluateCondition(question.ask_when, { answers, numbers: interaction.numbers }).value !== false;
}

/**
 * An item as required: its sources ('style' first, then rules in pack order) and, when no
 * source is certain, the unknown answers that keep it required.
 */
function describeNeed(item: ChecklistItem, entry: Need, context: DecisionContext): RequiredItem {
  const rank = (source: string): number => (source === STYLE_SOURCE ? -1 : (context.ruleOrder.get(source) ?? 0));
  const sources = [...entry.sources.keys()].sort((a, b) => rank(a) - rank(b));
  const certain = sources.some((source) => entry.sources.get(source) === undefined);
  const required: RequiredItem = { id: item.id, title: item.title, why: item.why, verify: item.verify, required_by: sources };
  if (!certain) {
    const questions = new Set<string>();
    for (const source of sources) for (const question of entry.sources.get(source) ?? []) questions.add(question);
    const order = context.questionOrder;
    const numberRank = (name: string): number => context.pack.questions.length + NUMBER_NAMES.indexOf(name as NumberName);
    required.depends_on_unknown = [...questions].sort((a, b) => (order.get(a) ?? numberRank(a)) - (order.get(b) ?? numberRank(b)));
  }
  return required;
}

function roundShare(share: number): number {
  return Math.round(share * 1000) / 1000;
}

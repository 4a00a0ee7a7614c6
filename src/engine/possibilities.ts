/**
 * Unknown answers are weighed over their possible answers. Starting from what is known, the
 * unanswered question that keeps the most rules open is tried with each of its answers, then
 * the next one under each of those, until no open rule could change the outcome. That gives a
 * tree of possibilities, settled question by question:
 * a question's outcome is the one most of its answers lead to (each answer counts once), and a
 * tie goes to the safer one. Settling each question on its own keeps two unlikely answers of
 * two different questions (long work, live updates) from outweighing what the known answers say.
 */
import type { NumberName, Style } from '../model/answers.js';
import type { Pack, Question, Rule } from '../model/pack.js';
import type { Combination } from './combine.js';
import { combineVotes, STYLE_SAFETY, votesOnlyReply } from './combine.js';
import type { Truth } from './condition.js';
import { listConditionInputs, listUnknowns, truthOf } from './condition.js';

/** The kind a party not described is taken to be: the most common one. */
export const ASSUMED_KIND = 'service';

/**
 * Whether the possibilities weigh a question over its answers. A party's kind is not weighed:
 * kinds are far from equally likely (most parties are backend services), and weighing a browser,
 * a gateway, a partner and a read model alike would let the rare kinds outvote the common one.
 * An unknown kind is taken to be ASSUMED_KIND instead, as an assumption the reasons name; the
 * open questions say what each other kind would change.
 */
export function isWeighed(question: Question): boolean {
  return !((question.derive === 'caller.kind' || question.derive === 'callee.kind') && question.answers.includes(ASSUMED_KIND));
}

/** The answers the possibilities try for a question. */
function answersTried(question: Question): readonly string[] {
  return isWeighed(question) ? question.answers : [ASSUMED_KIND];
}

/** At most this many possibilities are weighed per interaction; beyond, the rest stay unknown. */
export const MAX_POSSIBILITIES = 256;

export interface Possibility {
  /** The known answers plus the assumed ones. */
  answers: Record<string, string>;
  /** Question id -> the answer assumed for it on the way to this possibility. */
  assumed: Record<string, string>;
  /** The share of all possible answers this possibility stands for (each answer of a question alike). */
  weight: number;
  /** Per style rule (in the order of Weighing.styleRules): the value of its condition here. */
  results: Truth[];
  /** Per style rule: for an unknown value, the inputs that leave it unknown. */
  unknownsByRule: readonly (readonly string[] | undefined)[];
  /** The style rules whose condition holds, in pack order. */
  fired: Rule[];
  /** The style rules whose condition is unknown, with the inputs that leave it unknown. */
  open: { rule: Rule; unknowns: string[] }[];
  combination: Combination;
}

/** A possibility, and where an unknown question was tried, one child per answer (in answer order). */
export interface PossibilityNode {
  possibility: Possibility;
  question?: Question;
  children?: PossibilityNode[];
  /** The tree reached MAX_POSSIBILITIES here: this node's open rules were left unknown. */
  truncated?: boolean;
  /** What settle() gave for this node with no question taken as answered, once worked out. */
  settled?: Outcome;
  /** The questions tried at or below this node, once worked out. */
  tried?: ReadonlySet<string>;
}

/** What the engine needs to weigh the possibilities of one interaction. */
export interface Weighing {
  pack: Pack;
  styleRules: readonly Rule[];
  /** Per question id: the indices of the style rules whose condition reads its answer. */
  readers: ReadonlyMap<string, readonly number[]>;
  numbers: Partial<Record<NumberName, number>>;
}

/** For Weighing.readers: which style rules read each answer. */
export function listReaders(styleRules: readonly Rule[]): Map<string, number[]> {
  const readers = new Map<string, number[]>();
  styleRules.forEach((rule, index) => {
    for (const answer of listConditionInputs(rule.when).answers) {
      const list = readers.get(answer) ?? [];
      list.push(index);
      readers.set(answer, list);
    }
  });
  return readers;
}

/**
 * The tree of possibilities, grown breadth first: a level is expanded only while the leaves
 * stay within MAX_POSSIBILITIES, so a file full of unknowns is weighed evenly to some depth
 * rather than deeply along its first question. With `weigh` false, only what is known counts.
 */
export function explorePossibilities(answers: Record<string, string>, weighing: Weighing, weigh = true): PossibilityNode {
  const root: PossibilityNode = { possibility: evaluate(answers, {}, 1, weighing, undefined) };
  if (!weigh) return root;
  let level: PossibilityNode[] = [root];
  let leaves = 1;
  for (;;) {
    const branching: { node: PossibilityNode; question: Question }[] = [];
    for (const node of level) {
      const question = pickQuestion(node.possibility, weighing);
      if (question !== undefined) branching.push({ node, question });
    }
    if (branching.length === 0) return root;
    const grown = leaves + branching.reduce((sum, { question }) => sum + answersTried(question).length - 1, 0);
    if (grown > MAX_POSSIBILITIES) {
      for (const { node } of branching) node.truncated = true;
      return root;
    }
    leaves = grown;
    level = [];
    for (const { node, question } of branching) {
      const { possibility } = node;
      const tried = answersTried(question);
      const share = possibility.weight / tried.length;
      node.question = question;
      node.children = tried.map((answer) => ({
        possibility: evaluate(
          { ...possibility.answers, [question.id]: answer },
          { ...possibility.assumed, [question.id]: answer },
          share,
          weighing,
          { parent: possibility, question: question.id },
        ),
      }));
      level.push(...node.children);
    }
  }
}

/**
 * The rules' results for a set of answers. A possibility that differs from its parent by one
 * assumed answer only needs the rules that read that answer evaluated again; the others keep
 * their parent's result and, when open, the inputs that keep them open.
 */
function evaluate(
  answers: Record<string, string>,
  assumed: Record<string, string>,
  weight: number,
  weighing: Weighing,
  from: { parent: Possibility; question: string } | undefined,
): Possibility {
  const facts = { answers, numbers: weighing.numbers };
  const { styleRules } = weighing;
  const parent = from?.parent;
  let results: Truth[];
  let unknownsByRule: (readonly string[] | undefined)[];
  if (parent === undefined) {
    results = styleRules.map((rule) => truthOf(rule.when, facts));
    unknownsByRule = styleRules.map((rule, index) => (results[index] === 'unknown' ? listUnknowns(rule.when, facts) : undefined));
  } else {
    results = parent.results.slice();
    unknownsByRule = parent.unknownsByRule.slice();
    for (const index of weighing.readers.get(from!.question) ?? []) {
      const { when } = styleRules[index] as Rule;
      const value = truthOf(when, facts);
      results[index] = value;
      unknownsByRule[index] = value === 'unknown' ? listUnknowns(when, facts) : undefined;
    }
  }
  const fired: Rule[] = [];
  const open: Possibility['open'] = [];
  styleRules.forEach((rule, index) => {
    const value = results[index];
    if (value === true) fired.push(rule);
    else if (value === 'unknown') open.push({ rule, unknowns: unknownsByRule[index] as string[] });
  });
  return { answers, assumed, weight, results, unknownsByRule, fired, open, combination: combineVotes(fired, answers['intent']) };
}

/**
 * The question to try next: of the unknown answers that keep open a rule whose vote could
 * change the outcome, the one most such rules wait on (the first in ask order among equals),
 * if it applies for certain (its ask_when holds; a question whose applicability itself depends
 * on unknown answers is not weighed, and the rules reading it stay open). A rule that only picks
 * a reply channel matters only where a request-reply is decided.
 */
function pickQuestion(possibility: Possibility, weighing: Weighing): Question | undefined {
  const facts = { answers: possibility.answers, numbers: weighing.numbers };
  const { open } = possibility;
  if (open.length === 0) return undefined;
  // Where a request-reply is only possible so far, its reply channel waits until a branch decides it.
  const replyMatters = possibility.combination.parts.async === 'request-reply';
  // How many of the rules that matter each unknown answer keeps open.
  const wanted = new Map<string, number>();
  const intent = possibility.answers['intent'];
  for (const { rule, unknowns } of open) {
    // Rules that only add checklist items or a finding cannot change the outcome.
    if (rule.recommend === undefined) continue;
    if (votesOnlyReply(rule.recommend) && !replyMatters) continue;
    // Nor can a vote that, added to what already holds, would change nothing.
    if (!votesOnlyReply(rule.recommend)) {
      const added = combineVotes([...possibility.fired, rule], intent);
      const current = possibility.combination;
      if (added.mechanism === current.mechanism && added.style === current.style && added.isDefault === current.isDefault) continue;
    }
    for (const name of unknowns) wanted.set(name, (wanted.get(name) ?? 0) + 1);
  }
  // The question most of them wait on first (in ask order among equals): its answers settle the
  // most rules at once, which keeps the tree small and its first question the weightiest.
  let best: Question | undefined;
  let bestCount = 0;
  for (const question of weighing.pack.questions) {
    const count = wanted.get(question.id) ?? 0;
    if (count <= bestCount || Object.hasOwn(possibility.assumed, question.id)) continue;
    if (question.ask_when !== undefined && truthOf(question.ask_when, facts) !== true) continue;
    best = question;
    bestCount = count;
  }
  return best;
}

/** The outcome a node settles on. */
export interface Outcome {
  style: Style;
  mechanism: string;
  /** Somewhere on the way, the answers of a question split evenly and the safer outcome was taken. */
  saferTaken: boolean;
}

/** Where a question is taken as answered, to see what that answer would change. */
export interface Fixed {
  question: string;
  answer: string;
}

/**
 * The outcome of a node: a leaf's own, or what most answers of the node's question lead to.
 * The style comes first: the one most answers lead to, or, when the two most frequent tie, the
 * safer of them; then, among the answers that lead to that style, the mechanism most of them
 * lead to. A tie between mechanisms goes to the one the answers known at the node give on
 * their own, if it is among them, else to the answer asked first. `fixed` takes one question
 * as answered.
 */
export function settle(node: PossibilityNode, fixed?: Fixed): Outcome {
  // Below a node that never tries the fixed question, fixing it changes nothing.
  if (fixed === undefined || !triedBelow(node).has(fixed.question)) {
    node.settled ??= settleNode(node, undefined);
    return node.settled;
  }
  return settleNode(node, fixed);
}

/** The questions tried at or below a node. */
function triedBelow(node: PossibilityNode): ReadonlySet<string> {
  if (node.tried !== undefined) return node.tried;
  const tried = new Set<string>();
  if (node.question !== undefined) tried.add(node.question.id);
  for (const child of node.children ?? []) for (const id of triedBelow(child)) tried.add(id);
  node.tried = tried;
  return tried;
}

function settleNode(node: PossibilityNode, fixed: Fixed | undefined): Outcome {
  const { children, question } = node;
  if (children === undefined || question === undefined) {
    const { style, mechanism } = node.possibility.combination;
    return { style, mechanism, saferTaken: false };
  }
  if (fixed !== undefined && question.id === fixed.question) {
    const index = answersTried(question).indexOf(fixed.answer);
    return settle(children[index] ?? (children[0] as PossibilityNode), fixed);
  }
  const outcomes = children.map((child) => settle(child, fixed));
  const byStyle = new Map<Style, number>();
  for (const outcome of outcomes) byStyle.set(outcome.style, (byStyle.get(outcome.style) ?? 0) + 1);
  const ranked = [...byStyle.entries()].sort(([a, countA], [b, countB]) => countB - countA || STYLE_SAFETY.indexOf(a) - STYLE_SAFETY.indexOf(b));
  const [first, second] = ranked as [[Style, number], ...[Style, number][]];
  const tie = second !== undefined && second[1] === first[1];
  const style = first[0];
  const byMechanism = new Map<string, number>();
  for (const outcome of outcomes) {
    if (outcome.style === style) byMechanism.set(outcome.mechanism, (byMechanism.get(outcome.mechanism) ?? 0) + 1);
  }
  let mechanism = '';
  let best = 0;
  for (const [candidate, count] of byMechanism) {
    if (count > best) {
      mechanism = candidate;
      best = count;
    }
  }
  const known = node.possibility.combination;
  if (known.style === style && byMechanism.get(known.mechanism) === best) mechanism = known.mechanism;
  // A tie that only some of the answers leading here went through does not make this one uncertain.
  const leading = outcomes.filter((outcome) => outcome.style === style && outcome.mechanism === mechanism);
  return { style, mechanism, saferTaken: tie || leading.every((outcome) => outcome.saferTaken) };
}

/** Whether the tree stopped growing before every open question was tried. */
export function isTruncated(node: PossibilityNode): boolean {
  if (node.truncated === true) return true;
  return node.children?.some(isTruncated) ?? false;
}

/** Every leaf, in tree order. */
export function listLeaves(node: PossibilityNode): Possibility[] {
  if (node.children === undefined) return [node.possibility];
  return node.children.flatMap(listLeaves);
}

/**
 * The possibility that stands for the outcome: down from the root, the first answer whose own
 * outcome is the node's, to a leaf with exactly that outcome.
 */
export function findRepresentative(node: PossibilityNode, outcome: Outcome): Possibility {
  if (node.children === undefined) return node.possibility;
  const matching = node.children.filter((candidate) => {
    const settled = settle(candidate);
    return settled.style === outcome.style && settled.mechanism === outcome.mechanism;
  });
  // Prefer an answer that leads there without a tie on the way.
  const child = matching.find((candidate) => !settle(candidate).saferTaken) ?? matching[0];
  return findRepresentative(child ?? (node.children[0] as PossibilityNode), outcome);
}

/** The kind questions the tree took as ASSUMED_KIND because a rule that mattered waited on them, in pack order. */
export function listAssumedKinds(node: PossibilityNode, pack: Pack): Question[] {
  const tried = triedBelow(node);
  return pack.questions.filter((question) => tried.has(question.id) && !isWeighed(question));
}

/** The questions the tree weighed over their answers, in pack order. */
export function listTriedQuestions(node: PossibilityNode, pack: Pack): Question[] {
  // A kind taken as ASSUMED_KIND is an assumption, not a question weighed over its answers.
  const tried = triedBelow(node);
  return pack.questions.filter((question) => tried.has(question.id) && isWeighed(question));
}

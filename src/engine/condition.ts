/**
 * The condition matcher: three-valued (Kleene) logic over answers, numbers and, after the
 * style is chosen, the outcome. An unanswered question is neither true nor false, and the
 * caller learns which inputs kept a condition open so it can ask about them.
 */
import type { NumberName, Style } from '../model/answers.js';
import { UNKNOWN } from '../model/answers.js';
import type { Condition, LeafOps, OutcomeName, Scalar } from '../model/pack.js';

export type Truth = true | false | 'unknown';

/** What the engine has decided, as outcome leaves see it. `mechanism` is the base, without reply. */
export interface Outcome {
  style: Style;
  mechanism: string;
  reply?: string;
}

export interface Facts {
  answers: Record<string, string>;
  numbers: Partial<Record<NumberName, number>>;
  outcome?: Outcome;
}

export interface Evaluation {
  value: Truth;
  /** Question ids and number names whose absence made the value unknown; empty unless unknown. */
  unknowns: string[];
}

/** The value of a condition, and when it is unknown, the inputs that left it unknown. */
export function evaluateCondition(condition: Condition, facts: Facts): Evaluation {
  const value = truthOf(condition, facts);
  return { value, unknowns: value === 'unknown' ? listUnknowns(condition, facts) : [] };
}

/** For a condition whose value is unknown: the inputs that leave it unknown, in condition order. */
export function listUnknowns(condition: Condition, facts: Facts): string[] {
  const unknowns: string[] = [];
  collectUnknowns(condition, facts, unknowns);
  return unknowns;
}

/**
 * The value of a condition alone (Kleene logic): `all` is false as soon as one part is false,
 * `any` true as soon as one part is true, and otherwise unknown when a part is.
 *
 * A rule's condition is read thousands of times in a large file, so each condition is turned
 * once into a function that knows its own shape (which operator, which input) and is kept
 * beside it; a condition must not be changed after it was first read.
 */
export function truthOf(condition: Condition, facts: Facts): Truth {
  return compile(condition)(facts);
}

type Compiled = (facts: Facts) => Truth;

const compiled = new WeakMap<Condition, Compiled>();

function compile(condition: Condition): Compiled {
  let known = compiled.get(condition);
  if (known === undefined) {
    known = build(condition);
    compiled.set(condition, known);
  }
  return known;
}

function build(condition: Condition): Compiled {
  if ('all' in condition) return buildJunction(condition.all, false);
  if ('any' in condition) return buildJunction(condition.any, true);
  if ('not' in condition) {
    const part = compile(condition.not);
    return (facts) => {
      const value = part(facts);
      return value === 'unknown' ? value : !value;
    };
  }
  if ('answer' in condition) {
    const name = condition.answer;
    const test = buildLeaf(condition, name, true);
    return (facts) => {
      const raw = Object.hasOwn(facts.answers, name) ? facts.answers[name] : undefined;
      return test(raw === UNKNOWN ? undefined : raw);
    };
  }
  if ('number' in condition) {
    const name = condition.number;
    const test = buildLeaf(condition, name, true);
    return (facts) => test(facts.numbers[name]);
  }
  if ('outcome' in condition) {
    const name = condition.outcome;
    const test = buildLeaf(condition, name, false);
    // Outside the obligation phase there is no outcome yet, so nothing can be said about it;
    // once decided, an outcome is always known, and a missing reply means "no reply channel".
    return (facts) => (facts.outcome === undefined ? 'unknown' : test(readOutcome(facts.outcome, name)));
  }
  throw new Error('condition has none of all, any, not, answer, number, outcome');
}

/**
 * Appends, each once and in condition order, the inputs that leave an unknown condition
 * unknown. An unknown all/any was decided by none of its parts, so every unknown part counts.
 */
function collectUnknowns(condition: Condition, facts: Facts, into: string[]): void {
  if ('all' in condition || 'any' in condition) {
    const children = 'all' in condition ? condition.all : condition.any;
    for (const child of children) if (truthOf(child, facts) === 'unknown') collectUnknowns(child, facts, into);
    return;
  }
  if ('not' in condition) {
    collectUnknowns(condition.not, facts, into);
    return;
  }
  const name = 'answer' in condition ? condition.answer : 'number' in condition ? condition.number : 'outcome' in condition ? `outcome.${condition.outcome}` : '';
  if (!into.includes(name)) into.push(name);
}

function readOutcome(outcome: Outcome, name: OutcomeName): string | undefined {
  if (name === 'style') return outcome.style;
  if (name === 'mechanism') return outcome.mechanism;
  return outcome.reply;
}

/**
 * `all` (decided by a false part) or `any` (decided by a true part): the first part with the
 * deciding value gives it; otherwise an unknown part leaves the whole unknown, and with none the
 * whole is the other value.
 */
function buildJunction(children: readonly Condition[], decisive: boolean): Compiled {
  const parts = children.map(compile);
  return (facts) => {
    let sawUnknown = false;
    for (const part of parts) {
      const value = part(facts);
      if (value === decisive) return decisive;
      if (value === 'unknown') sawUnknown = true;
    }
    return sawUnknown ? 'unknown' : !decisive;
  };
}

/**
 * The test of a leaf's one operator on the value it reads. `absentIsUnknown` is true for answers
 * and numbers (not given = not known) and false for outcomes, where a missing reply is a known
 * fact.
 */
function buildLeaf(ops: LeafOps, name: string, absentIsUnknown: boolean): (actual: Scalar | undefined) => Truth {
  const { exists, eq, ne, nin, lt, lte, gt, gte } = ops;
  const list = ops.in;
  if (exists !== undefined) return (actual) => (actual !== undefined) === exists;
  const test = ((): ((actual: Scalar | undefined) => boolean) => {
    if (eq !== undefined) return (actual) => actual !== undefined && sameScalar(actual, eq);
    if (ne !== undefined) return (actual) => actual === undefined || !sameScalar(actual, ne);
    if (list !== undefined) return (actual) => actual !== undefined && list.some((item) => sameScalar(actual, item));
    if (nin !== undefined) return (actual) => actual === undefined || !nin.some((item) => sameScalar(actual, item));
    if (lt !== undefined) return (actual) => typeof actual === 'number' && actual < lt;
    if (lte !== undefined) return (actual) => typeof actual === 'number' && actual <= lte;
    if (gt !== undefined) return (actual) => typeof actual === 'number' && actual > gt;
    if (gte !== undefined) return (actual) => typeof actual === 'number' && actual >= gte;
    throw new Error(`condition on ${name} has no operator`);
  })();
  return absentIsUnknown ? (actual) => (actual === undefined ? 'unknown' : test(actual)) : test;
}

function sameScalar(actual: Scalar, expected: Scalar): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return actual === expected;
  return String(actual) === String(expected);
}

/** The answers, numbers and outcomes a condition reads, each sorted (for checks such as "ask_when may not read outcomes"). */
export function listConditionInputs(condition: Condition): { answers: string[]; numbers: NumberName[]; outcomes: OutcomeName[] } {
  const answers = new Set<string>();
  const numbers = new Set<NumberName>();
  const outcomes = new Set<OutcomeName>();
  const pending: Condition[] = [condition];
  while (pending.length > 0) {
    const next = pending.pop() as Condition;
    if ('all' in next) pending.push(...next.all);
    else if ('any' in next) pending.push(...next.any);
    else if ('not' in next) pending.push(next.not);
    else if ('answer' in next) answers.add(next.answer);
    else if ('number' in next) numbers.add(next.number);
    else if ('outcome' in next) outcomes.add(next.outcome);
  }
  return { answers: [...answers].sort(), numbers: [...numbers].sort(), outcomes: [...outcomes].sort() };
}

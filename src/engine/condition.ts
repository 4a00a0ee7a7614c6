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
 */
export function truthOf(condition: Condition, facts: Facts): Truth {
  if ('all' in condition) {
    let sawUnknown = false;
    for (const child of condition.all) {
      const value = truthOf(child, facts);
      if (value === false) return false;
      if (value === 'unknown') sawUnknown = true;
    }
    return sawUnknown ? 'unknown' : true;
  }
  if ('any' in condition) {
    let sawUnknown = false;
    for (const child of condition.any) {
      const value = truthOf(child, facts);
      if (value === true) return true;
      if (value === 'unknown') sawUnknown = true;
    }
    return sawUnknown ? 'unknown' : false;
  }
  if ('not' in condition) {
    const value = truthOf(condition.not, facts);
    return value === 'unknown' ? value : !value;
  }
  if ('answer' in condition) {
    const raw = Object.hasOwn(facts.answers, condition.answer) ? facts.answers[condition.answer] : undefined;
    return leafTruth(condition, raw === UNKNOWN ? undefined : raw, condition.answer, true);
  }
  if ('number' in condition) return leafTruth(condition, facts.numbers[condition.number], condition.number, true);
  if ('outcome' in condition) {
    // Outside the obligation phase there is no outcome yet, so nothing can be said about it;
    // once decided, an outcome is always known, and a missing reply means "no reply channel".
    if (facts.outcome === undefined) return 'unknown';
    return leafTruth(condition, readOutcome(facts.outcome, condition.outcome), condition.outcome, false);
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
 * `absentIsUnknown` is true for answers and numbers (not given = not known) and false for
 * outcomes, where a missing reply is a known fact.
 */
function leafTruth(ops: LeafOps, actual: Scalar | undefined, name: string, absentIsUnknown: boolean): Truth {
  if (ops.exists !== undefined) return (actual !== undefined) === ops.exists;
  if (actual === undefined && absentIsUnknown) return 'unknown';
  if (ops.eq !== undefined) return actual !== undefined && sameScalar(actual, ops.eq);
  if (ops.ne !== undefined) return actual === undefined || !sameScalar(actual, ops.ne);
  if (ops.in !== undefined) return actual !== undefined && ops.in.some((item) => sameScalar(actual, item));
  if (ops.nin !== undefined) return actual === undefined || !ops.nin.some((item) => sameScalar(actual, item));
  if (typeof actual !== 'number') return false;
  if (ops.lt !== undefined) return actual < ops.lt;
  if (ops.lte !== undefined) return actual <= ops.lte;
  if (ops.gt !== undefined) return actual > ops.gt;
  if (ops.gte !== undefined) return actual >= ops.gte;
  throw new Error(`condition on ${name} has no operator`);
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

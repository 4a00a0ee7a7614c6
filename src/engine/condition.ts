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

export function evaluateCondition(condition: Condition, facts: Facts): Evaluation {
  if ('all' in condition) return combineAll(condition.all, facts);
  if ('any' in condition) return combineAny(condition.any, facts);
  if ('not' in condition) return negate(evaluateCondition(condition.not, facts));
  if ('answer' in condition) {
    const raw = Object.hasOwn(facts.answers, condition.answer) ? facts.answers[condition.answer] : undefined;
    const value = raw === undefined || raw === UNKNOWN ? undefined : raw;
    return evaluateLeaf(condition, value, condition.answer, true);
  }
  if ('number' in condition) {
    return evaluateLeaf(condition, facts.numbers[condition.number], condition.number, true);
  }
  if ('outcome' in condition) {
    const outcome = facts.outcome;
    // Outside the obligation phase there is no outcome yet: nothing can be said about it.
    if (outcome === undefined) return { value: 'unknown', unknowns: [`outcome.${condition.outcome}`] };
    // Once decided, an outcome is always known; a missing reply means "no reply channel".
    return evaluateLeaf(condition, readOutcome(outcome, condition.outcome), condition.outcome, false);
  }
  throw new Error('condition has none of all, any, not, answer, number, outcome');
}

function readOutcome(outcome: Outcome, name: OutcomeName): string | undefined {
  if (name === 'style') return outcome.style;
  if (name === 'mechanism') return outcome.mechanism;
  return outcome.reply;
}

function combineAll(children: readonly Condition[], facts: Facts): Evaluation {
  const unknowns: string[] = [];
  let sawUnknown = false;
  for (const child of children) {
    const result = evaluateCondition(child, facts);
    if (result.value === false) return truth(false);
    if (result.value === 'unknown') {
      sawUnknown = true;
      unknowns.push(...result.unknowns);
    }
  }
  return sawUnknown ? { value: 'unknown', unknowns: uniqueInOrder(unknowns) } : truth(true);
}

function combineAny(children: readonly Condition[], facts: Facts): Evaluation {
  const unknowns: string[] = [];
  let sawUnknown = false;
  for (const child of children) {
    const result = evaluateCondition(child, facts);
    if (result.value === true) return truth(true);
    if (result.value === 'unknown') {
      sawUnknown = true;
      unknowns.push(...result.unknowns);
    }
  }
  return sawUnknown ? { value: 'unknown', unknowns: uniqueInOrder(unknowns) } : truth(false);
}

function negate(result: Evaluation): Evaluation {
  if (result.value === 'unknown') return result;
  return truth(!result.value);
}

/**
 * `absentIsUnknown` is true for answers and numbers (not given = not known) and false for
 * outcomes, where a missing reply is a known fact.
 */
function evaluateLeaf(ops: LeafOps, actual: Scalar | undefined, name: string, absentIsUnknown: boolean): Evaluation {
  if (ops.exists !== undefined) return truth((actual !== undefined) === ops.exists);
  if (actual === undefined && absentIsUnknown) return { value: 'unknown', unknowns: [name] };
  if (ops.eq !== undefined) return truth(actual !== undefined && sameScalar(actual, ops.eq));
  if (ops.ne !== undefined) return truth(actual === undefined || !sameScalar(actual, ops.ne));
  if (ops.in !== undefined) return truth(actual !== undefined && ops.in.some((item) => sameScalar(actual, item)));
  if (ops.nin !== undefined) return truth(actual === undefined || !ops.nin.some((item) => sameScalar(actual, item)));
  if (typeof actual !== 'number') return truth(false);
  if (ops.lt !== undefined) return truth(actual < ops.lt);
  if (ops.lte !== undefined) return truth(actual <= ops.lte);
  if (ops.gt !== undefined) return truth(actual > ops.gt);
  if (ops.gte !== undefined) return truth(actual >= ops.gte);
  throw new Error(`condition on ${name} has no operator`);
}

function sameScalar(actual: Scalar, expected: Scalar): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return actual === expected;
  return String(actual) === String(expected);
}

function truth(value: boolean): Evaluation {
  return { value, unknowns: [] };
}

function uniqueInOrder(values: readonly string[]): string[] {
  return [...new Set(values)];
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

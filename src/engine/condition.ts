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

/**
 * The facts as a compiled condition reads them: answers by slot (see compileCondition),
 * already normalised so that a missing or `unknown` answer is undefined.
 */
export interface SlotFacts {
  answers: readonly (string | undefined)[];
  numbers: Partial<Record<NumberName, number>>;
  outcome?: Outcome;
}

/**
 * A condition turned into closures once per pack, so that deciding thousands of interactions
 * neither walks the data shape with `in` checks nor allocates a result per node. It gives
 * the same answers as evaluateCondition on the same facts.
 */
export interface CompiledCondition {
  /** The value alone; allocates nothing. */
  evaluate(facts: SlotFacts): Truth;
  /**
   * Appends to `into`, each once and in the order evaluateCondition lists them, the inputs
   * that made the condition unknown. Only meaningful when evaluate gave 'unknown'.
   */
  collectUnknowns(facts: SlotFacts, into: string[]): void;
}

/**
 * Compiles a condition; `slotOf` gives the position of a question's answer in
 * SlotFacts.answers. A malformed condition throws when it is evaluated, as evaluateCondition
 * does, not when it is compiled.
 */
export function compileCondition(condition: Condition, slotOf: (question: string) => number): CompiledCondition {
  if ('all' in condition) return compileAll(condition.all.map((child) => compileCondition(child, slotOf)));
  if ('any' in condition) return compileAny(condition.any.map((child) => compileCondition(child, slotOf)));
  if ('not' in condition) return compileNot(compileCondition(condition.not, slotOf));
  if ('answer' in condition) {
    const slot = slotOf(condition.answer);
    return compileAnswerLeaf(condition, condition.answer, slot) ?? compileLeaf(condition, condition.answer, (facts) => facts.answers[slot], true);
  }
  if ('number' in condition) {
    const name = condition.number;
    return compileNumberLeaf(condition, name) ?? compileLeaf(condition, name, (facts) => facts.numbers[name], true);
  }
  if ('outcome' in condition) {
    const name = condition.outcome;
    const special = compileOutcomeLeaf(condition, name);
    if (special !== undefined) return special;
    const leaf = compileLeaf(condition, name, (facts) => readOutcome(facts.outcome as Outcome, name), false);
    const missing = `outcome.${name}`;
    return {
      evaluate: (facts) => (facts.outcome === undefined ? 'unknown' : leaf.evaluate(facts)),
      collectUnknowns: (facts, into) => {
        if (facts.outcome === undefined) addOnce(into, missing);
      },
    };
  }
  const fail = (): never => {
    throw new Error('condition has none of all, any, not, answer, number, outcome');
  };
  return { evaluate: fail, collectUnknowns: fail };
}

function compileAll(children: readonly CompiledCondition[]): CompiledCondition {
  return {
    evaluate: (facts) => {
      let sawUnknown = false;
      for (let index = 0; index < children.length; index += 1) {
        const value = (children[index] as CompiledCondition).evaluate(facts);
        if (value === false) return false;
        if (value === 'unknown') sawUnknown = true;
      }
      return sawUnknown ? 'unknown' : true;
    },
    collectUnknowns: (facts, into) => collectFromUnknownChildren(children, facts, into),
  };
}

function compileAny(children: readonly CompiledCondition[]): CompiledCondition {
  return {
    evaluate: (facts) => {
      let sawUnknown = false;
      for (let index = 0; index < children.length; index += 1) {
        const value = (children[index] as CompiledCondition).evaluate(facts);
        if (value === true) return true;
        if (value === 'unknown') sawUnknown = true;
      }
      return sawUnknown ? 'unknown' : false;
    },
    collectUnknowns: (facts, into) => collectFromUnknownChildren(children, facts, into),
  };
}

/** An unknown all/any evaluated every child (nothing decided it early), so every unknown child counts. */
function collectFromUnknownChildren(children: readonly CompiledCondition[], facts: SlotFacts, into: string[]): void {
  for (let index = 0; index < children.length; index += 1) {
    const child = children[index] as CompiledCondition;
    if (child.evaluate(facts) === 'unknown') child.collectUnknowns(facts, into);
  }
}

function compileNot(child: CompiledCondition): CompiledCondition {
  return {
    evaluate: (facts) => {
      const value = child.evaluate(facts);
      return value === 'unknown' ? value : !value;
    },
    collectUnknowns: (facts, into) => child.collectUnknowns(facts, into),
  };
}

function compileLeaf(
  ops: LeafOps,
  name: string,
  read: (facts: SlotFacts) => Scalar | undefined,
  absentIsUnknown: boolean,
): CompiledCondition {
  if (ops.exists !== undefined) {
    const wanted = ops.exists;
    return { evaluate: (facts) => (read(facts) !== undefined) === wanted, collectUnknowns: () => undefined };
  }
  const test = compileTest(ops, name);
  return {
    evaluate: (facts) => {
      const actual = read(facts);
      if (actual === undefined && absentIsUnknown) return 'unknown';
      return test(actual);
    },
    collectUnknowns: (facts, into) => {
      if (absentIsUnknown && read(facts) === undefined) addOnce(into, name);
    },
  };
}

/**
 * The common leaves `answer: x, eq: text` and `answer: x, in: [texts]` without the generic
 * read-then-test indirection; undefined for any other leaf.
 */
function compileAnswerLeaf(ops: LeafOps, name: string, slot: number): CompiledCondition | undefined {
  if (ops.exists !== undefined) return undefined;
  const collectUnknowns = (facts: SlotFacts, into: string[]): void => {
    if (facts.answers[slot] === undefined) addOnce(into, name);
  };
  if (ops.eq !== undefined && typeof ops.eq === 'string') {
    const text = ops.eq;
    return {
      evaluate: (facts) => {
        const actual = facts.answers[slot];
        if (actual === undefined) return 'unknown';
        return typeof actual === 'string' ? actual === text : String(actual) === text;
      },
      collectUnknowns,
    };
  }
  if (ops.eq === undefined && ops.ne === undefined && ops.in !== undefined && ops.in.every((item) => typeof item === 'string')) {
    const texts = ops.in as string[];
    return {
      evaluate: (facts) => {
        const actual = facts.answers[slot];
        if (actual === undefined) return 'unknown';
        return texts.includes(typeof actual === 'string' ? actual : String(actual));
      },
      collectUnknowns,
    };
  }
  return undefined;
}

/** Number leaves with `exists` or one comparison, without the generic read-then-test indirection. */
function compileNumberLeaf(ops: LeafOps, name: NumberName): CompiledCondition | undefined {
  const collectUnknowns = (facts: SlotFacts, into: string[]): void => {
    if (facts.numbers[name] === undefined) addOnce(into, name);
  };
  if (ops.exists !== undefined) {
    const wanted = ops.exists;
    return { evaluate: (facts) => (facts.numbers[name] !== undefined) === wanted, collectUnknowns: () => undefined };
  }
  if (ops.eq !== undefined || ops.ne !== undefined || ops.in !== undefined || ops.nin !== undefined) return undefined;
  const { lt, lte, gt, gte } = ops;
  let test: ((actual: number) => boolean) | undefined;
  if (lt !== undefined) test = (actual) => actual < lt;
  else if (lte !== undefined) test = (actual) => actual <= lte;
  else if (gt !== undefined) test = (actual) => actual > gt;
  else if (gte !== undefined) test = (actual) => actual >= gte;
  if (test === undefined) return undefined;
  const compare = test;
  return {
    evaluate: (facts) => {
      const actual = facts.numbers[name];
      if (actual === undefined) return 'unknown';
      return typeof actual === 'number' && compare(actual);
    },
    collectUnknowns,
  };
}

/** Outcome leaves `eq: text` and `in: [texts]`, reading the outcome directly. */
function compileOutcomeLeaf(ops: LeafOps, name: OutcomeName): CompiledCondition | undefined {
  if (ops.exists !== undefined) return undefined;
  let texts: string[];
  if (ops.eq !== undefined && typeof ops.eq === 'string') texts = [ops.eq];
  else if (ops.eq === undefined && ops.ne === undefined && ops.in !== undefined && ops.in.every((item) => typeof item === 'string')) {
    texts = ops.in as string[];
  } else return undefined;
  const missing = `outcome.${name}`;
  const field = name === 'style' ? 0 : name === 'mechanism' ? 1 : 2;
  return {
    evaluate: (facts) => {
      const outcome = facts.outcome;
      // Outside the obligation phase there is no outcome yet; once decided, it is always known.
      if (outcome === undefined) return 'unknown';
      const actual = field === 0 ? outcome.style : field === 1 ? outcome.mechanism : outcome.reply;
      return actual !== undefined && texts.includes(actual);
    },
    collectUnknowns: (facts, into) => {
      if (facts.outcome === undefined) addOnce(into, missing);
    },
  };
}

/** The operator of a leaf, in the precedence evaluateLeaf gives them. */
function compileTest(ops: LeafOps, name: string): (actual: Scalar | undefined) => boolean {
  if (ops.eq !== undefined) {
    const matches = compileMatch(ops.eq);
    return (actual) => actual !== undefined && matches(actual);
  }
  if (ops.ne !== undefined) {
    const matches = compileMatch(ops.ne);
    return (actual) => actual === undefined || !matches(actual);
  }
  if (ops.in !== undefined) {
    const matchers = ops.in.map(compileMatch);
    return (actual) => actual !== undefined && matchers.some((matches) => matches(actual));
  }
  if (ops.nin !== undefined) {
    const matchers = ops.nin.map(compileMatch);
    return (actual) => actual === undefined || !matchers.some((matches) => matches(actual));
  }
  const { lt, lte, gt, gte } = ops;
  if (lt !== undefined) return (actual) => typeof actual === 'number' && actual < lt;
  if (lte !== undefined) return (actual) => typeof actual === 'number' && actual <= lte;
  if (gt !== undefined) return (actual) => typeof actual === 'number' && actual > gt;
  if (gte !== undefined) return (actual) => typeof actual === 'number' && actual >= gte;
  return (actual) => {
    if (typeof actual !== 'number') return false;
    throw new Error(`condition on ${name} has no operator`);
  };
}

/** sameScalar with the expected side prepared once. */
function compileMatch(expected: Scalar): (actual: Scalar) => boolean {
  const text = String(expected);
  if (typeof expected === 'number') {
    return (actual) => (typeof actual === 'number' ? actual === expected : String(actual) === text);
  }
  return (actual) => (typeof actual === 'string' ? actual === text : String(actual) === text);
}

function addOnce(into: string[], name: string): void {
  if (!into.includes(name)) into.push(name);
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

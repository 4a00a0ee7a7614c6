/**
 * A rule pack: questions, rules, checklist items and system-rule settings, all data.
 * The built-in pack lives in rules/; teams add their own with --rules DIR.
 */
import type { NumberName, SourceLocation, Style } from './answers.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * How the asynchronous part of an interaction travels. A decided mechanism is `call` for a
 * synchronous interaction, the asynchronous mechanism for an asynchronous one, and
 * `call+<mechanism>` for a hybrid; request-reply adds its reply channel after a colon
 * (`call+request-reply:polling`).
 */
export type AsyncMechanism = 'event' | 'queue' | 'request-reply' | 'webhook';
export const ASYNC_MECHANISMS: readonly AsyncMechanism[] = ['event', 'queue', 'request-reply', 'webhook'];
export type Reply = 'polling' | 'callback' | 'stream';
export const REPLIES: readonly Reply[] = ['polling', 'callback', 'stream'];
/** The synchronous part's mechanism. */
export const CALL = 'call';
/** Decided mechanisms without the reply channel, as outcome leaves compare them. */
export const BASE_MECHANISMS: readonly string[] = [CALL, ...ASYNC_MECHANISMS, ...ASYNC_MECHANISMS.map((mechanism) => `${CALL}+${mechanism}`)];

/**
 * The parts a decided mechanism is made of, used to match checklist items:
 * 'call+request-reply:polling' has the parts call, request-reply and polling.
 */
export type MechanismPart = typeof CALL | AsyncMechanism | Reply;
export const MECHANISM_PARTS: readonly MechanismPart[] = [CALL, ...ASYNC_MECHANISMS, ...REPLIES];

/** What a leaf reads from the decision (only in rules evaluated after the style is chosen). */
export type OutcomeName = 'style' | 'mechanism' | 'reply';

export type Scalar = string | number;

export interface LeafOps {
  eq?: Scalar;
  ne?: Scalar;
  in?: Scalar[];
  nin?: Scalar[];
  lt?: number;
  lte?: number;
  gt?: number;
  gte?: number;
  /** true: the answer is known (not missing, not unknown) / the number is given. */
  exists?: boolean;
}

/** Exactly one operator is set on a leaf (validated on load). */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ({ answer: string } & LeafOps)
  | ({ number: NumberName } & LeafOps)
  | ({ outcome: OutcomeName } & LeafOps);

export type QuestionType = 'yes_no' | 'choice';

export interface Question {
  id: string;
  /** The question as asked. */
  prompt: string;
  /** One line: why this matters. */
  help: string;
  type: QuestionType;
  /** Allowed answers; for yes_no always ['yes', 'no']. 'unknown' is always accepted too. */
  answers: string[];
  /** One line per answer, shown by the interview, keyed by answer. Optional. */
  answer_help: Record<string, string>;
  /** Ask only when this holds (three-valued: unknown means ask). */
  ask_when?: Condition;
  /** Where an unanswered question is read from instead; see Derivation. */
  derive?: Derivation;
  location: SourceLocation;
  pack: string;
}

/**
 * Where an unanswered question can be read from: 'latency' is yes when latency_p99_ms <=
 * latency_budget_ms; 'caller.kind' and 'callee.kind' are the kinds of the two services;
 * 'caller.reachable' is whether the caller can receive a callback; 'boundary' is the outermost
 * boundary of the two services (public, then partner, then internal).
 */
export type Derivation = 'latency' | 'caller.kind' | 'callee.kind' | 'caller.reachable' | 'boundary';
export const DERIVATIONS: readonly Derivation[] = ['latency', 'caller.kind', 'callee.kind', 'caller.reachable', 'boundary'];

/** Whether a question is read from the answers file's services section (every derivation but latency). */
export function isReadFromServices(question: Pick<Question, 'derive'>): boolean {
  return question.derive !== undefined && question.derive !== 'latency';
}

export type Weight = 'weak' | 'normal' | 'strong';
export const WEIGHT_POINTS: Readonly<Record<Weight, number>> = { weak: 1, normal: 2, strong: 3 };

/** A vote for or against a part of the interaction. */
export type PartVote = 'yes' | 'no';

/**
 * What a rule votes for: a synchronous part (a call the caller waits for), an asynchronous part
 * (work or reactions that come later), how the asynchronous part travels, and how the result
 * of a request-reply comes back. Every key is optional; at least one is given.
 */
export interface Recommendation {
  sync?: PartVote;
  async?: PartVote;
  mechanism?: AsyncMechanism;
  reply?: Reply;
}

export interface RuleFinding {
  severity: Severity;
  /** May use {{from}}, {{to}}, {{id}}, {{summary}}, the number names and question ids. */
  message: string;
}

export interface Rule {
  id: string;
  /** One line, used in listings. */
  title: string;
  when: Condition;
  /**
   * 'style' rules vote for the recommendation; 'obligation' rules run after the style is
   * chosen (they may read outcome leaves) and only add checklist items and findings.
   * Derived on load: a rule whose condition reads an outcome is an obligation rule.
   */
  phase: 'style' | 'obligation';
  recommend?: Recommendation;
  weight: Weight;
  /** The reason shown in the ADR when the rule fires; may use the same variables as messages. */
  reason: string;
  /** Checklist item ids this rule makes required when it fires. */
  checklist: string[];
  finding?: RuleFinding;
  location: SourceLocation;
  pack: string;
}

export interface NeededBy {
  styles: Style[];
  mechanisms: MechanismPart[];
}

export interface ChecklistItem {
  id: string;
  title: string;
  why: string;
  verify: string;
  /** Required for decisions whose style is in styles, or whose mechanism has one of the parts. */
  needed_by: NeededBy;
  /** And only where this holds (unknown: required, marked as depending on the unknown answers). */
  when?: Condition;
  location: SourceLocation;
  pack: string;
}

/** The whole-system rules the engine implements; packs configure them, never add code. */
export type SystemRuleId =
  | 'latency-budget-exceeded'
  | 'availability-below-target'
  | 'retry-amplification'
  | 'sync-fan-out'
  | 'sync-cycle'
  | 'fact-before-decision'
  | 'query-over-events'
  | 'async-hides-latency'
  | 'stale-read-for-strong-decision'
  | 'declared-style-drift';
export const SYSTEM_RULE_IDS: readonly SystemRuleId[] = [
  'latency-budget-exceeded',
  'availability-below-target',
  'retry-amplification',
  'sync-fan-out',
  'sync-cycle',
  'fact-before-decision',
  'query-over-events',
  'async-hides-latency',
  'stale-read-for-strong-decision',
  'declared-style-drift',
];

export interface SystemRule {
  id: SystemRuleId;
  title: string;
  severity: Severity;
  /** Text appended to every finding of this rule: what to do about it. */
  advice: string;
  location: SourceLocation;
  pack: string;
}

export interface PackSettings {
  /** retry-amplification fires when the worst request multiplication reaches this. */
  retry_amplification_threshold: number;
  /** sync-fan-out fires when one caller makes this many synchronous calls that could be reactions. */
  fan_out_threshold: number;
}

export const DEFAULT_SETTINGS: PackSettings = {
  retry_amplification_threshold: 10,
  fan_out_threshold: 3,
};

export interface PackInfo {
  name: string;
  description: string;
  dir: string;
}

/** All packs merged, in load order (built-in first). Disabled rules are already removed. */
export interface Pack {
  packs: PackInfo[];
  /** In ask order. */
  questions: Question[];
  rules: Rule[];
  checklist: ChecklistItem[];
  systemRules: SystemRule[];
  settings: PackSettings;
  /** Ids switched off by packs, with where they were switched off. */
  disabled: { id: string; location: SourceLocation; pack: string }[];
}

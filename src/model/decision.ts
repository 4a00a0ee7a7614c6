/**
 * What the engine decides: one recommendation per interaction, whole-system findings and a
 * summary. This is also the documented JSON output of `decide --format json`.
 */
import type { AnswersFile, Flow, Interaction, SourceLocation, Style } from './answers.js';
import type { AsyncMechanism, Pack, Recommendation, Reply, Severity, Weight } from './pack.js';

/**
 * high: every possible answer to the open questions gives the same style and mechanism, and no
 * strong reason argues against it. low: the style holds for at most half of the possible
 * answers, or nothing was said that decides anything, or it depends on open questions while a
 * strong reason argues against it. medium: everything in between.
 */
export type Confidence = 'high' | 'medium' | 'low';
export const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

/** The rule id of the reason given when nothing decided: the plain synchronous starting point. */
export const DEFAULT_RULE_ID = 'default';
/** The rule id of the reason given when the open questions' possible answers decided. */
export const POSSIBILITIES_RULE_ID = 'possible-answers';

/** The two parts of an interaction; the style follows from which exist. */
export interface Parts {
  /** 'call' when the caller waits for a synchronous part, else null. */
  sync: 'call' | null;
  /** How the asynchronous part travels, or null when there is none. */
  async: AsyncMechanism | null;
  /** How the result of a request-reply comes back, or null. */
  reply: Reply | null;
}

export interface Reason {
  /** Rule id; 'default' or 'possible-answers' for the engine's own reasons. */
  rule: string;
  /** 'for': agrees with the recommendation on every part it votes on; 'against': disagrees on one. */
  stance: 'for' | 'against';
  /** What the rule voted for (empty for the engine's own reasons). */
  vote: Recommendation;
  weight: Weight;
  text: string;
  /**
   * Present when the rule fires only under answers assumed for unknown questions (the most
   * likely possibility that gives the recommendation): question id -> assumed answer.
   */
  assuming?: Record<string, string>;
}

/** One option the rules weighed for an interaction: a style with its mechanism. */
export interface ConsideredOption {
  style: Style;
  mechanism: string;
  chosen: boolean;
  /** Rule ids of the reasons that support this option, strongest first. */
  pros: string[];
  /** Rule ids of the reasons that argue against it, strongest first. */
  cons: string[];
}

export interface RequiredItem {
  id: string;
  title: string;
  why: string;
  verify: string;
  /** Rule ids (or 'style' for items the style itself needs) that made the item required. */
  required_by: string[];
  /**
   * Present when the item is required only because an answer is unknown: the questions that,
   * once answered, may remove it.
   */
  depends_on_unknown?: string[];
}

export interface Alternative {
  /** The answer that was tried in place of unknown. */
  answer: string;
  style: Style;
  mechanism: string;
}

export interface OpenQuestion {
  question: string;
  prompt: string;
  /** How the recommendation would change, per answer that changes it. Empty when only the checklist depends on it. */
  alternatives: Alternative[];
  /** Checklist items that depend on this answer. */
  checklist: string[];
}

export interface InteractionDecision {
  id: string;
  from: string;
  to: string;
  summary: string;
  style: Style;
  /**
   * call for sync; event | queue | webhook | request-reply:<reply> for async;
   * call+<the same> for hybrid, where reply is polling | callback | stream.
   */
  mechanism: string;
  parts: Parts;
  confidence: Confidence;
  /**
   * The share (0 to 1) of the possible answers to the unanswered questions under which the
   * recommended style holds; 1 when no unknown answer could change it, 0 when the interaction's
   * answers say nothing yet (nothing was weighed).
   */
  support: number;
  /**
   * Rule ids of the main reason: one rule, or for a hybrid that no single rule explains, the
   * strongest reason for its synchronous part and the strongest for its asynchronous part.
   */
  main_reasons: string[];
  /** For first (strongest first, then pack order), then against. */
  reasons: Reason[];
  /** The chosen option first, then the others the rules weighed. */
  options: ConsideredOption[];
  checklist: RequiredItem[];
  declared?: Style;
  open_questions: OpenQuestion[];
  /** Answers after normalising and deriving, with 'derived' listing the derived ones. */
  answers: Record<string, string>;
  derived: string[];
  location: SourceLocation;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  interaction?: string;
  flow?: string;
  location?: SourceLocation;
}

export interface DecisionSummary {
  interactions: number;
  styles: Record<Style, number>;
  findings: Record<Severity, number>;
}

export interface Decision {
  interactions: InteractionDecision[];
  /** Sorted: severity (error, warning, info), then location line, then rule id, then message. */
  findings: Finding[];
  summary: DecisionSummary;
}

/** Everything decide() needs, passed in: the engine reads no clock, files or environment. */
export interface DecideInput {
  answers: AnswersFile;
  pack: Pack;
}

export type { AnswersFile, Flow, Interaction };

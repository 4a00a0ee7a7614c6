/**
 * What the engine decides: one recommendation per interaction, whole-system findings and a
 * summary. This is also the documented JSON output of `decide --format json`.
 */
import type { AnswersFile, Flow, Interaction, SourceLocation, Style } from './answers.js';
import type { Pack, Severity, Weight } from './pack.js';

export type Confidence = 'high' | 'medium' | 'low';

export interface Reason {
  /** Rule id; 'default' when no rule decided. */
  rule: string;
  /** 'for': supports the chosen style; 'against': argued for another style. */
  stance: 'for' | 'against';
  /** The style the rule voted for (undefined for rules that only chose a reply channel). */
  style?: Style;
  weight: Weight;
  text: string;
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
   * call | event | queue | request-reply:<reply> for async; call+event | call+queue |
   * call+request-reply:<reply> for hybrid, where reply is polling | callback | stream.
   */
  mechanism: string;
  confidence: Confidence;
  /** For first (strongest first, then pack order), then against. */
  reasons: Reason[];
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

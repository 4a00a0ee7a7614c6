/**
 * What the CI gate adds to a decision: acknowledged checklists and waivers from the answers
 * file, measured against the day the check runs. Pure: the date comes in as YYYY-MM-DD.
 */
import { STARTER_CONTEXT } from '../model/answers.js';
import type { AnswersFile, ChecklistAck, PlatformAck, SourceLocation, Waiver } from '../model/answers.js';
import type { Confidence, Decision, Finding, InteractionDecision } from '../model/decision.js';
import type { Severity } from '../model/pack.js';
import { coversInteraction, describeCoverage, findAcknowledgement } from './acknowledge.js';
import { compareFindings, placeFinding } from './findings.js';
import type { FindingPlace } from './findings.js';
import { checkTraces } from './trace-drift.js';
import type { ObservedSystem } from '../model/trace.js';
import { TRACE_RULES } from '../model/trace.js';

/** A finding as check reports it. */
export interface GateFinding extends Finding {
  /** Set when a waiver in the answers file covers the finding and has not expired. */
  waived?: { reason: string; until?: string; location: SourceLocation };
  /** For an ADR that drifted: the unified diff from the committed file to the expected one. */
  diff?: string;
}

/** The rules check adds to those of the packs, with what each means and what to do. */
export const GATE_RULES = {
  'checklist-missing': {
    title: 'Required checklist item neither done nor waived',
    severity: 'error',
    help: 'Mark the item done under the interaction\'s checklist once it is in place, or waive it with a reason (and a date when it should be looked at again).',
  },
  'checklist-waiver-expired': {
    title: 'Checklist waiver past its date',
    severity: 'error',
    help: 'Put the item in place and mark it done, or renew the waiver with a new reason and date.',
  },
  'checklist-not-required': {
    title: 'Checklist item acknowledged but no longer required',
    severity: 'warning',
    help: 'The recommendation changed under the checklist: remove the entry, or check that the design still matches the answers.',
  },
  'waiver-expired': {
    title: 'Finding waiver past its date',
    severity: 'warning',
    help: 'The finding counts again: fix what it reports, or renew the waiver with a new reason and date.',
  },
  'waiver-unused': {
    title: 'Waiver that matches no finding',
    severity: 'warning',
    help: 'Nothing is left to waive here: remove the waiver, or correct its rule, interaction or flow.',
  },
  'adr-drift': {
    title: 'Committed ADR differs from the answers',
    severity: 'error',
    help: 'Run decide on the answers file and commit the ADR it writes; the diff shows what changed.',
  },
  'adr-missing': {
    title: 'No ADR carries this decision',
    severity: 'error',
    help: 'Run decide on the answers file and commit the ADR it writes.',
  },
  'question-open': {
    title: 'Unanswered question that could change a recommendation',
    severity: 'warning',
    help: 'Answer it in the answers file (or with sync-or-async interview); the message lists what each other answer would recommend. check --open-questions sets how much this counts.',
  },
  'interaction-unanswered': {
    title: 'Interaction with no answer given yet',
    severity: 'warning',
    help: 'Answer its questions (sync-or-async interview resumes the file); until then its recommendation is only the plain starting point.',
  },
  'confidence-below': {
    title: 'Recommendation less certain than check --min-confidence asks',
    severity: 'error',
    help: 'Answer the open questions of the interaction, or lower --min-confidence while the design is still being worked out.',
  },
  'context-placeholder': {
    title: "The context is still init's placeholder",
    severity: 'warning',
    help: 'Say what the system is and why the decision is made now: the context is the first thing a reader of the ADR needs.',
  },
  'adr-duplicate-number': {
    title: 'Two ADRs with one number',
    severity: 'error',
    help: 'Two changes each added an ADR with the same number; renumber one of them (and the links to it).',
  },
} as const satisfies Record<string, { title: string; severity: Severity; help: string }>;

export type GateRuleId = keyof typeof GATE_RULES;

export interface GateOptions {
  /** YYYY-MM-DD: waivers with an earlier `until` have expired. */
  today: string;
  /** --require-checklist; the answers file's require_checklist: true counts too. */
  requireChecklist: boolean;
  /** --open-questions: the severity of question-open and interaction-unanswered findings, or off. Default warning. */
  openQuestions?: Severity | 'off';
  /** --min-confidence: interactions decided with less confidence than this fail. */
  minConfidence?: Confidence;
  /** --traces: what the running system's traces show, compared with the decision. */
  observed?: ObservedSystem;
}

const CONFIDENCE_ORDER: Readonly<Record<Confidence, number>> = { low: 0, medium: 1, high: 2 };

/** The decision's findings with waivers applied, plus the checklist and waiver findings, sorted. */
export function applyGate(answers: AnswersFile, decision: Decision, options: GateOptions): GateFinding[] {
  const findings: GateFinding[] = decision.findings.map((finding) => ({ ...finding }));
  const requireChecklist = options.requireChecklist || answers.require_checklist === true;
  const decided = new Map(decision.interactions.map((interaction) => [interaction.id, interaction]));
  for (const interaction of answers.interactions) {
    const recommendation = decided.get(interaction.id);
    if (recommendation === undefined) continue;
    findings.push(...checkUnanswered(recommendation, options));
    findings.push(...checkChecklist(recommendation, interaction.acknowledged ?? {}, answers.platform_checklist ?? [], requireChecklist, options.today));
  }
  findings.push(...checkPlatformEntries(answers.platform_checklist ?? [], decision));
  if (answers.context.trim() === STARTER_CONTEXT) {
    findings.push(gateFinding('context-placeholder', `the context is still the placeholder init wrote: ${STARTER_CONTEXT}`, { location: answers.contextLocation }));
  }
  if (options.observed !== undefined) findings.push(...checkTraces(answers, decision, options.observed));
  findings.push(...applyWaivers(findings, answers.waivers ?? [], options.today, options.observed !== undefined));
  return findings.sort(compareFindings);
}

/** Whether a waiver or acknowledgement dated `until` still holds on `today` (the day itself included). */
export function holds(until: string | undefined, today: string): boolean {
  return until === undefined || until >= today;
}

function gateFinding(rule: GateRuleId, message: string, where: FindingPlace): GateFinding {
  return placeFinding(rule, GATE_RULES[rule].severity, message, where);
}

/**
 * What is not answered yet: an interaction that says nothing at all (its recommendation is the
 * starting point, not a decision), else each unknown answer that could change the
 * recommendation, with what its other answers would give; and a recommendation less certain
 * than --min-confidence.
 */
function checkUnanswered(recommendation: InteractionDecision, options: GateOptions): GateFinding[] {
  const found: GateFinding[] = [];
  const { id, location } = recommendation;
  const severity = options.openQuestions ?? 'warning';
  if (severity !== 'off') {
    const changing = recommendation.open_questions.filter((question) => question.alternatives.length > 0);
    // Nothing said: no share of the possible answers backs the starting point (see decideInteraction).
    if (recommendation.support === 0) {
      const which = changing.length === 0 ? '' : `; on its own, ${changing.map((question) => question.question).join(', ')} could change it`;
      const finding = gateFinding(
        'interaction-unanswered',
        `${id}: none of its questions is answered yet, so ${recommendation.style} via ${recommendation.mechanism} is only the starting point${which}`,
        { interaction: id, location },
      );
      finding.severity = severity;
      found.push(finding);
    } else {
      for (const question of changing) {
        const others = question.alternatives.map((alternative) => `${alternative.answer} gives ${alternative.style} via ${alternative.mechanism}`).join('; ');
        const finding = gateFinding(
          'question-open',
          `${id}: ${question.question} is not answered, and its answer could change the recommendation (${recommendation.style} via ${recommendation.mechanism}): ${others}`,
          { interaction: id, location },
        );
        finding.severity = severity;
        found.push(finding);
      }
    }
  }
  if (options.minConfidence !== undefined && CONFIDENCE_ORDER[recommendation.confidence] < CONFIDENCE_ORDER[options.minConfidence]) {
    found.push(
      gateFinding('confidence-below', `${id}: the recommendation (${recommendation.style} via ${recommendation.mechanism}) has ${recommendation.confidence} confidence, below the ${options.minConfidence} that --min-confidence asks`, {
        interaction: id,
        location,
      }),
    );
  }
  return found;
}

/** A platform entry that covers no interaction needing its item is stale, as an interaction's own would be. */
function checkPlatformEntries(platform: readonly PlatformAck[], decision: Decision): GateFinding[] {
  return platform
    .filter((entry) => !decision.interactions.some((interaction) => coversInteraction(entry, interaction) && interaction.checklist.some((item) => item.id === entry.item)))
    .map((entry) =>
      gateFinding('checklist-not-required', `platform_checklist: ${entry.item} is acknowledged for ${describeCoverage(entry)}, but none of them requires it`, {
        location: entry.ack.location,
      }),
    );
}

function checkChecklist(
  recommendation: InteractionDecision,
  acknowledged: Record<string, ChecklistAck>,
  platform: readonly PlatformAck[],
  required: boolean,
  today: string,
): GateFinding[] {
  const found: GateFinding[] = [];
  const { id } = recommendation;
  const requiredIds = new Set(recommendation.checklist.map((item) => item.id));
  for (const [itemId, ack] of Object.entries(acknowledged)) {
    if (requiredIds.has(itemId)) continue;
    found.push(
      gateFinding(
        'checklist-not-required',
        `${id}: ${itemId} is acknowledged, but the recommendation (${recommendation.style}, ${recommendation.mechanism}) does not require it`,
        { interaction: id, location: ack.location },
      ),
    );
  }
  for (const item of recommendation.checklist) {
    const ack = findAcknowledgement(item.id, recommendation, acknowledged, platform)?.ack;
    if (ack?.kind === 'done') continue;
    if (ack?.kind === 'waived') {
      const until = ack.until === undefined ? '' : ` until ${ack.until}`;
      if (holds(ack.until, today)) {
        const finding = gateFinding('checklist-missing', `${id}: ${item.id} (${item.title}) is waived${until}`, { interaction: id, location: ack.location });
        finding.waived = { reason: ack.reason, location: ack.location, ...(ack.until === undefined ? {} : { until: ack.until }) };
        if (required) found.push(finding);
        continue;
      }
      const expired = gateFinding('checklist-waiver-expired', `${id}: the waiver for ${item.id} (${item.title}) ended on ${ack.until}`, { interaction: id, location: ack.location });
      // Outside --require-checklist the checklist is advice, and a stale waiver only a warning.
      if (!required) expired.severity = 'warning';
      found.push(expired);
      continue;
    }
    if (!required) continue;
    const pending = item.depends_on_unknown === undefined ? '' : ` (required until ${item.depends_on_unknown.join(', ')} ${item.depends_on_unknown.length === 1 ? 'is' : 'are'} answered)`;
    found.push(
      gateFinding('checklist-missing', `${id}: ${item.id} (${item.title}) is required by the ${recommendation.style} recommendation but neither done nor waived${pending}`, {
        interaction: id,
        location: recommendation.location,
      }),
    );
  }
  return found;
}

/**
 * Marks the findings a waiver covers. A waiver names the rule and the interaction or flow the
 * finding is about; one that names neither covers every finding of its rule. Returns the
 * findings about the waivers themselves: expired ones that matched, and ones that matched nothing.
 */
/** Whether a waiver names a finding: its rule, and its interaction or flow where the waiver gives one. */
export function waiverCovers(waiver: Waiver, finding: Pick<Finding, 'rule' | 'interaction' | 'flow'>): boolean {
  return (
    finding.rule === waiver.rule &&
    (waiver.interaction === undefined || finding.interaction === waiver.interaction) &&
    (waiver.flow === undefined || finding.flow === waiver.flow)
  );
}

function applyWaivers(findings: GateFinding[], waivers: readonly Waiver[], today: string, tracesRead: boolean): GateFinding[] {
  const notes: GateFinding[] = [];
  for (const waiver of waivers) {
    // A waiver of a trace finding waits for a check that reads traces.
    if (!tracesRead && Object.hasOwn(TRACE_RULES, waiver.rule)) continue;
    const matching = findings.filter((finding) => waiverCovers(waiver, finding));
    const place = waiver.interaction ?? waiver.flow;
    const named = place === undefined ? waiver.rule : `${waiver.rule} at ${place}`;
    if (matching.length === 0) {
      notes.push(gateFinding('waiver-unused', `the waiver for ${named} matches no finding`, { location: waiver.location }));
      continue;
    }
    if (!holds(waiver.until, today)) {
      notes.push(gateFinding('waiver-expired', `the waiver for ${named} ended on ${waiver.until}; its findings count again`, { location: waiver.location }));
      continue;
    }
    for (const finding of matching) {
      finding.waived ??= { reason: waiver.reason, location: waiver.location, ...(waiver.until === undefined ? {} : { until: waiver.until }) };
    }
  }
  return notes;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** Whether a finding makes check fail: not waived, and at or above the fail severity. */
export function counts(finding: GateFinding, failSeverity: Severity): boolean {
  return finding.waived === undefined && SEVERITY_ORDER[finding.severity] >= SEVERITY_ORDER[failSeverity];
}

export interface GateSummary {
  interactions: number;
  styles: Decision['summary']['styles'];
  /** Findings that are not waived, by severity. */
  findings: Record<Severity, number>;
  waived: number;
  /** Whether check fails at the fail severity. */
  failed: boolean;
  failSeverity: Severity;
}

export function summariseGate(decision: Decision, findings: readonly GateFinding[], failSeverity: Severity): GateSummary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let waived = 0;
  for (const finding of findings) {
    if (finding.waived !== undefined) waived += 1;
    else bySeverity[finding.severity] += 1;
  }
  return {
    interactions: decision.summary.interactions,
    styles: { ...decision.summary.styles },
    findings: bySeverity,
    waived,
    failed: findings.some((finding) => counts(finding, failSeverity)),
    failSeverity,
  };
}

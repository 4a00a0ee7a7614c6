/** The one order in which findings reach the user. */
import type { SourceLocation } from '../model/answers.js';
import type { Finding } from '../model/decision.js';
import type { Severity } from '../model/pack.js';

/** Where a finding belongs: an interaction or a flow, and a place in a file. */
export interface FindingPlace {
  interaction?: string;
  flow?: string;
  location?: SourceLocation;
}

/** A finding of a rule at a place, with only the parts of the place that are known. */
export function placeFinding(rule: string, severity: Severity, message: string, where: FindingPlace): Finding {
  const finding: Finding = { rule, severity, message };
  if (where.interaction !== undefined) finding.interaction = where.interaction;
  if (where.flow !== undefined) finding.flow = where.flow;
  if (where.location !== undefined) finding.location = where.location;
  return finding;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Severity (error first), then location (file, line, column; none last), rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  const bySeverity = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
  if (bySeverity !== 0) return bySeverity;
  if (a.location === undefined || b.location === undefined) {
    if (a.location !== b.location) return a.location === undefined ? 1 : -1;
  } else {
    const byFile = compareText(a.location.file, b.location.file);
    if (byFile !== 0) return byFile;
    if (a.location.line !== b.location.line) return a.location.line - b.location.line;
    if (a.location.column !== b.location.column) return a.location.column - b.location.column;
  }
  return compareText(a.rule, b.rule) || compareText(a.message, b.message);
}

/** Returns a sorted copy. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

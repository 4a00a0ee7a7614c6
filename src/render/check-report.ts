/**
 * The reports of `check`, one function per format, each a pure function of the report:
 * stylish (people), json (scripts), sarif (code scanning), github (pull-request annotations),
 * junit (test dashboards) and markdown (job summaries and comments).
 */
import type { SourceLocation } from '../model/answers.js';
import { counts } from '../engine/gate.js';
import type { GateFinding, GateSummary } from '../engine/gate.js';
import type { Severity } from '../model/pack.js';
import { escapeInline, formatTableCell } from './markdown.js';

export const CHECK_FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'markdown'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** What a rule is, for the formats that describe rules (SARIF). */
export interface RuleInfo {
  id: string;
  title: string;
  /** What to do about a finding of this rule. */
  help: string;
  severity: Severity;
}

export interface CheckReport {
  /** The answers file, relative to the working directory, with forward slashes. */
  source: string;
  findings: readonly GateFinding[];
  summary: GateSummary;
  /** Every rule a finding may name. */
  rules: ReadonlyMap<string, RuleInfo>;
  tool: { name: string; version: string; informationUri: string };
}

/** Colours for the stylish format; the CLI passes chalk's, tests pass none. */
export interface Paint {
  error(text: string): string;
  warning(text: string): string;
  info(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const PLAIN: Paint = { error: (t) => t, warning: (t) => t, info: (t) => t, dim: (t) => t, bold: (t) => t };

/** "15 interactions (5 sync, 7 async, 3 hybrid); 3 findings: 1 error, 2 warnings, 0 info; 1 waived" */
export function describeGateSummary(summary: GateSummary): string {
  const { styles, findings } = summary;
  const total = findings.error + findings.warning + findings.info;
  return (
    `${plural(summary.interactions, 'interaction')} (${styles.sync} sync, ${styles.async} async, ${styles.hybrid} hybrid); ` +
    `${plural(total, 'finding')}: ${plural(findings.error, 'error')}, ${plural(findings.warning, 'warning')}, ${findings.info} info; ` +
    `${summary.waived} waived`
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function verdict(summary: GateSummary): string {
  return summary.failed ? `check failed: findings at or above ${summary.failSeverity}` : `check passed at fail severity ${summary.failSeverity}`;
}

// --- stylish ---

/** Grouped by file like the linters teams know: line:col, severity, message, rule id. */
export function formatStylish(report: CheckReport, paint: Paint = PLAIN): string {
  const byFile = new Map<string, GateFinding[]>();
  for (const finding of report.findings) {
    const file = finding.location?.file ?? report.source;
    const list = byFile.get(file) ?? [];
    list.push(finding);
    byFile.set(file, list);
  }
  const lines: string[] = [];
  for (const [file, findings] of byFile) {
    lines.push(paint.bold(file));
    const rows = findings.map((finding) => {
      const where = finding.location === undefined ? '' : `${finding.location.line}:${finding.location.column}`;
      const label = finding.waived === undefined ? finding.severity : 'waived';
      const message = finding.waived === undefined ? finding.message : `${finding.message} (waived${finding.waived.until === undefined ? '' : ` until ${finding.waived.until}`}: ${finding.waived.reason})`;
      return { where, label, severity: finding.severity, waived: finding.waived !== undefined, message, rule: finding.rule, diff: finding.diff };
    });
    const whereWidth = Math.max(...rows.map((row) => row.where.length));
    const labelWidth = Math.max(...rows.map((row) => row.label.length));
    for (const row of rows) {
      const label = row.label.padEnd(labelWidth);
      const painted = row.waived ? paint.dim(label) : paint[row.severity](label);
      lines.push(`  ${paint.dim(row.where.padEnd(whereWidth))}  ${painted}  ${row.message}  ${paint.dim(row.rule)}`);
      if (row.diff !== undefined) lines.push(...row.diff.trimEnd().split('\n').map((line) => `    ${line}`));
    }
    lines.push('');
  }
  const summary = `${verdict(report.summary)}: ${describeGateSummary(report.summary)}`;
  lines.push(report.summary.failed ? paint.error(summary) : summary);
  return `${lines.join('\n')}\n`;
}

// --- json ---

/** A stable shape, documented in docs/check-output.md. */
export function formatJson(report: CheckReport): string {
  const findings = report.findings.map((finding) => {
    const out: Record<string, unknown> = { rule: finding.rule, severity: finding.severity, message: finding.message };
    if (finding.interaction !== undefined) out['interaction'] = finding.interaction;
    if (finding.flow !== undefined) out['flow'] = finding.flow;
    if (finding.location !== undefined) out['location'] = finding.location;
    if (finding.waived !== undefined) out['waived'] = finding.waived;
    if (finding.diff !== undefined) out['diff'] = finding.diff;
    return out;
  });
  return `${JSON.stringify({ version: 1, source: report.source, summary: report.summary, findings }, null, 2)}\n`;
}

// --- sarif ---

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0: one run, the rules that appear, one result per finding with its region. */
export function formatSarif(report: CheckReport): string {
  const used = [...new Set(report.findings.map((finding) => finding.rule))].sort();
  const rules = used.map((id) => {
    const info = report.rules.get(id);
    return {
      id,
      name: toPascalCase(id),
      shortDescription: { text: info?.title ?? id },
      fullDescription: { text: info === undefined ? id : `${info.title}. ${info.help}` },
      help: { text: info?.help ?? '' },
      defaultConfiguration: { level: SARIF_LEVEL[info?.severity ?? 'warning'] },
    };
  });
  const index = new Map(used.map((id, position) => [id, position]));
  const results = report.findings.map((finding) => {
    const location = finding.location ?? { file: report.source, line: 1, column: 1 };
    const result: Record<string, unknown> = {
      ruleId: finding.rule,
      ruleIndex: index.get(finding.rule),
      level: SARIF_LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: location.file, uriBaseId: '%SRCROOT%' },
            region: { startLine: location.line, startColumn: location.column },
          },
        },
      ],
      // Stable across runs, so code scanning tracks the same finding from commit to commit.
      partialFingerprints: { 'syncOrAsync/v1': fingerprint(finding) },
    };
    if (finding.waived !== undefined) {
      result['suppressions'] = [{ kind: 'inSource', status: 'accepted', justification: finding.waived.reason }];
    }
    return result;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, informationUri: report.tool.informationUri, rules } },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The working directory check ran in.' } } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toPascalCase(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A short hash of what identifies a finding regardless of its line: rule, place, message. */
function fingerprint(finding: GateFinding): string {
  const text = [finding.rule, finding.interaction ?? '', finding.flow ?? '', finding.message].join('\u0000');
  // FNV-1a, 32 bits twice with different seeds: no crypto needed, only stability.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

// --- github ---

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on its file and line
 * in the pull request. Waived findings are left out: they are accepted for now.
 */
export function formatGithub(report: CheckReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    if (finding.waived !== undefined) continue;
    const location = finding.location ?? { file: report.source, line: 1, column: 1 };
    const properties = [`file=${escapeProperty(location.file)}`, `line=${location.line}`, `col=${location.column}`, `title=${escapeProperty(finding.rule)}`];
    lines.push(`::${GITHUB_COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(finding.message)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// --- junit ---

/**
 * JUnit XML: one test case per finding, failed when it makes check fail, skipped when waived,
 * passed otherwise; a run without findings is one passing case.
 */
export function formatJunit(report: CheckReport): string {
  const cases: string[] = [];
  let failures = 0;
  let skipped = 0;
  for (const finding of report.findings) {
    const location = finding.location ?? { file: report.source, line: 1, column: 1 };
    const name = `${finding.rule}${finding.interaction !== undefined ? ` ${finding.interaction}` : finding.flow !== undefined ? ` ${finding.flow}` : ''} (${location.file}:${location.line}:${location.column})`;
    const head = `    <testcase classname="${xml(location.file)}" name="${xml(name)}">`;
    if (finding.waived !== undefined) {
      skipped += 1;
      cases.push(`${head}\n      <skipped message="${xml(`waived: ${finding.waived.reason}`)}"/>\n    </testcase>`);
    } else if (counts(finding, report.summary.failSeverity)) {
      failures += 1;
      cases.push(`${head}\n      <failure message="${xml(finding.message)}" type="${finding.severity}">${xml(finding.diff ?? finding.message)}</failure>\n    </testcase>`);
    } else {
      cases.push(`${head}\n      <system-out>${xml(`${finding.severity}: ${finding.message}`)}</system-out>\n    </testcase>`);
    }
  }
  if (cases.length === 0) cases.push(`    <testcase classname="${xml(report.source)}" name="no findings"/>`);
  const tests = Math.max(report.findings.length, 1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(report.tool.name)} check" tests="${tests}" failures="${failures}" skipped="${skipped}">`,
    `  <testsuite name="${xml(report.source)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

// --- markdown ---

/** For a job summary or a pull-request comment: verdict, counts, then the findings as a table. */
export function formatMarkdown(report: CheckReport): string {
  const { summary } = report;
  const lines = [
    `### sync-or-async check: ${summary.failed ? 'failed' : 'passed'}`,
    '',
    `${describeGateSummary(summary)} (fail severity: ${summary.failSeverity}).`,
    '',
  ];
  const open = report.findings.filter((finding) => finding.waived === undefined);
  const waived = report.findings.filter((finding) => finding.waived !== undefined);
  if (open.length > 0) {
    lines.push('| Severity | Rule | Where | Finding |', '| --- | --- | --- | --- |');
    for (const finding of open) lines.push(`| ${finding.severity} | \`${finding.rule}\` | ${cell(where(finding.location, report.source))} | ${cell(finding.message)} |`);
    lines.push('');
    for (const finding of open) {
      if (finding.diff === undefined) continue;
      const fence = '`'.repeat(Math.max(3, ...(finding.diff.match(/`+/g) ?? []).map((run) => run.length + 1)));
      lines.push(`<details><summary>What changed in ${xml(finding.location?.file ?? 'the ADR')}</summary>`, '', `${fence}diff`, finding.diff.trimEnd(), fence, '', '</details>', '');
    }
  }
  if (waived.length > 0) {
    lines.push('<details><summary>Waived findings</summary>', '', '| Rule | Where | Finding | Reason |', '| --- | --- | --- | --- |');
    for (const finding of waived) {
      const reason = `${finding.waived!.reason}${finding.waived!.until === undefined ? '' : ` (until ${finding.waived!.until})`}`;
      lines.push(`| \`${finding.rule}\` | ${cell(where(finding.location, report.source))} | ${cell(finding.message)} | ${cell(reason)} |`);
    }
    lines.push('', '</details>', '');
  }
  return `${lines.join('\n')}`;
}

function where(location: SourceLocation | undefined, source: string): string {
  return location === undefined ? source : `${location.file}:${location.line}`;
}

/** A table cell of plain text: findings and waiver reasons quote names from the answers file. */
function cell(text: string): string {
  return formatTableCell(escapeInline(text));
}

/** The report in one format. */
export function formatCheckReport(format: CheckFormat, report: CheckReport, paint?: Paint): string {
  switch (format) {
    case 'stylish':
      return formatStylish(report, paint);
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    case 'github':
      return formatGithub(report);
    case 'junit':
      return formatJunit(report);
    case 'markdown':
      return formatMarkdown(report);
  }
}

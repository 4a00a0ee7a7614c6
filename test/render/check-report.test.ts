import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvModule from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { GateFinding, GateSummary } from '../../src/engine/gate.js';
import { describeGateSummary, formatCheckReport, formatGithub, formatJson, formatJunit, formatMarkdown, formatSarif, formatStylish } from '../../src/render/check-report.js';
import type { CheckReport, RuleInfo } from '../../src/render/check-report.js';

const require = createRequire(import.meta.url);
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));

const findings: GateFinding[] = [
  {
    rule: 'latency-budget-exceeded',
    severity: 'error',
    message: 'p99 sum 1850 ms over budget 1500 ms along checkout: a -> b, c',
    flow: 'checkout',
    location: { file: 'answers.yaml', line: 293, column: 5 },
  },
  {
    rule: 'sync-fan-out',
    severity: 'warning',
    message: 'orders waits on 3 synchronous calls; 100% of "them" <fail>',
    interaction: 'order-created',
    location: { file: 'answers.yaml', line: 145, column: 5 },
    waived: { reason: 'moving to events in Q2', until: '2027-06-30', location: { file: 'answers.yaml', line: 310, column: 5 } },
  },
  {
    rule: 'adr-drift',
    severity: 'error',
    message: 'docs/decisions/0001-x.md is not what decide writes',
    location: { file: 'docs/decisions/0001-x.md', line: 12, column: 1 },
    diff: '--- a\n+++ b\n@@ -12 +12 @@\n-old\n+new\n',
  },
  { rule: 'retry-amplification', severity: 'info', message: 'up to 9 attempts\nreach card-gateway', interaction: 'pay', location: { file: 'answers.yaml', line: 20, column: 5 } },
];

const summary: GateSummary = {
  interactions: 15,
  styles: { sync: 5, async: 7, hybrid: 3 },
  findings: { error: 2, warning: 0, info: 1 },
  waived: 1,
  failed: true,
  failSeverity: 'error',
};

const rules = new Map<string, RuleInfo>(
  ['latency-budget-exceeded', 'sync-fan-out', 'adr-drift', 'retry-amplification'].map((id) => [id, { id, title: `Title of ${id}`, help: `What to do about ${id}.`, severity: 'warning' }]),
);

const report: CheckReport = { source: 'answers.yaml', findings, summary, rules, tool: { name: 'sync-or-async', version: '1.2.3', informationUri: 'https://example.org' } };

describe('the summary line', () => {
  it('counts interactions by style, findings by severity, and waived ones', () => {
    expect(describeGateSummary(summary)).toBe('15 interactions (5 sync, 7 async, 3 hybrid); 3 findings: 2 errors, 0 warnings, 1 info; 1 waived');
  });
});

describe('stylish', () => {
  it('groups by file with line:col, severity, message and rule, marks waived findings, and ends with the verdict', () => {
    const text = formatStylish(report);
    expect(text.split('\n')).toEqual([
      'answers.yaml',
      '  293:5  error   p99 sum 1850 ms over budget 1500 ms along checkout: a -> b, c  latency-budget-exceeded',
      '  145:5  waived  orders waits on 3 synchronous calls; 100% of "them" <fail> (waived until 2027-06-30: moving to events in Q2)  sync-fan-out',
      '  20:5   info    up to 9 attempts',
      'reach card-gateway  retry-amplification',
      '',
      'docs/decisions/0001-x.md',
      '  12:1  error  docs/decisions/0001-x.md is not what decide writes  adr-drift',
      '    --- a',
      '    +++ b',
      '    @@ -12 +12 @@',
      '    -old',
      '    +new',
      '',
      `check failed: findings at or above error: ${describeGateSummary(summary)}`,
      '',
    ]);
  });

  it('colours through the paint it is given, and only there', () => {
    const marks = { error: (t: string) => `<E>${t}`, warning: (t: string) => `<W>${t}`, info: (t: string) => `<I>${t}`, dim: (t: string) => t, bold: (t: string) => t };
    const text = formatStylish(report, marks);
    expect(text).toContain('<E>error');
    expect(text).toContain('<I>info');
    expect(formatStylish(report)).not.toContain('<E>');
  });
});

describe('json', () => {
  it('is a stable shape with the summary and each finding, waiver and diff included', () => {
    const data = JSON.parse(formatJson(report));
    expect(Object.keys(data)).toEqual(['version', 'source', 'summary', 'findings']);
    expect(data.summary).toEqual(summary);
    expect(data.findings[1]).toEqual({
      rule: 'sync-fan-out',
      severity: 'warning',
      message: findings[1]!.message,
      interaction: 'order-created',
      location: { file: 'answers.yaml', line: 145, column: 5 },
      waived: findings[1]!.waived,
    });
    expect(data.findings[2].diff).toBe(findings[2]!.diff);
  });
});

describe('sarif', () => {
  const log = JSON.parse(formatSarif(report));

  it('is valid SARIF 2.1.0 according to the published schema', () => {
    // The published schema's patterns predate the unicode flag ajv uses by default.
    const ajv = new AjvModule.default({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(sarifSchema);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('describes each rule that appears once, and points each result at its rule, file and line', () => {
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'sync-or-async', version: '1.2.3' });
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(['adr-drift', 'latency-budget-exceeded', 'retry-amplification', 'sync-fan-out']);
    const first = run.results[0];
    expect(first).toMatchObject({ ruleId: 'latency-budget-exceeded', ruleIndex: 1, level: 'error' });
    expect(first.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'answers.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 293, startColumn: 5 } });
    expect(run.results[3].level).toBe('note');
  });

  it('keeps waived findings as suppressed results, and fingerprints that do not move with the line', () => {
    const [, waived] = log.runs[0].results;
    expect(waived.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'moving to events in Q2' }]);
    const moved = JSON.parse(formatSarif({ ...report, findings: [{ ...findings[0]!, location: { file: 'answers.yaml', line: 300, column: 5 } }] }));
    expect(moved.runs[0].results[0].partialFingerprints).toEqual(log.runs[0].results[0].partialFingerprints);
    const other = JSON.parse(formatSarif({ ...report, findings: [{ ...findings[0]!, flow: 'other' }] }));
    expect(other.runs[0].results[0].partialFingerprints).not.toEqual(log.runs[0].results[0].partialFingerprints);
  });
});

describe('github', () => {
  it('writes one workflow command per finding not waived, escaping what would break the command', () => {
    expect(formatGithub(report).split('\n')).toEqual([
      '::error file=answers.yaml,line=293,col=5,title=latency-budget-exceeded::p99 sum 1850 ms over budget 1500 ms along checkout: a -> b, c',
      '::error file=docs/decisions/0001-x.md,line=12,col=1,title=adr-drift::docs/decisions/0001-x.md is not what decide writes',
      '::notice file=answers.yaml,line=20,col=5,title=retry-amplification::up to 9 attempts%0Areach card-gateway',
      '',
    ]);
  });

  it('escapes colons and commas in properties', () => {
    const text = formatGithub({ ...report, findings: [{ rule: 'x', severity: 'warning', message: '100%', location: { file: 'a:b,c.yaml', line: 1, column: 1 } }] });
    expect(text).toBe('::warning file=a%3Ab%2Cc.yaml,line=1,col=1,title=x::100%25\n');
  });
});

describe('junit', () => {
  const xml = formatJunit(report);

  it('has a case per finding: failed at the fail severity, skipped when waived, passed below', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="sync-or-async check" tests="4" failures="2" skipped="1">/);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('<skipped message="waived: moving to events in Q2"/>');
    expect(xml).toContain('<system-out>info: up to 9 attempts\nreach card-gateway</system-out>');
  });

  it('escapes markup in messages', () => {
    const marked = formatJunit({ ...report, findings: [{ ...findings[0]!, message: 'a "quoted" <fail> & more' }] });
    expect(marked).toContain('<failure message="a &quot;quoted&quot; &lt;fail&gt; &amp; more" type="error">a &quot;quoted&quot; &lt;fail&gt; &amp; more</failure>');
    expect(marked).not.toContain('<fail>');
  });

  it('is one passing case when there is nothing to report', () => {
    const empty = formatJunit({ ...report, findings: [], summary: { ...summary, failed: false } });
    expect(empty).toContain('tests="1" failures="0" skipped="0"');
    expect(empty).toContain('<testcase classname="answers.yaml" name="no findings"/>');
  });
});

describe('markdown', () => {
  it('gives the verdict, the counts, a table of open findings and the waived ones folded away', () => {
    const text = formatMarkdown(report);
    expect(text).toContain('### sync-or-async check: failed');
    expect(text).toContain('| error | `latency-budget-exceeded` | answers.yaml:293 | p99 sum 1850 ms over budget 1500 ms along checkout: a -&gt; b, c |'.replace('-&gt;', '->'));
    expect(text).toContain('<details><summary>Waived findings</summary>');
    expect(text).toContain('| `sync-fan-out` | answers.yaml:145 | orders waits on 3 synchronous calls; 100% of "them" \\<fail> | moving to events in Q2 (until 2027-06-30) |');
  });
});

describe('markdown with a drifted ADR', () => {
  it('folds the diff under the table, fenced so that it renders as a diff', () => {
    const text = formatMarkdown(report);
    expect(text).toContain('<details><summary>What changed in docs/decisions/0001-x.md</summary>\n\n```diff\n--- a\n+++ b\n@@ -12 +12 @@\n-old\n+new\n```\n');
  });
});

describe('formatCheckReport', () => {
  it('picks the format by name', () => {
    expect(formatCheckReport('json', report)).toBe(formatJson(report));
    expect(formatCheckReport('github', report)).toBe(formatGithub(report));
  });
});

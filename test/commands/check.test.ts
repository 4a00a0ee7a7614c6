import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diffLines } from 'diff';
import { runCheck } from '../../src/commands/check.js';
import type { CheckOptions } from '../../src/commands/check.js';
import { MAX_DIFF_EDITS, describeDrift, outlineDrift } from '../../src/commands/drift.js';
import type { DriftOutline } from '../../src/commands/drift.js';
import type { CommandContext } from '../../src/commands/context.js';
import { testContext } from './context.js';
import { runDecide } from '../../src/commands/decide.js';
import { InputError, OutputError } from '../../src/model/errors.js';
import { seededRandom } from '../engine/helpers.js';

const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** One synchronous price lookup between two backend services: no findings, but a checklist. */
const CLEAN = [
  'version: 2',
  'title: Prices',
  'context: How checkout reads prices.',
  'services:',
  '  checkout: { kind: service }',
  '  pricing: { kind: service }',
  'interactions:',
  '  - id: price',
  '    from: checkout',
  '    to: pricing',
  '    summary: Look up the price',
  '    answers: { intent: query, caller_needs: result, critical_decision: no, freshness: strong, when_down: fail_fast, fits_latency_budget: yes, duration: instant }',
  '',
].join('\n');

/** A copy that may lag, declared asynchronous for a query the caller waits on: warnings only. */
const DRIFTING = CLEAN.replace('    summary: Look up the price\n', '    summary: Look up the price\n    declared: async\n').replace('freshness: strong', 'freshness: eventual');

const defaults: CheckOptions = { rules: [], maxBytes: 4 * 1024 * 1024, failSeverity: 'error', requireChecklist: false, outputs: [{ format: 'json' }], version: '0.0.0-test' };

let cwd: string;
let out: string;
let err: string;
let context: CommandContext;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'check-command-'));
  out = '';
  err = '';
  context = testContext(cwd, new Date('2027-01-15T12:00:00Z'), (text) => (out += text), (text) => (err += text));
});

afterEach(async () => {
  await chmod(join(cwd, 'docs/decisions'), 0o755).catch(() => undefined);
  await rm(cwd, { recursive: true, force: true });
});

async function check(text: string, options: Partial<CheckOptions> = {}): Promise<{ code: number; report: { summary: { failed: boolean }; findings: { rule: string; severity: string; diff?: string; location?: { file: string; line: number } }[] } }> {
  await writeFile(join(cwd, 'answers.yaml'), text);
  out = '';
  const code = await runCheck('answers.yaml', { ...defaults, ...options }, context);
  const json = options.outputs === undefined;
  return { code, report: json ? JSON.parse(out) : { summary: { failed: code === 1 }, findings: [] } };
}

describe('exit codes', () => {
  it('is 0 when nothing reaches the fail severity, and writes no file', async () => {
    const { code, report } = await check(DRIFTING);
    expect(report.findings.some((finding) => finding.severity === 'warning')).toBe(true);
    expect(report.findings.some((finding) => finding.severity === 'error')).toBe(false);
    expect(code).toBe(0);
    expect(await readdir(cwd)).toEqual(['answers.yaml']);
  });

  it('is 1 when a finding reaches --fail-severity', async () => {
    expect((await check(DRIFTING, { failSeverity: 'warning' })).code).toBe(1);
    expect((await check(DRIFTING, { failSeverity: 'info' })).code).toBe(1);
    expect((await check(CLEAN, { failSeverity: 'info' })).code).toBe(0);
  });

  it('is 1 for required checklist items that are not acknowledged, with the option or the file key', async () => {
    expect((await check(CLEAN, { requireChecklist: true })).code).toBe(1);
    expect((await check(CLEAN.replace('version: 2\n', 'version: 2\nrequire_checklist: true\n'))).code).toBe(1);
  });

  it('throws an input error (exit 2), never 1, for a broken answers file or a waiver for an unknown rule', async () => {
    await expect(check(CLEAN.replace('intent: query', 'intent: quarry'))).rejects.toThrow(InputError);
    await expect(check(CLEAN.replace('  pricing: {', '  pricng: {'))).rejects.toMatchObject({
      exitCode: 2,
      problems: [{ message: 'no interaction has "pricng" as its caller or callee', location: { line: 6 }, hint: 'did you mean "pricing"?' }],
    });
    const waiver = `${CLEAN}waivers:\n  - { rule: sync-fan-in, reason: typo }\n`;
    const refused = check(waiver);
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toMatchObject({ exitCode: 2, problems: [{ message: 'no rule has the id "sync-fan-in"', hint: expect.stringContaining('did you mean "sync-fan-out"') }] });
  });

  it('refuses a version 1 file with exit 2 and one message at its version, naming upgrade', async () => {
    const refused = check(CLEAN.replace('version: 2', 'version: 1').replace('caller_needs: result', 'needs_answer_now: yes'));
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toMatchObject({
      exitCode: 2,
      problems: [{ message: expect.stringContaining('version 1'), location: { file: 'answers.yaml', line: 1, column: 10 }, hint: expect.stringContaining('sync-or-async upgrade answers.yaml') }],
    });
    expect(out).toBe('');
  });

  it('names caller_needs where a version 2 file still answers needs_answer_now', async () => {
    await expect(check(CLEAN.replace('caller_needs: result', 'needs_answer_now: yes'))).rejects.toMatchObject({
      exitCode: 2,
      problems: [{ message: expect.stringContaining('needs_answer_now'), hint: expect.stringContaining('caller_needs') }],
    });
  });

  it('refuses an acknowledgement of a checklist item that does not exist', async () => {
    const text = CLEAN.replace('    summary: Look up the price\n', '    summary: Look up the price\n    checklist: { timeout-budgets: done }\n');
    await expect(check(text)).rejects.toMatchObject({ problems: [{ message: 'unknown checklist item "timeout-budgets"', hint: expect.stringContaining('timeout-budget') }] });
  });
});

describe('reports', () => {
  it('writes each format to stdout or to its own file, creating folders', async () => {
    await check(DRIFTING, { outputs: [{ format: 'sarif', file: 'reports/check.sarif' }, { format: 'github' }, { format: 'junit', file: 'reports/junit.xml' }] });
    // The finding points at the interaction's line.
    expect(out).toMatch(/^::warning file=answers\.yaml,line=8,col=5,title=query-over-events::/m);
    expect(JSON.parse(await readFile(join(cwd, 'reports/check.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(await readFile(join(cwd, 'reports/junit.xml'), 'utf8')).toContain('<testsuites');
  });

  it('reports a report file that cannot be written as an output error', async () => {
    await writeFile(join(cwd, 'reports'), 'a file');
    await expect(check(CLEAN, { outputs: [{ format: 'json', file: 'reports/out.json' }] })).rejects.toThrow(OutputError);
  });
});

describe('--adr', () => {
  async function decideInto(text: string): Promise<void> {
    await writeFile(join(cwd, 'answers.yaml'), text);
    await runDecide('answers.yaml', { rules: [], profile: 'madr', stdout: false, format: 'markdown', maxBytes: 1 << 22 }, { ...context, stderr: () => undefined });
  }

  it('passes when the committed ADR is what decide writes, by directory or by file', async () => {
    await decideInto(CLEAN);
    expect((await check(CLEAN, { adr: 'docs/decisions' })).report.findings).toEqual([]);
    expect((await check(CLEAN, { adr: 'docs/decisions/0001-prices.md' })).code).toBe(0);
  });

  it('fails with a unified diff when the answers changed and the ADR was not rewritten', async () => {
    await decideInto(CLEAN);
    const { code, report } = await check(CLEAN.replace('Look up the price', 'Read the price'), { adr: 'docs/decisions' });
    expect(code).toBe(1);
    const drift = report.findings.find((finding) => finding.rule === 'adr-drift');
    expect(drift?.location?.file).toBe('docs/decisions/0001-prices.md');
    expect(drift?.diff).toContain('--- docs/decisions/0001-prices.md (committed)');
    expect(drift?.diff).toMatch(/^-.*Look up the price/m);
    expect(drift?.diff).toMatch(/^\+.*Read the price/m);
  });

  it('fails when hand edits make the ADR differ, and reads the profile from the file', async () => {
    await writeFile(join(cwd, 'answers.yaml'), CLEAN);
    await runDecide('answers.yaml', { rules: [], profile: 'nygard', stdout: false, format: 'markdown', maxBytes: 1 << 22 }, { ...context, stderr: () => undefined });
    const [name] = await readdir(join(cwd, 'docs/decisions'));
    expect((await check(CLEAN, { adr: 'docs/decisions' })).code).toBe(0);
    const path = join(cwd, 'docs/decisions', name!);
    await writeFile(path, (await readFile(path, 'utf8')).replace('## Context', '## Context\n\nEdited by hand.'));
    expect((await check(CLEAN, { adr: 'docs/decisions' })).report.findings.map((finding) => finding.rule)).toEqual(['adr-drift']);
  });

  it('points at the first change instead of a diff when more lines differ than a diff can show', async () => {
    await decideInto(CLEAN);
    const [name] = await readdir(join(cwd, 'docs/decisions'));
    const path = join(cwd, 'docs/decisions', name!);
    const committed = await readFile(path, 'utf8');
    const lines = committed.split('\n');
    // Every line after the front matter (which carries the decision id) edited by hand, and
    // more lines than a diff shows added after them.
    const body = lines.indexOf('---', 1) + 1;
    const edited = lines.map((line, index) => (index < body ? line : `${line} (edit ${index})`));
    const added = Array.from({ length: MAX_DIFF_EDITS }, (_, index) => `added line ${index}`);
    await writeFile(path, [...edited, ...added].join('\n'));
    const started = performance.now();
    const { code, report } = await check(CLEAN, { adr: 'docs/decisions' });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(code).toBe(1);
    const [drift] = report.findings;
    expect(drift?.rule).toBe('adr-drift');
    expect(body).toBeGreaterThan(1);
    expect(drift?.location).toEqual({ file: `docs/decisions/${name}`, line: body + 1, column: 1 });
    expect(drift?.diff).toContain(`more than ${MAX_DIFF_EDITS} lines added or removed`);
    expect(drift?.diff).toContain(`the first difference at line ${body + 1};`);
    expect(drift?.diff?.split('\n').length).toBeLessThan(10);
  });

  it('prints the diff on stderr when no stylish report shows it', async () => {
    await decideInto(CLEAN);
    await check(CLEAN.replace('Look up the price', 'Read the price'), { adr: 'docs/decisions', outputs: [{ format: 'github' }] });
    expect(err).toContain('--- docs/decisions/0001-prices.md (committed)');
    err = '';
    await check(CLEAN.replace('Look up the price', 'Read the price'), { adr: 'docs/decisions', outputs: [{ format: 'stylish' }] });
    expect(err).toBe('');
  });

  it('refuses an ADR directory that is a file with exit 2', async () => {
    await writeFile(join(cwd, 'adrs'), 'not a folder');
    await expect(check(CLEAN, { dir: 'adrs' })).rejects.toMatchObject({ exitCode: 2 });
  });

  it('fails when no ADR carries the decision', async () => {
    await mkdir(join(cwd, 'docs/decisions'), { recursive: true });
    const { code, report } = await check(CLEAN, { adr: 'docs/decisions' });
    expect(code).toBe(1);
    expect(report.findings.map((finding) => finding.rule)).toEqual(['adr-missing']);
  });

  it('refuses an --adr path that does not exist with exit 2', async () => {
    await expect(check(CLEAN, { adr: 'docs/nowhere' })).rejects.toThrow(OutputError);
  });

  it.skipIf(runsAsRoot)('refuses an ADR directory that cannot be read with exit 2', async () => {
    await decideInto(CLEAN);
    await chmod(join(cwd, 'docs/decisions'), 0o000);
    await expect(check(CLEAN, { adr: 'docs/decisions' })).rejects.toThrow(OutputError);
  });

  it('reports two ADRs with one number, naming both files', async () => {
    await decideInto(CLEAN);
    await writeFile(join(cwd, 'docs/decisions/0001-other-branch.md'), '# 1. Other branch\n\nDate: 2027-01-10\n');
    const { code, report } = await check(CLEAN);
    expect(code).toBe(1);
    const duplicate = report.findings.find((finding) => finding.rule === 'adr-duplicate-number') as { message: string } | undefined;
    expect(duplicate?.message).toBe('ADR number 0001 is used by docs/decisions/0001-other-branch.md and docs/decisions/0001-prices.md');
  });
});

describe('describeDrift', () => {
  const lines = (count: number, word: string): string => Array.from({ length: count }, (_, index) => `| row ${index} | ${index % 2 === 0 ? word : 'same'} |`).join('\n');

  async function describeTexts(committed: string, expected: string, pieces = 1): Promise<string> {
    const cut = (text: string): string[] => Array.from({ length: pieces }, (_, index) => text.slice((index * text.length) / pieces, ((index + 1) * text.length) / pieces));
    const outline = await outlineDrift(cut(committed), cut(expected));
    return describeDrift('docs/decisions/0001-a.md', 'answers.yaml', outline, async () => ({ committed, expected }));
  }

  it('is a unified diff while few lines changed', async () => {
    const diff = await describeTexts(lines(40, 'old'), lines(40, 'new'));
    expect(diff).toMatch(/^={3,}\n--- docs\/decisions\/0001-a\.md \(committed\)\n\+\+\+ docs\/decisions\/0001-a\.md \(from answers\.yaml\)\n@@ /);
    expect(diff).toContain('-| row 0 | old |');
    expect(diff).toContain('+| row 0 | new |');
  });

  it('gives up on the diff past the limit, at once, with the same words every time', async () => {
    // Worked out line by line, this diff took a minute and a half.
    const committed = lines(20_000, 'old');
    const expected = lines(20_000, 'new');
    const started = performance.now();
    const account = await describeTexts(committed, expected, 7);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(account).toBe(
      [
        '--- docs/decisions/0001-a.md (committed)',
        '+++ docs/decisions/0001-a.md (from answers.yaml)',
        `more than ${MAX_DIFF_EDITS} lines added or removed (20000 lines committed, 20000 expected), the first difference at line 1;`,
        'too many to list here: run decide and review the rewritten ADR with git diff',
        '',
      ].join('\n'),
    );
  });

  it('does not read the texts when the lines that differ are too many for a diff', async () => {
    const outline = await outlineDrift([lines(3000, 'old')], [lines(3000, 'new')]);
    expect(outline.minimumEdits).toBe(3000);
    const account = await describeDrift('a.md', 'answers.yaml', outline, () => Promise.reject(new Error('read')));
    expect(account).toContain('the first difference at line 1;');
  });
});

describe('outlineDrift', () => {
  /** What the outline must say, worked out on the whole texts. */
  function expectedOutline(committed: string, expected: string): Omit<DriftOutline, 'minimumEdits'> & { edits: number | undefined } {
    const left = committed.split('\n');
    const right = expected.split('\n');
    let line = 0;
    while (line < left.length && line < right.length && left[line] === right[line]) line += 1;
    const diff = diffLines(committed, expected);
    const edits = diff.filter((part) => part.added || part.removed).reduce((sum, part) => sum + (part.count ?? 0), 0);
    return { same: committed === expected, committedLines: left.length, expectedLines: right.length, firstDifferentLine: line + 1, edits };
  }

  const LINES = ['a', 'b', '', 'a ', 'c\r', '# x'];

  it('agrees with the whole texts, and never counts more edits than a diff makes, wherever the texts are cut', async () => {
    const random = seededRandom(7);
    for (let round = 0; round < 300; round += 1) {
      const text = (): string => Array.from({ length: Math.floor(random() * 8) }, () => LINES[Math.floor(random() * LINES.length)]).join('\n') + (random() < 0.5 ? '\n' : '');
      const committed = text();
      const expected = random() < 0.3 ? committed : text();
      const cut = (value: string): string[] => {
        const at = Math.floor(random() * (value.length + 1));
        return [value.slice(0, at), value.slice(at)];
      };
      const outline = await outlineDrift(cut(committed), cut(expected));
      const { edits, ...whole } = expectedOutline(committed, expected);
      expect({ ...outline, minimumEdits: undefined }, JSON.stringify([committed, expected])).toEqual({ ...whole, minimumEdits: undefined });
      expect(outline.minimumEdits).toBeLessThanOrEqual(edits!);
      if (outline.same) expect(outline.minimumEdits).toBe(0);
    }
  });
});

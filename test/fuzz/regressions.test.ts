/**
 * Inputs the fuzzer found that the CLI mishandled, each kept as a fixture under
 * test/fixtures/fuzz/ and run through the program in this process, as a user would run it.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { HINT_LINE, LOCATED_LINE, FUZZ_NOW, diffSnapshots, takeSnapshot } from './contract.js';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'fuzz');

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'fuzz-regression-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    env: {},
    now: () => FUZZ_NOW,
    stdout: (text) => void (stdout += text),
    stderr: (text) => (stderr += text),
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

/** Every line a problem (FILE:LINE:COL error ...) or its hint, and none of them long. */
function expectShortLocatedLines(stderr: string): void {
  for (const line of stderr.trimEnd().split('\n')) {
    expect(line).toSatisfy((text: string) => LOCATED_LINE.test(text) || HINT_LINE.test(text));
    expect(line.length).toBeLessThan(500);
  }
}

describe('values from the file keep each problem on one line', () => {
  it('escapes line breaks and terminal escapes in quoted keys and values, and cuts a long value short', async () => {
    cpSync(join(fixtures, 'multi-line-values.yaml'), join(cwd, 'answers.yaml'));
    const before = takeSnapshot(cwd);
    const result = await run(['decide', 'answers.yaml', '--dir', 'adr']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(diffSnapshots(before, takeSnapshot(cwd))).toEqual([]);
    const lines = result.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toSatisfy((text: string) => LOCATED_LINE.test(text) || HINT_LINE.test(text));
    expect(lines.filter((line) => LOCATED_LINE.test(line))).toHaveLength(5);
    expect(result.stderr).toContain('answers.yaml:10:9 error interactions[0].id: "authorize\\npayment" is not kebab-case');
    expect(result.stderr).toContain('"command\\nquery" is not an answer to intent');
    expect(result.stderr).toMatch(/"fail_fast fail_fast [a-z_ ]+"\.\.\. \(399 characters\) is not an answer to when_down/);
    expect(result.stderr).toContain('unknown question "caller_needs\\u001b[31m"');
    expect(result.stderr).toContain('unknown key "notes\\nmore"');
    expect(result.stderr).not.toContain('\u001b');
  });

  it('a file read as one long plain value is quoted by its start and length, not printed whole', async () => {
    cpSync(join(fixtures, 'prose-not-yaml-map.yaml'), join(cwd, 'answers.yaml'));
    const result = await run(['decide', 'answers.yaml', '--stdout']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'answers.yaml:2:1 error: expected a map (key: value), found "The checkout service authorizes the card with paym"... (396 characters)\n',
    );
  });
});

describe('names far longer than any id are cut short wherever a message names them', () => {
  it('in an answers file: a top-level key and a question id', async () => {
    cpSync(join(fixtures, 'long-key.yaml'), join(cwd, 'answers.yaml'));
    const result = await run(['check', 'answers.yaml']);
    expect(result.code).toBe(2);
    expectShortLocatedLines(result.stderr);
    expect(result.stderr).toContain('answers.yaml:5:1 error overlongoverlongoverlongoverlongoverlongoverlongov...: unknown key "overlongoverlongoverlongoverlongoverlongoverlongov"... (240 characters)');
  });

  it('in a hint that lists the ids of the file', async () => {
    cpSync(join(fixtures, 'long-id-in-hint.yaml'), join(cwd, 'answers.yaml'));
    const result = await run(['decide', 'answers.yaml', '--stdout']);
    expect(result.code).toBe(2);
    expectShortLocatedLines(result.stderr);
    expect(result.stderr).toContain(`  hint: interaction ids: authorize-payment, ${'|'.repeat(30)}...\n`);
  });

  it('in a rule pack: a disabled id, a system rule id and a key', async () => {
    cpSync(join(fixtures, 'packs', 'long-ids'), join(cwd, 'pack'), { recursive: true });
    const result = await run(['rules', 'list', '--rules', 'pack']);
    expect(result.code).toBe(2);
    expectShortLocatedLines(result.stderr);
    expect(result.stderr).toContain('error system_rules[0]: system rule "overlongoverlongoverlongoverlongoverlongoverlongov"... (240 characters) is not set up by an earlier pack');
  });
});

describe('upgrade on a long line of broken YAML', () => {
  it('refuses it at once, located, instead of a parse that grows with the square of the line', async () => {
    // The shape the fuzzer found: a value made of many `{{x}}`, which no YAML reader accepts.
    writeFileSync(join(cwd, 'answers.yaml'), `version: 1\ntitle: ${'{{x}}'.repeat(40_000)}\ncontext: c\n`);
    const started = performance.now();
    const result = await run(['upgrade', 'answers.yaml', '--stdout']);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^answers\.yaml:2:\d+ error: /);
    expectShortLocatedLines(result.stderr);
  });
});

describe('a file whose lines end with a carriage return alone', () => {
  it('is located by its lines, not as one long first line', async () => {
    cpSync(join(fixtures, 'carriage-returns.yaml'), join(cwd, 'answers.yaml'));
    const result = await run(['decide', 'answers.yaml', '--stdout']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^answers\.yaml:11:15 error interactions\[0\]\.answers\.intent: "quer" is not an answer to intent/);
  });
});

describe('check --adr on an ADR far from what decide writes', () => {
  it('reports the drift in a few lines instead of working out a diff of every line', async () => {
    cpSync(join(root, 'test', 'fixtures', 'reference-systems', 'online-auction', 'answers.yaml'), join(cwd, 'answers.yaml'));
    cpSync(join(fixtures, 'large-drift', '0001-lagom-online-auction-communication.md'), join(cwd, 'adr', '0001-lagom-online-auction-communication.md'));
    const result = await run(['check', 'answers.yaml', '--adr', 'adr', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { rule: string; diff?: string }[] };
    const drift = report.findings.find((finding) => finding.rule === 'adr-drift');
    expect(drift?.diff).toMatch(/^--- adr\/0001-lagom-online-auction-communication\.md \(committed\)\n\+\+\+ adr\/0001-lagom-online-auction-communication\.md \(from answers\.yaml\)\nmore than 1000 lines added or removed \(9 lines committed, \d+ expected\), the first difference at line 2;/);
  });
});

/**
 * `rules list` and `rules test` through the built binary. The first test is how CI runs the
 * built-in pack's rule tests. Runs read the fixtures and write nothing.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root, runCli } from './cli.js';

beforeAll(ensureBuilt, 120_000);

const fixtures = join(root, 'test', 'fixtures', 'rule-tests');
const ANSI = /\u001b\[/;

let elsewhere: string;
beforeAll(async () => {
  elsewhere = await mkdtemp(join(tmpdir(), 'rules-e2e-'));
});
afterAll(async () => {
  await rm(elsewhere, { recursive: true, force: true });
});

/** How many cases the built-in pack's test files hold. */
async function countBuiltinCases(): Promise<number> {
  const files = (await readdir(join(root, 'rules'))).filter((name) => name.endsWith('.test.yaml'));
  return files.map((name) => (parse(readFileSync(join(root, 'rules', name), 'utf8')) as { cases: unknown[] }).cases.length).reduce((a, b) => a + b, 0);
}

describe('rules test', () => {
  it('passes every built-in rule test and leaves no built-in rule untested', async () => {
    const cases = await countBuiltinCases();
    // The pack's own tests as of version 2; fewer would mean cases were lost or skipped.
    expect(cases).toBeGreaterThanOrEqual(37);
    const result = runCli(['rules', 'test'], elsewhere);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/rules\/reference-cases\.test\.yaml\n {2}✓ /);
    expect(result.stdout).toMatch(/rules\/rules\.test\.yaml\n {2}✓ /);
    expect(result.stdout).not.toContain('✗');
    expect(result.stdout).not.toContain('rules no test fires');
    expect(result.stdout.match(/^ {2}✓ /gm)).toHaveLength(cases);
    expect(result.stdout).toMatch(new RegExp(`\\n${cases} passed, 0 failed\\nevery rule of the tested packs fires in at least one case \\(\\d+ rules\\)\\n$`));
  });

  it('exits 1 on a failing case and prints what went wrong, without colour when not on a terminal', () => {
    const result = runCli(['rules', 'test', 'failing'], fixtures);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('  ✗ a long query waited for is made asynchronous (failing/reports.test.yaml:9:5)\n      expected style async, got hybrid\n');
    expect(result.stdout).toContain('      rule fact-as-event did not fire; fired: result-needed-now, long-work-in-a-request, reports-are-events\n');
    expect(result.stdout).toContain('\n1 passed, 1 failed\n');
    expect(result.stdout).not.toMatch(ANSI);
  });

  it('colours the report when FORCE_COLOR asks for it, and not with --no-color', () => {
    const coloured = runCli(['rules', 'test', 'failing'], fixtures, { FORCE_COLOR: '1' });
    expect(coloured.status).toBe(1);
    expect(coloured.stdout).toContain('\u001b[31m✗\u001b[39m');
    const plain = runCli(['rules', 'test', 'failing', '--no-color'], fixtures, { FORCE_COLOR: '1' });
    expect(plain.stdout).not.toMatch(ANSI);
  });

  it('exits 2 on an invalid test file, naming file:line:col, and runs no case', () => {
    const result = runCli(['rules', 'test', 'broken'], fixtures);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'broken/broken.test.yaml:3:24 error cases[0].answers.intent: "comand" is not an answer to intent; allowed: query, command, fact, unknown\n  hint: did you mean "command"?\n',
    );
    expect(result.stderr).toContain('broken/broken.test.yaml:6:15 error cases[0].expect.fires[0]: unknown rule "always-queueing"\n  hint: did you mean "always-queue"?\n');
    expect(result.stderr).toContain('broken/broken.test.yaml:8:5 error cases[0].notes: unknown key "notes" in a case');
  });

  it('exits 2 for a pack folder that holds no rule tests', async () => {
    await mkdir(join(elsewhere, 'untested'), { recursive: true });
    await writeFile(join(elsewhere, 'untested', 'pack.yaml'), 'pack: { name: untested }\n');
    const result = runCli(['rules', 'test', 'untested'], elsewhere);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: rule pack folder untested holds no rule tests\n  hint: add a file named <something>.test.yaml beside the pack files (see docs/rule-packs.md)\n');
  });
});

describe('rules list', () => {
  it("shows a team pack's question with its file:line, and what the pack switched off", () => {
    const result = runCli(['rules', 'list', '--rules', 'team'], fixtures);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^ {2}pci_scope +payments-team +team\/pack\.yaml:7 +Does the call carry card data\?$/m);
    expect(result.stdout).toMatch(/^switched off \(1\)\n {2}id +by pack +where\n {2}spiky-load-buffer +payments-team +team\/pack\.yaml:4$/m);
  });

  it('prints exactly one JSON document with --format json', () => {
    const result = runCli(['rules', 'list', '--rules', 'team', '--format', 'json'], fixtures);
    expect(result.status).toBe(0);
    const document = JSON.parse(result.stdout) as { questions: { id: string; location: { file: string; line: number } }[] };
    expect(document.questions.find((question) => question.id === 'pci_scope')?.location).toEqual({ file: 'team/pack.yaml', line: 7, column: 5 });
  });

  it('exits 2 for a pack folder that does not exist, and for a call without a sub-command', () => {
    expect(runCli(['rules', 'list', '--rules', 'nowhere'], elsewhere).status).toBe(2);
    const bare = runCli(['rules'], elsewhere);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('Usage: sync-or-async rules');
  });
});

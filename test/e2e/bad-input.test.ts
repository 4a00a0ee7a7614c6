/**
 * Bad input through the built binary: each kind gets a clear message naming where the problem
 * is, exit code 2, and nothing is written.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, listFiles, root, runCli } from './cli.js';

const example = await readFile(join(root, 'examples', 'checkout', 'answers.yaml'), 'utf8');

beforeAll(ensureBuilt, 120_000);

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'bad-input-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Writes the answers file, runs decide, and checks that nothing but the inputs exists afterwards. */
async function decideExpectingRefusal(answers: string, extraArgs: string[] = []): Promise<string> {
  await writeFile(join(cwd, 'answers.yaml'), answers);
  const before = listFiles(cwd).sort();
  const result = runCli(['decide', 'answers.yaml', ...extraArgs], cwd);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(listFiles(cwd).sort()).toEqual(before);
  return result.stderr;
}

describe('decide refuses bad input with exit 2 and writes nothing', () => {
  it('a YAML syntax error names file, line and column', async () => {
    const stderr = await decideExpectingRefusal('version: 2\ntitle: [unclosed\ncontext: x\n');
    expect(stderr).toMatch(/^answers\.yaml:\d+:\d+ error:? .*YAML syntax/m);
  });

  it('schema errors name the YAML path and suggest the nearest valid word', async () => {
    const broken = example.replace('when_down: fail_closed', 'when_down: fail_close').replace('summary: Read the customer', 'sumary: Read the customer');
    const stderr = await decideExpectingRefusal(broken);
    const line = broken.split('\n').findIndex((text) => text.includes('fail_close')) + 1;
    expect(stderr).toContain(`answers.yaml:${line}:`);
    expect(stderr).toMatch(/interactions\[3\]\.answers\.when_down/);
    expect(stderr).toMatch(/did you mean "fail_closed"\?/);
    expect(stderr).toMatch(/did you mean "summary"\?/);
  });

  it('an unknown question in a custom rule pack points at the pack file and line', async () => {
    await mkdir(join(cwd, 'team-rules'));
    await writeFile(
      join(cwd, 'team-rules', 'rules.yaml'),
      [
        'rules:',
        '  - id: pci-stays-sync',
        '    title: Card data stays on synchronous internal calls',
        '    when: { answer: pci_scop, eq: yes }',
        '    recommend: { sync: yes, async: no }',
        '    reason: Card data must not rest in a broker.',
        '',
      ].join('\n'),
    );
    const stderr = await decideExpectingRefusal(example, ['--rules', 'team-rules']);
    expect(stderr).toMatch(/team-rules[/\\]rules\.yaml:4:\d+ error/);
    expect(stderr).toContain('pci_scop');
  });

  it('a version 1 vote in a custom rule pack is located, and says what to write instead', async () => {
    await mkdir(join(cwd, 'team-rules'));
    await writeFile(
      join(cwd, 'team-rules', 'rules.yaml'),
      [
        'rules:',
        '  - id: commands-stay-sync',
        '    title: Commands stay synchronous',
        '    when: { answer: intent, eq: command }',
        '    recommend: { style: sync, mechanism: call }',
        '    reason: Commands are answered at once.',
        '',
      ].join('\n'),
    );
    const stderr = await decideExpectingRefusal(example, ['--rules', 'team-rules']);
    const errors = stderr.split('\n').filter((line) => / error /.test(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/team-rules[/\\]rules\.yaml:5:\d+ error rules\[0\]\.recommend/);
    expect(stderr).toMatch(/hint: write recommend: \{ sync: yes, async: no \}/);
  });

  it('a service that no interaction uses is located, with the name it was probably meant to be', async () => {
    const misspelt = example.replace(/^( {2})payments:/m, '$1paymnets:');
    expect(misspelt).not.toBe(example);
    const stderr = await decideExpectingRefusal(misspelt);
    const line = misspelt.split('\n').findIndex((text) => text.startsWith('  paymnets:')) + 1;
    expect(stderr).toContain(`answers.yaml:${line}:`);
    expect(stderr).toContain('no interaction has "paymnets" as its caller or callee');
    expect(stderr).toContain('did you mean "payments"?');
  });

  it('a YAML alias bomb is refused at once', async () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level <= 9; level += 1) lines.push(`a${level}: &a${level} [${Array(9).fill(`*a${level - 1}`).join(', ')}]`);
    const started = performance.now();
    const stderr = await decideExpectingRefusal(`${lines.join('\n')}\n`);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(stderr).toMatch(/^answers\.yaml:2:\d+ error:? .*aliases expand to more than/m);
  });

  it('a 5 MB file is refused with the limit and how to raise it, and accepted when raised', async () => {
    const padding = `# ${'x'.repeat(98)}\n`.repeat(52_500);
    const big = `${example}${padding}`;
    expect(big.length).toBeGreaterThan(5_000_000);
    const stderr = await decideExpectingRefusal(big);
    expect(stderr).toMatch(/5\.\d MB.*over the 4 MB limit/);
    expect(stderr).toContain('--max-size');
    const raised = runCli(['decide', 'answers.yaml', '--max-size', '8MB', '--stdout'], cwd);
    expect(raised.status).toBe(0);
    expect(raised.stdout).toMatch(/^# Checkout and order communication$/m);
  });

  it('an ADR directory that cannot be created exits 2 and leaves the existing files alone', async () => {
    await writeFile(join(cwd, 'docs'), 'a file where a directory should be\n');
    const stderr = await decideExpectingRefusal(example, ['--dir', 'docs/decisions']);
    expect(stderr).toMatch(/docs/);
    expect(await readFile(join(cwd, 'docs'), 'utf8')).toBe('a file where a directory should be\n');
  });

  it('a file that is not an answers file at all says what is missing', async () => {
    const stderr = await decideExpectingRefusal('just: a map\n');
    expect(stderr).toMatch(/missing|required/i);
    expect(stderr).toMatch(/unknown key "just"/);
  });
});

describe('interview without a terminal', () => {
  it('exits 2 at once, asks nothing, writes nothing and points at decide', async () => {
    const started = Date.now();
    // Standard input is a pipe here, as in CI; the input would answer the first prompt if one appeared.
    const result = runCli(['interview', 'answers.yaml'], cwd, {}, 'Title\n');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('standard input is not one');
    expect(result.stderr).toContain('sync-or-async decide');
    expect(result.stderr).not.toContain('?');
    expect(listFiles(cwd)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a draft given to decide, naming the interview that finishes it', async () => {
    const stderr = await decideExpectingRefusal('version: 2\ndraft: true\ntitle: T\n');
    expect(stderr).toContain('answers.yaml:2:1');
    expect(stderr).toContain('unfinished interview');
    expect(stderr).toContain('sync-or-async interview answers.yaml');
  });

  it('lists its options and the exit codes in its help', () => {
    const result = runCli(['interview', '--help'], cwd);
    expect(result.status).toBe(0);
    for (const text of ['--rules <dir>', '--dir <dir>', '--profile <profile>', 'draft', '130']) expect(result.stdout).toContain(text);
  });
});

/**
 * A version 1 answers file through the built binary: decide and check refuse it at its version
 * and name the upgrade; upgrade converts it in place; decide then writes the ADR.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, listFiles, runCli } from './cli.js';

beforeAll(ensureBuilt, 120_000);

const VERSION_1 = [
  '# Written for sync-or-async 0.1.',
  'version: 1',
  'title: Checkout and payments',
  'date: 2026-11-20',
  'context: How checkout talks to payments and the mailer.',
  'interactions:',
  '  - id: authorize-payment',
  '    from: checkout',
  '    to: payments',
  '    summary: Authorize the card while the customer waits',
  '    answers:',
  '      intent: command',
  '      needs_answer_now: yes # the customer waits',
  '      tolerates_pending: no',
  '      critical_decision: yes',
  '      when_down: fail_closed',
  '  - id: send-receipt',
  '    from: payments',
  '    to: mailer',
  '    summary: Send the receipt',
  '    answers:',
  '      intent: command',
  '      needs_answer_now: no',
  '      when_down: defer',
  '',
].join('\n');

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'upgrade-e2e-'));
  await writeFile(join(cwd, 'answers.yaml'), VERSION_1);
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function filesInCwd(): string[] {
  return listFiles(cwd)
    .map((file) => relative(cwd, file).split('\\').join('/'))
    .sort();
}

const versionLine = VERSION_1.split('\n').indexOf('version: 1') + 1;

describe('a version 1 answers file', () => {
  it.each([['decide'], ['check']])('is refused by %s with exit 2 and one message at its version, naming sync-or-async upgrade', (command) => {
    const result = runCli([command, 'answers.yaml'], cwd);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `answers.yaml:${versionLine}:10 error version: this answers file is version 1; sync-or-async now reads version 2\n` +
        '  hint: run sync-or-async upgrade answers.yaml: it converts the file in place, keeps its comments and lists every answer it could not carry over\n',
    );
    expect(filesInCwd()).toEqual(['answers.yaml']);
  });

  it('is upgraded in place, listing each change at its line, and then decide writes the ADR', async () => {
    const upgraded = runCli(['upgrade', 'answers.yaml'], cwd);
    expect(upgraded.status).toBe(0);
    expect(upgraded.stdout).toBe('');
    const lines = upgraded.stderr.split('\n');
    const lineOf = (part: string) => VERSION_1.split('\n').findIndex((line) => line.includes(part)) + 1;
    expect(lines.slice(0, 4)).toEqual([
      `answers.yaml:${versionLine} version: 1 becomes version: 2`,
      `answers.yaml:${lineOf('needs_answer_now: yes')} authorize-payment: needs_answer_now: yes becomes caller_needs: result`,
      `answers.yaml:${lineOf('needs_answer_now: no')} send-receipt: needs_answer_now: no was removed; answer caller_needs (acknowledgement or nothing)`,
      'upgraded answers.yaml to version 2: 3 changes',
    ]);
    expect(upgraded.stderr).toContain('sync-or-async interview answers.yaml');
    expect(upgraded.stderr).not.toMatch(/\u001b\[/);

    const text = await readFile(join(cwd, 'answers.yaml'), 'utf8');
    expect(text.startsWith('# Written for sync-or-async 0.1.\nversion: 2\n')).toBe(true);
    expect(text).toContain('      caller_needs: result # the customer waits\n');
    expect(parse(text).interactions[1].answers).toEqual({ intent: 'command', when_down: 'defer' });
    expect(filesInCwd()).toEqual(['answers.yaml']);

    const decided = runCli(['decide', 'answers.yaml'], cwd);
    expect(decided.stderr).toMatch(/^wrote docs\/decisions\/0001-checkout-and-payments\.md: 2 interactions /);
    expect(decided.status).toBe(0);
    const adr = await readFile(join(cwd, 'docs/decisions/0001-checkout-and-payments.md'), 'utf8');
    expect(adr).toContain('# Checkout and payments');
    // What the upgrade left for the team is an open question of the ADR.
    expect(adr).toContain('caller_needs');

    // A second upgrade has nothing to do and touches nothing.
    const again = runCli(['upgrade', 'answers.yaml'], cwd);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('answers.yaml is already version 2; nothing to upgrade\n');
    expect(await readFile(join(cwd, 'answers.yaml'), 'utf8')).toBe(text);
  });

  it('is printed as version 2 with --stdout, and left as it is', async () => {
    const printed = runCli(['upgrade', 'answers.yaml', '--stdout'], cwd);
    expect(printed.status).toBe(0);
    expect(parse(printed.stdout)).toMatchObject({ version: 2, interactions: [{ answers: { caller_needs: 'result' } }, {}] });
    expect(printed.stderr).toContain('printed answers.yaml as version 2: 3 changes');
    expect(await readFile(join(cwd, 'answers.yaml'), 'utf8')).toBe(VERSION_1);
    expect(filesInCwd()).toEqual(['answers.yaml']);
  });

  it('is not written when it would not load after upgrading, and upgrade exits 2 at the problem', async () => {
    const broken = VERSION_1.replace('when_down: defer', 'when_down: defr');
    const line = broken.split('\n').findIndex((text) => text.includes('defr')) + 1;
    await writeFile(join(cwd, 'answers.yaml'), broken);
    const result = runCli(['upgrade', 'answers.yaml'], cwd);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`answers.yaml:${line}:18 error interactions[1].answers.when_down: "defr" is not an answer to when_down`);
    expect(result.stderr).toContain('did you mean "defer"?');
    expect(result.stderr).not.toContain('upgraded');
    expect(await readFile(join(cwd, 'answers.yaml'), 'utf8')).toBe(broken);
  });
});

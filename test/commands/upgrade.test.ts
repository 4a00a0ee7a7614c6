import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.js';
import { runDecide } from '../../src/commands/decide.js';
import { runUpgrade } from '../../src/commands/upgrade.js';
import type { UpgradeOptions } from '../../src/commands/upgrade.js';
import { InputError } from '../../src/model/errors.js';
import { testContext } from './context.js';

const defaults: UpgradeOptions = { rules: [], stdout: false, maxBytes: 4 * 1024 * 1024 };

/**
 * A version 1 file with each case of needs_answer_now: yes (with a comment on its line), no on
 * a command, no on a fact, and unknown in a flow map; the other answers and the comments stay.
 */
const VERSION_1 = [
  '# yaml-language-server: $schema=../schema/answers.schema.json',
  '# How checkout talks to its neighbours.',
  'version: 1',
  'title: Checkout',
  'context: How checkout talks to its neighbours.',
  'interactions:',
  '  - id: authorize-payment # the card',
  '    from: checkout',
  '    to: payments',
  '    summary: Authorize the card',
  '    answers:',
  '      intent: command',
  '      needs_answer_now: yes # the customer waits',
  '      when_down: fail_closed',
  '  - id: send-email',
  '    from: orders',
  '    to: email',
  '    summary: Send the confirmation',
  '    answers:',
  '      intent: command',
  '      needs_answer_now: no # fire and forget',
  '  - id: order-placed',
  '    from: orders',
  '    to: analytics',
  '    summary: Order placed',
  '    answers:',
  '      intent: fact',
  '      needs_answer_now: no',
  '      multiple_consumers: yes',
  '  - id: look-up-stock',
  '    from: checkout',
  '    to: stock',
  '    summary: Look up the stock',
  '    answers: { intent: query, needs_answer_now: unknown }',
  '',
].join('\n');

let cwd: string;
let out: string;
let err: string;
let context: CommandContext;

beforeEach(async () => {
  // Deliberately not the process's working directory: the command must only use context.cwd.
  cwd = await mkdtemp(join(tmpdir(), 'upgrade-command-'));
  await mkdir(join(cwd, 'specs'));
  out = '';
  err = '';
  context = testContext(cwd, new Date('2027-03-04T10:00:00Z'), (text) => (out += text), (text) => (err += text));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function writeAnswers(text: string, name = 'specs/answers.yaml'): Promise<string> {
  await writeFile(join(cwd, name), text);
  return name;
}

function readAnswers(name = 'specs/answers.yaml'): Promise<string> {
  return readFile(join(cwd, name), 'utf8');
}

/** The 1-based line of the first line of `text` that contains `part`. */
function lineOf(text: string, part: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(part));
  if (index < 0) throw new Error(`no line contains ${part}`);
  return index + 1;
}

describe('runUpgrade on a version 1 file', () => {
  it('rewrites the file in place as version 2, changing only what it must and keeping every comment', async () => {
    const file = await writeAnswers(VERSION_1);
    expect(await runUpgrade(file, defaults, context)).toBe(0);
    expect(await readAnswers()).toBe(
      [
        '# yaml-language-server: $schema=../schema/answers.schema.json',
        '# How checkout talks to its neighbours.',
        'version: 2',
        'title: Checkout',
        'context: How checkout talks to its neighbours.',
        'interactions:',
        '  - id: authorize-payment # the card',
        '    from: checkout',
        '    to: payments',
        '    summary: Authorize the card',
        '    answers:',
        '      intent: command',
        // yes becomes result on the same line, with its comment.
        '      caller_needs: result # the customer waits',
        '      when_down: fail_closed',
        '  - id: send-email',
        '    from: orders',
        '    to: email',
        '    summary: Send the confirmation',
        // no is not guessed: the question is left for the team, and the line's comment is kept.
        '    # version 1 said needs_answer_now: no (its comment: fire and forget); answer caller_needs: acknowledgement (the caller needs an id or a status to follow) or nothing',
        '    answers:',
        '      intent: command',
        '  - id: order-placed',
        '    from: orders',
        '    to: analytics',
        '    summary: Order placed',
        // A fact was never asked it.
        "    # version 1 said needs_answer_now: no; a fact's caller needs nothing back, so it was removed",
        '    answers:',
        '      intent: fact',
        '      multiple_consumers: yes',
        '  - id: look-up-stock',
        '    from: checkout',
        '    to: stock',
        '    summary: Look up the stock',
        '    answers: { intent: query, caller_needs: unknown }',
        '',
      ].join('\n'),
    );
    expect(out).toBe('');
  });

  it('lists every change as file:line on stderr, at its line in the version 1 file, and names what is left for the team', async () => {
    const file = await writeAnswers(VERSION_1);
    await runUpgrade(file, defaults, context);
    const at = (part: string) => `specs/answers.yaml:${lineOf(VERSION_1, part)}`;
    const lines = err.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      `${at('version: 1')} version: 1 becomes version: 2`,
      `${at('needs_answer_now: yes')} authorize-payment: needs_answer_now: yes becomes caller_needs: result`,
      `${at('needs_answer_now: no # fire and forget')} send-email: needs_answer_now: no was removed; answer caller_needs (acknowledgement or nothing)`,
      `specs/answers.yaml:${lineOf(VERSION_1, 'multiple_consumers') - 1} order-placed: needs_answer_now is not asked of a fact and was removed`,
      `${at('needs_answer_now: unknown')} look-up-stock: needs_answer_now: unknown becomes caller_needs: unknown`,
    ]);
    expect(lines[5]).toBe('upgraded specs/answers.yaml to version 2: 5 changes');
    // One answer needs the team, and the interview that asks it is named with the file.
    expect(lines[6]).toMatch(/^1 answer needs the team: caller_needs /);
    expect(err).toContain('sync-or-async interview specs/answers.yaml');
  });

  it('says every answer was carried over when none needs the team', async () => {
    const file = await writeAnswers(
      ['version: 1', 'title: T', 'context: C', 'interactions:', '  - { id: a, from: x, to: y, summary: s, answers: { intent: query, needs_answer_now: true } }', ''].join('\n'),
    );
    expect(await runUpgrade(file, defaults, context)).toBe(0);
    expect(parse(await readAnswers()).interactions[0].answers).toEqual({ intent: 'query', caller_needs: 'result' });
    expect(err).toContain('specs/answers.yaml:5 a: needs_answer_now: yes becomes caller_needs: result\n');
    expect(err).toContain('upgraded specs/answers.yaml to version 2: 2 changes\nEvery answer was carried over.');
    expect(err).not.toContain('needs the team');
  });

  it('makes a file that decide reads: version 2, no problem, the removed answer weighed as unknown', async () => {
    const file = await writeAnswers(VERSION_1);
    await runUpgrade(file, defaults, context);
    let json = '';
    const decided = await runDecide(file, { rules: [], profile: 'madr', stdout: true, format: 'json', maxBytes: 1 << 22 }, { ...context, stdout: (text) => void (json += text), stderr: () => undefined });
    expect(decided).toBe(0);
    const decision = JSON.parse(json) as { version: number; interactions: { id: string; open_questions: { question: string }[] }[] };
    expect(decision.version).toBe(2);
    expect(decision.interactions.map((interaction) => interaction.id)).toEqual(['authorize-payment', 'send-email', 'order-placed', 'look-up-stock']);
    // What the caller needs is open where the upgrade left it to the team.
    const sendEmail = decision.interactions.find((interaction) => interaction.id === 'send-email');
    expect(sendEmail?.open_questions.map((open) => open.question)).toContain('caller_needs');
  });

  it('keeps a draft a draft, so that interview can resume it', async () => {
    const file = await writeAnswers(['version: 1', 'draft: true', 'title: T', 'interactions:', '  - from: checkout', '    answers: { intent: command, needs_answer_now: yes }', ''].join('\n'));
    expect(await runUpgrade(file, defaults, context)).toBe(0);
    expect(parse(await readAnswers())).toEqual({ version: 2, draft: true, title: 'T', interactions: [{ from: 'checkout', answers: { intent: 'command', caller_needs: 'result' } }] });
  });

  it('reads the questions of the packs given with --rules', async () => {
    const rules = join(cwd, 'team-rules');
    await mkdir(rules);
    await writeFile(join(rules, 'pack.yaml'), 'pack: { name: team }\nquestions:\n  - id: pci_scope\n    prompt: Card data?\n    help: PCI.\n    type: yes_no\n');
    const text = VERSION_1.replace('      when_down: fail_closed\n', '      when_down: fail_closed\n      pci_scope: yes\n');
    const file = await writeAnswers(text);
    // Without the pack, the team's question is unknown, and nothing is written.
    await expect(runUpgrade(file, defaults, context)).rejects.toThrow(InputError);
    expect(await readAnswers()).toBe(text);
    expect(await runUpgrade(file, { ...defaults, rules: ['team-rules'] }, context)).toBe(0);
    expect(parse(await readAnswers()).interactions[0].answers).toMatchObject({ caller_needs: 'result', pci_scope: 'yes' });
  });
});

describe('runUpgrade --stdout', () => {
  it('prints the version 2 file, lists the changes on stderr, and writes nothing', async () => {
    const file = await writeAnswers(VERSION_1);
    const before = await stat(join(cwd, file));
    expect(await runUpgrade(file, { ...defaults, stdout: true }, context)).toBe(0);
    expect(await readAnswers()).toBe(VERSION_1);
    expect((await stat(join(cwd, file))).mtimeMs).toBe(before.mtimeMs);
    expect(await readdir(join(cwd, 'specs'))).toEqual(['answers.yaml']);
    // What it prints is what the upgrade in place writes.
    const printed = out;
    expect(printed).toMatch(/^# yaml-language-server: .+\n# How checkout talks to its neighbours\.\nversion: 2\n/);
    expect(err).toContain(`specs/answers.yaml:${lineOf(VERSION_1, 'version: 1')} version: 1 becomes version: 2\n`);
    expect(err).toContain('printed specs/answers.yaml as version 2: 5 changes\n');
    out = '';
    await runUpgrade(file, defaults, context);
    expect(await readAnswers()).toBe(printed);
  });
});

describe('runUpgrade on a file it cannot or need not upgrade', () => {
  it('leaves a version 2 file untouched, says so, and exits 0', async () => {
    const text = VERSION_1.replace('version: 1', 'version: 2').replace(/needs_answer_now: (yes|unknown)/g, 'caller_needs: result').replace(/ {6}needs_answer_now: no\n/g, '');
    const file = await writeAnswers(text);
    const before = await stat(join(cwd, file));
    expect(await runUpgrade(file, defaults, context)).toBe(0);
    expect(await readAnswers()).toBe(text);
    expect((await stat(join(cwd, file))).mtimeMs).toBe(before.mtimeMs);
    expect(err).toBe('specs/answers.yaml is already version 2; nothing to upgrade\n');
    expect(out).toBe('');
    // With --stdout, the file is printed as it is.
    expect(await runUpgrade(file, { ...defaults, stdout: true }, context)).toBe(0);
    expect(out).toBe(text);
  });

  it('does not write a file that would not load after upgrading, and throws an input error (exit 2) at the problem', async () => {
    const text = VERSION_1.replace('      when_down: fail_closed\n', '      when_down: fail_closed\n      intnet: command\n');
    const file = await writeAnswers(text);
    const error = await runUpgrade(file, defaults, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).problems).toEqual([
      expect.objectContaining({
        message: 'unknown question "intnet"',
        location: expect.objectContaining({ file: 'specs/answers.yaml', line: lineOf(text, 'intnet') }),
        hint: expect.stringContaining('did you mean "intent"?'),
      }),
    ]);
    expect(await readAnswers()).toBe(text);
    // Nothing is reported as upgraded.
    expect(err).toBe('');
    expect(out).toBe('');
  });

  // The problems are found in the upgraded text, which is not written: each removed line is
  // replaced by a comment line, so that they stand at the lines of the file on disk.
  it('locates a problem at its line in the file on disk, even below answers the upgrade removed', async () => {
    const text = VERSION_1.replace('  - id: look-up-stock', '  - id: look-up-stock\n    latency: { budget_ms: -5 }');
    const file = await writeAnswers(text);
    const error = await runUpgrade(file, defaults, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((problem) => problem.location?.line)).toEqual([lineOf(text, 'budget_ms: -5')]);
    expect(await readAnswers()).toBe(text);
  });

  it.each([
    ['a version it does not know', 'version: 3\ntitle: T\n', /version is 3, not 1/],
    ['no version at all', 'title: T\n', /has no version key/],
    ['something that is not an answers map', '- a\n- b\n', /does not hold an answers map/],
    ['broken YAML', 'version: 1\ntitle: [unclosed\n', /YAML syntax/],
  ])('refuses %s with an input error at the file, and writes nothing', async (_what, text, message) => {
    const file = await writeAnswers(text);
    const error = await runUpgrade(file, defaults, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    const [problem] = (error as InputError).problems;
    expect(problem?.message).toMatch(message);
    expect(problem?.location?.file).toBe('specs/answers.yaml');
    expect(problem?.hint).toBeTruthy();
    expect(await readAnswers()).toBe(text);
    expect(err).toBe('');
  });

  it('refuses a file that does not exist with an input error', async () => {
    await expect(runUpgrade('specs/missing.yaml', defaults, context)).rejects.toThrow(InputError);
    expect(await readdir(join(cwd, 'specs'))).toEqual([]);
  });
});

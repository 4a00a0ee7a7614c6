import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseAdrSettings } from '../../src/commands/adr-settings.js';
import { runCheck } from '../../src/commands/check.js';
import type { CheckOptions } from '../../src/commands/check.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runDecide } from '../../src/commands/decide.js';
import type { DecideOptions } from '../../src/commands/decide.js';
import type { AnswersFile } from '../../src/model/answers.js';
import { testContext } from './context.js';

const fixture = fileURLToPath(new URL('../fixtures/decide/answers.yaml', import.meta.url));
const decideDefaults: DecideOptions = { rules: [], stdout: false, format: 'markdown', maxBytes: 4 * 1024 * 1024 };
const checkDefaults: CheckOptions = { rules: [], maxBytes: 4 * 1024 * 1024, failSeverity: 'error', requireChecklist: false, outputs: [{ format: 'json' }], version: '0.0.0-test' };

let cwd: string;
let out: string;
let err: string;
let context: CommandContext;
let original: string;

/** The fixture with an `adr` section (or none) put after its date. */
async function writeAnswers(adr: string | undefined, path = 'answers.yaml'): Promise<void> {
  const text = adr === undefined ? original : original.replace(/^(date: .+\n)/m, `$1adr:\n${adr}`);
  await writeFile(join(cwd, path), text);
}

async function decideWith(options: Partial<DecideOptions> = {}, file = 'answers.yaml'): Promise<number> {
  err = '';
  return runDecide(file, { ...decideDefaults, ...options }, context);
}

async function checkWith(options: Partial<CheckOptions> = {}): Promise<{ code: number; rules: string[] }> {
  out = '';
  const code = await runCheck('answers.yaml', { ...checkDefaults, ...options }, context);
  const report = JSON.parse(out) as { findings: { rule: string }[] };
  return { code, rules: report.findings.map((finding) => finding.rule) };
}

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'adr-settings-'));
  original = await readFile(fixture, 'utf8');
  out = '';
  err = '';
  context = testContext(cwd, new Date('2027-03-04T10:00:00Z'), (text) => (out += text), (text) => (err += text));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('an answers file without an adr section (written before it existed)', () => {
  it('decides into the conventional directory, in MADR, as before', async () => {
    await writeAnswers(undefined);
    expect(await decideWith()).toBe(0);
    const adr = await readFile(join(cwd, 'docs/decisions/0001-order-notifications.md'), 'utf8');
    expect(adr.startsWith('---\n')).toBe(true);
  });

  it('keeps an existing Nygard ADR in Nygard when decide runs again without --profile', async () => {
    await writeAnswers(undefined);
    expect(await decideWith({ profile: 'nygard' })).toBe(0);
    const nygard = await readFile(join(cwd, 'docs/decisions/0001-order-notifications.md'), 'utf8');
    expect(nygard).toMatch(/^# 1\. Order notifications\n/);
    expect(await decideWith()).toBe(0);
    expect(err).toMatch(/^docs\/decisions\/0001-order-notifications\.md is up to date/);
    expect(await readFile(join(cwd, 'docs/decisions/0001-order-notifications.md'), 'utf8')).toBe(nygard);
  });

  it('rewrites the existing ADR in another format only when a flag asks, and says so', async () => {
    await writeAnswers(undefined);
    await decideWith({ profile: 'nygard' });
    expect(await decideWith({ profile: 'madr' })).toBe(0);
    expect(err).toMatch(/^note: docs\/decisions\/0001-order-notifications\.md was written as a Nygard ADR; it is rewritten as MADR, as --profile says\n/);
    expect((await readFile(join(cwd, 'docs/decisions/0001-order-notifications.md'), 'utf8')).startsWith('---\n')).toBe(true);
  });
});

describe('an answers file that remembers its ADR directory and format', () => {
  it('writes there, in that format, without flags; the directory is read from the answers file folder', async () => {
    await mkdir(join(cwd, 'architecture'));
    await writeAnswers('  dir: records\n  profile: nygard\n', 'architecture/answers.yaml');
    expect(await decideWith({}, 'architecture/answers.yaml')).toBe(0);
    expect(await readdir(join(cwd, 'architecture', 'records'))).toEqual(['0001-order-notifications.md']);
    expect(err).toMatch(/^wrote architecture\/records\/0001-order-notifications\.md/);
    expect(await readFile(join(cwd, 'architecture/records/0001-order-notifications.md'), 'utf8')).toMatch(/^# 1\. Order notifications\n/);
    expect(await readdir(cwd)).toEqual(['architecture']);
  });

  it('gives way to --dir and --profile', async () => {
    await writeAnswers('  dir: records\n  profile: nygard\n');
    expect(await decideWith({ dir: 'elsewhere', profile: 'log4brains' })).toBe(0);
    expect((await readdir(cwd)).sort()).toEqual(['answers.yaml', 'elsewhere']);
    const [name] = await readdir(join(cwd, 'elsewhere'));
    expect(name).toMatch(/^\d{8}-order-notifications\.md$/);
  });

  it('names the answers file as what asked for a change of format', async () => {
    await writeAnswers('  dir: records\n');
    await decideWith();
    await writeAnswers('  dir: records\n  profile: nygard\n');
    expect(await decideWith()).toBe(0);
    expect(err).toMatch(/^note: records\/0001-order-notifications\.md was written as a MADR ADR; it is rewritten as Nygard, as adr\.profile in answers\.yaml says\n/);
  });

  it('has check compare the committed ADR in the remembered directory without --adr', async () => {
    await writeAnswers('  dir: records\n  profile: nygard\n');
    await decideWith();
    expect(await checkWith()).toEqual({ code: 0, rules: [] });
    // The answers change after the ADR was written: the ADR has drifted.
    await writeFile(join(cwd, 'answers.yaml'), (await readFile(join(cwd, 'answers.yaml'), 'utf8')).replace('Orders are confirmed by the order service', 'Orders are confirmed by the shop'));
    const drifted = await checkWith();
    expect(drifted.code).toBe(1);
    expect(drifted.rules).toContain('adr-drift');
    // And with no ADR there yet, check says so rather than passing.
    await rm(join(cwd, 'records'), { recursive: true });
    out = '';
    expect(await runCheck('answers.yaml', { ...checkDefaults, outputs: [{ format: 'stylish' }] }, context)).toBe(1);
    expect(out).toMatch(/answers\.yaml\s*\n\s*5:3\s+error\s+records, the ADR directory that adr\.dir in answers\.yaml names, does not exist; run decide on answers\.yaml/);
  });

  it('is refused with its location when the format is not one of the three', async () => {
    await writeAnswers('  profile: markdown\n');
    await expect(decideWith()).rejects.toThrow(/invalid answers file answers\.yaml/);
    const error = (await decideWith().catch((caught: unknown) => caught)) as { problems: { message: string; location?: { line: number } }[] };
    expect(error.problems[0]?.message).toMatch(/"markdown" is not allowed here; allowed: madr, nygard, log4brains/);
    expect(error.problems[0]?.location?.line).toBe(5);
  });
});

describe('chooseAdrSettings', () => {
  const answers = (adr: AnswersFile['adr'], source = 'team/answers.yaml'): AnswersFile =>
    ({ source, ...(adr === undefined ? {} : { adr }) }) as AnswersFile;

  it('takes a flag first, then the file, and leaves the format open when neither says', () => {
    expect(chooseAdrSettings({}, answers(undefined), '/repo')).toEqual({ dir: undefined, profile: undefined, profileFrom: undefined });
    expect(chooseAdrSettings({}, answers({ dir: 'adr', profile: 'log4brains' }), '/repo')).toEqual({
      dir: 'team/adr',
      profile: 'log4brains',
      profileFrom: 'adr.profile in team/answers.yaml',
    });
    expect(chooseAdrSettings({ dir: 'x', profile: 'madr' }, answers({ dir: 'adr', profile: 'log4brains' }), '/repo')).toEqual({
      dir: 'x',
      profile: 'madr',
      profileFrom: '--profile',
    });
  });

  it('resolves the remembered directory from the answers file folder, whatever the working directory', () => {
    expect(chooseAdrSettings({}, answers({ dir: '../docs/decisions' }), '/repo').dir).toBe('docs/decisions');
    expect(chooseAdrSettings({}, answers({ dir: '.' }), '/repo').dir).toBe('team');
    expect(chooseAdrSettings({}, answers({ dir: '..' }), '/repo').dir).toBe('.');
  });
});

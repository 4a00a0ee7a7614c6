/**
 * decide --supersedes: the old ADR is marked, both link to each other, and later runs without
 * the option keep it that way.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.js';
import { testContext } from './context.js';
import { planAdr, runDecide } from '../../src/commands/decide.js';
import type { DecideOptions } from '../../src/commands/decide.js';
import { decide } from '../../src/engine/decide.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import type { AnswersFile } from '../../src/model/answers.js';
import type { Decision } from '../../src/model/decision.js';
import type { Pack } from '../../src/model/pack.js';
import { ADR_PROFILES } from '../../src/render/adr.js';
import { OutputError, UsageError } from '../../src/model/errors.js';

const fixture = await readFile(new URL('../fixtures/decide/answers.yaml', import.meta.url), 'utf8');
const defaults: DecideOptions = { rules: [], profile: 'madr', stdout: false, format: 'markdown', maxBytes: 1 << 20 };

let cwd: string;
let out: string;
let err: string;
let context: CommandContext;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'supersede-'));
  await writeFile(join(cwd, 'old.yaml'), fixture);
  await writeFile(join(cwd, 'new.yaml'), fixture.replace('title: Order notifications', 'title: Order notifications by queue'));
  out = '';
  err = '';
  context = testContext(cwd, new Date('2027-03-04T10:00:00Z'), (text) => (out += text), (text) => (err += text));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const dir = (): string => join(cwd, 'docs/decisions');
const read = (name: string): Promise<string> => readFile(join(dir(), name), 'utf8');

async function snapshot(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await readdir(dir())) files[name] = await read(name);
  return files;
}

describe('decide --supersedes in the MADR format', () => {
  beforeEach(async () => {
    await runDecide('old.yaml', defaults, context);
    err = '';
  });

  it('writes the new ADR, then marks the old one and links both ways', async () => {
    expect(await runDecide('new.yaml', { ...defaults, supersedes: '1' }, context)).toBe(0);
    const oldAdr = await read('0001-order-notifications.md');
    const newAdr = await read('0002-order-notifications-by-queue.md');
    expect(oldAdr).toMatch(/^---\nstatus: superseded by ADR-0002\n/);
    expect(oldAdr).toContain('\n# Order notifications\n\nSuperseded by [ADR-0002: Order notifications by queue](0002-order-notifications-by-queue.md)\n\n## Context');
    expect(newAdr).toMatch(/^---\nstatus: proposed\n/);
    expect(newAdr).toContain('\n# Order notifications by queue\n\nSupersedes [ADR-0001: Order notifications](0001-order-notifications.md)\n\n## Context');
    expect(err).toBe(
      'wrote docs/decisions/0002-order-notifications-by-queue.md: 2 interactions (1 sync, 1 async), 0 findings\n' +
        'marked docs/decisions/0001-order-notifications.md as superseded by ADR-0002\n',
    );
  });

  it('keeps both links on later runs without the option', async () => {
    await runDecide('new.yaml', { ...defaults, supersedes: '1' }, context);
    const before = await snapshot();
    err = '';
    await runDecide('old.yaml', defaults, context);
    await runDecide('new.yaml', defaults, context);
    expect(await snapshot()).toEqual(before);
    expect(err).toBe(
      'docs/decisions/0001-order-notifications.md is up to date: 2 interactions (1 sync, 1 async), 0 findings\n' +
        'docs/decisions/0002-order-notifications-by-queue.md is up to date: 2 interactions (1 sync, 1 async), 0 findings\n',
    );
  });

  it('keeps the superseded status when the old answers file says otherwise', async () => {
    await runDecide('new.yaml', { ...defaults, supersedes: '1' }, context);
    await writeFile(join(cwd, 'old.yaml'), fixture.replace('title: Order notifications', 'title: Order notifications\nstatus: accepted'));
    await runDecide('old.yaml', defaults, context);
    expect(await read('0001-order-notifications.md')).toMatch(/^status: superseded by ADR-0002$/m);
  });

  it('updates the link text when the new ADR is renamed', async () => {
    await runDecide('new.yaml', { ...defaults, supersedes: '1' }, context);
    await writeFile(join(cwd, 'new.yaml'), `id: order-notifications-by-queue\n${fixture.replace('title: Order notifications', 'title: Notifications by queue')}`);
    await runDecide('new.yaml', defaults, context);
    await runDecide('old.yaml', defaults, context);
    expect(await read('0001-order-notifications.md')).toContain('Superseded by [ADR-0002: Notifications by queue](0002-order-notifications-by-queue.md)\n');
  });

  it('lets a hand-edited status undo the supersession on the next runs', async () => {
    await runDecide('new.yaml', { ...defaults, supersedes: '1' }, context);
    const marked = await read('0001-order-notifications.md');
    await writeFile(join(dir(), '0001-order-notifications.md'), marked.replace('status: superseded by ADR-0002', 'status: accepted'));
    await runDecide('old.yaml', defaults, context);
    await runDecide('new.yaml', defaults, context);
    expect(await read('0001-order-notifications.md')).not.toMatch(/supersede/i);
    expect(await read('0002-order-notifications-by-queue.md')).not.toMatch(/supersede/i);
  });

  it('running it twice changes nothing the second time', async () => {
    await runDecide('new.yaml', { ...defaults, supersedes: '1' }, context);
    const before = await snapshot();
    err = '';
    await runDecide('new.yaml', { ...defaults, supersedes: 'ADR-0001' }, context);
    expect(await snapshot()).toEqual(before);
    expect(err).toMatch(/0002-order-notifications-by-queue\.md is up to date.*\ndocs\/decisions\/0001-order-notifications\.md is up to date: superseded by ADR-0002\n$/);
  });

  it('moves the mark when a third ADR supersedes the same one', async () => {
    await runDecide('new.yaml', { ...defaults, supersedes: '1' }, context);
    await writeFile(join(cwd, 'third.yaml'), fixture.replace('title: Order notifications', 'title: Third take'));
    await runDecide('third.yaml', { ...defaults, supersedes: '1' }, context);
    await runDecide('new.yaml', defaults, context);
    expect(await read('0001-order-notifications.md')).toMatch(/^status: superseded by ADR-0003$/m);
    expect(await read('0001-order-notifications.md')).not.toContain('ADR-0002');
    expect(await read('0003-third-take.md')).toContain('Supersedes [ADR-0001: Order notifications](0001-order-notifications.md)\n');
    expect(await read('0002-order-notifications-by-queue.md')).not.toMatch(/supersede/i);
  });

  it('prints the new ADR with its link under --stdout and writes nothing', async () => {
    const before = await snapshot();
    expect(await runDecide('new.yaml', { ...defaults, supersedes: '1', stdout: true }, context)).toBe(0);
    expect(out).toContain('Supersedes [ADR-0001: Order notifications](0001-order-notifications.md)\n');
    expect(await snapshot()).toEqual(before);
  });

  it('gives planAdr the marked old ADR without writing it', async () => {
    const plan = await planAdr({ ...(await decideFile('new.yaml')), source: 'new.yaml', dir: undefined, profile: 'madr', supersedes: '1' }, context);
    expect(plan.superseded?.file.name).toBe('0001-order-notifications.md');
    expect(plan.superseded?.text).toMatch(/^status: superseded by ADR-0002$/m);
    expect(await read('0001-order-notifications.md')).not.toMatch(/supersede/i);
  });
});

async function decideFile(file: string): Promise<{ answers: AnswersFile; decision: Decision; pack: Pack }> {
  const pack = await loadPacks([]);
  const answers = parseAnswers(await readFile(join(cwd, file), 'utf8'), file, pack);
  return { pack, answers, decision: decide(answers, pack) };
}

describe('decide --supersedes refuses, and writes nothing', () => {
  beforeEach(async () => {
    await runDecide('old.yaml', defaults, context);
    err = '';
  });

  async function expectRefusal(options: Partial<DecideOptions>, kind: typeof UsageError | typeof OutputError, message: RegExp): Promise<void> {
    const before = await snapshot();
    const mtimes = await Promise.all(Object.keys(before).map(async (name) => (await stat(join(dir(), name))).mtimeMs));
    const error = await runDecide('new.yaml', { ...defaults, ...options }, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(kind);
    expect((error as Error & { exitCode: number }).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
    expect(await snapshot()).toEqual(before);
    expect(await Promise.all(Object.keys(before).map(async (name) => (await stat(join(dir(), name))).mtimeMs))).toEqual(mtimes);
    expect(err).toBe('');
  }

  it('a number no ADR has', async () => {
    await expectRefusal({ supersedes: '9' }, UsageError, /--supersedes 9: there is no such ADR in docs\/decisions \(numbers in use: 1\)/);
  });

  it('a number two ADRs share', async () => {
    await writeFile(join(dir(), '0001-from-a-branch.md'), '---\nstatus: accepted\n---\n# From a branch\n');
    await expectRefusal({ supersedes: '1' }, UsageError, /0001-from-a-branch\.md and docs\/decisions\/0001-order-notifications\.md carry the same number/);
  });

  it('the ADR of the decision itself', async () => {
    const before = await snapshot();
    const error = await runDecide('old.yaml', { ...defaults, supersedes: '1' }, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/0001-order-notifications\.md is the ADR of this decision; an ADR cannot supersede itself/);
    expect(await snapshot()).toEqual(before);
  });

  it('something that is not an ADR reference', async () => {
    await expectRefusal({ supersedes: '../other/0001-x.md' }, UsageError, /expected the number of an ADR/);
  });

  it('an old ADR that keeps no status', async () => {
    await writeFile(join(dir(), '0005-notes.md'), '# Notes\n\nWritten by hand.\n');
    await expectRefusal({ supersedes: '5' }, OutputError, /cannot mark docs\/decisions\/0005-notes\.md as superseded: it has no status/);
  });

  it('together with --format json', async () => {
    await expectRefusal({ supersedes: '1', format: 'json' }, UsageError, /--format json/);
    expect(out).toBe('');
  });
});

describe.each(ADR_PROFILES)('decide --supersedes in the %s format', (profile) => {
  it('links both ADRs, and later runs without the option leave both as they are', async () => {
    const options = { ...defaults, profile };
    await runDecide('old.yaml', options, context);
    const [oldName] = await readdir(dir());
    const reference = profile === 'log4brains' ? oldName!.replace(/\.md$/, '') : '1';
    await runDecide('new.yaml', { ...options, supersedes: reference }, context);
    const names = (await readdir(dir())).sort();
    expect(names).toHaveLength(2);
    const newName = names.find((name) => name !== oldName)!;
    const newLabel = profile === 'log4brains' ? newName.replace(/\.md$/, '') : 'ADR-0002';
    const oldLabel = profile === 'log4brains' ? oldName!.replace(/\.md$/, '') : 'ADR-0001';
    const oldAdr = await read(oldName!);
    const newAdr = await read(newName);
    const status = { madr: `status: superseded by ${newLabel}`, nygard: `Superseded by ${newLabel}`, log4brains: `- Status: superseded by [${newLabel}](${newName})` }[profile];
    expect(oldAdr.split('\n')).toContain(status);
    expect(oldAdr).toContain(`Superseded by [${newLabel}: Order notifications by queue](${newName})\n`);
    expect(newAdr).toContain(`Supersedes [${oldLabel}: Order notifications](${oldName})\n`);

    const before = await snapshot();
    err = '';
    await runDecide('old.yaml', options, context);
    await runDecide('new.yaml', options, context);
    expect(await snapshot()).toEqual(before);
    expect(err.match(/is up to date/g)).toHaveLength(2);
  });
});

describe('a superseded ADR written by hand', () => {
  it('gets the adr-tools status section marked and is linked from the new ADR', async () => {
    await mkdir(dir(), { recursive: true });
    const old = '# 1. Call payments directly\n\nDate: 2026-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n';
    await writeFile(join(dir(), '0001-call-payments-directly.md'), old);
    await runDecide('new.yaml', { ...defaults, supersedes: '1' }, context);
    expect(await read('0001-call-payments-directly.md')).toBe(
      '# 1. Call payments directly\n\nDate: 2026-01-02\n\n## Status\n\nSuperseded by ADR-0002\n\nSuperseded by [ADR-0002: Order notifications by queue](0002-order-notifications-by-queue.md)\n\n## Context\n\nWhy.\n',
    );
    expect(await read('0002-order-notifications-by-queue.md')).toContain('Supersedes [ADR-0001: Call payments directly](0001-call-payments-directly.md)\n');
  });
});

describe('decide --supersedes among date-named ADRs', () => {
  it('says that they go by file name when given a number', async () => {
    await runDecide('old.yaml', { ...defaults, profile: 'log4brains' }, context);
    const error = await runDecide('new.yaml', { ...defaults, profile: 'log4brains', supersedes: '1' }, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('date-named ADRs go by their file name, e.g. --supersedes 20261120-order-notifications');
    expect(await readdir(dir())).toEqual(['20261120-order-notifications.md']);
  });
});

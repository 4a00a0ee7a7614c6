import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.js';
import { testContext } from './context.js';
import { runDecide } from '../../src/commands/decide.js';
import { runInit } from '../../src/commands/init.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import { OutputError } from '../../src/model/errors.js';

let cwd: string;
let out: string;
let err: string;
let context: CommandContext;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'init-command-'));
  out = '';
  err = '';
  context = testContext(cwd, new Date('2027-03-04T10:00:00Z'), (text) => (out += text), (text) => (err += text));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('runInit', () => {
  it('writes a version 2 starter file with its services, which decide turns into an ADR', async () => {
    expect(await runInit('sync-or-async.yaml', { force: false }, context)).toBe(0);
    const text = await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8');
    // The temporary directory is outside the package and the package has no published address:
    // no modeline rather than one that points nowhere.
    expect(text).not.toContain('yaml-language-server');
    expect(text.split('\n')[0]).toMatch(/^# What sync-or-async decides from/);
    const pack = await loadPacks([]);
    // decide reads the file as it is: version 2, with both parties of the example described.
    const answers = parseAnswers(text, 'sync-or-async.yaml', pack);
    expect(answers.version).toBe(2);
    const [example] = answers.interactions;
    expect(answers.services.map((service) => [service.name, service.kind])).toEqual([
      [example!.from, 'client'],
      [example!.to, 'service'],
    ]);
    // Every question is answered unknown, except those the engine reads from the services.
    for (const question of pack.questions) {
      const fromServices = question.derive !== undefined && question.derive !== 'latency';
      expect(example!.answers[question.id], question.id).toBe(fromServices ? undefined : 'unknown');
    }
    expect(text).not.toMatch(/^ +(caller_kind|callee_kind|caller_reachable|trust_boundary):/m);

    err = '';
    expect(await runDecide('sync-or-async.yaml', { rules: [], profile: 'madr', stdout: false, format: 'markdown', maxBytes: 1 << 20 }, context)).toBe(0);
    const [adr] = await readdir(join(cwd, 'docs/decisions'));
    expect(adr).toMatch(/^0001-.+\.md$/);
    expect(err).toMatch(/^wrote docs\/decisions\/0001-.+: 1 interaction/);
    const written = await readFile(join(cwd, 'docs/decisions', adr!), 'utf8');
    expect(written).toContain('### Open questions');
    expect(written).toContain('### Services');
  });

  it('says what it wrote and which commands come next, on stderr', async () => {
    await runInit('answers/system.yaml', { force: false }, context);
    expect(out).toBe('');
    const unknowns = (await loadPacks([])).questions.filter((question) => question.derive === undefined || question.derive === 'latency').length;
    expect(err).toMatch(new RegExp(`^wrote answers/system\\.yaml: a starter answers file with one example interaction and ${unknowns} questions answered unknown\n`));
    expect(err).toContain('sync-or-async interview answers/system.yaml');
    expect(err).toContain('sync-or-async decide answers/system.yaml');
  });

  it('creates missing folders', async () => {
    await runInit('a/b/c/answers.yaml', { force: false }, context);
    expect((await stat(join(cwd, 'a/b/c/answers.yaml'))).isFile()).toBe(true);
  });

  it('quotes a file name with spaces in the commands it suggests', async () => {
    await runInit('my answers.yaml', { force: false }, context);
    expect(err).toContain("sync-or-async decide 'my answers.yaml'");
  });

  it('refuses to replace an existing file without --force and leaves it untouched', async () => {
    await writeFile(join(cwd, 'sync-or-async.yaml'), 'mine\n');
    const error = await runInit('sync-or-async.yaml', { force: false }, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).exitCode).toBe(2);
    expect((error as OutputError).message).toBe('sync-or-async.yaml already exists and was left as it is');
    expect((error as OutputError).hint).toContain('--force');
    expect(await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8')).toBe('mine\n');
    expect(await readdir(cwd)).toEqual(['sync-or-async.yaml']);
    expect(err).toBe('');
  });

  it('replaces an existing file with --force', async () => {
    await writeFile(join(cwd, 'sync-or-async.yaml'), 'mine\n');
    expect(await runInit('sync-or-async.yaml', { force: true }, context)).toBe(0);
    expect(await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8')).toMatch(/^# What sync-or-async decides from/);
    expect(await readdir(cwd)).toEqual(['sync-or-async.yaml']);
  });

  it('refuses a folder, even with --force', async () => {
    await mkdir(join(cwd, 'answers.yaml'));
    await expect(runInit('answers.yaml', { force: true }, context)).rejects.toThrow(/cannot write answers\.yaml: it is a folder/);
  });

  it('reports a path below a file as an OutputError', async () => {
    await writeFile(join(cwd, 'docs'), 'a file');
    await expect(runInit('docs/answers.yaml', { force: false }, context)).rejects.toThrow(OutputError);
  });
});

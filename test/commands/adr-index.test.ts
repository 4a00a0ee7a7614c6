import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAdrIndex } from '../../src/commands/adr-index.js';
import type { CommandContext } from '../../src/commands/context.js';
import { testContext } from './context.js';
import { runDecide } from '../../src/commands/decide.js';
import { OutputError } from '../../src/model/errors.js';

const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const fixture = new URL('../fixtures/decide/answers.yaml', import.meta.url);

let cwd: string;
let out: string;
let err: string;
let context: CommandContext;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'adr-index-'));
  out = '';
  err = '';
  context = testContext(cwd, new Date('2027-03-04T10:00:00Z'), (text) => (out += text), (text) => (err += text));
});

afterEach(async () => {
  await chmod(join(cwd, 'docs/decisions'), 0o755).catch(() => undefined);
  await rm(cwd, { recursive: true, force: true });
});

async function adrs(files: Record<string, string>, dir = 'docs/decisions'): Promise<string> {
  const path = join(cwd, dir);
  await mkdir(path, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(path, name), text);
  return path;
}

const madr = '---\nstatus: accepted\ndate: 2026-11-22\ndecision-id: events\n---\n# Use events for order facts\n\n## Context and Problem Statement\n';
const nygard = '# 2. Record decisions\n\nDate: 2026-11-20\n\n## Status\n\nAccepted\n\n## Context\n';
const adrTools = '# 3. Call payments directly\n\nDate: 2026-11-21\n\n## Status\n\nSuperseded by [4. Pay by queue](0004-pay-by-queue.md)\n\n## Context\n';
const log4brains = '# Cache prices\n\n- Status: proposed\n- Date: 2026-10-01\n\n## Context and Problem Statement\n';
const handWritten = 'Some notes without a title.\n';

const expectedLines = [
  '* [1. Use events for order facts](0001-use-events.md) - accepted, 2026-11-22',
  '* [2. Record decisions](0002-record-decisions.md) - accepted, 2026-11-20',
  '* [3. Call payments directly](0003-call-payments.md) - superseded by [4. Pay by queue](0004-pay-by-queue.md), 2026-11-21',
  '* [4. Pay by queue](0004-pay-by-queue.md)',
  '* [Cache prices](20261001-cache-prices.md) - proposed, 2026-10-01',
  '* [Notes](20261105-notes.md) - 2026-11-05',
];

describe('runAdrIndex', () => {
  it('lists every ADR of all three formats and hand-written ones, and leaves other files out', async () => {
    const dir = await adrs({
      '0003-call-payments.md': adrTools,
      '0001-use-events.md': madr,
      '0002-record-decisions.md': nygard,
      '0004-pay-by-queue.md': handWritten,
      '20261001-cache-prices.md': log4brains,
      '20261105-notes.md': handWritten,
      'README.md': '# About these records\n\n- Status: not an ADR\n',
      'template.md': '# Title\n',
    });
    expect(await runAdrIndex({ stdout: false }, context)).toBe(0);
    const index = await readFile(join(dir, 'README.markdown'), 'utf8');
    expect(index.split('\n').filter((line) => line.startsWith('* '))).toEqual(expectedLines);
    expect(index.startsWith('# Architecture Decision Records\n')).toBe(true);
    expect(err).toBe('wrote docs/decisions/README.markdown: 6 ADRs\n');
    expect(out).toBe('');
  });

  it('leaves an index that is up to date untouched and says so', async () => {
    const dir = await adrs({ '0001-use-events.md': madr });
    await runAdrIndex({ stdout: false }, context);
    const first = await stat(join(dir, 'README.markdown'));
    err = '';
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await runAdrIndex({ stdout: false }, context)).toBe(0);
    expect(err).toBe('docs/decisions/README.markdown is up to date: 1 ADR\n');
    expect((await stat(join(dir, 'README.markdown'))).mtimeMs).toBe(first.mtimeMs);
  });

  it('rewrites its own index when an ADR changes', async () => {
    const dir = await adrs({ '0001-use-events.md': madr });
    await runAdrIndex({ stdout: false }, context);
    await writeFile(join(dir, '0001-use-events.md'), madr.replace('status: accepted', 'status: deprecated'));
    await runAdrIndex({ stdout: false }, context);
    expect(await readFile(join(dir, 'README.markdown'), 'utf8')).toContain('- deprecated, 2026-11-22');
  });

  it('never replaces a README.markdown it did not write', async () => {
    const dir = await adrs({ '0001-use-events.md': madr, 'README.markdown': '# Our decisions\n\nCurated by hand.\n' });
    const error = await runAdrIndex({ stdout: false }, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).message).toMatch(/README\.markdown exists and was not written by adr index/);
    expect(await readFile(join(dir, 'README.markdown'), 'utf8')).toBe('# Our decisions\n\nCurated by hand.\n');
  });

  it('removes the index.md an earlier version wrote, and leaves one written by hand', async () => {
    const dir = await adrs({ '0001-use-events.md': madr });
    await runAdrIndex({ stdout: true }, context);
    const old = out.replace('* [1.', '* [One.');
    await writeFile(join(dir, 'index.md'), old);
    expect(await runAdrIndex({ stdout: false }, context)).toBe(0);
    expect(err).toBe('wrote docs/decisions/README.markdown: 1 ADR\nremoved docs/decisions/index.md: the index is now README.markdown\n');
    expect((await readdir(dir)).sort()).toEqual(['0001-use-events.md', 'README.markdown']);

    // One that comes back (from a branch) goes again, though the index itself is up to date.
    await writeFile(join(dir, 'index.md'), old);
    err = '';
    await runAdrIndex({ stdout: false }, context);
    expect(err).toBe('docs/decisions/README.markdown is up to date: 1 ADR\nremoved docs/decisions/index.md: the index is now README.markdown\n');

    await writeFile(join(dir, 'index.md'), '# Our decisions\n\nCurated by hand.\n');
    err = '';
    await runAdrIndex({ stdout: false }, context);
    expect(err).toBe('docs/decisions/README.markdown is up to date: 1 ADR\n');
    expect(await readFile(join(dir, 'index.md'), 'utf8')).toBe('# Our decisions\n\nCurated by hand.\n');
  });

  it('prints the index with --stdout and writes nothing', async () => {
    const dir = await adrs({ '0001-use-events.md': madr });
    expect(await runAdrIndex({ stdout: true }, context)).toBe(0);
    expect(out).toContain('* [1. Use events for order facts](0001-use-events.md) - accepted, 2026-11-22\n');
    expect(await readdir(dir)).toEqual(['0001-use-events.md']);
    expect(err).toBe('');
  });

  it('uses --dir, and the conventional directories otherwise', async () => {
    await adrs({ '0001-use-events.md': madr }, 'doc/adr');
    await runAdrIndex({ stdout: false }, context);
    expect(err).toBe('wrote doc/adr/README.markdown: 1 ADR\n');
    await adrs({ '0002-record-decisions.md': nygard }, 'architecture');
    err = '';
    await runAdrIndex({ stdout: false, dir: 'architecture' }, context);
    expect(await readFile(join(cwd, 'architecture/README.markdown'), 'utf8')).toContain('[2. Record decisions]');
  });

  it('warns about numbers used twice and lists both files', async () => {
    await adrs({ '0007-from-main.md': '# From main\n', '0007-from-branch.md': '# From branch\n' });
    expect(await runAdrIndex({ stdout: true }, context)).toBe(0);
    expect(err).toBe(
      'warning: ADR number 0007 is used by docs/decisions/0007-from-branch.md and docs/decisions/0007-from-main.md; give all but one of them the next free number\n',
    );
    expect(out).toContain('* [7. From branch](0007-from-branch.md)\n* [7. From main](0007-from-main.md)\n');
  });

  it('fails with exit 2 when there is no ADR directory', async () => {
    await expect(runAdrIndex({ stdout: false }, context)).rejects.toThrow(/none of docs\/decisions, docs\/adr, doc\/adr exists/);
    const error = await runAdrIndex({ stdout: false, dir: 'missing' }, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as OutputError).exitCode).toBe(2);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('fails with exit 2 when the ADR directory cannot be read', async () => {
    await writeFile(join(cwd, 'adr'), 'a file, not a directory');
    await expect(runAdrIndex({ stdout: false, dir: 'adr' }, context)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/adr .*is a file/) });
    await expect(runAdrIndex({ stdout: false, dir: 'x'.repeat(300) }, context)).rejects.toMatchObject({ exitCode: 2 });
  });

  it.skipIf(runsAsRoot)('fails with exit 2 when the ADR directory may not be read', async () => {
    const dir = await adrs({ '0001-use-events.md': madr });
    await chmod(dir, 0o000);
    await expect(runAdrIndex({ stdout: false }, context)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/permission denied/) });
  });

  it('is not taken for an ADR by decide, which goes on numbering after the highest ADR', async () => {
    await adrs({ '0001-use-events.md': madr, '0002-record-decisions.md': nygard });
    await runAdrIndex({ stdout: false }, context);
    await writeFile(join(cwd, 'answers.yaml'), await readFile(fixture, 'utf8'));
    await runDecide('answers.yaml', { rules: [], profile: 'madr', stdout: false, format: 'markdown', maxBytes: 1 << 20 }, context);
    expect((await readdir(join(cwd, 'docs/decisions'))).sort()).toEqual([
      '0001-use-events.md',
      '0002-record-decisions.md',
      '0003-order-notifications.md',
      'README.markdown',
    ]);
  });
});

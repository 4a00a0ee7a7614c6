import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chooseAdrFile,
  isAdrUnchanged,
  parseAdrName,
  parseAdrText,
  resolveAdrDir,
  scanAdrDir,
  slugifyTitle,
  toDisplayPath,
  writeAdrFile,
} from '../../src/io/adr-dir.js';
import type { AdrDir, AdrRequest } from '../../src/io/adr-dir.js';
import { OutputError } from '../../src/model/errors.js';

const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'adr-dir-'));
});

afterEach(async () => {
  await chmod(cwd, 0o755).catch(() => undefined);
  await rm(cwd, { recursive: true, force: true });
});

const request: AdrRequest = { id: 'checkout-communication', title: 'Checkout communication', profile: 'madr', date: '2026-11-22' };

async function makeDir(relativePath: string, files: Record<string, string> = {}): Promise<AdrDir> {
  const path = join(cwd, relativePath);
  await mkdir(path, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(path, name), text);
  }
  return resolveAdrDir(cwd, relativePath);
}

describe('slugifyTitle', () => {
  it.each([
    ['Checkout and order communication', 'checkout-and-order-communication'],
    ['  Sync / Async: the API!  ', 'sync-async-the-api'],
    ['Über café 2026', 'ber-caf-2026'],
    ['???', ''],
    [
      'A very long title that keeps going well past the sixty character limit of file names',
      'a-very-long-title-that-keeps-going-well-past-the-sixty',
    ],
    ['x'.repeat(70), 'x'.repeat(60)],
  ])('%j -> %j', (title, slug) => {
    expect(slugifyTitle(title)).toBe(slug);
    expect(slugifyTitle(title).length).toBeLessThanOrEqual(60);
  });
});

describe('parseAdrName', () => {
  it.each([
    ['0001-checkout.md', { name: '0001-checkout.md', number: 1 }],
    ['0042-a-b.MD', { name: '0042-a-b.MD', number: 42 }],
    ['20261122-checkout.md', { name: '20261122-checkout.md', datePrefix: '20261122' }],
    ['README.md', { name: 'README.md' }],
    ['12345-x.md', { name: '12345-x.md' }],
  ])('%s', (name, expected) => {
    expect(parseAdrName(name)).toEqual(expected);
  });
});

describe('parseAdrText', () => {
  it('reads the id and date from MADR front matter', () => {
    const text = '---\nstatus: proposed\ndate: 2026-11-22\ndecision-id: checkout-communication\n---\n# Checkout\n';
    expect(parseAdrText(text)).toEqual({ decisionId: 'checkout-communication', date: '2026-11-22' });
  });

  it('accepts quoted values and CRLF line ends', () => {
    const text = '---\r\ndate: "2026-01-02"\r\ndecision-id: "abc"\r\n---\r\n# T\r\n';
    expect(parseAdrText(text)).toEqual({ decisionId: 'abc', date: '2026-01-02' });
  });

  it('reads the id from the trailing comment and the date from a Nygard Date line', () => {
    const text = '# 3. Checkout\n\nDate: 2026-11-22\n\n## Status\n\nAccepted\n\n<!-- decision-id: checkout -->\n';
    expect(parseAdrText(text)).toEqual({ decisionId: 'checkout', date: '2026-11-22' });
  });

  it('reads the date from a log4brains bullet', () => {
    const text = '# Checkout\n\n- Status: proposed\n- Date: 2026-11-21\n\nBody\n<!-- decision-id: checkout -->\n';
    expect(parseAdrText(text)).toEqual({ decisionId: 'checkout', date: '2026-11-21' });
  });

  it('ignores a decision-id line in the body that is not a comment', () => {
    expect(parseAdrText('# T\n\ndecision-id: x\n')).toEqual({});
  });
});

describe('resolveAdrDir', () => {
  it('defaults to docs/decisions, to be created, when no conventional directory exists', async () => {
    expect(await resolveAdrDir(cwd)).toEqual({ path: join(cwd, 'docs/decisions'), display: 'docs/decisions', exists: false });
  });

  it.each(['docs/decisions', 'docs/adr', 'doc/adr'])('uses an existing %s', async (name) => {
    await mkdir(join(cwd, name), { recursive: true });
    expect(await resolveAdrDir(cwd)).toMatchObject({ display: name, exists: true });
  });

  it('prefers docs/decisions over docs/adr', async () => {
    await mkdir(join(cwd, 'docs/adr'), { recursive: true });
    await mkdir(join(cwd, 'docs/decisions'), { recursive: true });
    expect(await resolveAdrDir(cwd)).toMatchObject({ display: 'docs/decisions' });
  });

  it('takes --dir relative to the working directory, existing or not', async () => {
    expect(await resolveAdrDir(cwd, 'architecture/adr')).toMatchObject({ display: 'architecture/adr', exists: false });
  });

  it('refuses a --dir that is a file', async () => {
    await writeFile(join(cwd, 'adr'), 'not a directory');
    await expect(resolveAdrDir(cwd, 'adr')).rejects.toThrow(OutputError);
    await expect(resolveAdrDir(cwd, 'adr')).rejects.toThrow(/adr .*is a file/);
  });

  it('refuses a --dir below a file', async () => {
    await writeFile(join(cwd, 'docs'), 'not a directory');
    await expect(resolveAdrDir(cwd, 'docs/decisions')).rejects.toThrow(OutputError);
  });

  it('refuses a conventional path that is a file instead of looking elsewhere', async () => {
    await mkdir(join(cwd, 'docs'));
    await writeFile(join(cwd, 'docs/decisions'), 'oops');
    await mkdir(join(cwd, 'docs/adr'));
    await expect(resolveAdrDir(cwd)).rejects.toThrow(OutputError);
  });
});

describe('toDisplayPath', () => {
  it('is relative with forward slashes inside cwd, absolute outside', () => {
    expect(toDisplayPath(join(cwd, 'docs', 'adr'), cwd)).toBe('docs/adr');
    expect(toDisplayPath(cwd, cwd)).toBe('.');
    expect(toDisplayPath('/elsewhere/adr', cwd)).toBe('/elsewhere/adr');
  });
});

describe('choosing the ADR file', () => {
  it('numbers the first ADR of an empty directory 0001', async () => {
    const dir = await makeDir('docs/decisions');
    expect(chooseAdrFile(await scanAdrDir(dir), request)).toEqual({ name: '0001-checkout-communication.md', number: 1 });
  });

  it('numbers the first ADR of a missing directory 0001', async () => {
    const dir = await resolveAdrDir(cwd);
    expect(chooseAdrFile(await scanAdrDir(dir), request)).toEqual({ name: '0001-checkout-communication.md', number: 1 });
  });

  it('continues after the highest number, whatever the gaps', async () => {
    const dir = await makeDir('docs/decisions', {
      '0001-first.md': '# First\n',
      '0003-third.md': '# Third\n',
      '0007-seventh.md': '# Seventh\n',
      'README.md': '# ADRs\n',
      '20250101-dated.md': '# Dated\n',
    });
    expect(chooseAdrFile(await scanAdrDir(dir), request)).toEqual({ name: '0008-checkout-communication.md', number: 8 });
  });

  it('finds the file carrying the decision id and keeps its name and number after a title change', async () => {
    const dir = await makeDir('docs/decisions', {
      '0001-first.md': '# First\n',
      '0002-old-title.md': '---\nstatus: accepted\ndate: 2026-01-05\ndecision-id: checkout-communication\n---\n# Old title\n',
      '0003-third.md': '# Third\n',
    });
    const target = chooseAdrFile(await scanAdrDir(dir), request);
    expect(target).toMatchObject({ name: '0002-old-title.md', number: 2, existing: { date: '2026-01-05' } });
  });

  it('finds an id carried as a comment in a Nygard file', async () => {
    const dir = await makeDir('doc/adr', { '0004-checkout.md': '# 4. Checkout\n\nDate: 2026-01-05\n\n<!-- decision-id: checkout-communication -->\n' });
    expect(chooseAdrFile(await scanAdrDir(dir), { ...request, profile: 'nygard' })).toMatchObject({ name: '0004-checkout.md', number: 4 });
  });

  it('does not take over a file of the same name that carries no id', async () => {
    const dir = await makeDir('docs/decisions', { '0001-checkout-communication.md': '# Checkout communication\n\nWritten by hand.\n' });
    const target = chooseAdrFile(await scanAdrDir(dir), request);
    expect(target).toEqual({ name: '0002-checkout-communication.md', number: 2 });
  });

  it('does not take over a file that carries another id', async () => {
    const dir = await makeDir('docs/decisions', { '0001-checkout-communication.md': '---\ndecision-id: other\n---\n# Other\n' });
    expect(chooseAdrFile(await scanAdrDir(dir), request).name).toBe('0002-checkout-communication.md');
  });

  it('names log4brains files YYYYMMDD-slug.md from the ADR date', async () => {
    const dir = await makeDir('docs/adr');
    const target = chooseAdrFile(await scanAdrDir(dir), { ...request, profile: 'log4brains' });
    expect(target).toEqual({ name: '20261122-checkout-communication.md', number: 1 });
  });

  it('picks another log4brains name when the same name is taken by a file without our id', async () => {
    const dir = await makeDir('docs/adr', {
      '20261122-checkout-communication.md': '# Checkout communication\n',
      '20261122-checkout-communication-2.md': '# Checkout communication again\n',
    });
    const target = chooseAdrFile(await scanAdrDir(dir), { ...request, profile: 'log4brains' });
    expect(target.name).toBe('20261122-checkout-communication-3.md');
  });

  it('falls back to the decision id when the title has no letters or digits', async () => {
    const dir = await makeDir('docs/decisions');
    expect(chooseAdrFile(await scanAdrDir(dir), { ...request, title: '???' }).name).toBe('0001-checkout-communication.md');
  });
});

describe('writeAdrFile', () => {
  it('creates the directory and the file', async () => {
    const dir = await resolveAdrDir(cwd);
    const target = chooseAdrFile(await scanAdrDir(dir), request);
    await writeAdrFile(dir, target, '# ADR\n');
    expect(await readFile(join(cwd, 'docs/decisions/0001-checkout-communication.md'), 'utf8')).toBe('# ADR\n');
  });

  it('updates the file carrying the id in place', async () => {
    const old = '---\ndecision-id: checkout-communication\n---\n# Old\n';
    const dir = await makeDir('docs/decisions', { '0005-old.md': old });
    const target = chooseAdrFile(await scanAdrDir(dir), request);
    await writeAdrFile(dir, target, '---\ndecision-id: checkout-communication\n---\n# New\n');
    expect(await readdir(dir.path)).toEqual(['0005-old.md']);
    expect(await readFile(join(dir.path, '0005-old.md'), 'utf8')).toContain('# New');
  });

  it('reports a directory that cannot be created as an OutputError', async () => {
    await writeFile(join(cwd, 'docs'), 'a file where a directory should be');
    const dir: AdrDir = { path: join(cwd, 'docs/decisions'), display: 'docs/decisions', exists: false };
    await expect(writeAdrFile(dir, { name: '0001-x.md', number: 1 }, 'x')).rejects.toThrow(OutputError);
  });

  it.skipIf(runsAsRoot)('reports a directory that cannot be written as an OutputError with a hint', async () => {
    const dir = await makeDir('docs/decisions');
    await chmod(dir.path, 0o555);
    try {
      const error = await writeAdrFile(dir, { name: '0001-x.md', number: 1 }, 'x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OutputError);
      expect((error as OutputError).message).toMatch(/permission denied/);
      expect((error as OutputError).hint).toMatch(/--dir/);
    } finally {
      await chmod(dir.path, 0o755);
    }
  });
});

describe('scanAdrDir', () => {
  it.skipIf(runsAsRoot)('reports a directory that cannot be read as an OutputError', async () => {
    const dir = await makeDir('docs/decisions', { '0001-a.md': '# A\n' });
    await chmod(dir.path, 0o000);
    try {
      await expect(scanAdrDir(dir)).rejects.toThrow(OutputError);
    } finally {
      await chmod(dir.path, 0o755);
    }
  });

  it('reports an ADR directory that turned into a file as an OutputError', async () => {
    const dir = await makeDir('docs/decisions');
    await rm(dir.path, { recursive: true });
    await writeFile(dir.path, 'now a file');
    await expect(scanAdrDir(dir)).rejects.toThrow(OutputError);
  });

  // Large files are read from both ends first; what is found must not depend on that.
  const filler = `${'Body text that runs on for a while.\n'.repeat(4000)}`;

  it('finds the id and date of a large MADR file in its front matter', async () => {
    const dir = await makeDir('docs/decisions', { '0001-big.md': `---\nstatus: accepted\ndate: 2026-02-03\ndecision-id: big\n---\n# Big\n${filler}` });
    expect((await scanAdrDir(dir)).files).toEqual([{ name: '0001-big.md', number: 1, decisionId: 'big', date: '2026-02-03' }]);
  });

  it('finds the trailing id comment of a large Nygard file', async () => {
    const dir = await makeDir('docs/decisions', { '0002-big.md': `# 2. Big\n\nDate: 2026-02-04\n\n${filler}\n<!-- decision-id: big -->\n` });
    expect((await scanAdrDir(dir)).files).toEqual([{ name: '0002-big.md', number: 2, decisionId: 'big', date: '2026-02-04' }]);
  });

  it('finds an id or a date far from both ends of a large file', async () => {
    const dir = await makeDir('docs/decisions', {
      '0003-middle.md': `# 3. Middle\n\n${filler}<!-- decision-id: middle -->\n${filler}Date: 2026-02-05\n${filler}`,
      '0004-none.md': `# 4. None\n\n${filler}${filler}`,
    });
    expect((await scanAdrDir(dir)).files).toEqual([
      { name: '0003-middle.md', number: 3, decisionId: 'middle', date: '2026-02-05' },
      { name: '0004-none.md', number: 4 },
    ]);
  });

  it('does not take a comment cut in half at the start of the tail for an id', async () => {
    // The last 8 KiB start right at the comment, which is not at the start of its line.
    const comment = '<!-- decision-id: not-this -->\n';
    const end = `${'x'.repeat(8 * 1024 - comment.length - 1)}\n`;
    const dir = await makeDir('docs/decisions', { '0005-cut.md': `# 5. Cut\n\nDate: 2026-02-06\n${filler}see ${comment}${end}` });
    expect((await scanAdrDir(dir)).files[0]?.decisionId).toBeUndefined();
  });

  it('ignores sub-directories and files that are not Markdown', async () => {
    const dir = await makeDir('docs/decisions', { '0009-notes.txt': 'x', '0002-a.md': '# A\n' });
    await mkdir(join(dir.path, '0010-assets.md'));
    const contents = await scanAdrDir(dir);
    expect(contents.files.map((file) => file.name)).toEqual(['0002-a.md']);
    expect(contents.taken.has('0010-assets.md')).toBe(true);
  });
});

describe('isAdrUnchanged', () => {
  const existing = { name: '0001-a.md', number: 1, decisionId: 'a' };

  it('is true only for the same bytes', async () => {
    const dir = await makeDir('docs/decisions', { '0001-a.md': 'café — done\n' });
    const target = { name: '0001-a.md', number: 1, existing };
    expect(await isAdrUnchanged(dir, target, 'café — done\n')).toBe(true);
    expect(await isAdrUnchanged(dir, target, 'cafe — done\n')).toBe(false);
    expect(await isAdrUnchanged(dir, target, 'café — Done\n')).toBe(false);
    expect(await isAdrUnchanged(dir, target, 'café — done\n\n')).toBe(false);
  });

  it('is false for a new file and for a file that has gone', async () => {
    const dir = await makeDir('docs/decisions');
    expect(await isAdrUnchanged(dir, { name: '0001-a.md', number: 1 }, 'x')).toBe(false);
    expect(await isAdrUnchanged(dir, { name: '0001-a.md', number: 1, existing }, 'x')).toBe(false);
  });
});

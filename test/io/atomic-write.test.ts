import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod, mkdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const failures = vi.hoisted(() => ({ rename: false, create: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...original,
    // A folder that cannot be written to (tests run as root, where permissions do not hold).
    open: async (...args: Parameters<typeof original.open>) => {
      if (failures.create && args[1] === 'wx') {
        throw Object.assign(new Error(`EACCES: permission denied, open '${String(args[0])}'`), { code: 'EACCES' });
      }
      return original.open(...args);
    },
    rename: async (from: string, to: string) => {
      if (failures.rename) {
        throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      }
      return original.rename(from, to);
    },
  };
});

const { ensureDir, writeFileAtomic } = await import('../../src/io/atomic-write.js');

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-write-'));
  failures.rename = false;
  failures.create = false;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a new file and leaves nothing else behind', async () => {
    const path = join(dir, 'a.md');
    await writeFileAtomic(path, 'hello\n');
    expect(await readFile(path, 'utf8')).toBe('hello\n');
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('replaces an existing file and keeps its permissions', async () => {
    const path = join(dir, 'a.md');
    await writeFile(path, 'old\n');
    await chmod(path, 0o640);
    await writeFileAtomic(path, 'new\n');
    expect(await readFile(path, 'utf8')).toBe('new\n');
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('removes the temporary file and leaves the existing file untouched when the rename fails', async () => {
    const path = join(dir, 'a.md');
    await writeFile(path, 'old\n');
    failures.rename = true;
    await expect(writeFileAtomic(path, 'new\n')).rejects.toThrow(/EIO/);
    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('removes the temporary file when the target is a directory', async () => {
    const path = join(dir, 'taken');
    await mkdir(path);
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readdir(path)).toEqual([]);
  });

  it('fails without creating anything when the directory is missing', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a.md'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('in exclusive mode refuses to replace an existing file', async () => {
    const path = join(dir, 'a.md');
    await writeFile(path, 'theirs\n');
    await expect(writeFileAtomic(path, 'ours\n', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(path, 'utf8')).toBe('theirs\n');
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('in exclusive mode creates a new file', async () => {
    const path = join(dir, 'a.md');
    await writeFileAtomic(path, 'ours\n', { exclusive: true });
    expect(await readFile(path, 'utf8')).toBe('ours\n');
    expect(await readdir(dir)).toEqual(['a.md']);
  });
});

/** A document of about three megabytes in small pieces: written in several batches. */
function pieces(lines = 60000, last = 'the end'): string[] {
  const out: string[] = [];
  for (let line = 0; line < lines; line += 1) out.push(`line ${line} of a large document, café \u2014 done\n`);
  out.push(`${last}\n`);
  return out;
}

/** The pieces, failing after `count` of them as a renderer that throws would. */
function* failingAfter(all: string[], count: number): Generator<string> {
  yield* all.slice(0, count);
  throw new Error('rendering failed');
}

const LONG_AGO = new Date('2020-01-01T00:00:00Z');

describe('writeFileAtomic with content in pieces', () => {
  it('writes the pieces one after another', async () => {
    const path = join(dir, 'a.md');
    expect(await writeFileAtomic(path, pieces())).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(pieces().join(''));
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('writes a piece larger than a batch between small ones, and finds it unchanged', async () => {
    const path = join(dir, 'a.md');
    const content = ['small\n', `${'é😀'.repeat(500000)}\n`, ...pieces(1000)];
    expect(await writeFileAtomic(path, content)).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(content.join(''));
    expect(await writeFileAtomic(path, content, { keepUnchanged: true })).toBe(false);
  });

  it('writes an empty file for no pieces', async () => {
    const path = join(dir, 'a.md');
    await writeFile(path, 'old\n');
    expect(await writeFileAtomic(path, [], { keepUnchanged: true })).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('with keepUnchanged leaves a file that holds the same bytes untouched, its timestamps too', async () => {
    const path = join(dir, 'a.md');
    await writeFile(path, pieces().join(''));
    await utimes(path, LONG_AGO, LONG_AGO);
    const before = await stat(path);
    // The same text cut into other pieces is the same file.
    expect(await writeFileAtomic(path, [pieces().join('').slice(0, 12345), pieces().join('').slice(12345)], { keepUnchanged: true })).toBe(false);
    expect(await writeFileAtomic(path, pieces(), { keepUnchanged: true })).toBe(false);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);
    expect((await stat(path)).ino).toBe(before.ino);
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it.each([
    ['at the very end', pieces(60000, 'the end!')],
    ['at the start', ['L', ...pieces().slice(1)]],
    ['by being longer', [...pieces(), 'more\n']],
    ['by being shorter', pieces().slice(0, -1)],
    ['by being much shorter', pieces(10)],
  ])('with keepUnchanged rewrites a file that differs %s', async (_, content) => {
    const path = join(dir, 'a.md');
    await writeFile(path, pieces().join(''));
    await chmod(path, 0o640);
    expect(await writeFileAtomic(path, content, { keepUnchanged: true })).toBe(true);
    expect(await readFile(path, 'utf8')).toBe(content.join(''));
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it.each([
    ['before the first batch', 10],
    ['after several batches', 50000],
  ])('leaves the old file whole and no temporary file when rendering fails %s', async (_, count) => {
    const path = join(dir, 'a.md');
    const old = pieces(60000, 'the old end').join('');
    await writeFile(path, old);
    await expect(writeFileAtomic(path, failingAfter(pieces(), count))).rejects.toThrow('rendering failed');
    // With keepUnchanged, the failure comes while the pieces still agree with the file.
    await expect(writeFileAtomic(path, failingAfter(pieces(), count), { keepUnchanged: true })).rejects.toThrow('rendering failed');
    // And once they differ, when the temporary file has been started with a copy of what agreed.
    const differing = ['x\n', ...pieces()];
    await expect(writeFileAtomic(path, failingAfter(differing, count), { keepUnchanged: true })).rejects.toThrow('rendering failed');
    expect(await readFile(path, 'utf8')).toBe(old);
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('with keepUnchanged creates no file at all for an unchanged file, so a folder that cannot be written to will do', async () => {
    const path = join(dir, 'a.md');
    await writeFile(path, pieces().join(''));
    failures.create = true;
    expect(await writeFileAtomic(path, pieces(), { keepUnchanged: true })).toBe(false);
    await expect(writeFileAtomic(path, pieces(60000, 'changed'), { keepUnchanged: true })).rejects.toMatchObject({ code: 'EACCES' });
    expect(await readFile(path, 'utf8')).toBe(pieces().join(''));
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('leaves the old file whole when the rename of a rewrite fails', async () => {
    const path = join(dir, 'a.md');
    await writeFile(path, 'old\n');
    failures.rename = true;
    await expect(writeFileAtomic(path, pieces(), { keepUnchanged: true })).rejects.toThrow(/EIO/);
    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['a.md']);
  });
});

describe('ensureDir', () => {
  it('creates missing parents and accepts an existing directory', async () => {
    const path = join(dir, 'docs', 'decisions');
    await ensureDir(path);
    await ensureDir(path);
    expect((await stat(path)).isDirectory()).toBe(true);
  });
});

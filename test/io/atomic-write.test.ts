import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const failures = vi.hoisted(() => ({ rename: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...original,
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

describe('ensureDir', () => {
  it('creates missing parents and accepts an existing directory', async () => {
    const path = join(dir, 'docs', 'decisions');
    await ensureDir(path);
    await ensureDir(path);
    expect((await stat(path)).isDirectory()).toBe(true);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSize, readTextFile } from '../../src/load/read-text.js';
import { InputError } from '../../src/model/errors.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'read-text-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readError(path: string, maxBytes = 1024): Promise<InputError> {
  const error: unknown = await readTextFile(path, { maxBytes, what: 'answers file' }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('readTextFile', () => {
  it('reads UTF-8 text and drops a byte-order mark', async () => {
    const path = join(dir, 'ok.yaml');
    await writeFile(path, '\uFEFFtitle: Größe\n');
    await expect(readTextFile(path, { maxBytes: 1024, what: 'answers file' })).resolves.toBe('title: Größe\n');
  });

  it('names a missing file', async () => {
    const error = await readError(join(dir, 'nope.yaml'));
    expect(error.exitCode).toBe(2);
    expect(error.problems[0]?.message).toBe(`cannot find answers file ${join(dir, 'nope.yaml')}`);
  });

  it('refuses a directory given as a file', async () => {
    const error = await readError(dir);
    expect(error.problems[0]?.message).toBe(`${dir} is a directory, not a file`);
    expect(error.problems[0]?.hint).toBe('name the answers file itself');
  });

  it('refuses a file over the size limit before reading it', async () => {
    const path = join(dir, 'big.yaml');
    await writeFile(path, 'x'.repeat(5 * 1024 * 1024));
    const error = await readError(path, 4 * 1024 * 1024);
    expect(error.problems[0]?.message).toBe(`answers file ${path} is 5.0 MB, over the 4 MB limit`);
    expect(error.problems[0]?.hint).toBe('pass --max-size to raise it');
  });

  it('refuses bytes that are not UTF-8', async () => {
    const path = join(dir, 'latin1.yaml');
    await writeFile(path, Buffer.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    const error = await readError(path);
    expect(error.problems[0]?.message).toBe(`answers file ${path} is not valid UTF-8 text`);
  });
});

describe('formatSize', () => {
  it.each([
    [812, 0, '812 bytes'],
    [500 * 1024, 0, '500 KB'],
    [4 * 1024 * 1024, 0, '4 MB'],
    [5 * 1024 * 1024, 1, '5.0 MB'],
    [1.5 * 1024 * 1024, 0, '1.5 MB'],
  ])('%d bytes -> %s', (bytes, decimals, text) => {
    expect(formatSize(bytes, decimals)).toBe(text);
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeContent, fileHolds, readTextChunks } from '../../src/io/file-content.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-content-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readChunks(path: string): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of readTextChunks(path)) chunks.push(chunk);
  return chunks;
}

describe('readTextChunks', () => {
  it('decodes as readFile does: a byte order mark stays, what is not UTF-8 becomes U+FFFD, also across chunks', async () => {
    const path = join(dir, 'a.md');
    const invalid = [0xef, 0xbb, 0xbf, 0x61, 0x80, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98, 0xc0, 0xaf, 0x0a];
    // A four-byte character across the first chunk boundary, and invalid bytes at the end.
    const filler = Buffer.alloc((1 << 16) - 2, 0x78);
    const bytes = Buffer.concat([Buffer.from(invalid), filler, Buffer.from('😀 é\n', 'utf8'), Buffer.from(invalid), Buffer.from([0xf0, 0x9f])]);
    await writeFile(path, bytes);
    const chunks = await readChunks(path);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(await readFile(path, 'utf8'));
  });
});

describe('encodeContent and fileHolds', () => {
  it('encodes pieces into batches that hold the UTF-8 of the text', () => {
    const pieces = ['é'.repeat(300000), 'x'.repeat(700000), '😀'.repeat(400000), 'end'];
    const bytes: Buffer[] = [];
    // Each batch is copied before the next is asked for: the buffer is filled again.
    for (const batch of encodeContent(pieces)) bytes.push(Buffer.from(batch));
    expect(bytes.length).toBeGreaterThan(2);
    expect(Buffer.concat(bytes).toString('utf8')).toBe(pieces.join(''));
  });

  it('tells whether a file holds exactly the text, without reading on after a difference', async () => {
    const path = join(dir, 'a.md');
    await writeFile(path, 'same text\n');
    expect(await fileHolds(path, ['same ', 'text\n'])).toBe(true);
    expect(await fileHolds(path, ['same text'])).toBe(false);
    expect(await fileHolds(path, ['same text\n', 'more'])).toBe(false);
    expect(await fileHolds(join(dir, 'missing.md'), ['x'])).toBe(false);
    let rendered = 0;
    function* counted(): Generator<string> {
      for (let index = 0; index < 100; index += 1) {
        rendered += 1;
        yield 'x'.repeat(100000);
      }
    }
    expect(await fileHolds(path, counted())).toBe(false);
    expect(rendered).toBeLessThan(20);
  });
});

/**
 * The text a file is written from, and comparing it with a file's bytes, without holding a large
 * document whole: the ADR of a large decision comes in pieces, and is compared and written batch
 * by batch.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

/** A file's text: whole, or in pieces written one after another (see render/pieces.ts). */
export type FileContent = string | Iterable<string>;

/** About a megabyte: few system calls for a large document. */
const BATCH_BYTES = 1 << 20;

/**
 * The content as UTF-8, in batches of about a megabyte (a string given whole stays whole).
 * Pieces are copied into the batch as they come, so none of them outlives its turn; the batch
 * is one buffer, filled again for the next, so use each before asking for the next.
 */
export function* encodeContent(content: FileContent): Generator<Buffer> {
  if (typeof content === 'string') {
    yield Buffer.from(content, 'utf8');
    return;
  }
  const batch = Buffer.allocUnsafe(BATCH_BYTES);
  let used = 0;
  for (const piece of content) {
    const length = Buffer.byteLength(piece, 'utf8');
    if (used + length > BATCH_BYTES && used > 0) {
      yield batch.subarray(0, used);
      used = 0;
    }
    if (length > BATCH_BYTES) {
      yield Buffer.from(piece, 'utf8');
    } else {
      used += batch.write(piece, used, 'utf8');
    }
  }
  if (used > 0) yield batch.subarray(0, used);
}

/** Up to `length` bytes from `position` (fewer only where the file ends first). */
export async function readBytes(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * Text read in chunks is compared with text as it is rendered: a chunk lives while as much is
 * rendered, so it is kept small enough to die young. The file is read a megabyte at a time.
 */
const TEXT_CHUNK_BYTES = 1 << 16;

/**
 * The file's text in chunks of 64 KB, decoded as readFile(path, 'utf8') decodes it whole: a byte
 * order mark stays, and what is not UTF-8 becomes U+FFFD.
 */
export async function* readTextChunks(path: string): AsyncGenerator<string> {
  const handle = await open(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const buffer = Buffer.allocUnsafe(BATCH_BYTES);
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, BATCH_BYTES, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      for (let start = 0; start < bytesRead; start += TEXT_CHUNK_BYTES) {
        yield decoder.decode(buffer.subarray(start, Math.min(start + TEXT_CHUNK_BYTES, bytesRead)), { stream: true });
      }
    }
    yield decoder.decode();
  } finally {
    await handle.close();
  }
}

/** Whether the file holds `bytes` at `position`. */
export async function holdsAt(handle: FileHandle, position: number, bytes: Buffer): Promise<boolean> {
  return bytes.equals(await readBytes(handle, position, bytes.length));
}

/**
 * Whether the file at `path` holds exactly the content's bytes; false when it cannot be read. The
 * content is rendered only as far as it agrees with the file.
 */
export async function fileHolds(path: string, content: FileContent): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    let position = 0;
    for (const bytes of encodeContent(content)) {
      if (!(await holdsAt(handle, position, bytes).catch(() => false))) return false;
      position += bytes.length;
    }
    const { size } = await handle.stat();
    return position === size;
  } finally {
    await handle.close();
  }
}

/**
 * Writing files so that a reader never sees half a file and a failed write never damages the
 * file that was there before: write a temporary file next to the target, flush it to disk,
 * then rename it over the target (a rename within one directory is atomic on POSIX and NTFS).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync, fchmodSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { link, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { encodeContent, holdsAt, readBytes } from './file-content.js';
import type { FileContent } from './file-content.js';

export interface WriteOptions {
  /**
   * Fail with an EEXIST error instead of replacing a file that appears at the target path
   * (for example one created by another process since the caller looked).
   */
  exclusive?: boolean;
  /**
   * Leave a file that already holds exactly this content untouched, its timestamps too: nothing
   * is written, not even a temporary file, until the content differs from the file.
   */
  keepUnchanged?: boolean;
}

/** Creates a directory and its missing parents; an existing directory is fine. */
export async function ensureDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
}

/**
 * Writes the content (in pieces, each batch as it is rendered) to a temporary file, then renames
 * it over `path`. Returns false when keepUnchanged left the file as it was, true otherwise.
 */
export async function writeFileAtomic(path: string, content: FileContent, options: WriteOptions = {}): Promise<boolean> {
  // The temporary file must live in the target's directory: a rename across file systems is a copy.
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const old = options.keepUnchanged === true ? await open(path, 'r').catch(() => undefined) : undefined;
  let created = false;
  try {
    let handle: FileHandle | undefined;
    try {
      // The bytes at the start of the old file that the content repeats: once the content
      // differs, the temporary file starts with a copy of them.
      let same = 0;
      const start = async (): Promise<FileHandle> => {
        const opened = await open(temp, 'wx');
        created = true;
        if (old !== undefined) await copyBytes(old, same, opened);
        return opened;
      };
      for (const bytes of encodeContent(content)) {
        if (handle === undefined && old !== undefined && (await holdsAt(old, same, bytes))) {
          same += bytes.length;
          continue;
        }
        handle ??= await start();
        await handle.writeFile(bytes);
      }
      if (handle === undefined && old !== undefined && same === (await old.stat()).size) {
        return false;
      }
      handle ??= await start();
      await keepMode(handle, path);
      await handle.sync();
    } finally {
      await handle?.close();
    }
    if (options.exclusive) {
      await linkExclusive(temp, path);
    } else {
      await rename(temp, path);
      created = false;
    }
    return true;
  } finally {
    await old?.close();
    if (created) {
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
}

/** The first `length` bytes of one file appended to another, a batch at a time. */
async function copyBytes(from: FileHandle, length: number, to: FileHandle): Promise<void> {
  for (let position = 0; position < length; ) {
    const bytes = await readBytes(from, position, Math.min(COPY_BATCH, length - position));
    if (bytes.length === 0) throw new Error('the file being replaced became shorter while it was read');
    await to.writeFile(bytes);
    position += bytes.length;
  }
}

const COPY_BATCH = 1 << 20;

/** A rewritten file keeps the permissions it had (a fresh temp file would get the default). */
async function keepMode(handle: FileHandle, path: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile()) {
    await handle.chmod(existing.mode & 0o7777);
  }
}

/**
 * link() fails when the target exists, which makes "create, never replace" one atomic step.
 * File systems without hard links (some network and FAT mounts) fall back to a check, then
 * a rename: a small race, but still no replacement of a file that was there when we looked.
 */
async function linkExclusive(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') {
      throw error;
    }
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing) {
    throw Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST', path });
  }
  await rename(temp, path);
}

/**
 * writeFileAtomic for the moments nothing may wait: a signal handler that saves answers
 * before the process ends. Same guarantees: the old file stays whole until the new one is.
 */
export function writeFileAtomicSync(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = openSync(temp, 'wx');
  try {
    try {
      writeSync(handle, content, null, 'utf8');
      const existing = statSafe(path);
      if (existing?.isFile()) fchmodSync(handle, existing.mode & 0o7777);
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function statSafe(path: string): { isFile(): boolean; mode: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Fails now, rather than after an hour of answers, when a file could not be written at `path`:
 * writes and removes a temporary file in the target's folder, or in the nearest folder that
 * exists when the target's is still to be created (nothing is created for good here).
 */
export async function probeWritable(path: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) {
    throw Object.assign(new Error(`EISDIR: not a file, '${path}'`), { code: 'EISDIR', path });
  }
  let folder = dirname(path);
  for (;;) {
    const info = await stat(folder).catch(() => undefined);
    if (info !== undefined) {
      if (!info.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a folder, '${folder}'`), { code: 'ENOTDIR', path: folder });
      break;
    }
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  await handle.close();
  await rm(temp, { force: true });
}

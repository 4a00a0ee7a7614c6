import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { InputError } from '../model/errors.js';

export interface ReadTextOptions {
  /** Files larger than this are refused before they are read. */
  maxBytes: number;
  /** What the file is, for messages: 'answers file', 'rule pack file'. */
  what: string;
}

/**
 * Reads a UTF-8 text file, refusing anything that is not a regular file, is larger than
 * maxBytes, or is not valid UTF-8. A leading byte-order mark is dropped.
 */
export async function readTextFile(path: string, options: ReadTextOptions): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw describeOpenError(path, options.what, error);
  }
  try {
    // fstat on the open handle: the checked file is the one that is read.
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      throw failRead(`${path} is a directory, not a file`, `name the ${options.what} itself`);
    }
    if (!stats.isFile()) {
      throw failRead(`${path} is not a regular file`, `name a ${options.what} on disk`);
    }
    if (stats.size > options.maxBytes) {
      throw failRead(
        `${options.what} ${path} is ${formatSize(stats.size, 1)}, over the ${formatSize(options.maxBytes)} limit`,
        'pass --max-size to raise it',
      );
    }
    const bytes = await handle.readFile();
    return decodeUtf8(bytes, path, options.what);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw describeOpenError(path, options.what, error);
  } finally {
    await handle.close();
  }
}

function decodeUtf8(bytes: Uint8Array, path: string, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw failRead(`${what} ${path} is not valid UTF-8 text`, 'save the file with UTF-8 encoding');
  }
}

function describeOpenError(path: string, what: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return failRead(`cannot find ${what} ${path}`, 'check the path (relative paths start at the current directory)');
    case 'EISDIR':
      return failRead(`${path} is a directory, not a file`, `name the ${what} itself`);
    case 'EACCES':
    case 'EPERM':
      return failRead(`no permission to read ${what} ${path}`, 'check the file permissions');
    case 'ENOTDIR':
      return failRead(`cannot find ${what} ${path}: a part of the path is a file`, 'check the path');
    default:
      return failRead(`cannot read ${what} ${path}: ${(error as Error | undefined)?.message ?? String(error)}`);
  }
}

function failRead(message: string, hint?: string): InputError {
  return new InputError(message, [hint === undefined ? { message } : { message, hint }]);
}

/**
 * A byte count for people: '5.0 MB', '500 KB', '812 bytes'. Whole units print without
 * decimals unless `decimals` asks for them, so a limit reads '4 MB' and a size '5.0 MB'.
 */
export function formatSize(bytes: number, decimals = 0): string {
  const units: [string, number][] = [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      const digits = decimals > 0 || !Number.isInteger(value) ? Math.max(decimals, 1) : 0;
      return `${value.toFixed(digits)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/**
 * The ADR directory: where it is, which ADRs it already holds, and which file name a
 * decision gets. A decision is recognised by the decision id it carries, never by its
 * title, so renaming the decision keeps its file and number, and a file written by hand is
 * never replaced.
 */
import { open, readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { OutputError } from '../model/errors.js';
import { ensureDir, writeFileAtomic } from './atomic-write.js';

export type AdrProfile = 'madr' | 'nygard' | 'log4brains';

/** Looked for in this order relative to the working directory; the first is created when none exists. */
export const DEFAULT_ADR_DIRS: readonly string[] = ['docs/decisions', 'docs/adr', 'doc/adr'];

export interface AdrDir {
  /** Absolute path. */
  path: string;
  /** As shown to the user: relative to the working directory with forward slashes when inside it. */
  display: string;
  exists: boolean;
}

export interface AdrFile {
  name: string;
  /** From a leading four-digit NNNN- prefix. */
  number?: number;
  /** From a leading YYYYMMDD- prefix (log4brains naming). */
  datePrefix?: string;
  decisionId?: string;
  /** YYYY-MM-DD, from the front matter or a Date line. */
  date?: string;
}

export interface AdrDirContents {
  /** Markdown files, sorted by name. */
  files: AdrFile[];
  /** Every entry name in the directory, lower case (file systems may ignore case). */
  taken: Set<string>;
}

export interface AdrRequest {
  id: string;
  title: string;
  profile: AdrProfile;
  /** YYYY-MM-DD: the date a new log4brains file name is built from. */
  date: string;
}

export interface AdrTarget {
  name: string;
  number: number;
  /** Present when the file already carries the decision id and is updated in place. */
  existing?: AdrFile;
}

const NUMBERED_NAME = /^(\d{4})-.+\.md$/i;
const DATED_NAME = /^(\d{8})-.+\.md$/i;
const MAX_SLUG_LENGTH = 60;

/** A path as the user should read it: relative to cwd with forward slashes when inside it. */
export function toDisplayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') {
    return '.';
  }
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    return path;
  }
  return rel.split(sep).join('/');
}

/**
 * The directory named by --dir, else the first existing conventional one, else docs/decisions
 * (to be created). Something that exists but is not a directory is an error, not a reason to
 * look elsewhere: the user would not find the ADR where they expect it.
 */
export async function resolveAdrDir(cwd: string, dir?: string): Promise<AdrDir> {
  if (dir !== undefined) {
    return inspectDir(resolve(cwd, dir), cwd, true);
  }
  for (const candidate of DEFAULT_ADR_DIRS) {
    const found = await inspectDir(resolve(cwd, candidate), cwd, false);
    if (found.exists) {
      return found;
    }
  }
  const path = resolve(cwd, DEFAULT_ADR_DIRS[0] ?? 'docs/decisions');
  return { path, display: toDisplayPath(path, cwd), exists: false };
}

async function inspectDir(path: string, cwd: string, named: boolean): Promise<AdrDir> {
  const display = toDisplayPath(path, cwd);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') {
      return { path, display, exists: false };
    }
    if (code === 'ENOTDIR') {
      throw new OutputError(
        `cannot use ${display} as the ADR directory: part of the path is a file`,
        named ? 'pass --dir with a path to a directory (missing directories are created)' : 'pass --dir to choose the ADR directory',
      );
    }
    throw toOutputError(error, `cannot use ${display} as the ADR directory`, display);
  }
  if (!info.isDirectory()) {
    throw new OutputError(
      `cannot use ${display} as the ADR directory: it is a file`,
      named ? 'pass --dir with a path to a directory (missing directories are created)' : 'move the file away or pass --dir to choose the ADR directory',
    );
  }
  return { path, display, exists: true };
}

/** Reads every Markdown file of the directory for its number, decision id and date. */
export async function scanAdrDir(dir: AdrDir): Promise<AdrDirContents> {
  if (!dir.exists) {
    return { files: [], taken: new Set() };
  }
  let entries;
  try {
    entries = await readdir(dir.path, { withFileTypes: true });
  } catch (error) {
    throw toOutputError(error, `cannot read the ADR directory ${dir.display}`, dir.display);
  }
  const taken = new Set(entries.map((entry) => entry.name.toLowerCase()));
  const names = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && /\.md$/i.test(entry.name))
    .map((entry) => entry.name)
    .sort(compareNames);
  const files: AdrFile[] = [];
  for (const name of names) {
    let facts: { decisionId?: string; date?: string };
    try {
      facts = await readAdrFacts(join(dir.path, name));
    } catch (error) {
      const code = errorCode(error);
      // A dangling link or a file removed since readdir cannot be ours.
      if (code === 'ENOENT' || code === 'EISDIR') {
        continue;
      }
      throw toOutputError(error, `cannot read ${dir.display}/${name}`, dir.display);
    }
    files.push({ ...parseAdrName(name), ...facts });
  }
  return { files, taken };
}

/** How much of a large ADR is read from each end before falling back to the whole file. */
const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 8 * 1024;

/**
 * Decision id and date of one file. A generated ADR of a large system runs to megabytes, and
 * every file of the directory is looked at on each run, so a large file is read from both
 * ends first: the front matter and the Date line are at the top, the id comment of the
 * Nygard and log4brains profiles at the bottom. Only a file that does not give both there is
 * read whole, with the same result as reading it whole from the start.
 */
async function readAdrFacts(path: string): Promise<{ decisionId?: string; date?: string }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > HEAD_BYTES + TAIL_BYTES) {
      const facts = parseAdrText(await readSlice(handle, 0, HEAD_BYTES));
      if (facts.decisionId === undefined) {
        const tail = await readSlice(handle, size - TAIL_BYTES, TAIL_BYTES);
        // The first line of the tail may be cut short, so it is not looked at.
        const id = findIdComment(tail.slice(tail.indexOf('\n') + 1));
        if (id !== undefined) facts.decisionId = id;
      }
      if (facts.decisionId !== undefined && facts.date !== undefined) return facts;
    }
    return parseAdrText(await readSlice(handle, 0, size));
  } finally {
    await handle.close();
  }
}

async function readSlice(handle: FileHandle, position: number, length: number): Promise<string> {
  return (await readBytes(handle, position, length)).toString('utf8');
}

/** Up to `length` bytes from `position` (fewer only where the file ends first). */
async function readBytes(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Number or date prefix from a file name. */
export function parseAdrName(name: string): AdrFile {
  const file: AdrFile = { name };
  const numbered = NUMBERED_NAME.exec(name);
  if (numbered?.[1] !== undefined) {
    file.number = Number(numbered[1]);
  }
  const dated = DATED_NAME.exec(name);
  if (dated?.[1] !== undefined) {
    file.datePrefix = dated[1];
  }
  return file;
}

/**
 * Decision id and date from an ADR's text. MADR keeps both in the front matter; Nygard and
 * log4brains files carry the id as an HTML comment and the date as a `Date:` or `- Date:` line.
 */
export function parseAdrText(text: string): { decisionId?: string; date?: string } {
  const source = text.replace(/^\uFEFF/, '');
  const result: { decisionId?: string; date?: string } = {};
  let body = 0;
  // Front matter: between a first line `---` and the next `---` line.
  const opening = /^---[ \t]*\r?\n/.exec(source);
  if (opening) {
    const closing = /^---[ \t]*$/m.exec(source.slice(opening[0].length));
    if (closing) {
      const frontMatter = source.slice(opening[0].length, opening[0].length + closing.index);
      body = opening[0].length + closing.index + closing[0].length;
      const id = /^decision-id:[ \t]*(.+?)[ \t]*\r?$/m.exec(frontMatter);
      if (id?.[1] !== undefined) result.decisionId = unquote(id[1]);
      const date = /^date:[ \t]*["']?(\d{4}-\d{2}-\d{2})\b/im.exec(frontMatter);
      if (date?.[1] !== undefined) result.date = date[1];
    }
  }
  // The body is searched with multi-line patterns rather than split into lines: a generated ADR
  // of a large system runs to megabytes, and this runs on every file of the directory.
  const rest = body === 0 ? source : source.slice(body);
  if (result.decisionId === undefined) {
    const id = findIdComment(rest);
    if (id !== undefined) result.decisionId = id;
  }
  if (result.date === undefined) {
    const date = /^[ \t]*(?:[-*][ \t]+)?date:[ \t]*["']?(\d{4}-\d{2}-\d{2})\b/im.exec(rest);
    if (date?.[1] !== undefined) result.date = date[1];
  }
  return result;
}

/** The id of a `<!-- decision-id: x -->` line. */
function findIdComment(text: string): string | undefined {
  const id = /^[ \t]*<!--[ \t]*decision-id:[ \t]*(.+?)[ \t]*-->[ \t]*\r?$/m.exec(text);
  return id?.[1] === undefined ? undefined : unquote(id[1]);
}

/** The ADR already written for this decision id (the first by name if, oddly, several are). */
export function findAdrById(contents: AdrDirContents, id: string): AdrFile | undefined {
  return contents.files.find((file) => file.decisionId === id);
}

/**
 * The file the decision goes to: the one carrying its id, else a fresh name that no entry of
 * the directory uses (NNNN-slug.md with the next number, or YYYYMMDD-slug.md for log4brains).
 */
export function chooseAdrFile(contents: AdrDirContents, request: AdrRequest): AdrTarget {
  const next = nextAdrNumber(contents);
  const existing = findAdrById(contents, request.id);
  if (existing) {
    return { name: existing.name, number: existing.number ?? next, existing };
  }
  const slug = slugifyTitle(request.title) || request.id;
  const stem =
    request.profile === 'log4brains' ? `${request.date.replaceAll('-', '')}-${slug}` : `${String(next).padStart(4, '0')}-${slug}`;
  let name = `${stem}.md`;
  // Only a log4brains name can clash (two decisions with one title on one day); numbered names are new by construction.
  for (let suffix = 2; contents.taken.has(name.toLowerCase()); suffix += 1) {
    name = `${stem}-${suffix}.md`;
  }
  return { name, number: next };
}

/** 1 + the highest four-digit prefix among the directory's Markdown files. */
export function nextAdrNumber(contents: AdrDirContents): number {
  let highest = 0;
  for (const file of contents.files) {
    if (file.number !== undefined && file.number > highest) {
      highest = file.number;
    }
  }
  return highest + 1;
}

/** Lower case, runs of a-z0-9 joined by '-', at most 60 characters, cut at a dash. */
export function slugifyTitle(title: string): string {
  const slug = (title.toLowerCase().match(/[a-z0-9]+/g) ?? []).join('-');
  if (slug.length <= MAX_SLUG_LENGTH) {
    return slug;
  }
  const head = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const dash = head.lastIndexOf('-');
  return dash > 0 ? head.slice(0, dash) : slug.slice(0, MAX_SLUG_LENGTH);
}

/** Whether the ADR being updated already holds exactly this content (then nothing is written). */
export async function isAdrUnchanged(dir: AdrDir, target: AdrTarget, content: string): Promise<boolean> {
  if (target.existing === undefined) return false;
  const path = join(dir.path, target.name);
  try {
    // Compared as bytes, and only when the sizes agree: decoding megabytes to compare them is slow.
    if ((await stat(path)).size !== Buffer.byteLength(content, 'utf8')) return false;
    const expected = Buffer.from(content, 'utf8');
    const handle = await open(path, 'r');
    try {
      return expected.equals(await readBytes(handle, 0, expected.length));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/**
 * Writes the ADR, creating the directory when needed. A new file is created without replacing
 * anything that appeared in the meantime; a file carrying our id is replaced atomically.
 */
export async function writeAdrFile(dir: AdrDir, target: AdrTarget, content: string): Promise<string> {
  const path = join(dir.path, target.name);
  const display = dir.display === '.' ? target.name : `${dir.display}/${target.name}`;
  if (!dir.exists) {
    try {
      await ensureDir(dir.path);
    } catch (error) {
      throw toOutputError(error, `cannot create the ADR directory ${dir.display}`, dir.display);
    }
  }
  try {
    await writeFileAtomic(path, content, { exclusive: target.existing === undefined });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      throw new OutputError(
        `${display} appeared while the ADR was being written and was left untouched`,
        'run the command again to choose a new file name',
      );
    }
    throw toOutputError(error, `cannot write ${display}`, dir.display);
  }
  return path;
}

function toOutputError(error: unknown, what: string, dirDisplay: string): OutputError {
  const code = errorCode(error);
  const elsewhere = 'or pass --dir to write the ADR elsewhere';
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new OutputError(`${what}: permission denied`, `check the permissions of ${dirDisplay}, ${elsewhere}`);
    case 'EROFS':
      return new OutputError(`${what}: the file system is read-only`, `pass --dir to write the ADR elsewhere`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new OutputError(`${what}: no space left on the device`, 'free some space and run the command again');
    case 'ENOTDIR':
    case 'EEXIST':
      return new OutputError(`${what}: part of the path is a file`, `pass --dir with a path to a directory`);
    default:
      return new OutputError(`${what}: ${error instanceof Error ? error.message : String(error)}`, elsewhere.replace(/^or /, ''));
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function unquote(value: string): string {
  const match = /^(["'])(.*)\1$/.exec(value);
  return match?.[2] ?? value;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The ADR directory: where it is, which ADRs it already holds, and which file name a
 * decision gets. A decision is recognised by the decision id it carries, never by its
 * title, so renaming the decision keeps its file and number, and a file written by hand is
 * never replaced.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { OutputError } from '../model/errors.js';
import { ensureDir, writeFileAtomic } from './atomic-write.js';
import { readBytes } from './file-content.js';
import type { FileContent } from './file-content.js';

import type { AdrProfile } from '../model/answers.js';
export type { AdrProfile };

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
  /** The first H1, without a leading `N. ` that repeats the file's number (Nygard titles). */
  title?: string;
  /** As written: front-matter `status:`, a `- Status:` line, or the first line of `## Status`. */
  status?: string;
}

/** What the text of an ADR says about it; everything is optional in a file written by hand. */
export interface AdrFacts {
  decisionId?: string;
  date?: string;
  title?: string;
  status?: string;
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
    let facts: AdrFacts;
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
    files.push(describeAdr(name, facts));
  }
  return { files, taken };
}

/** How much of a large ADR is read from each end before falling back to the whole file. */
const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 8 * 1024;

/**
 * Decision id, date, title and status of one file. A generated ADR of a large system runs to megabytes, and
 * every file of the directory is looked at on each run, so a large file is read from both
 * ends first: the front matter, the title, the status and the Date line are at the top, the id comment of the
 * Nygard and log4brains profiles at the bottom. Only a file that does not give both there is
 * read whole, with the same result as reading it whole from the start.
 */
async function readAdrFacts(path: string): Promise<AdrFacts> {
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
 * Decision id, date, title and status from an ADR's text. MADR keeps id, date and status in the
 * front matter; Nygard and log4brains files carry the id as an HTML comment and the date as a
 * `Date:` or `- Date:` line; log4brains (and Backstage) keep the status in a `- Status:` list
 * item under the title, Nygard in a `## Status` section.
 */
export function parseAdrText(text: string): AdrFacts {
  const source = text.replace(/^\uFEFF/, '');
  const result: AdrFacts = {};
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
      const status = /^status:[ \t]*(.+?)[ \t]*\r?$/im.exec(frontMatter);
      if (status?.[1] !== undefined && unquote(status[1]) !== '') result.status = unquote(status[1]);
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
  const title = /^#[ \t]+(.*?)[ \t]*(?:[ \t]#+[ \t]*)?\r?$/m.exec(rest);
  if (title?.[1] !== undefined && title[1] !== '') result.title = title[1];
  if (result.status === undefined) {
    const status = findBodyStatus(rest);
    if (status !== undefined) result.status = status;
  }
  return result;
}

/**
 * A `- Status:` item before the first section heading (log4brains, Backstage), else the first
 * line of a `## Status` section (Nygard, adr-tools).
 */
function findBodyStatus(text: string): string | undefined {
  const section = /^##[ \t]/m.exec(text);
  const top = section === null ? text : text.slice(0, section.index);
  const item = /^[ \t]*[-*][ \t]+status:[ \t]*(.+?)[ \t]*\r?$/im.exec(top);
  if (item?.[1] !== undefined) return unquote(item[1]);
  const heading = /^##[ \t]+status[ \t]*:?[ \t]*\r?$/im.exec(text);
  if (heading === null) return undefined;
  const line = /^[ \t]*(\S.*?)[ \t]*\r?$/m.exec(text.slice(heading.index + heading[0].length));
  if (line?.[1] === undefined || line[1].startsWith('#')) return undefined;
  return line[1];
}

/**
 * One ADR from its file name and what its text says. The heading `# 2. Use events` of the file
 * 0002-use-events.md (Nygard) gives the title `Use events`, as a MADR heading would.
 */
export function describeAdr(name: string, facts: AdrFacts): AdrFile {
  const file: AdrFile = { ...parseAdrName(name), ...facts };
  if (file.title !== undefined && file.number !== undefined) {
    const match = /^0*(\d+)\.[ \t]+(.+)$/.exec(file.title);
    if (match?.[2] !== undefined && Number(match[1]) === file.number) file.title = match[2];
  }
  return file;
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
 * ADR numbers used by more than one file, typically because two branches each added the next
 * ADR: by number, each with its file names in name order.
 */
export function findDuplicateNumbers(contents: AdrDirContents): { number: number; names: string[] }[] {
  const byNumber = new Map<number, string[]>();
  for (const file of contents.files) {
    if (file.number === undefined) continue;
    const names = byNumber.get(file.number);
    if (names === undefined) byNumber.set(file.number, [file.name]);
    else names.push(file.name);
  }
  return [...byNumber]
    .filter(([, names]) => names.length > 1)
    .sort(([a], [b]) => a - b)
    .map(([number, names]) => ({ number, names: [...names].sort(compareNames) }));
}

/** Whether a file is named as an ADR: NNNN-slug.md, or YYYYMMDD-slug.md (log4brains). */
export function isAdrFile(file: AdrFile): boolean {
  return file.number !== undefined || file.datePrefix !== undefined;
}

/**
 * How ADRs name each other in a status or a link: `ADR-0007` (as MADR writes it) for a numbered
 * file; a log4brains file, named by date and without a number, by its name without `.md`.
 */
export function adrLabel(name: string): string {
  const { number } = parseAdrName(name);
  return number === undefined ? name.replace(/\.md$/i, '') : `ADR-${String(number).padStart(4, '0')}`;
}

/** The title of an ADR, or words made from its file name when it has no `# Title`. */
export function adrTitle(file: AdrFile): string {
  if (file.title !== undefined) return file.title;
  const words = file.name
    .replace(/\.md$/i, '')
    .replace(/^\d{4}(?:\d{4})?-/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return words === '' ? file.name : words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The ADRs an argument such as `7`, `0007`, `ADR-7` or `20261122-use-events(.md)` names: by
 * number, or, for files without one, by name. Undefined when the argument is neither.
 */
export function findAdrsByReference(contents: AdrDirContents, reference: string): AdrFile[] | undefined {
  const text = reference.trim();
  const numbered = /^(?:adr-?)?(\d{1,4})$/i.exec(text);
  if (numbered?.[1] !== undefined) {
    const number = Number(numbered[1]);
    return contents.files.filter((file) => file.number === number);
  }
  if (!/^[^/\\]+$/.test(text)) return undefined;
  const name = /\.md$/i.test(text) ? text.toLowerCase() : `${text.toLowerCase()}.md`;
  return contents.files.filter((file) => isAdrFile(file) && file.name.toLowerCase() === name);
}

/**
 * The label of the ADR a status says supersedes this one: `superseded by ADR-0007` (MADR),
 * `Superseded by [7. Title](0007-title.md)` (adr-tools), or `superseded by 20261122-slug`.
 */
export function parseSupersededBy(status: string | undefined): string | undefined {
  const match = /^superseded[ \t]+by[ \t]+(.+)$/i.exec(status?.trim() ?? '');
  const by = match?.[1]?.trim();
  if (by === undefined) return undefined;
  const link = /^\[[^\]]*\]\(<?([^)\s>]+)>?\)/.exec(by);
  if (link?.[1] !== undefined) {
    const target = decodeURI(link[1]).split('/').pop() ?? '';
    return /\.md$/i.test(target) ? adrLabel(target) : undefined;
  }
  const numbered = /^(?:adr[- ]?)?0*(\d{1,4})\b/i.exec(by);
  if (numbered?.[1] !== undefined) return `ADR-${numbered[1].padStart(4, '0')}`;
  const named = /^(\d{8}-[^\s,;]+?)(?:\.md)?[.,;]?$/i.exec(by);
  return named?.[1];
}

/** MADR files open with front matter; Nygard files with `# N. Title`; log4brains with `# Title` and a Status list. */
export function detectProfile(text: string): AdrProfile {
  if (/^(\uFEFF)?---\r?\n/.test(text)) return 'madr';
  if (/^# \d+\. /.test(text)) return 'nygard';
  return 'log4brains';
}

/** The format one ADR of the directory is written in, told by its first bytes (see detectProfile). */
export async function readAdrProfile(dir: AdrDir, file: AdrFile): Promise<AdrProfile> {
  try {
    const handle = await open(join(dir.path, file.name), 'r');
    try {
      return detectProfile((await readBytes(handle, 0, 4096)).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toOutputError(error, `cannot read ${dir.display === '.' ? file.name : `${dir.display}/${file.name}`}`, dir.display);
  }
}

/** The whole text of one ADR of the directory. */
export async function readAdrText(dir: AdrDir, file: AdrFile): Promise<string> {
  try {
    return await readFile(join(dir.path, file.name), 'utf8');
  } catch (error) {
    throw toOutputError(error, `cannot read ${dir.display === '.' ? file.name : `${dir.display}/${file.name}`}`, dir.display);
  }
}

export interface SupersededMark {
  /** The new status, e.g. `superseded by ADR-0007`. */
  status: string;
  /** The paragraph that links to the superseding ADR, e.g. `Superseded by [ADR-0007: Title](0007-title.md).` */
  line: string;
}

/**
 * The text of an ADR marked as superseded: its status replaced where the file keeps it
 * (front-matter `status:`, a `- Status:` item under the title, or the `## Status` section, in
 * that order), and the link paragraph put first after the title (after the status list, in the
 * status section), replacing an earlier one. An ADR rendered with the same mark reads the same,
 * so the next run of decide on the old ADR finds it up to date. Undefined when the file keeps
 * no status anywhere.
 */
export function markAdrSuperseded(text: string, mark: SupersededMark): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines = text.slice(bom.length).split(/\r?\n/);
  const done = (at: number): string => bom + insertParagraph(lines, at, mark.line).join(eol);
  const heading = (from: number): number => lines.findIndex((line, index) => index >= from && /^##[ \t]/.test(line));

  let bodyStart = 0;
  if (/^---[ \t]*$/.test(lines[0] ?? '')) {
    const closing = lines.findIndex((line, index) => index > 0 && /^---[ \t]*$/.test(line));
    if (closing > 0) {
      bodyStart = closing + 1;
      const status = lines.findIndex((line, index) => index > 0 && index < closing && /^status:/i.test(line));
      if (status > 0) {
        lines[status] = `status: ${mark.status}`;
        const title = lines.findIndex((line, index) => index >= bodyStart && /^#[ \t]/.test(line));
        return done(title >= 0 ? title : closing);
      }
    }
  }
  const firstSection = heading(bodyStart);
  const end = firstSection === -1 ? lines.length : firstSection;
  const item = lines.findIndex((line, index) => index >= bodyStart && index < end && /^[ \t]*[-*][ \t]+status:/i.test(line));
  if (item >= 0) {
    lines[item] = (lines[item] ?? '').replace(/^([ \t]*[-*][ \t]+status:)[ \t]*.*$/i, `$1 ${mark.status}`);
    let last = item;
    while (last + 1 < lines.length && /^([ \t]*[-*][ \t]|[ \t]+\S)/.test(lines[last + 1] ?? '')) last += 1;
    return done(last);
  }
  const section = lines.findIndex((line, index) => index >= bodyStart && /^##[ \t]+status[ \t]*:?[ \t]*$/i.test(line));
  if (section >= 0) {
    const nygardStatus = mark.status.charAt(0).toUpperCase() + mark.status.slice(1);
    let first = section + 1;
    while (first < lines.length && (lines[first] ?? '').trim() === '') first += 1;
    if (first < lines.length && !/^#/.test(lines[first] ?? '')) {
      lines[first] = nygardStatus;
      return done(first);
    }
    lines.splice(section + 1, first - section - 1, '', nygardStatus);
    return done(section + 2);
  }
  return undefined;
}

/**
 * Puts `paragraph` after line `at`, one blank line on each side, in place of a link paragraph
 * that an earlier mark left there.
 */
function insertParagraph(lines: string[], at: number, paragraph: string): string[] {
  let next = at + 1;
  while (next < lines.length && (lines[next] ?? '').trim() === '') next += 1;
  if (/^superseded by /i.test(lines[next] ?? '')) {
    next += 1;
    while (next < lines.length && (lines[next] ?? '').trim() === '') next += 1;
  }
  const rest = lines.slice(next);
  // At the end of the file, the text keeps its final newline (an empty last element).
  const tail = rest.length === 0 || (rest.length === 1 && rest[0] === '') ? [''] : ['', ...rest];
  return [...lines.slice(0, at + 1), '', paragraph, ...tail];
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

/**
 * Writes the ADR, creating the directory when needed. A new file is created without replacing
 * anything that appeared in the meantime; a file carrying our id is replaced atomically, unless it
 * already holds exactly this content: then it is left alone (no new timestamp, nothing for git to
 * see) and false is returned.
 */
export async function writeAdrFile(dir: AdrDir, target: AdrTarget, content: FileContent): Promise<boolean> {
  const path = join(dir.path, target.name);
  const display = dir.display === '.' ? target.name : `${dir.display}/${target.name}`;
  if (!dir.exists) {
    try {
      await ensureDir(dir.path);
    } catch (error) {
      throw toOutputError(error, `cannot create the ADR directory ${dir.display}`, dir.display);
    }
  }
  const replacing = target.existing !== undefined;
  try {
    return await writeFileAtomic(path, content, { exclusive: !replacing, keepUnchanged: replacing });
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      throw new OutputError(
        `${display} appeared while the ADR was being written and was left untouched`,
        'run the command again to choose a new file name',
      );
    }
    throw toOutputError(error, `cannot write ${display}`, dir.display);
  }
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

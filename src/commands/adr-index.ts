/**
 * `adr index`: writes README.markdown in the ADR directory, one line per ADR with its title,
 * status and date, read from the top of each file whatever format it was written in.
 */
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { adrTitle, DEFAULT_ADR_DIRS, findDuplicateNumbers, isAdrFile, resolveAdrDir, scanAdrDir } from '../io/adr-dir.js';
import type { AdrDir, AdrFile } from '../io/adr-dir.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { describeFileError } from '../io/file-errors.js';
import { ExitCode, OutputError } from '../model/errors.js';
import { ADR_INDEX_MARKER, renderAdrIndex } from '../render/adr-index.js';
import type { AdrIndexEntry } from '../render/adr-index.js';
import type { CommandContext } from './context.js';

/**
 * The index file's name. Every tool that reads the folder skips it: it has no number or date
 * (Backstage, adr-tools, the MADR and log4brains importers of Structurizr go by the name), and it
 * does not end in `.md`, which Structurizr's adr-tools importer and adr-log would otherwise take
 * for an ADR. Code hosts show a README under the folder's file list.
 */
export const ADR_INDEX_FILE = 'README.markdown';

/** Where earlier versions wrote the index; such a file is removed once the index is rewritten. */
export const OLD_ADR_INDEX_FILE = 'index.md';

export interface AdrIndexOptions {
  /** ADR directory; when absent the conventional ones are looked for, as decide does. */
  dir?: string;
  /** Print the index instead of writing it. */
  stdout: boolean;
}

export async function runAdrIndex(options: AdrIndexOptions, context: CommandContext): Promise<number> {
  const dir = await resolveAdrDir(context.cwd, options.dir);
  if (!dir.exists) {
    throw new OutputError(
      options.dir === undefined
        ? `there is no ADR directory here: none of ${DEFAULT_ADR_DIRS.join(', ')} exists`
        : `the ADR directory ${dir.display} does not exist`,
      options.dir === undefined ? 'pass --dir with the folder that holds the ADRs' : 'check the path passed to --dir',
    );
  }
  const contents = await scanAdrDir(dir);
  for (const { number, names } of findDuplicateNumbers(contents)) {
    context.stderr(
      `warning: ADR number ${String(number).padStart(4, '0')} is used by ${names.map((name) => joinDisplay(dir, name)).join(' and ')}; ` +
        'give all but one of them the next free number\n',
    );
  }
  const entries = contents.files.filter(isAdrFile).map(toEntry);
  const text = renderAdrIndex(entries);
  if (options.stdout) {
    context.stdout(text);
    return ExitCode.Ok;
  }
  const shown = joinDisplay(dir, ADR_INDEX_FILE);
  const path = join(dir.path, ADR_INDEX_FILE);
  const before = await readExisting(path, shown);
  const count = `${entries.length} ${entries.length === 1 ? 'ADR' : 'ADRs'}`;
  if (before === text) {
    context.stderr(`${shown} is up to date: ${count}\n`);
  } else {
    if (before !== undefined && !before.includes(ADR_INDEX_MARKER)) {
      throw new OutputError(
        `${shown} exists and was not written by adr index, so it was left as it is`,
        'move or rename it, or print the index with --stdout',
      );
    }
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      throw new OutputError(`cannot write ${shown}: ${describeFileError(error)}`, `check the permissions of ${dir.display}, or print the index with --stdout`);
    }
    context.stderr(`wrote ${shown}: ${count}\n`);
  }
  await removeOldIndex(dir, context);
  return ExitCode.Ok;
}

/**
 * Removes an index.md that an earlier version wrote (it carries the marker), so that the folder
 * holds nothing but ADRs with that name. A file without the marker is someone else's and stays.
 */
async function removeOldIndex(dir: AdrDir, context: CommandContext): Promise<void> {
  const shown = joinDisplay(dir, OLD_ADR_INDEX_FILE);
  const path = join(dir.path, OLD_ADR_INDEX_FILE);
  const text = await readExisting(path, shown);
  if (text === undefined || !text.includes(ADR_INDEX_MARKER)) return;
  try {
    await unlink(path);
  } catch (error) {
    throw new OutputError(`cannot remove ${shown}, the index's former name: ${describeFileError(error)}`, `delete ${shown} by hand`);
  }
  context.stderr(`removed ${shown}: the index is now ${ADR_INDEX_FILE}\n`);
}

function toEntry(file: AdrFile): AdrIndexEntry {
  const entry: AdrIndexEntry = { name: file.name, title: adrTitle(file) };
  if (file.number !== undefined) entry.number = file.number;
  if (file.status !== undefined) entry.status = file.status;
  const date = file.date ?? (file.datePrefix === undefined ? undefined : `${file.datePrefix.slice(0, 4)}-${file.datePrefix.slice(4, 6)}-${file.datePrefix.slice(6, 8)}`);
  if (date !== undefined) entry.date = date;
  return entry;
}

async function readExisting(path: string, shown: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OutputError(`cannot read ${shown}: ${describeFileError(error)}`, 'move it out of the way, or print the index with --stdout');
  }
}

function joinDisplay(dir: AdrDir, name: string): string {
  return dir.display === '.' ? name : `${dir.display}/${name}`;
}

/**
 * A folder of ADRs as a team would have it after three runs of decide: two decisions, then a
 * third that supersedes the first (decide --supersedes), then adr index. The reader tests hand
 * this folder to the tools teams browse ADRs with and compare what they read with what was
 * decided.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdrIndex } from '../../src/commands/adr-index.js';
import { runDecide } from '../../src/commands/decide.js';
import type { DecideOptions } from '../../src/commands/decide.js';
import type { AdrProfile } from '../../src/io/adr-dir.js';
import { testContext } from '../commands/context.js';

export interface Record {
  /** The answers file's title, as every reader should show it. */
  title: string;
  /** YYYY-MM-DD, from the answers file. */
  date: string;
  /** The status the answers file gives; the first record ends up superseded by the third. */
  status: string;
  slug: string;
}

export const RECORDS: readonly Record[] = [
  { title: 'Order notifications', date: '2026-11-20', status: 'proposed', slug: 'order-notifications' },
  { title: 'Admin access: ask the owner live', date: '2026-11-21', status: 'accepted', slug: 'admin-access-ask-the-owner-live' },
  { title: 'Order notifications by queue', date: '2026-11-22', status: 'proposed', slug: 'order-notifications-by-queue' },
];

/** Where each profile's folder goes: where the matching tool looks by default. */
export const PROFILE_DIRS: { readonly [profile in AdrProfile]: string } = {
  madr: 'docs/decisions',
  nygard: 'doc/adr',
  log4brains: 'docs/adr',
};

export interface AdrFolder {
  /** The temporary working directory; the folder is `dir` inside it. */
  cwd: string;
  /** The ADR folder, relative to cwd. */
  dir: string;
  /** The ADR files of RECORDS, in the same order. */
  names: string[];
  remove(): Promise<void>;
}

/** The file name decide gives a record in a profile. */
export function recordFileName(profile: AdrProfile, index: number): string {
  const record = RECORDS[index]!;
  const prefix = profile === 'log4brains' ? record.date.replaceAll('-', '') : String(index + 1).padStart(4, '0');
  return `${prefix}-${record.slug}.md`;
}

/** The checked-in example answers, with the record's title, date and status. */
async function answersFor(record: Record): Promise<string> {
  const fixture = await readFile(new URL('../fixtures/decide/answers.yaml', import.meta.url), 'utf8');
  const replaced = fixture
    .replace(/^title: .*$/m, `title: ${JSON.stringify(record.title)}\nstatus: ${record.status}`)
    .replace(/^date: .*$/m, `date: ${record.date}`);
  if (replaced === fixture || !replaced.includes(`date: ${record.date}`)) throw new Error('the decide fixture no longer has a title and a date line');
  return replaced;
}

/**
 * Writes the three records with decide in the given profile (the third superseding the first),
 * then the index with adr index. Everything the commands print is kept out of the test output.
 */
export async function writeAdrFolder(profile: AdrProfile): Promise<AdrFolder> {
  const cwd = await mkdtemp(join(tmpdir(), `readers-${profile}-`));
  const dir = PROFILE_DIRS[profile];
  await mkdir(join(cwd, dir), { recursive: true });
  const context = testContext(cwd, new Date('2027-01-15T09:00:00Z'), () => undefined, () => undefined);
  const options: DecideOptions = { rules: [], profile, stdout: false, format: 'markdown', maxBytes: 1 << 20, dir };
  const names = RECORDS.map((_, index) => recordFileName(profile, index));
  for (const [index, record] of RECORDS.entries()) {
    const file = `answers-${index + 1}.yaml`;
    await writeFile(join(cwd, file), await answersFor(record));
    const supersedes = index === 2 ? (profile === 'log4brains' ? names[0]!.replace(/\.md$/, '') : '1') : undefined;
    await runDecide(file, supersedes === undefined ? options : { ...options, supersedes }, context);
  }
  await runAdrIndex({ stdout: false, dir }, context);
  return { cwd, dir, names, remove: () => rm(cwd, { recursive: true, force: true }) };
}

/** The answers file of a record in a folder, to run decide on again. */
export function answersFile(index: number): string {
  return `answers-${index + 1}.yaml`;
}

/** Runs decide again on one record's answers, as a team does after editing them. */
export async function decideAgain(folder: AdrFolder, profile: AdrProfile, index: number): Promise<void> {
  const context = testContext(folder.cwd, new Date('2027-01-15T09:00:00Z'), () => undefined, () => undefined);
  await runDecide(answersFile(index), { rules: [], profile, stdout: false, format: 'markdown', maxBytes: 1 << 20, dir: folder.dir }, context);
}

/** What adr index prints for the folder. */
export async function printIndex(folder: AdrFolder): Promise<string> {
  let out = '';
  const context = testContext(folder.cwd, new Date('2027-01-15T09:00:00Z'), (text) => (out += text), () => undefined);
  await runAdrIndex({ stdout: true, dir: folder.dir }, context);
  return out;
}

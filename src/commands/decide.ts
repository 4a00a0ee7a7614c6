/**
 * `decide <answers.yaml>`: read the rule packs and the answers, decide every interaction, and
 * write the ADR (or print it, or print the decision as JSON). Nothing is written unless every
 * step before it succeeded.
 */
import { resolve } from 'node:path';
import { decide } from '../engine/decide.js';
import { waiverCovers } from '../engine/gate.js';
import {
  adrLabel,
  adrTitle,
  chooseAdrFile,
  describeAdr,
  findAdrById,
  findAdrsByReference,
  isAdrFile,
  markAdrSuperseded,
  parseAdrText,
  parseSupersededBy,
  readAdrProfile,
  readAdrText,
  resolveAdrDir,
  scanAdrDir,
  writeAdrFile,
} from '../io/adr-dir.js';
import type { AdrDir, AdrDirContents, AdrFile, AdrProfile, AdrTarget } from '../io/adr-dir.js';
import { toPosixRelative } from '../io/paths.js';
import { readAdrTemplates } from '../io/templates.js';
import { loadAnswers } from '../load/answers.js';
import { loadPacks } from '../load/pack.js';
import type { AnswersFile } from '../model/answers.js';
import type { Decision, DecisionSummary } from '../model/decision.js';
import type { Pack } from '../model/pack.js';
import { ExitCode, OutputError, UsageError } from '../model/errors.js';
import { renderAdrPieces } from '../render/adr.js';
import { formatSupersededByLine, formatSupersededStatus } from '../render/adr-view.js';
import type { AdrLink, Supersession } from '../render/adr-view.js';
import { renderJsonPieces } from '../render/json.js';
import { joinInBatches } from '../render/pieces.js';
import { chooseAdrSettings } from './adr-settings.js';
import type { CommandContext } from './context.js';

export interface DecideOptions {
  /** ADR directory; when absent the conventional ones are looked for. */
  dir?: string;
  /** Extra rule pack folders, applied after the built-in pack in this order. */
  rules: string[];
  /** --profile; when absent, the answers file's adr.profile, else the existing ADR's format, else MADR. */
  profile?: AdrProfile;
  /** Print the ADR instead of writing it. */
  stdout: boolean;
  /** json prints the decision and writes nothing. */
  format: 'markdown' | 'json';
  /** Largest answers file accepted. */
  maxBytes: number;
  /** An ADR of the same directory that this decision replaces: its number, or a log4brains file's name. */
  supersedes?: string;
}

/** The rule packs, the answers file (named relative to the working directory) and their decision. */
export interface ReadDecision {
  pack: Pack;
  source: string;
  answers: AnswersFile;
  decision: Decision;
}

/** What decide and check both start from: the packs and the answers, read and decided. */
export async function readDecision(file: string, options: { rules: string[]; maxBytes: number }, context: CommandContext): Promise<ReadDecision> {
  const pack = await loadPacks(options.rules.map((dir) => resolve(context.cwd, dir)));
  // The file is read where the working directory says, while messages, locations and the ADR
  // name it relative to that directory, so that they read the same on every machine and tell
  // readers how to re-run the command.
  const path = resolve(context.cwd, file);
  const source = toPosixRelative(path, context.cwd);
  const answers = await loadAnswers(path, pack, { maxBytes: options.maxBytes, shown: source });
  return { pack, source, answers, decision: decide(answers, pack) };
}

export async function runDecide(file: string, options: DecideOptions, context: CommandContext): Promise<number> {
  const { pack, source, answers, decision } = await readDecision(file, options, context);

  if (options.format === 'json') {
    if (options.supersedes !== undefined) {
      throw new UsageError('--supersedes marks ADR files, and --format json writes none; leave out one of the two');
    }
    await printPieces(renderJsonPieces(answers, decision), context);
    return ExitCode.Ok;
  }

  const request: AdrRequestInput = { answers, decision, pack, source, ...chooseAdrSettings(options, answers, context.cwd), stdout: options.stdout };
  if (options.supersedes !== undefined) request.supersedes = options.supersedes;
  return writeAdr(request, context);
}

export interface AdrRequestInput {
  answers: AnswersFile;
  decision: Decision;
  pack: Pack;
  /** The answers file relative to the working directory, as the ADR names it. */
  source: string;
  dir: string | undefined;
  /** The format asked for (a flag, or the answers file's adr.profile); undefined: the existing ADR's, else MADR. */
  profile: AdrProfile | undefined;
  /** Who asked for the format, for the message when it changes the existing ADR's. */
  profileFrom?: string | undefined;
  /** Print the ADR instead of writing it. */
  stdout: boolean;
  /** An ADR this decision replaces (decide --supersedes): its number, or a log4brains file's name. */
  supersedes?: string;
}

/** Where the ADR of a decision goes and what it says, before anything is written. */
export interface PlannedAdr {
  dir: AdrDir;
  contents: AdrDirContents;
  target: AdrTarget;
  /**
   * The ADR's text, rendered anew on each call and handed out in pieces (see renderAdrPieces):
   * the ADR of a large decision is written, printed or compared as it is rendered.
   */
  render: () => Iterable<string>;
  /** With --supersedes: the old ADR, marked as replaced by this one. */
  superseded?: PlannedMark;
  /** The existing ADR is in another format than the one asked for, and is rewritten in it. */
  profileChange?: { from: AdrProfile; to: AdrProfile; by: string };
}

/** An old ADR and its text once marked as superseded. */
export interface PlannedMark {
  file: AdrFile;
  target: AdrTarget;
  /** The file's text as it is now. */
  before: string;
  text: string;
}

/**
 * The ADR a decision gives in its ADR directory: the file that carries its decision id (or the
 * next free name) and its full text. decide writes it; check compares it with what is committed.
 *
 * Supersession lives in the ADR directory, not in the answers files: an ADR whose file says
 * `superseded by ADR-0007` keeps that status and its link whatever its answers file's `status`
 * says, and an ADR links back to every ADR whose status names it. So `--supersedes` is needed
 * once; later runs without it keep both links. To undo it, edit the old ADR's status.
 */
export async function planAdr(input: Omit<AdrRequestInput, 'stdout'>, context: CommandContext): Promise<PlannedAdr> {
  const { answers, decision, pack, source } = input;
  const dir = await resolveAdrDir(context.cwd, input.dir);
  const contents = await scanAdrDir(dir);
  const existing = findAdrById(contents, answers.id);
  const date = answers.date ?? existing?.date ?? formatUtcDate(context.now);
  // Without a format asked for, the existing ADR keeps its own: a missing flag never rewrites it in another.
  const written = existing === undefined ? undefined : await readAdrProfile(dir, existing);
  const profile = input.profile ?? written ?? 'madr';
  const target = chooseAdrFile(contents, { id: answers.id, title: answers.title, profile, date });
  const old = input.supersedes === undefined ? undefined : findSupersededAdr(contents, input.supersedes, target, dir);
  const supersession = planSupersession(contents, target, old);
  const templates = await readAdrTemplates();
  const render = (): Iterable<string> =>
    renderAdrPieces({ answers, decision, pack, profile, number: target.number, date, source, templates, supersession });
  const plan: PlannedAdr = { dir, contents, target, render };
  if (written !== undefined && written !== profile) plan.profileChange = { from: written, to: profile, by: input.profileFrom ?? '--profile' };
  if (old !== undefined) plan.superseded = await planMark(dir, old, target, readHead(render()));
  return plan;
}

/** The one ADR that --supersedes names; anything else is a usage error, before anything is written. */
function findSupersededAdr(contents: AdrDirContents, reference: string, target: AdrTarget, dir: AdrDir): AdrFile {
  const where = dir.exists ? dir.display : `${dir.display} (which does not exist yet)`;
  const found = findAdrsByReference(contents, reference);
  if (found === undefined) {
    throw new UsageError(`--supersedes ${reference}: expected the number of an ADR (e.g. 7) or, for a date-named file, its name`);
  }
  if (found.length === 0) {
    const numbers = contents.files.filter((file) => file.number !== undefined).map((file) => String(file.number));
    const dated = contents.files.find((file) => file.datePrefix !== undefined);
    throw new UsageError(
      `--supersedes ${reference}: there is no such ADR in ${where}` +
        (numbers.length > 0 ? ` (numbers in use: ${[...new Set(numbers)].join(', ')})` : '') +
        (dated !== undefined && numbers.length === 0 ? `; date-named ADRs go by their file name, e.g. --supersedes ${dated.name.replace(/\.md$/i, '')}` : '') +
        '; pass --dir if the ADRs are elsewhere',
    );
  }
  if (found.length > 1) {
    throw new UsageError(
      `--supersedes ${reference}: ${found.map((file) => joinDisplay(dir, file.name)).join(' and ')} carry the same number; ` +
        'give one of them a new number first, then run again',
    );
  }
  const old = found[0]!;
  if (old.name === target.name) {
    throw new UsageError(`--supersedes ${reference}: ${joinDisplay(dir, old.name)} is the ADR of this decision; an ADR cannot supersede itself`);
  }
  return old;
}

/**
 * The links of the ADR being written: the ADR that replaces it, as its existing file says, and
 * the ADRs whose status names it (plus the one --supersedes names, marked in the same run).
 */
function planSupersession(contents: AdrDirContents, target: AdrTarget, old: AdrFile | undefined): Supersession {
  const label = adrLabel(target.name);
  const link = (file: AdrFile): AdrLink => ({ label: adrLabel(file.name), title: adrTitle(file), file: file.name });
  const supersession: Supersession = { supersedes: [] };
  const by = parseSupersededBy(target.existing?.status);
  if (by !== undefined && by !== label) {
    const file = contents.files.find((candidate) => isAdrFile(candidate) && candidate.name !== target.name && adrLabel(candidate.name) === by);
    supersession.supersededBy = file === undefined ? { label: by } : link(file);
  }
  const replaced = contents.files.filter(
    (file) => isAdrFile(file) && file.name !== target.name && (file === old || parseSupersededBy(file.status) === label),
  );
  supersession.supersedes = replaced.sort(compareAdrs).map(link);
  return supersession;
}

/** Numbered ADRs by number, then date-named ones by name. */
function compareAdrs(a: AdrFile, b: AdrFile): number {
  const byNumber = (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER);
  return byNumber !== 0 ? byNumber : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The start of a rendered ADR, up to its first section, where every profile puts the title: the
 * rest is not rendered just to read the title.
 */
function readHead(pieces: Iterable<string>): string {
  let head = '';
  for (const piece of pieces) {
    head += piece;
    if (/^## /m.test(piece)) break;
  }
  return head;
}

/** The old ADR's text with its status and a link naming the new one (whose start is `newHead`). */
async function planMark(dir: AdrDir, old: AdrFile, target: AdrTarget, newHead: string): Promise<PlannedMark> {
  const before = await readAdrText(dir, old);
  const by: AdrLink = { label: adrLabel(target.name), title: adrTitle(describeAdr(target.name, parseAdrText(newHead))), file: target.name };
  const text = markAdrSuperseded(before, { status: formatSupersededStatus(by), line: formatSupersededByLine(by) });
  if (text === undefined) {
    throw new OutputError(
      `cannot mark ${joinDisplay(dir, old.name)} as superseded: it has no status (a front-matter status:, a "- Status:" line or a "## Status" section)`,
      'add a status to that ADR, then run the command again',
    );
  }
  return { file: old, target: { name: old.name, number: old.number ?? 0, existing: old }, before, text };
}

function joinDisplay(dir: AdrDir, name: string): string {
  return dir.display === '.' ? name : `${dir.display}/${name}`;
}

/**
 * Renders the ADR and writes it to the ADR directory (or prints it): the one way an ADR is
 * written, by decide and by interview alike, so both give the same file for the same answers.
 */
export async function writeAdr(input: AdrRequestInput, context: CommandContext): Promise<number> {
  const { answers, decision } = input;
  const { dir, contents, target, render, superseded, profileChange } = await planAdr(input, context);
  if (input.stdout) {
    await printPieces(render(), context);
    return ExitCode.Ok;
  }
  const sameId = contents.files.filter((adr) => adr.decisionId === answers.id);
  if (sameId.length > 1) {
    // Typically two branches that each created the ADR; only the first is kept up to date.
    context.stderr(
      `warning: ${sameId.map((adr) => `${dir.display}/${adr.name}`).join(', ')} carry the same decision id ${answers.id}; only ${dir.display}/${sameId[0]?.name ?? ''} is updated\n`,
    );
  }
  const written = joinDisplay(dir, target.name);
  if (profileChange !== undefined) {
    context.stderr(
      `note: ${written} was written as a ${PROFILE_NAMES[profileChange.from]} ADR; it is rewritten as ${PROFILE_NAMES[profileChange.to]}, as ${profileChange.by} says\n`,
    );
  }
  // An ADR that already says exactly this is left alone: no new timestamp, nothing for git to see.
  if (await writeAdrFile(dir, target, render())) {
    context.stderr(`wrote ${written}: ${describeSummary(decision.summary, countWaived(decision, answers))}\n`);
  } else {
    context.stderr(`${written} is up to date: ${describeSummary(decision.summary, countWaived(decision, answers))}\n`);
  }
  if (superseded !== undefined) {
    const old = joinDisplay(dir, superseded.file.name);
    const by = adrLabel(target.name);
    if (superseded.text === superseded.before) {
      context.stderr(`${old} is up to date: superseded by ${by}\n`);
    } else {
      await writeAdrFile(dir, superseded.target, superseded.text);
      context.stderr(`marked ${old} as superseded by ${by}\n`);
    }
  }
  return ExitCode.Ok;
}

/** The formats as messages name them. */
const PROFILE_NAMES: Readonly<Record<AdrProfile, string>> = { madr: 'MADR', nygard: 'Nygard', log4brains: 'log4brains' };

/** Prints a document batch by batch, each once stdout has taken the one before. */
async function printPieces(pieces: Iterable<string>, context: CommandContext): Promise<void> {
  for (const batch of joinInBatches(pieces)) await context.stdout(batch);
}

/** How many of the decision's findings a waiver of the answers file names. */
function countWaived(decision: Decision, answers: AnswersFile): number {
  const waivers = answers.waivers ?? [];
  return decision.findings.filter((finding) => waivers.some((waiver) => waiverCovers(waiver, finding))).length;
}

/** "10 interactions (4 sync, 4 async, 2 hybrid), 3 findings (1 error, 2 warnings), 1 of them waived" */
export function describeSummary(summary: DecisionSummary, waived = 0): string {
  const styles = (['sync', 'async', 'hybrid'] as const)
    .filter((style) => summary.styles[style] > 0)
    .map((style) => `${summary.styles[style]} ${style}`);
  const severities = (['error', 'warning', 'info'] as const)
    .filter((severity) => summary.findings[severity] > 0)
    .map((severity) => countWord(summary.findings[severity], severity, severity === 'info' ? 'info' : `${severity}s`));
  const findings = severities.length;
  const total = summary.findings.error + summary.findings.warning + summary.findings.info;
  return [
    `${countWord(summary.interactions, 'interaction', 'interactions')}${styles.length > 0 ? ` (${styles.join(', ')})` : ''}`,
    `${countWord(total, 'finding', 'findings')}${findings > 0 ? ` (${severities.join(', ')})` : ''}${waived > 0 ? `, ${waived} of them waived` : ''}`,
  ].join(', ');
}

function countWord(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** YYYY-MM-DD in UTC, so that the date does not depend on the machine's time zone. */
export function formatUtcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

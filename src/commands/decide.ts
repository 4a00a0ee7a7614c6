/**
 * `decide <answers.yaml>`: read the rule packs and the answers, decide every interaction, and
 * write the ADR (or print it, or print the decision as JSON). Nothing is written unless every
 * step before it succeeded.
 */
import { relative, resolve, sep } from 'node:path';
import { decide } from '../engine/decide.js';
import { chooseAdrFile, findAdrById, isAdrUnchanged, resolveAdrDir, scanAdrDir, writeAdrFile } from '../io/adr-dir.js';
import type { AdrDir, AdrDirContents, AdrProfile, AdrTarget } from '../io/adr-dir.js';
import { readAdrTemplates } from '../io/templates.js';
import { parseAnswers } from '../load/answers.js';
import { loadPacks } from '../load/pack.js';
import { readTextFile } from '../load/read-text.js';
import type { AnswersFile } from '../model/answers.js';
import type { Decision, DecisionSummary } from '../model/decision.js';
import type { Pack } from '../model/pack.js';
import { ExitCode } from '../model/errors.js';
import { renderAdr } from '../render/adr.js';
import { renderJson } from '../render/json.js';
import type { CommandContext } from './context.js';

export interface DecideOptions {
  /** ADR directory; when absent the conventional ones are looked for. */
  dir?: string;
  /** Extra rule pack folders, applied after the built-in pack in this order. */
  rules: string[];
  profile: AdrProfile;
  /** Print the ADR instead of writing it. */
  stdout: boolean;
  /** json prints the decision and writes nothing. */
  format: 'markdown' | 'json';
  /** Largest answers file accepted. */
  maxBytes: number;
}

export async function runDecide(file: string, options: DecideOptions, context: CommandContext): Promise<number> {
  const pack = await loadPacks(options.rules.map((dir) => resolve(context.cwd, dir)));
  // What loadAnswers does, split in two: the file is read where the working directory says,
  // while messages, locations and the ADR name it relative to that directory, so that they
  // read the same on every machine and tell readers how to re-run the command.
  const path = resolve(context.cwd, file);
  const source = toPosixRelative(path, context.cwd);
  const text = await readTextFile(path, { maxBytes: options.maxBytes, what: 'answers file' });
  const answers = parseAnswers(text, source, pack);
  const decision = decide(answers, pack);

  if (options.format === 'json') {
    context.stdout(renderJson(answers, decision));
    return ExitCode.Ok;
  }

  return writeAdr({ answers, decision, pack, source, dir: options.dir, profile: options.profile, stdout: options.stdout }, context);
}

export interface AdrRequestInput {
  answers: AnswersFile;
  decision: Decision;
  pack: Pack;
  /** The answers file relative to the working directory, as the ADR names it. */
  source: string;
  dir: string | undefined;
  profile: AdrProfile;
  /** Print the ADR instead of writing it. */
  stdout: boolean;
}

/** Where the ADR of a decision goes and what it says, before anything is written. */
export interface PlannedAdr {
  dir: AdrDir;
  contents: AdrDirContents;
  target: AdrTarget;
  text: string;
}

/**
 * The ADR a decision gives in its ADR directory: the file that carries its decision id (or the
 * next free name) and its full text. decide writes it; check compares it with what is committed.
 */
export async function planAdr(input: Omit<AdrRequestInput, 'stdout'>, context: CommandContext): Promise<PlannedAdr> {
  const { answers, decision, pack, source } = input;
  const dir = await resolveAdrDir(context.cwd, input.dir);
  const contents = await scanAdrDir(dir);
  const existing = findAdrById(contents, answers.id);
  const date = answers.date ?? existing?.date ?? formatUtcDate(context.now);
  const target = chooseAdrFile(contents, { id: answers.id, title: answers.title, profile: input.profile, date });
  const templates = await readAdrTemplates();
  const text = renderAdr({ answers, decision, pack, profile: input.profile, number: target.number, date, source, templates });
  return { dir, contents, target, text };
}

/**
 * Renders the ADR and writes it to the ADR directory (or prints it): the one way an ADR is
 * written, by decide and by interview alike, so both give the same file for the same answers.
 */
export async function writeAdr(input: AdrRequestInput, context: CommandContext): Promise<number> {
  const { answers, decision } = input;
  const { dir, contents, target, text } = await planAdr(input, context);
  if (input.stdout) {
    context.stdout(text);
    return ExitCode.Ok;
  }
  const sameId = contents.files.filter((adr) => adr.decisionId === answers.id);
  if (sameId.length > 1) {
    // Typically two branches that each created the ADR; only the first is kept up to date.
    context.stderr(
      `warning: ${sameId.map((adr) => `${dir.display}/${adr.name}`).join(', ')} carry the same decision id ${answers.id}; only ${dir.display}/${sameId[0]?.name ?? ''} is updated\n`,
    );
  }
  const written = dir.display === '.' ? target.name : `${dir.display}/${target.name}`;
  // An ADR that already says exactly this is left alone: no new timestamp, nothing for git to see.
  if (await isAdrUnchanged(dir, target, text)) {
    context.stderr(`${written} is up to date: ${describeSummary(decision.summary)}\n`);
    return ExitCode.Ok;
  }
  await writeAdrFile(dir, target, text);
  context.stderr(`wrote ${written}: ${describeSummary(decision.summary)}\n`);
  return ExitCode.Ok;
}

/** "10 interactions (4 sync, 4 async, 2 hybrid), 3 findings (1 error, 2 warnings)" */
export function describeSummary(summary: DecisionSummary): string {
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
    `${countWord(total, 'finding', 'findings')}${findings > 0 ? ` (${severities.join(', ')})` : ''}`,
  ].join(', ');
}

function countWord(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** YYYY-MM-DD in UTC, so that the date does not depend on the machine's time zone. */
function formatUtcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** A path relative to the working directory with forward slashes, as messages and the ADR show it. */
export function toPosixRelative(path: string, cwd: string): string {
  return relative(cwd, path).split(sep).join('/');
}

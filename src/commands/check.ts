/**
 * `check <answers.yaml>`: the CI gate. Reads and decides the answers like decide, adds the
 * checklist and waiver findings, optionally compares the committed ADR with what decide would
 * write, and reports in the formats asked for. Writes nothing but the reports.
 * Exit 0: nothing reaches the fail severity; 1: something does; 2: input or usage problem.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { compareFindings } from '../engine/findings.js';
import { applyGate, GATE_RULES, summariseGate } from '../engine/gate.js';
import type { GateFinding, GateOptions } from '../engine/gate.js';
import { TRACE_RULES } from '../model/trace.js';
import { ensureDir, writeFileAtomic } from '../io/atomic-write.js';
import { detectProfile, findAdrById, findDuplicateNumbers, resolveAdrDir, scanAdrDir, toDisplayPath } from '../io/adr-dir.js';
import { fileHolds, readBytes, readTextChunks } from '../io/file-content.js';
import type { AdrDir, AdrProfile } from '../io/adr-dir.js';
import type { AnswersFile } from '../model/answers.js';
import type { Confidence, Decision } from '../model/decision.js';
import { ExitCode, OutputError } from '../model/errors.js';
import type { Pack, Severity } from '../model/pack.js';
import { formatCheckReport } from '../render/check-report.js';
import type { CheckFormat, CheckReport, Paint, RuleInfo } from '../render/check-report.js';
import { chooseAdrSettings } from './adr-settings.js';
import type { CommandContext } from './context.js';
import { formatUtcDate, planAdr, readDecision } from './decide.js';
import { describeDrift, outlineDrift } from './drift.js';
import { observeTraces, problemLines } from './import-traces.js';

export interface CheckOutput {
  format: CheckFormat;
  /** Written to this file (relative to the working directory); stdout when absent. */
  file?: string;
}

export interface CheckOptions {
  rules: string[];
  maxBytes: number;
  failSeverity: Severity;
  requireChecklist: boolean;
  /** --open-questions: how much unanswered questions that could change a recommendation count (default warning). */
  openQuestions?: Severity | 'off';
  /** --min-confidence: recommendations less certain than this fail. */
  minConfidence?: Confidence;
  outputs: CheckOutput[];
  /** --adr: the committed ADR, or the directory that holds it, to compare with the answers. */
  adr?: string;
  /** The profile the committed ADR is written in; read from the file when absent. */
  profile?: AdrProfile;
  /** The ADR directory to look for duplicate numbers in (default: the one decide would use). */
  dir?: string;
  /** --traces: trace exports to compare the decision with. */
  traces?: string[];
  /** --window: spans kept waiting for the rest of their trace. */
  windowSpans?: number;
  /** The version reported in SARIF. */
  version: string;
}

const TOOL_URI = 'https://www.npmjs.com/package/sync-or-async';

export async function runCheck(file: string, options: CheckOptions, context: CommandContext & { paint?: Paint }): Promise<number> {
  const { pack, source, answers, decision } = await readDecision(file, options, context);

  const gate: GateOptions = { today: formatUtcDate(context.now), requireChecklist: options.requireChecklist };
  if (options.openQuestions !== undefined) gate.openQuestions = options.openQuestions;
  if (options.minConfidence !== undefined) gate.minConfidence = options.minConfidence;
  if (options.traces !== undefined && options.traces.length > 0) {
    gate.observed = await observeTraces(options.traces, context, options.windowSpans);
    for (const line of problemLines(gate.observed.problems)) context.stderr(`warning: ${line}\n`);
  }
  const findings = applyGate(answers, decision, gate);
  // What the answers file remembers (adr.dir, adr.profile) stands in for --dir, --adr and --profile.
  const remembered = chooseAdrSettings(options, answers, context.cwd);
  const settled: CheckOptions = { ...options };
  if (remembered.dir !== undefined) settled.dir = remembered.dir;
  if (remembered.profile !== undefined) settled.profile = remembered.profile;
  if (settled.adr === undefined && answers.adr?.dir !== undefined && remembered.dir !== undefined) settled.adr = remembered.dir;
  const adrDir = await adrDirectoryToCheck(settled, context);
  if (adrDir !== undefined) findings.push(...(await checkDuplicateNumbers(adrDir)));
  if (settled.adr !== undefined) findings.push(...(await checkAdrDrift(settled.adr, { answers, decision, pack, source, profile: settled.profile, remembered: options.adr === undefined }, context)));
  findings.sort(compareFindings);

  const report: CheckReport = {
    source,
    findings,
    summary: summariseGate(decision, findings, options.failSeverity),
    rules: describeRules(pack),
    tool: { name: 'sync-or-async', version: options.version, informationUri: TOOL_URI },
  };
  // The diff of a drifted ADR is for people: when no stylish report shows it, stderr does.
  if (!options.outputs.some((output) => output.format === 'stylish' && output.file === undefined)) {
    for (const finding of findings) if (finding.diff !== undefined) context.stderr(finding.diff);
  }
  for (const output of options.outputs) {
    const rendered = formatCheckReport(output.format, report, output.file === undefined ? context.paint : undefined);
    if (output.file === undefined) {
      context.stdout(rendered);
      continue;
    }
    const target = resolve(context.cwd, output.file);
    try {
      await ensureDir(dirname(target));
      await writeFileAtomic(target, rendered);
    } catch (error) {
      throw new OutputError(`cannot write the ${output.format} report to ${output.file}: ${(error as Error).message}`, 'choose a path in a folder you can write to');
    }
  }
  return report.summary.failed ? ExitCode.Findings : ExitCode.Ok;
}

/** Every rule a finding can name: the packs' rules, the whole-system rules and check's own. */
function describeRules(pack: Pack): Map<string, RuleInfo> {
  const rules = new Map<string, RuleInfo>();
  for (const rule of pack.rules) {
    rules.set(rule.id, { id: rule.id, title: rule.title, help: rule.reason, severity: rule.finding?.severity ?? 'warning' });
  }
  for (const rule of pack.systemRules) rules.set(rule.id, { id: rule.id, title: rule.title, help: rule.advice, severity: rule.severity });
  for (const [id, rule] of Object.entries(GATE_RULES)) rules.set(id, { id, ...rule });
  for (const [id, rule] of Object.entries(TRACE_RULES)) rules.set(id, { id, ...rule });
  return rules;
}

/** --adr's directory (or the file's), else --dir, else the directory decide would use if it exists. */
async function adrDirectoryToCheck(options: CheckOptions, context: CommandContext): Promise<AdrDir | undefined> {
  if (options.adr !== undefined) {
    const path = resolve(context.cwd, options.adr);
    const info = await statOrUndefined(path);
    return resolveAdrDir(context.cwd, info?.isDirectory() === true ? options.adr : dirname(options.adr));
  }
  const dir = await resolveAdrDir(context.cwd, options.dir);
  return dir.exists ? dir : undefined;
}

async function checkDuplicateNumbers(dir: AdrDir): Promise<GateFinding[]> {
  if (!dir.exists) return [];
  const contents = await scanAdrDir(dir);
  return findDuplicateNumbers(contents).map(({ number, names }) => {
    const files = names.map((name) => joinDisplay(dir, name));
    return {
      rule: 'adr-duplicate-number',
      severity: GATE_RULES['adr-duplicate-number'].severity,
      message: `ADR number ${String(number).padStart(4, '0')} is used by ${files.join(' and ')}`,
      location: { file: files[files.length - 1]!, line: 1, column: 1 },
    };
  });
}

interface DriftInput {
  answers: AnswersFile;
  decision: Decision;
  pack: Pack;
  source: string;
  profile: AdrProfile | undefined;
  /** The ADR directory comes from the answers file's adr.dir, not from --adr. */
  remembered: boolean;
}

/**
 * Compares the committed ADR with the one decide would write now. --adr names the ADR file or
 * its directory; in a directory the ADR is the one carrying the decision id, as decide finds it.
 */
async function checkAdrDrift(adr: string, input: DriftInput, context: CommandContext): Promise<GateFinding[]> {
  const path = resolve(context.cwd, adr);
  const info = await statOrUndefined(path);
  if (info === undefined && input.remembered) {
    // The answers file says where its ADR is kept, and nothing is there yet: the ADR is missing.
    const rule = 'adr-missing';
    const message = `${adr}, the ADR directory that adr.dir in ${input.source} names, does not exist; run decide on ${input.source}`;
    return [{ rule, severity: GATE_RULES[rule].severity, message, location: input.answers.adr?.dirLocation ?? { file: input.source, line: 1, column: 1 } }];
  }
  if (info === undefined) {
    throw new OutputError(`cannot read the ADR ${adr}: it does not exist`, 'pass --adr the committed ADR file or the directory that holds it');
  }
  const dirArgument = info.isDirectory() ? adr : dirname(adr);
  const display = toDisplayPath(path, context.cwd);
  const missing = (message: string): GateFinding[] => [
    { rule: 'adr-missing', severity: GATE_RULES['adr-missing'].severity, message, location: { file: display, line: 1, column: 1 } },
  ];
  const dir = await resolveAdrDir(context.cwd, dirArgument);
  const existing = findAdrById(await scanAdrDir(dir), input.answers.id);
  if (existing === undefined) {
    return missing(`no ADR in ${dir.display} carries the decision id ${input.answers.id}; run decide on ${input.source}`);
  }
  const committedName = joinDisplay(dir, existing.name);
  if (!info.isDirectory() && basename(path) !== existing.name) {
    return missing(`${display} does not carry the decision id ${input.answers.id}; ${committedName} does`);
  }
  const committedPath = resolve(dir.path, existing.name);
  const unreadable = (error: unknown): OutputError =>
    new OutputError(`cannot read ${committedName}: ${(error as Error).message}`, 'check the permissions of the ADR directory');
  let start: string;
  try {
    start = await readFileStart(committedPath);
  } catch (error) {
    throw unreadable(error);
  }
  // The committed file tells which profile it was written in, unless --profile or the answers
  // file's adr.profile says; the expected ADR is then rendered in that profile, and compared
  // with the file as it is rendered.
  const plan = await planAdr({ ...input, dir: dirArgument, profile: input.profile ?? detectProfile(start) }, context);
  if (await fileHolds(committedPath, plan.render())) return [];
  const readCommitted = async function* (): AsyncGenerator<string> {
    try {
      yield* readTextChunks(committedPath);
    } catch (error) {
      throw unreadable(error);
    }
  };
  const outline = await outlineDrift(readCommitted(), plan.render());
  // Not the same bytes, but the same text: a file that is not UTF-8 throughout can be.
  if (outline.same) return [];
  const diff = await describeDrift(committedName, input.source, outline, async () => {
    try {
      return { committed: await readFile(committedPath, 'utf8'), expected: [...plan.render()].join('') };
    } catch (error) {
      throw unreadable(error);
    }
  });
  return [
    {
      rule: 'adr-drift',
      severity: GATE_RULES['adr-drift'].severity,
      message: `${committedName} is not what decide writes from ${input.source} now; run decide and commit the result`,
      location: { file: committedName, line: outline.firstDifferentLine, column: 1 },
      diff,
    },
  ];
}

/** Enough of the start of a file to tell its profile by (see detectProfile). */
async function readFileStart(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    return (await readBytes(handle, 0, 4096)).toString('utf8');
  } finally {
    await handle.close();
  }
}

function joinDisplay(dir: AdrDir, name: string): string {
  return dir.display === '.' ? name : `${dir.display}/${name}`;
}

async function statOrUndefined(path: string): Promise<{ isDirectory(): boolean } | undefined> {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/**
 * Running cases and keeping score: each case once in this process and held to the contract,
 * a slow case timed again before it counts as slow, every n-th case run twice to show that
 * the same input gives the same output, and now and then the same case through the built
 * binary. Shared by the test suite (a fixed budget) and scripts/fuzz.mjs (as long as asked).
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandKind, FuzzCase } from './cases.js';
import { checkOutcome, compareOutcomes, runBinary, runInProcess } from './contract.js';
import type { RunCli, Violation, Workspace } from './contract.js';

export interface CampaignOptions {
  /** A case that takes longer than this, twice in a row, breaks the contract. */
  slowMs: number;
  /** Every n-th case is run a second time and must give the same bytes (0: never). */
  determinismEvery: number;
  /** Every n-th case also runs through the built binary (0: never). */
  binaryEvery: number;
  /** The built binary, bin/sync-or-async.js. */
  bin?: string;
}

export interface CaseReport {
  seed: number;
  index: number;
  command: CommandKind;
  origin: string;
  mutations: string[];
  argv: string[];
  code: number;
  ms: number;
  binary: boolean;
  violations: Violation[];
  stdout: string;
  stderr: string;
}

export async function runFuzzCase(fuzzCase: FuzzCase, workspace: Workspace, runCli: RunCli, options: CampaignOptions): Promise<CaseReport> {
  const violations: Violation[] = [];
  const first = await runInProcess(fuzzCase, workspace, runCli);
  if (first.thrown !== undefined) violations.push({ kind: 'runCli threw', detail: describeThrown(first.thrown) });
  violations.push(...checkOutcome(fuzzCase, first.outcome, workspace.dir));
  let ms = first.outcome.ms;
  if (ms > options.slowMs) {
    // One slow run may be the machine (a collection, another process); two are the input.
    const again = await runInProcess(fuzzCase, workspace, runCli);
    ms = Math.min(ms, again.outcome.ms);
    if (ms > options.slowMs) violations.push({ kind: 'slow', detail: `${Math.round(first.outcome.ms)} ms, then ${Math.round(again.outcome.ms)} ms (limit ${options.slowMs} ms)` });
  }
  if (options.determinismEvery > 0 && fuzzCase.index % options.determinismEvery === 0) {
    const again = await runInProcess(fuzzCase, workspace, runCli);
    violations.push(...compareOutcomes(first.outcome, again.outcome, 'nondeterministic'));
  }
  const binary = options.binaryEvery > 0 && options.bin !== undefined && fuzzCase.index % options.binaryEvery === 0;
  if (binary) violations.push(...(await checkBinary(fuzzCase, workspace, runCli, options.bin!)));
  return reportCase(fuzzCase, {
    code: first.outcome.code,
    ms,
    binary,
    violations: dedupe(violations),
    stdout: first.outcome.stdout,
    stderr: first.outcome.stderr,
  });
}

/** A case's report: what identifies the case, then what running it gave. */
export function reportCase(fuzzCase: FuzzCase, result: Pick<CaseReport, 'code' | 'ms' | 'binary' | 'violations' | 'stdout' | 'stderr'>): CaseReport {
  const { seed, index, command, origin, mutations, argv } = fuzzCase;
  return { seed, index, command, origin, mutations, argv, ...result };
}

/**
 * The binary must end as the in-process run does, with the same output and files: what only a
 * process shows (an unhandled rejection, a hang, an exit code set too late) shows here. Both
 * read today's date, the one thing the binary cannot be given.
 */
export async function checkBinary(fuzzCase: FuzzCase, workspace: Workspace, runCli: RunCli, bin: string): Promise<Violation[]> {
  const violations: Violation[] = [];
  const today = new Date();
  const reference = await runInProcess(fuzzCase, workspace, runCli, today);
  const binary = await runBinary(fuzzCase, workspace, bin);
  if (binary.timedOut) return [{ kind: 'binary hangs', detail: `no exit within 30 s (${fuzzCase.argv.join(' ')})` }];
  if (binary.signal !== null) violations.push({ kind: 'binary killed', detail: `signal ${binary.signal}` });
  violations.push(...checkOutcome(fuzzCase, binary.outcome, workspace.dir).map((violation) => ({ kind: `binary: ${violation.kind}`, detail: violation.detail })));
  violations.push(...compareOutcomes(reference.outcome, binary.outcome, 'binary differs from in-process run'));
  return violations;
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function dedupe(violations: Violation[]): Violation[] {
  const seen = new Set<string>();
  return violations.filter((violation) => {
    const key = `${violation.kind}\u0000${violation.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Exit codes, slowest cases and failures over a run. */
export class Tally {
  cases = 0;
  binaryCases = 0;
  totalMs = 0;
  readonly codes = new Map<number, number>();
  readonly byCommand = new Map<CommandKind, Map<number, number>>();
  readonly slowest: CaseReport[] = [];
  readonly failures: CaseReport[] = [];
  private readonly keepSlowest: number;

  constructor(keepSlowest = 10) {
    this.keepSlowest = keepSlowest;
  }

  add(report: CaseReport): void {
    this.cases += 1;
    if (report.binary) this.binaryCases += 1;
    this.totalMs += report.ms;
    this.codes.set(report.code, (this.codes.get(report.code) ?? 0) + 1);
    const command = this.byCommand.get(report.command) ?? new Map<number, number>();
    command.set(report.code, (command.get(report.code) ?? 0) + 1);
    this.byCommand.set(report.command, command);
    if (report.violations.length > 0) this.failures.push(report);
    this.slowest.push(report);
    this.slowest.sort((a, b) => b.ms - a.ms);
    this.slowest.length = Math.min(this.slowest.length, this.keepSlowest);
  }

  /** A plain-text summary: distribution of exit codes (overall and per command), slowest cases, failures. */
  format(elapsedMs: number): string {
    const lines: string[] = [];
    const rate = this.cases / Math.max(elapsedMs / 1000, 0.001);
    lines.push(`${this.cases} cases in ${(elapsedMs / 1000).toFixed(1)} s (${rate.toFixed(1)} cases/s; ${this.binaryCases} also through the binary)`);
    lines.push(`exit codes: ${formatCodes(this.codes, this.cases)}`);
    for (const [command, codes] of [...this.byCommand].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const total = [...codes.values()].reduce((sum, count) => sum + count, 0);
      lines.push(`  ${command.padEnd(17)} ${formatCodes(codes, total)}`);
    }
    lines.push('slowest cases:');
    for (const report of this.slowest) {
      lines.push(`  #${report.index} ${Math.round(report.ms)} ms exit ${report.code} ${report.argv.join(' ')} <- ${report.origin} [${report.mutations.join(', ')}]`);
    }
    lines.push(this.failures.length === 0 ? 'no contract violations' : `${this.failures.length} cases broke the contract:`);
    for (const report of this.failures) lines.push(...describeFailure(report).map((line) => `  ${line}`));
    return lines.join('\n');
  }
}

function formatCodes(codes: Map<number, number>, total: number): string {
  return [...codes]
    .sort(([a], [b]) => a - b)
    .map(([code, count]) => `${code}: ${count} (${((100 * count) / Math.max(total, 1)).toFixed(1)}%)`)
    .join(', ');
}

export function describeFailure(report: CaseReport): string[] {
  return [
    `case ${report.index} (seed ${report.seed}): exit ${report.code}, ${report.argv.join(' ')}`,
    `  from ${report.origin}, mutated by ${report.mutations.join(', ')}`,
    ...report.violations.map((violation) => `  ${violation.kind}: ${violation.detail}`),
    `  reproduce: npm run fuzz -- --seed ${report.seed} --case ${report.index}`,
  ];
}

/**
 * Writes what it takes to look at a failing case without the fuzzer: its workspace as the
 * command found it, the command line, and what came out. Returns the folder.
 */
export async function writeReproduction(outDir: string, fuzzCase: FuzzCase, workspace: Workspace, report: CaseReport | undefined, bin: string): Promise<string> {
  const dir = join(outDir, `seed-${fuzzCase.seed}-case-${fuzzCase.index}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await workspace.prepare(fuzzCase);
  cpSync(workspace.dir, join(dir, 'workspace'), { recursive: true });
  const quoted = fuzzCase.argv.map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
  writeFileSync(join(dir, 'reproduce.sh'), `#!/bin/sh\n# Case ${fuzzCase.index} of seed ${fuzzCase.seed}: run the command on a copy of the workspace.\nset -e\nhere=$(cd "$(dirname "$0")" && pwd)\ncopy=$(mktemp -d)\ncp -R "$here/workspace/." "$copy"\ncd "$copy"\necho "in $copy"\nexec node '${bin}' ${quoted}\n`, { mode: 0o755 });
  const summary = [
    `seed ${fuzzCase.seed}, case ${fuzzCase.index}`,
    `command: sync-or-async ${fuzzCase.argv.join(' ')}`,
    `from: ${fuzzCase.origin}`,
    `mutated file: ${fuzzCase.mutated}`,
    `mutations: ${fuzzCase.mutations.join(', ')}`,
  ];
  if (report !== undefined) {
    summary.push(`exit code: ${report.code}`, `time: ${Math.round(report.ms)} ms`, 'violations:', ...report.violations.map((violation) => `  ${violation.kind}: ${violation.detail}`));
    writeFileSync(join(dir, 'stdout.txt'), report.stdout);
    writeFileSync(join(dir, 'stderr.txt'), report.stderr);
  }
  writeFileSync(join(dir, 'case.txt'), `${summary.join('\n')}\n`);
  return dir;
}


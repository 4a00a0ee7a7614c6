/**
 * Running one fuzz case and holding it to the CLI's contract:
 *
 * - the exit code is one the command documents (0, 1 or 2; decide, rules list and upgrade
 *   never end with 1);
 * - on exit 2, stdout is empty, nothing in the workspace changed (byte for byte, no temporary
 *   file left), and stderr holds located messages: every line is either
 *   `FILE:LINE:COL error[ PATH]: MESSAGE`, with FILE an input of the case and LINE:COL inside
 *   it, or `error: MESSAGE` naming an input file or its folder (for a file that cannot be read
 *   as text at all, or an ADR folder), or a `  hint: ...` line under one of those, or a
 *   `warning: ...` line;
 * - on exit 0 or 1, only the paths the command writes changed, and machine formats parse;
 * - never a stack trace, a JavaScript error name, "internal error" or a Node warning;
 * - the same case run again gives the same exit code, output and files.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { CliIo } from '../../src/cli/program.js';
import { ADR_DIR, ALLOWED_CODES, ANSWERS } from './cases.js';
import type { FuzzCase } from './cases.js';

export type RunCli = (argv: string[], io: CliIo) => Promise<number>;

export interface Violation {
  kind: string;
  detail: string;
}

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  /** Milliseconds spent in the CLI. */
  ms: number;
  /** Workspace paths that were added, removed or changed. */
  changed: string[];
  /** The workspace after the run. */
  after: Snapshot;
}

/** Path (relative, forward slashes) -> bytes, or null for a folder. */
export type Snapshot = Map<string, Buffer | null>;

/** The clock of every in-process run: the same input must give the same bytes. */
export const FUZZ_NOW = new Date('2026-11-22T10:00:00Z');

export const LOCATED_LINE = /^(?<file>\S(?:.*?\S)?):(?<line>\d+):(?<column>\d+) error(?: (?<path>\S.*?))?: (?<message>\S.*)$/;
export const UNLOCATED_LINE = /^error: (?<message>\S.*)$/;
export const HINT_LINE = /^ {2}hint: \S/;
export const WARNING_LINE = /^warning: \S/;
/** Longer lines quote far more of the file than anyone reads (lists of valid ids included). */
const MAX_MESSAGE_LENGTH = 3000;

/** What must never reach a user, whatever the input. */
const CRASH_PATTERNS: readonly [string, RegExp][] = [
  ['stack frame', /^\s+at\s+(?:async\s+)?\S.*(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m],
  ['JavaScript error', /\b(?:TypeError|RangeError|ReferenceError|EvalError|URIError|AggregateError|SyntaxError)\b/],
  ['stack overflow', /Maximum call stack/i],
  ['internal error', /internal error/i],
  ['object printed as text', /\[object (?:Object|Array|Map|Set)\]/],
  ['Node warning', /\(node:\d+\)|UnhandledPromiseRejection|ERR_UNHANDLED_REJECTION/],
];

export function takeSnapshot(root: string): Snapshot {
  const snapshot: Snapshot = new Map();
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const key = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        snapshot.set(key, null);
        walk(path);
      } else {
        snapshot.set(key, readFileSync(path));
      }
    }
  };
  walk(root);
  return snapshot;
}

export function diffSnapshots(before: Snapshot, after: Snapshot): string[] {
  const changed: string[] = [];
  for (const [path, bytes] of after) {
    const old = before.get(path);
    if (!before.has(path) || (bytes === null) !== (old === null) || (bytes !== null && old !== null && old !== undefined && !bytes.equals(old))) changed.push(path);
  }
  for (const path of before.keys()) if (!after.has(path)) changed.push(path);
  return changed.sort();
}

function toBuffer(content: string | Uint8Array): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
}

/**
 * One folder the cases run in, emptied and filled again for each case. The ADR committed for
 * an answers text is what decide writes for it, worked out once per text.
 */
export class Workspace {
  readonly dir: string;
  private readonly runCli: RunCli;
  private readonly committed = new Map<string, { name: string; text: Buffer } | undefined>();

  constructor(dir: string, runCli: RunCli) {
    this.dir = dir;
    this.runCli = runCli;
  }

  async prepare(fuzzCase: FuzzCase): Promise<Snapshot> {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    for (const file of fuzzCase.files) {
      const path = join(this.dir, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, toBuffer(file.content));
    }
    if (fuzzCase.committedAdrFrom !== undefined) {
      const adr = await this.committedAdr(fuzzCase.committedAdrFrom);
      mkdirSync(join(this.dir, ADR_DIR), { recursive: true });
      if (adr !== undefined) writeFileSync(join(this.dir, ADR_DIR, adr.name), adr.text);
    }
    return takeSnapshot(this.dir);
  }

  private async committedAdr(answers: string): Promise<{ name: string; text: Buffer } | undefined> {
    if (this.committed.has(answers)) return this.committed.get(answers);
    const scratch = `${this.dir}-adr`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    writeFileSync(join(scratch, ANSWERS), answers);
    const code = await this.runCli(['decide', ANSWERS, '--dir', ADR_DIR], quietIo(scratch, FUZZ_NOW, () => undefined, () => undefined));
    let adr: { name: string; text: Buffer } | undefined;
    if (code === 0) {
      const name = readdirSync(join(scratch, ADR_DIR)).find((file) => file.endsWith('.md'));
      if (name !== undefined) adr = { name, text: readFileSync(join(scratch, ADR_DIR, name)) };
    }
    rmSync(scratch, { recursive: true, force: true });
    this.committed.set(answers, adr);
    return adr;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
    rmSync(`${this.dir}-adr`, { recursive: true, force: true });
  }
}

function quietIo(cwd: string, now: Date, stdout: (text: string) => void, stderr: (text: string) => void): CliIo {
  return { cwd, env: {}, now: () => now, stdout, stderr, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false };
}

/** Runs the case in this process. `runCli` never throws by contract; if it does, that is reported. */
export async function runInProcess(fuzzCase: FuzzCase, workspace: Workspace, runCli: RunCli, now: Date = FUZZ_NOW): Promise<{ outcome: Outcome; before: Snapshot; thrown?: unknown }> {
  const before = await workspace.prepare(fuzzCase);
  let stdout = '';
  let stderr = '';
  let code = -1;
  let thrown: unknown;
  const started = performance.now();
  try {
    code = await runCli(
      fuzzCase.argv,
      quietIo(
        workspace.dir,
        now,
        (text) => {
          stdout += text;
        },
        (text) => {
          stderr += text;
        },
      ),
    );
  } catch (error) {
    thrown = error;
  }
  const ms = performance.now() - started;
  const after = takeSnapshot(workspace.dir);
  const outcome: Outcome = { code, stdout, stderr, ms, changed: diffSnapshots(before, after), after };
  return thrown === undefined ? { outcome, before } : { outcome, before, thrown };
}

/** Runs the case through the built binary in a child process. */
export async function runBinary(fuzzCase: FuzzCase, workspace: Workspace, bin: string, timeoutMs = 30_000): Promise<{ outcome: Outcome; before: Snapshot; timedOut: boolean; signal: string | null }> {
  const before = await workspace.prepare(fuzzCase);
  const { FORCE_COLOR: _force, NO_COLOR: _noColor, ...env } = process.env;
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...fuzzCase.argv], { cwd: workspace.dir, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  const after = takeSnapshot(workspace.dir);
  const timedOut = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return {
    outcome: { code: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '', ms, changed: diffSnapshots(before, after), after },
    before,
    timedOut,
    signal: result.signal,
  };
}

/** The text of an input file as the CLI reads it (a leading byte-order mark dropped). */
function inputText(fuzzCase: FuzzCase, path: string): string | undefined {
  const file = fuzzCase.files.find((candidate) => candidate.path === path);
  if (file === undefined) return undefined;
  const text = typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The workspace path a message's file names, or undefined when it names no input of the case. */
function inputPath(fuzzCase: FuzzCase, workspaceDir: string, file: string): string | undefined {
  const path = (isAbsolute(file) ? relative(workspaceDir, file) : file).split(sep).join('/');
  return fuzzCase.files.some((candidate) => candidate.path === path) ? path : undefined;
}

/** Checks one stderr of an exit 2: every line located (or a hint), pointing inside an input. */
export function checkErrorMessages(fuzzCase: FuzzCase, workspaceDir: string, stderr: string): Violation[] {
  const violations: Violation[] = [];
  const lines = stderr.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return [{ kind: 'silent refusal', detail: 'exit 2 with nothing on stderr' }];
  let sawError = false;
  for (const [index, line] of lines.entries()) {
    if (line.length > MAX_MESSAGE_LENGTH) violations.push({ kind: 'runaway message', detail: `a line of ${line.length} characters: ${JSON.stringify(line.slice(0, 200))}...` });
    const located = LOCATED_LINE.exec(line);
    if (located?.groups) {
      sawError = true;
      const { file = '', line: lineText = '0', column: columnText = '0' } = located.groups;
      const path = inputPath(fuzzCase, workspaceDir, file);
      if (path === undefined) {
        violations.push({ kind: 'message names no input file', detail: line });
        continue;
      }
      const text = inputText(fuzzCase, path) ?? '';
      // Lines as YAML counts them: a lone carriage return ends one too.
      const fileLines = text.split(/\r\n?|\n/);
      const lineNumber = Number(lineText);
      const column = Number(columnText);
      const target = fileLines[lineNumber - 1];
      if (lineNumber < 1 || target === undefined) violations.push({ kind: 'location outside the file', detail: `${line} (the file has ${fileLines.length} lines)` });
      else if (column < 1 || column > target.length + 1) violations.push({ kind: 'location outside the line', detail: `${line} (line ${lineNumber} has ${target.length} characters)` });
      continue;
    }
    const unlocated = UNLOCATED_LINE.exec(line);
    if (unlocated?.groups) {
      sawError = true;
      // Unlocated is for what concerns a whole file or folder: it must name it.
      const names = fuzzCase.files.flatMap((file) => [file.path, ...(file.path.includes('/') ? [file.path.slice(0, file.path.lastIndexOf('/'))] : [])]);
      const message = unlocated.groups['message'] ?? '';
      if (!names.some((name) => message.includes(name))) violations.push({ kind: 'unlocated message', detail: line });
      continue;
    }
    if (HINT_LINE.test(line) && sawError) continue;
    // A warning may come before the error that ends the run (two ADRs sharing a number).
    if (WARNING_LINE.test(line)) continue;
    violations.push({ kind: index === 0 ? 'unlocated message' : 'stray line in an error report', detail: JSON.stringify(line) });
  }
  return violations;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function hasTemporaryFile(snapshot: Snapshot): string | undefined {
  return [...snapshot.keys()].find((path) => /(^|\/)\.[^/]*\.tmp$|\.tmp$/.test(path));
}

/** Everything the contract says about one outcome of one case. */
export function checkOutcome(fuzzCase: FuzzCase, outcome: Outcome, workspaceDir: string): Violation[] {
  const violations: Violation[] = [];
  const { code, stdout, stderr, changed, after } = outcome;
  if (!ALLOWED_CODES[fuzzCase.command].includes(code)) violations.push({ kind: 'unexpected exit code', detail: `${fuzzCase.command} ended with ${code}` });
  for (const [kind, pattern] of CRASH_PATTERNS) {
    const match = pattern.exec(stderr) ?? pattern.exec(stdout);
    if (match) violations.push({ kind, detail: excerpt(stderr.includes(match[0]) ? stderr : stdout, match.index) });
  }
  const temporary = hasTemporaryFile(after);
  if (temporary !== undefined) violations.push({ kind: 'temporary file left', detail: temporary });
  if (code === 2) {
    if (stdout !== '') violations.push({ kind: 'output on refusal', detail: `stdout holds ${stdout.length} characters: ${excerpt(stdout, 0)}` });
    if (changed.length > 0) violations.push({ kind: 'written on refusal', detail: changed.join(', ') });
    violations.push(...checkErrorMessages(fuzzCase, workspaceDir, stderr));
    return violations;
  }
  const stray = changed.filter((path) => !fuzzCase.writes.some((allowed) => path === allowed || path.startsWith(`${allowed}/`)));
  if (stray.length > 0) violations.push({ kind: 'unexpected write', detail: stray.join(', ') });
  const format = fuzzCase.argv[fuzzCase.argv.indexOf('--format') + 1];
  const jsonOnStdout = fuzzCase.argv.includes('--format') && (format === 'json' || format === 'sarif');
  if (jsonOnStdout && !parsesAsJson(stdout)) violations.push({ kind: 'malformed JSON', detail: excerpt(stdout, 0) });
  if (fuzzCase.command === 'check-reports') {
    const sarif = after.get('reports/check.sarif');
    if (!sarif || !parsesAsJson(sarif.toString('utf8'))) violations.push({ kind: 'malformed SARIF report', detail: sarif ? excerpt(sarif.toString('utf8'), 0) : 'missing' });
    const junit = after.get('reports/junit.xml');
    if (!junit || !junit.toString('utf8').startsWith('<?xml')) violations.push({ kind: 'malformed JUnit report', detail: junit ? excerpt(junit.toString('utf8'), 0) : 'missing' });
  }
  if (fuzzCase.command === 'decide-dir' && code === 0 && ![...after.keys()].some((path) => path.startsWith(`${ADR_DIR}/`) && path.toLowerCase().endsWith('.md'))) {
    violations.push({ kind: 'no ADR written', detail: stderr.slice(0, 300) });
  }
  return violations;
}

/** Differences between two runs of the same case. */
export function compareOutcomes(first: Outcome, second: Outcome, what: string): Violation[] {
  const differences: string[] = [];
  if (first.code !== second.code) differences.push(`exit ${first.code} then ${second.code}`);
  if (first.stdout !== second.stdout) differences.push(`stdout differs at ${firstDifference(first.stdout, second.stdout)}`);
  if (first.stderr !== second.stderr) differences.push(`stderr differs at ${firstDifference(first.stderr, second.stderr)}`);
  const files = diffSnapshots(first.after, second.after);
  if (files.length > 0) differences.push(`files differ: ${files.join(', ')}`);
  return differences.length === 0 ? [] : [{ kind: what, detail: differences.join('; ') }];
}

function firstDifference(a: string, b: string): string {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index += 1;
  return `character ${index}: ${JSON.stringify(a.slice(index, index + 60))} vs ${JSON.stringify(b.slice(index, index + 60))}`;
}

function excerpt(text: string, index: number): string {
  const start = Math.max(0, text.lastIndexOf('\n', index) + 1);
  return JSON.stringify(text.slice(start, start + 300));
}

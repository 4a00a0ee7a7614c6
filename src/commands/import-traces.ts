/**
 * `import traces FILE...`: starts or refreshes an answers file from what the running system's
 * traces show. New interactions get the observed style as `declared`, the observed numbers and
 * `observed`; the questions are left for the interview, except those the traces settle. An
 * interaction the file already has keeps its answers, declared style and comments: only its
 * measured numbers and `observed` are refreshed. Flows are added for entry operations that have
 * none yet.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TraceObserver } from '../engine/observe.js';
import { matchCalls } from '../engine/trace-drift.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { answersSchemaReference, toPosixRelative } from '../io/paths.js';
import { AnswersDocument } from '../interview/answers-document.js';
import { firstFreeId, parseAnswers, slugify } from '../load/answers.js';
import { loadPacks } from '../load/pack.js';
import { formatSize, readTextFile } from '../load/read-text.js';
import { readTraceFile } from '../load/traces.js';
import type { ObservedInteraction, ObservedFlow as ObservedFlowEntry } from '../model/answers.js';
import { STARTER_CONTEXT } from '../model/answers.js';
import { InputError, OutputError } from '../model/errors.js';
import type { ObservedCall, ObservedFlow, ObservedSystem, TraceProblems } from '../model/trace.js';
import { emptyProblems } from '../model/trace.js';
import type { CommandContext } from './context.js';

export interface ImportTracesOptions {
  /** The answers file to write or merge into. */
  answers: string;
  /** Print the answers file instead of writing it. */
  stdout: boolean;
  rules: string[];
  maxBytes: number;
  /** How many spans may wait for the rest of their trace (OTLP exports). */
  windowSpans?: number;
}

/**
 * Reads the exports into what they show. Problems are counted, never thrown, once a file is
 * open; exports that hold no span at all are an input error, listing what was found instead.
 */
export async function observeTraces(files: readonly string[], context: CommandContext, windowSpans?: number): Promise<ObservedSystem> {
  const problems = emptyProblems();
  const observer = new TraceObserver(problems, windowSpans === undefined ? {} : { windowSpans });
  for (const file of files) {
    const path = resolve(context.cwd, file);
    const shown = toPosixRelative(path, context.cwd);
    const before = problems.files.length;
    await readTraceFile(path, {
      problems,
      onBatch: (batch) => observer.add(batch.spans, batch.format, batch.wholeTrace),
      onProgress: (read, total) => context.progress?.(`reading ${shown}: ${Math.round((100 * read) / Math.max(total, 1))}% of ${formatSize(total)}`),
    });
    for (const problem of problems.files.slice(before)) problem.file = shown;
  }
  context.progress?.(undefined);
  const observed = observer.finish();
  if (observed.spans === 0) {
    const message = `no spans could be read from ${files.length === 1 ? files[0] : `${files.length} files`}`;
    const found = problemLines(observed.problems).map((line) => ({ message: line }));
    throw new InputError(message, [...found, { message, hint: 'export OTLP JSON (the collector file exporter), Jaeger JSON or Zipkin v2 JSON' }]);
  }
  return observed;
}

export async function runImportTraces(files: readonly string[], options: ImportTracesOptions, context: CommandContext): Promise<number> {
  const pack = await loadPacks(options.rules.map((dir) => resolve(context.cwd, dir)));
  const path = resolve(context.cwd, options.answers);
  const source = toPosixRelative(path, context.cwd);
  const order = pack.questions.map((question) => question.id);
  let document: AnswersDocument;
  if (existsSync(path)) {
    const text = await readTextFile(path, { maxBytes: options.maxBytes, what: 'answers file' });
    // Validated as decide would, so that a broken file is refused, not merged into.
    parseAnswers(text, source, pack);
    document = AnswersDocument.parse(text, order);
  } else {
    document = AnswersDocument.create(answersSchemaReference(path, context.cwd), order);
    document.title = 'Communication observed in traces';
    document.context = STARTER_CONTEXT;
  }
  const observed = await observeTraces(files, context, options.windowSpans);
  const summary = mergeObserved(document, observed);
  const text = document.toString();
  if (options.stdout) {
    await context.stdout(text);
  } else {
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      throw new OutputError(`cannot write ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'check that the folder exists and is writable');
    }
  }
  const formats = Object.entries(observed.formats)
    .map(([format, count]) => `${count} ${format}`)
    .join(', ');
  context.stderr(
    `${options.stdout ? 'read' : `wrote ${source} from`} ${observed.spans} spans (${formats}): ${observed.services.length} services, ` +
      `${summary.added} interactions added, ${summary.refreshed} refreshed, ${summary.flowsAdded} flows added\n`,
  );
  for (const line of summary.notes) context.stderr(`note: ${line}\n`);
  for (const line of problemLines(observed.problems)) context.stderr(`warning: ${line}\n`);
  return 0;
}

/** What could not be used, one line each, with counts. */
export function problemLines(problems: TraceProblems): string[] {
  const lines: string[] = [];
  for (const file of problems.files) lines.push(`${file.file}${file.line === undefined ? '' : `:${file.line}`}: ${file.message}`);
  const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
  if (problems.orphanSpans > 0) {
    lines.push(
      `${count(problems.orphanSpans, 'span whose parent is', 'spans whose parents are')} not in the export (left out of the flows): export whole traces, or raise --window if the parents come much earlier in the file`,
    );
  }
  if (problems.clockSkew > 0) {
    lines.push(`${count(problems.clockSkew, "span lies outside its parent's", "spans lie outside their parents'")} time: the hosts' clocks disagree, so durations across hosts are approximate`);
  }
  if (problems.unreadableRecords > 0) lines.push(`${count(problems.unreadableRecords, 'record of no known span format was', 'records of no known span format were')} skipped`);
  if (problems.spansWithoutService > 0) lines.push(`${count(problems.spansWithoutService, 'span without a service name was', 'spans without a service name were')} skipped (set service.name on every service)`);
  if (problems.unconsumedMessages > 0) lines.push(`${count(problems.unconsumedMessages, 'message was', 'messages were')} published where no consumer in the export processed ${problems.unconsumedMessages === 1 ? 'it' : 'them'}`);
  return lines;
}

interface MergeSummary {
  added: number;
  refreshed: number;
  flowsAdded: number;
  notes: string[];
}

/** Writes what the traces show into the document; see the file comment for what is kept. */
export function mergeObserved(document: AnswersDocument, observed: ObservedSystem): MergeSummary {
  const summary: MergeSummary = { added: 0, refreshed: 0, flowsAdded: 0, notes: [] };
  const drafts = document.interactions();
  const taken = new Set(drafts.map((draft) => draft.id).filter((id): id is string => id !== undefined));
  /** Interaction id of each observed call, for the flows. */
  const idOf = new Map<string, string>();
  const matched = matchCalls(drafts, observed.calls);
  // New interactions are added in the order of the calls: by caller, then callee.
  for (const call of observed.calls) {
    const matches = matched.get(call)!;
    if (matches.length > 1) {
      summary.notes.push(`${call.from} -> ${call.to} matches ${matches.length} interactions (${matches.map((index) => drafts[index]!.id).join(', ')}); their numbers are left as they are`);
      if (call.style === 'sync') idOf.set(callKey(call.from, call.to), drafts[matches[0]!]!.id ?? '');
      continue;
    }
    let index = matches[0];
    if (index === undefined) {
      index = document.addInteraction();
      const id = firstFreeId(makeId(call.style === 'async' && call.destination !== undefined ? `${call.destination}-${call.to}` : `${call.from}-${call.to}`), taken);
      taken.add(id);
      document.setInteractionField(index, 'id', id);
      document.setInteractionField(index, 'from', call.from);
      document.setInteractionField(index, 'to', call.to);
      document.setInteractionField(index, 'summary', describeCall(call));
      for (const [question, answer] of settledAnswers(call)) document.setAnswer(index, question, answer);
      document.setDeclared(index, call.style);
      summary.added += 1;
    } else {
      summary.refreshed += 1;
    }
    // Flows are made of synchronous calls only.
    if (call.style === 'sync') idOf.set(callKey(call.from, call.to), document.interaction(index).id ?? '');
    const draft = document.interaction(index);
    // The numbers of a call; a hand-over's delay and failures are the consumer's, kept in observed only.
    if (call.style === 'sync') {
      if (call.p99Ms > 0) document.setNumber(index, 'latency_p99_ms', roundMs(call.p99Ms));
      if (call.calls > 0 && call.errorRate < 1) document.setNumber(index, 'availability', roundFraction(1 - call.errorRate));
      if (draft.numbers.retries === undefined) document.setNumber(index, 'retries', call.retries);
    }
    document.setObserved(index, toObservedEntry(call));
  }
  const flowIds = new Set(document.flows().map((flow) => flow.id));
  const flowEntries = new Set(document.flows().map((flow) => flow.observed?.entry).filter((entry) => entry !== undefined));
  for (const flow of observed.flows) {
    const entry = `${flow.service}: ${flow.operation}`;
    const steps = flow.steps.map((step) => idOf.get(callKey(step.from, step.to))).filter((id): id is string => id !== undefined && id !== '');
    if (steps.length === 0) continue;
    const observedEntry = toObservedFlow(flow, entry);
    const existing = document.flows().findIndex((known) => known.observed?.entry === entry);
    if (existing >= 0) {
      document.setFlowObserved(existing, observedEntry);
      continue;
    }
    if (flowEntries.has(entry)) continue;
    const id = firstFreeId(makeId(`${flow.service}-${flow.operation}`), flowIds);
    flowIds.add(id);
    document.addFlow({ id, summary: oneLine(`${flow.operation} in ${flow.service}, as traces show it`), steps, observed: observedEntry });
    summary.flowsAdded += 1;
  }
  return summary;
}

function callKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** Answers the traces settle: how long a synchronous call takes, and whether several services consume a message. */
function settledAnswers(call: ObservedCall): [string, string][] {
  const answers: [string, string][] = [];
  if (call.style === 'sync' && call.calls > 0) answers.push(['duration', call.p99Ms < 1000 ? 'instant' : call.p99Ms <= 60_000 ? 'seconds' : 'long']);
  if (call.style === 'async' && (call.consumers ?? 0) > 1) answers.push(['multiple_consumers', 'yes']);
  return answers;
}

function describeCall(call: ObservedCall): string {
  if (call.style === 'async') return oneLine(`${call.to} processes ${call.destination ?? 'messages'} published by ${call.from} (observed in traces)`);
  const operations = call.operations.slice(0, 3).join(', ');
  return oneLine(`${call.from} calls ${call.to}${operations === '' ? '' : `: ${operations}${call.operations.length > 3 ? ', ...' : ''}`} (observed in traces)`);
}

/** A summary is one line of plain text, whatever the names in it hold. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toObservedEntry(call: ObservedCall): ObservedInteraction {
  const entry: ObservedInteraction = { style: call.style, mechanism: call.mechanism };
  if (call.destination !== undefined) entry.destination = call.destination;
  if (call.consumers !== undefined) entry.consumers = call.consumers;
  entry.calls = call.calls;
  entry.p50_ms = roundMs(call.p50Ms);
  entry.p99_ms = roundMs(call.p99Ms);
  entry.error_rate = roundFraction(call.errorRate);
  entry.retries = call.retries;
  if (call.operations.length > 0) entry.operations = call.operations.slice(0, 10);
  return entry;
}

function toObservedFlow(flow: ObservedFlow, entry: string): ObservedFlowEntry {
  return { entry, calls: flow.calls, p50_ms: roundMs(flow.p50Ms), p99_ms: roundMs(flow.p99Ms), error_rate: roundFraction(flow.errorRate) };
}

/** Milliseconds to a tenth, never 0 for a call that took time. */
function roundMs(value: number): number {
  if (!(value > 0)) return 0;
  return Math.max(0.1, Math.round(value * 10) / 10);
}

function roundFraction(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** A kebab-case id from any name (a service, a destination, an operation). */
export function makeId(name: string): string {
  const id = slugify(name);
  return id === '' ? 'interaction' : id;
}

/**
 * Spans as the trace importer reads them, whatever export they came from (OTLP JSON, Jaeger
 * JSON, Zipkin v2 JSON), and what it makes of them: the services, the interactions between
 * them and the flows that start at an entry operation.
 */
import type { Severity } from './pack.js';

/** The role a span plays, as OpenTelemetry names span kinds. */
export type SpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** A reference to another span, in this trace or another. */
export interface SpanReference {
  traceId: string;
  spanId: string;
}

/** One span, reduced to what the importer reads. Times are in milliseconds since the epoch. */
export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  kind: SpanKind;
  startMs: number;
  endMs: number;
  error: boolean;
  /** The queue or topic of a messaging span (`messaging.destination.name` and its older names). */
  destination?: string;
  /** The named peer of a client span whose callee may not be traced (`peer.service`, `server.address`...). */
  peer?: string;
  /** A span of a database client: a store, not a part of the system to decide about. */
  database?: boolean;
  links: SpanReference[];
}

/** The export formats the importer reads. */
export type TraceFormat = 'otlp' | 'jaeger' | 'zipkin';

/** What could not be used, by reason, with counts: reported, never fatal. */
export interface TraceProblems {
  /** Spans whose parent span is not in the export. */
  orphanSpans: number;
  /** Child spans that start before their parent or end well after it: the two hosts' clocks disagree. */
  clockSkew: number;
  /** Records that are not spans of a known format (a value of the wrong shape). */
  unreadableRecords: number;
  /** Spans without a service name. */
  spansWithoutService: number;
  /** Messages published that no consumer in the export processed. */
  unconsumedMessages: number;
  /** Files, or the rest of a file, that could not be read: each with the reason. */
  files: { file: string; line?: number; message: string }[];
}

export function emptyProblems(): TraceProblems {
  return { orphanSpans: 0, clockSkew: 0, unreadableRecords: 0, spansWithoutService: 0, unconsumedMessages: 0, files: [] };
}

/** Latency and failures of many calls. */
export interface CallStatistics {
  calls: number;
  p50Ms: number;
  p99Ms: number;
  errorRate: number;
}

/** An interaction as traces show it. */
export interface ObservedCall extends CallStatistics {
  from: string;
  to: string;
  style: 'sync' | 'async';
  mechanism: 'call' | 'queue' | 'event';
  destination?: string;
  /** For a hand-over: how many services consumed the destination. */
  consumers?: number;
  /** Most extra attempts seen for one call from one parent span. */
  retries: number;
  /** Span names seen for the call, sorted. */
  operations: string[];
}

/** An entry operation (a span that starts a trace in a service) and the synchronous calls beneath it. */
export interface ObservedFlow extends CallStatistics {
  service: string;
  operation: string;
  /** The calls beneath it, as `from -> to`, in the order they usually happen. */
  steps: { from: string; to: string }[];
}

/** What a set of exports shows. */
export interface ObservedSystem {
  services: string[];
  calls: ObservedCall[];
  flows: ObservedFlow[];
  spans: number;
  formats: Partial<Record<TraceFormat, number>>;
  problems: TraceProblems;
}

/** The rules of check --traces, with what each means and what to do; a waiver may name them. */
export const TRACE_RULES = {
  'trace-style-drift': {
    title: 'Running system uses another style than the decision',
    severity: 'error',
    help: 'Traces show the interaction carried out in the other style: change the code to follow the decision, or correct the answers that led to it.',
  },
  'trace-unknown-call': {
    title: 'Synchronous dependency missing from the answers file',
    severity: 'warning',
    help: 'Traces show a synchronous call between two services that no interaction describes: add it (sync-or-async import traces adds it for you) and answer its questions.',
  },
  'trace-p99-over-budget': {
    title: 'Observed p99 over the latency budget',
    severity: 'warning',
    help: 'The callee is slower than the budget the caller has for it: speed it up, raise the budget, or take the call off the waiting path.',
  },
  'trace-retries-over-policy': {
    title: 'More retries observed than the answered policy',
    severity: 'warning',
    help: 'Callers retry more often than the answers file says: bound the retries in the client, or correct retries in the answers file.',
  },
  'trace-availability-below-target': {
    title: 'Flow less available than its target',
    severity: 'warning',
    help: 'The flow failed more often than its availability target allows: make the failing calls asynchronous, add fallbacks, or revise the target.',
  },
} as const satisfies Record<string, { title: string; severity: Severity; help: string }>;

export type TraceRuleId = keyof typeof TRACE_RULES;

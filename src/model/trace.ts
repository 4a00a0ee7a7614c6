/**
 * Spans as the trace importer reads them, whatever export they came from (OTLP JSON, Jaeger
 * JSON, Zipkin v2 JSON), and what it makes of them: the services, the interactions between
 * them and the flows that start at an entry operation.
 */

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

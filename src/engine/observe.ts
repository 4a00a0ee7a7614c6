/**
 * Works out, from spans, which service calls which and how: a client span answered by a server
 * span in another service is a synchronous call; a message a producer publishes to a destination
 * and consumers take up is an asynchronous hand-over (a queue with one consuming service, an
 * event with several). Each interaction gets its numbers (calls, p50/p99, error rate, retries),
 * and each entry operation the synchronous calls beneath it, in order: a flow.
 *
 * Spans arrive in batches in any order; a trace is worked out once it is whole (a Jaeger or
 * Zipkin trace) or once newer traces have pushed it out of a window of pending spans (an OTLP
 * export, where a trace's spans come in several batches, usually close together). Memory is so
 * bounded by the window plus one number per call, whatever the size of the export.
 */
import type { CallStatistics, ObservedCall, ObservedFlow, ObservedSystem, TraceFormat, TraceProblems, TraceSpan } from '../model/trace.js';

export interface ObserveOptions {
  /** How many spans may wait for the rest of their trace. */
  windowSpans?: number;
}

/**
 * A child may start this much before its parent before the two hosts' clocks are taken to
 * disagree (SDKs derive span times from an origin of their own, a few milliseconds apart even on
 * one host). A server span that ends after its client's is no sign: the server finishes
 * sending after the client has read the answer.
 */
const SKEW_TOLERANCE_MS = 5;
export const DEFAULT_WINDOW_SPANS = 200_000;
/** How many published messages are remembered for consumers that link to them from another trace. */
const PUBLISHED_MEMORY = 200_000;

interface CallTally {
  from: string;
  to: string;
  durations: number[];
  errors: number;
  retries: number;
  operations: Set<string>;
}

interface Publication {
  service: string;
  destination: string;
  startMs: number;
  deliveries: Map<string, number>;
}

interface HandOverTally {
  producer: string;
  consumer: string;
  destination: string;
  delays: number[];
  messages: number;
  errors: number;
  redeliveries: number;
}

interface FlowTally {
  service: string;
  operation: string;
  durations: number[];
  errors: number;
  /** Step sequences (as text) and how often each was seen. */
  sequences: Map<string, { steps: { from: string; to: string }[]; count: number; first: number }>;
}

export class TraceObserver {
  private readonly windowSpans: number;
  private readonly pending = new Map<string, TraceSpan[]>();
  private pendingSpans = 0;
  private readonly services = new Set<string>();
  private readonly calls = new Map<string, CallTally>();
  private readonly handOvers = new Map<string, HandOverTally>();
  /** Consumer services by destination. */
  private readonly consumersOf = new Map<string, Set<string>>();
  /** Messages published to each destination, to tell those nobody consumed. */
  private readonly publishedTo = new Map<string, number>();
  private readonly published = new Map<string, Publication>();
  private readonly awaitingPublication = new Map<string, TraceSpan[]>();
  private readonly flows = new Map<string, FlowTally>();
  private spanCount = 0;
  private sequenceCount = 0;
  readonly formats: Partial<Record<TraceFormat, number>> = {};

  constructor(
    readonly problems: TraceProblems,
    options: ObserveOptions = {},
  ) {
    this.windowSpans = options.windowSpans ?? DEFAULT_WINDOW_SPANS;
  }

  /** Adds spans; a whole trace is worked out at once, others wait in the window for the rest of theirs. */
  add(spans: readonly TraceSpan[], format: TraceFormat, wholeTrace: boolean): void {
    this.formats[format] = (this.formats[format] ?? 0) + spans.length;
    this.spanCount += spans.length;
    if (wholeTrace) {
      for (const trace of groupByTrace(spans).values()) this.observeTrace(trace);
      return;
    }
    for (const span of spans) {
      const trace = this.pending.get(span.traceId);
      if (trace === undefined) this.pending.set(span.traceId, [span]);
      else trace.push(span);
    }
    this.pendingSpans += spans.length;
    while (this.pendingSpans > this.windowSpans) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.finishTrace(oldest);
    }
  }

  /** Works out the traces still waiting and returns what the spans show, sorted. */
  finish(): ObservedSystem {
    for (const traceId of [...this.pending.keys()]) this.finishTrace(traceId);
    for (const [key, consumers] of [...this.awaitingPublication]) this.giveUp(consumers, key);
    for (const [destination, count] of this.publishedTo) {
      if (!this.consumersOf.has(destination)) this.problems.unconsumedMessages += count;
    }
    const calls: ObservedCall[] = [];
    for (const tally of this.calls.values()) {
      calls.push({
        from: tally.from,
        to: tally.to,
        style: 'sync',
        mechanism: 'call',
        ...statistics(tally.durations, tally.errors),
        retries: tally.retries,
        operations: [...tally.operations].sort(),
      });
    }
    for (const tally of this.handOvers.values()) {
      const consumers = this.consumersOf.get(tally.destination)?.size ?? 1;
      calls.push({
        from: tally.producer,
        to: tally.consumer,
        style: 'async',
        mechanism: consumers > 1 ? 'event' : 'queue',
        destination: tally.destination,
        consumers,
        ...statistics(tally.delays, tally.errors, tally.messages),
        retries: tally.redeliveries,
        operations: [tally.destination],
      });
    }
    calls.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.destination ?? '', b.destination ?? ''));
    const flows: ObservedFlow[] = [];
    for (const tally of this.flows.values()) {
      let usual: { steps: { from: string; to: string }[]; count: number; first: number } | undefined;
      for (const sequence of tally.sequences.values()) {
        if (usual === undefined || sequence.count > usual.count || (sequence.count === usual.count && sequence.first < usual.first)) usual = sequence;
      }
      if (usual === undefined || usual.steps.length === 0) continue;
      flows.push({ service: tally.service, operation: tally.operation, ...statistics(tally.durations, tally.errors), steps: usual.steps });
    }
    flows.sort((a, b) => compare(a.service, b.service) || compare(a.operation, b.operation));
    return {
      services: [...this.services].sort(),
      calls,
      flows,
      spans: this.spanCount,
      formats: { ...this.formats },
      problems: this.problems,
    };
  }

  private finishTrace(traceId: string): void {
    const trace = this.pending.get(traceId);
    if (trace === undefined) return;
    this.pending.delete(traceId);
    this.pendingSpans -= trace.length;
    this.observeTrace(trace);
  }

  /** Works out the calls, hand-overs and flows of one trace's spans. */
  private observeTrace(spans: readonly TraceSpan[]): void {
    const byId = new Map<string, TraceSpan>();
    const children = new Map<string, TraceSpan[]>();
    for (const span of spans) {
      byId.set(span.spanId, span);
      this.services.add(span.service);
      if (span.parentSpanId !== undefined) {
        const list = children.get(span.parentSpanId);
        if (list === undefined) children.set(span.parentSpanId, [span]);
        else list.push(span);
      }
    }
    // Producers first, so that a consumer in the same trace finds its message.
    for (const span of spans) if (span.kind === 'producer') this.observePublication(span);
    /** Calls from one parent span to one callee, to count retries. */
    const attempts = new Map<string, { from: string; to: string; calls: TraceSpan[] }>();
    for (const span of spans) {
      const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
      if (span.parentSpanId !== undefined && parent === undefined) this.problems.orphanSpans += 1;
      if (parent !== undefined && span.startMs < parent.startMs - SKEW_TOLERANCE_MS) {
        this.problems.clockSkew += 1;
      }
      switch (span.kind) {
        case 'client': {
          const callee = calleeOf(span, children.get(span.spanId));
          if (callee === undefined) break;
          const server = children.get(span.spanId)?.find((child) => child.kind === 'server');
          const failed = span.error || server?.error === true;
          this.recordCall(span.service, callee, span.endMs - span.startMs, failed, server?.name || span.name);
          if (span.parentSpanId !== undefined) {
            const key = `${span.parentSpanId}\u0000${span.service}\u0000${callee}`;
            const attempt = failed === span.error ? span : { ...span, error: failed };
            const known = attempts.get(key);
            if (known === undefined) attempts.set(key, { from: span.service, to: callee, calls: [attempt] });
            else known.calls.push(attempt);
          }
          break;
        }
        case 'server': {
          if (parent === undefined) {
            if (span.parentSpanId === undefined) this.observeEntry(span, children);
          } else if (parent.kind !== 'client' && parent.service !== span.service) {
            // The caller made no client span of its own: the server span alone shows the call.
            this.recordCall(parent.service, span.service, span.endMs - span.startMs, span.error, span.name);
          }
          break;
        }
        case 'consumer':
          this.observeConsumer(span, parent);
          break;
        case 'internal':
          if (span.parentSpanId === undefined) this.observeEntry(span, children);
          break;
        default:
          break;
      }
    }
    for (const { from, to, calls } of attempts.values()) {
      if (calls.length > 1) this.recordRetries(from, to, countRetries(calls));
    }
  }

  private recordCall(from: string, to: string, durationMs: number, failed: boolean, operation: string): void {
    const key = `${from}\u0000${to}`;
    let tally = this.calls.get(key);
    if (tally === undefined) {
      tally = { from, to, durations: [], errors: 0, retries: 0, operations: new Set() };
      this.calls.set(key, tally);
      this.services.add(to);
    }
    tally.durations.push(durationMs);
    if (failed) tally.errors += 1;
    if (operation !== '' && tally.operations.size < 20) tally.operations.add(operation);
  }

  private recordRetries(from: string, to: string, retries: number): void {
    const tally = this.calls.get(`${from}\u0000${to}`);
    if (tally !== undefined && retries > tally.retries) tally.retries = retries;
  }

  private observePublication(span: TraceSpan): void {
    const destination = span.destination ?? span.name;
    this.publishedTo.set(destination, (this.publishedTo.get(destination) ?? 0) + 1);
    this.published.set(`${span.traceId}/${span.spanId}`, { service: span.service, destination, startMs: span.startMs, deliveries: new Map() });
    if (this.published.size > PUBLISHED_MEMORY) {
      const oldest = this.published.keys().next().value;
      if (oldest !== undefined) this.published.delete(oldest);
    }
    // Consumers that linked to this message from a trace worked out before it.
    const key = `${span.traceId}/${span.spanId}`;
    const waiting = this.awaitingPublication.get(key);
    if (waiting !== undefined) {
      this.awaitingPublication.delete(key);
      for (const consumer of waiting) this.observeConsumer(consumer, undefined);
    }
  }

  /** A consumer that links to a message not seen yet waits for it; too many waiting, the oldest give up. */
  private awaitPublication(span: TraceSpan): void {
    const key = `${span.links[0]!.traceId}/${span.links[0]!.spanId}`;
    const waiting = this.awaitingPublication.get(key);
    if (waiting === undefined) this.awaitingPublication.set(key, [span]);
    else waiting.push(span);
    if (this.awaitingPublication.size > PUBLISHED_MEMORY) {
      const oldest = this.awaitingPublication.keys().next().value;
      if (oldest !== undefined) this.giveUp(this.awaitingPublication.get(oldest) ?? [], oldest);
    }
  }

  /** Consumers whose message never showed up: their service consumes the destination, but the producer is unknown. */
  private giveUp(consumers: readonly TraceSpan[], key: string): void {
    this.awaitingPublication.delete(key);
    for (const consumer of consumers) {
      if (consumer.destination !== undefined) addTo(this.consumersOf, consumer.destination, consumer.service);
      this.problems.orphanSpans += 1;
    }
  }

  private observeConsumer(span: TraceSpan, parent: TraceSpan | undefined): void {
    let publication: Publication | undefined;
    if (parent?.kind === 'producer') publication = this.published.get(`${parent.traceId}/${parent.spanId}`);
    for (const link of span.links) {
      if (publication !== undefined) break;
      publication = this.published.get(`${link.traceId}/${link.spanId}`);
    }
    const destination = publication?.destination ?? span.destination;
    if (publication === undefined && span.parentSpanId === undefined && span.links.length > 0) {
      // Linked from a trace of its own, it may come before the trace that published the message.
      this.awaitPublication(span);
      return;
    }
    if (publication === undefined || destination === undefined) {
      // A message whose publication is not in the export: the consumer is known, the producer is not.
      if (destination !== undefined) addTo(this.consumersOf, destination, span.service);
      return;
    }
    addTo(this.consumersOf, destination, span.service);
    const key = `${publication.service}\u0000${span.service}\u0000${destination}`;
    let tally = this.handOvers.get(key);
    if (tally === undefined) {
      tally = { producer: publication.service, consumer: span.service, destination, delays: [], messages: 0, errors: 0, redeliveries: 0 };
      this.handOvers.set(key, tally);
    }
    const deliveries = (publication.deliveries.get(span.service) ?? 0) + 1;
    publication.deliveries.set(span.service, deliveries);
    if (deliveries > 1) {
      tally.redeliveries = Math.max(tally.redeliveries, deliveries - 1);
      if (span.error) tally.errors += 1;
      return;
    }
    tally.messages += 1;
    tally.delays.push(Math.max(0, span.startMs - publication.startMs));
    if (span.error) tally.errors += 1;
  }

  /** A span that starts a trace: its flow is the sequence of synchronous calls beneath it. */
  private observeEntry(root: TraceSpan, children: ReadonlyMap<string, TraceSpan[]>): void {
    const calls: { from: string; to: string; startMs: number }[] = [];
    const stack: TraceSpan[] = [root];
    while (stack.length > 0) {
      const span = stack.pop()!;
      for (const child of children.get(span.spanId) ?? []) {
        // A hand-over ends the synchronous part: what consumers do is not waited for.
        if (child.kind === 'producer' || child.kind === 'consumer') continue;
        if (child.kind === 'client') {
          const callee = calleeOf(child, children.get(child.spanId));
          if (callee !== undefined) calls.push({ from: child.service, to: callee, startMs: child.startMs });
        }
        stack.push(child);
      }
    }
    if (root.kind === 'internal' && calls.length === 0) return;
    calls.sort((a, b) => a.startMs - b.startMs || compare(a.from, b.from) || compare(a.to, b.to));
    const steps: { from: string; to: string }[] = [];
    const seen = new Set<string>();
    for (const call of calls) {
      const key = `${call.from}\u0000${call.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      steps.push({ from: call.from, to: call.to });
    }
    const flowKey = `${root.service}\u0000${root.name}`;
    let tally = this.flows.get(flowKey);
    if (tally === undefined) {
      tally = { service: root.service, operation: root.name, durations: [], errors: 0, sequences: new Map() };
      this.flows.set(flowKey, tally);
    }
    tally.durations.push(root.endMs - root.startMs);
    if (root.error) tally.errors += 1;
    const signature = steps.map((step) => `${step.from}>${step.to}`).join(' ');
    const known = tally.sequences.get(signature);
    if (known !== undefined) known.count += 1;
    else if (tally.sequences.size < 100) tally.sequences.set(signature, { steps, count: 1, first: this.sequenceCount++ });
  }
}

/**
 * Retries among calls from one parent span to one callee: the calls made after one of them
 * failed. Calls to the same callee that no failure preceded are a fan-out, not retries.
 */
export function countRetries(calls: readonly TraceSpan[]): number {
  const ordered = [...calls].sort((a, b) => a.startMs - b.startMs);
  const firstFailure = ordered.findIndex((call) => call.error);
  if (firstFailure < 0) return 0;
  const failedAt = ordered[firstFailure]!.startMs;
  return ordered.slice(firstFailure + 1).filter((call) => call.startMs > failedAt).length;
}

/** Who a client span calls: the service of its server child, else its named peer; a database is nobody. */
function calleeOf(span: TraceSpan, children: readonly TraceSpan[] | undefined): string | undefined {
  const server = children?.find((child) => child.kind === 'server' && child.service !== span.service);
  if (server !== undefined) return server.service;
  if (children?.some((child) => child.kind === 'server')) return undefined;
  if (span.database === true) return undefined;
  return span.peer;
}

function groupByTrace(spans: readonly TraceSpan[]): Map<string, TraceSpan[]> {
  const traces = new Map<string, TraceSpan[]>();
  for (const span of spans) {
    const trace = traces.get(span.traceId);
    if (trace === undefined) traces.set(span.traceId, [span]);
    else trace.push(span);
  }
  return traces;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

/** Count, median, 99th percentile (nearest rank) and error rate; durations that are not numbers are left out of the percentiles. */
export function statistics(durations: readonly number[], errors: number, count = durations.length): CallStatistics {
  const sorted = durations.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return {
    calls: count,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    errorRate: count === 0 ? 0 : errors / count,
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

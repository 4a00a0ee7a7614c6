import { describe, expect, it } from 'vitest';
import { countRetries, statistics, TraceObserver } from '../../src/engine/observe.js';
import type { TraceSpan } from '../../src/model/trace.js';
import { emptyProblems } from '../../src/model/trace.js';

/** A span with defaults; times in milliseconds. */
function span(fields: Partial<TraceSpan> & Pick<TraceSpan, 'spanId' | 'service' | 'kind'>): TraceSpan {
  return { traceId: 't1', name: '', startMs: 0, endMs: 10, error: false, links: [], ...fields };
}

function observe(spans: TraceSpan[], options: { wholeTrace?: boolean; windowSpans?: number } = {}) {
  const observer = new TraceObserver(emptyProblems(), options.windowSpans === undefined ? {} : { windowSpans: options.windowSpans });
  observer.add(spans, 'otlp', options.wholeTrace ?? false);
  return observer.finish();
}

/** shop's entry operation calls cart, then payments (retried once after a 503), then publishes to a topic read by two services. */
function checkoutTrace(traceId: string, offset: number, paymentFails: boolean): TraceSpan[] {
  const at = (ms: number) => offset + ms;
  const spans: TraceSpan[] = [
    span({ traceId, spanId: `${traceId}-root`, service: 'shop', kind: 'server', name: 'POST /checkout', startMs: at(0), endMs: at(100) }),
    span({ traceId, spanId: `${traceId}-c1`, parentSpanId: `${traceId}-root`, service: 'shop', kind: 'client', name: 'GET', startMs: at(1), endMs: at(21) }),
    span({ traceId, spanId: `${traceId}-s1`, parentSpanId: `${traceId}-c1`, service: 'cart', kind: 'server', name: 'GET /cart/:id', startMs: at(2), endMs: at(20) }),
  ];
  let start = 30;
  for (const failed of paymentFails ? [true, false] : [false]) {
    const id = `${traceId}-pay${start}`;
    spans.push(span({ traceId, spanId: id, parentSpanId: `${traceId}-root`, service: 'shop', kind: 'client', name: 'POST', startMs: at(start), endMs: at(start + 10), error: failed }));
    spans.push(span({ traceId, spanId: `${id}-s`, parentSpanId: id, service: 'payments', kind: 'server', name: 'POST /charge', startMs: at(start + 1), endMs: at(start + 9), error: failed }));
    start += 20;
  }
  spans.push(span({ traceId, spanId: `${traceId}-pub`, parentSpanId: `${traceId}-root`, service: 'shop', kind: 'producer', destination: 'orders.placed', startMs: at(90), endMs: at(91) }));
  spans.push(span({ traceId, spanId: `${traceId}-email`, parentSpanId: `${traceId}-pub`, service: 'email', kind: 'consumer', destination: 'orders.placed', startMs: at(95), endMs: at(99) }));
  return spans;
}

describe('TraceObserver', () => {
  it('tells a client span answered in another service (a sync call) from a hand-over through a destination', () => {
    const system = observe([...checkoutTrace('a', 0, false), ...checkoutTrace('b', 1000, true)]);
    expect(system.services).toEqual(['cart', 'email', 'payments', 'shop']);
    expect(system.calls.map((call) => [call.from, call.to, call.style, call.mechanism])).toEqual([
      ['shop', 'cart', 'sync', 'call'],
      ['shop', 'email', 'async', 'queue'],
      ['shop', 'payments', 'sync', 'call'],
    ]);
    const payments = system.calls.find((call) => call.to === 'payments')!;
    expect(payments.calls).toBe(3);
    expect(payments.errorRate).toBeCloseTo(1 / 3);
    expect(payments.retries).toBe(1);
    expect(payments.operations).toEqual(['POST /charge']);
    const cart = system.calls.find((call) => call.to === 'cart')!;
    expect(cart).toMatchObject({ calls: 2, p50Ms: 20, p99Ms: 20, errorRate: 0, retries: 0 });
    const email = system.calls.find((call) => call.to === 'email')!;
    expect(email).toMatchObject({ destination: 'orders.placed', consumers: 1, calls: 2, p99Ms: 5 });
  });

  it('calls a destination with two consuming services an event, also when one consumer only links to the message', () => {
    const spans = checkoutTrace('a', 0, false);
    // analytics starts a trace of its own, linked to the publication.
    const linked = span({ traceId: 'other', spanId: 'an', service: 'analytics', kind: 'consumer', destination: 'orders.placed', startMs: 97, endMs: 98, links: [{ traceId: 'a', spanId: 'a-pub' }] });
    const system = observe([...spans, linked]);
    const handOvers = system.calls.filter((call) => call.style === 'async');
    expect(handOvers.map((call) => [call.to, call.mechanism, call.consumers])).toEqual([
      ['analytics', 'event', 2],
      ['email', 'event', 2],
    ]);
    expect(system.problems.orphanSpans).toBe(0);
  });

  it('pairs a consumer linked from a trace of its own that arrives before the trace that published the message', () => {
    const linked = span({ traceId: 'early', spanId: 'an', service: 'analytics', kind: 'consumer', destination: 'orders.placed', startMs: 97, endMs: 98, links: [{ traceId: 'a', spanId: 'a-pub' }] });
    const observer = new TraceObserver(emptyProblems(), { windowSpans: 1 });
    observer.add([linked], 'otlp', false);
    observer.add(checkoutTrace('a', 0, false), 'otlp', false);
    const system = observer.finish();
    expect(system.calls.find((call) => call.to === 'analytics')).toMatchObject({ style: 'async', mechanism: 'event', calls: 1, p99Ms: 7 });
    expect(system.problems.orphanSpans).toBe(0);
    // A link to a message that never shows up is counted, and the consumer still known.
    const lost = observe([{ ...linked, links: [{ traceId: 'gone', spanId: 'gone' }] }]);
    expect(lost.problems.orphanSpans).toBe(1);
    expect(lost.calls).toEqual([]);
  });

  it('makes a flow of each entry operation with the synchronous calls beneath it, in order, retries once', () => {
    const system = observe([...checkoutTrace('a', 0, true), ...checkoutTrace('b', 1000, false), ...checkoutTrace('c', 2000, false)]);
    expect(system.flows).toHaveLength(1);
    expect(system.flows[0]).toMatchObject({ service: 'shop', operation: 'POST /checkout', calls: 3, p99Ms: 100 });
    expect(system.flows[0]!.steps).toEqual([
      { from: 'shop', to: 'cart' },
      { from: 'shop', to: 'payments' },
    ]);
  });

  it('does not count a fan-out of calls to one callee as retries', () => {
    const calls = [0, 20, 40].map((start) => span({ spanId: `c${start}`, parentSpanId: 'root', service: 'web', kind: 'client', startMs: start, endMs: start + 10 }));
    expect(countRetries(calls)).toBe(0);
    expect(countRetries([{ ...calls[0]!, error: true }, calls[1]!, calls[2]!])).toBe(2);
    expect(countRetries([calls[0]!, calls[1]!, { ...calls[2]!, error: true }])).toBe(0);
  });

  it('names the callee of a client span without a traced server by its peer, and leaves database calls out', () => {
    const system = observe([
      span({ spanId: 'r', service: 'web', kind: 'server', startMs: 0, endMs: 50 }),
      span({ spanId: 'c', parentSpanId: 'r', service: 'web', kind: 'client', peer: 'fraud-provider', startMs: 1, endMs: 30 }),
      span({ spanId: 'd', parentSpanId: 'r', service: 'web', kind: 'client', peer: 'db.internal', database: true, startMs: 31, endMs: 40 }),
    ]);
    expect(system.calls.map((call) => call.to)).toEqual(['fraud-provider']);
  });

  it('counts spans whose parent is not in the export and children outside their parent time, without failing', () => {
    const system = observe([
      span({ spanId: 'x', parentSpanId: 'gone', service: 'a', kind: 'server', startMs: 100, endMs: 200 }),
      span({ spanId: 'y', parentSpanId: 'x', service: 'a', kind: 'client', startMs: 110, endMs: 150 }),
      span({ spanId: 'z', parentSpanId: 'y', service: 'b', kind: 'server', startMs: 60, endMs: 70 }),
      // Starting 2 ms before its client, and ending after it, is no sign of skew.
      span({ spanId: 'w', parentSpanId: 'x', service: 'a', kind: 'client', startMs: 120, endMs: 130 }),
      span({ spanId: 'v', parentSpanId: 'w', service: 'c', kind: 'server', startMs: 118, endMs: 160 }),
    ]);
    expect(system.problems.orphanSpans).toBe(1);
    expect(system.problems.clockSkew).toBe(1);
    expect(system.calls.map((call) => `${call.from}->${call.to}`)).toEqual(['a->b', 'a->c']);
    expect(system.flows).toEqual([]);
  });

  it('counts messages no consumer in the export processed', () => {
    const system = observe([
      span({ spanId: 'r', service: 'web', kind: 'server' }),
      span({ spanId: 'p', parentSpanId: 'r', service: 'web', kind: 'producer', destination: 'audit' }),
    ]);
    expect(system.problems.unconsumedMessages).toBe(1);
    expect(system.calls).toEqual([]);
  });

  it('gives the same result whichever order the spans of a trace arrive in, and across batches', () => {
    const spans = [...checkoutTrace('a', 0, true), ...checkoutTrace('b', 1000, false)];
    const reversed = [...spans].reverse();
    const observer = new TraceObserver(emptyProblems());
    observer.add(reversed.slice(0, 5), 'otlp', false);
    observer.add(reversed.slice(5), 'otlp', false);
    expect(observer.finish()).toEqual(observe(spans));
  });

  it('works out a trace pushed out of the window early, so spans arriving after it are orphans', () => {
    const first = checkoutTrace('a', 0, false);
    const late = first.pop()!; // the consumer span comes after many other traces
    const others = [1, 2, 3].flatMap((n) => checkoutTrace(`n${n}`, n * 1000, false));
    const observer = new TraceObserver(emptyProblems(), { windowSpans: 10 });
    observer.add(first, 'otlp', false);
    observer.add(others, 'otlp', false);
    observer.add([late], 'otlp', false);
    const system = observer.finish();
    // The late consumer's parent (the publication) was worked out without it.
    expect(system.problems.orphanSpans).toBe(1);
    expect(system.calls.find((call) => call.to === 'email')!.calls).toBe(3);
  });
});

describe('statistics', () => {
  it('takes percentiles by nearest rank and leaves out durations that are not numbers', () => {
    const durations = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(statistics(durations, 5)).toEqual({ calls: 100, p50Ms: 50, p99Ms: 99, errorRate: 0.05 });
    expect(statistics([Number.NaN, 4], 0)).toMatchObject({ p50Ms: 4, p99Ms: 4 });
    expect(statistics([], 0)).toEqual({ calls: 0, p50Ms: 0, p99Ms: 0, errorRate: 0 });
  });
});

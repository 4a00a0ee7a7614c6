/**
 * Records real telemetry from the loopback test system (./run-system.ts) and checks that the two
 * export files hold what the system really did, so that importer tests can rely on them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSystem } from './run-system.js';

const ORDERS = 12;
const BROWSES = 6;
const SERVICES = ['analytics', 'billing', 'cart', 'catalog', 'email', 'payments', 'shop'];

// OTLP span kinds, as numbers in OTLP JSON.
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: OtlpAttribute[];
  links?: Array<{ traceId: string; spanId: string }>;
}
interface OtlpRequest {
  resourceSpans: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans: Array<{ scope?: { name: string }; spans: OtlpSpan[] }>;
  }>;
}
interface Span extends OtlpSpan {
  service: string;
}
interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: string;
  timestamp: number;
  duration: number;
  localEndpoint: { serviceName: string };
  tags?: Record<string, string>;
}

const attr = (attributes: OtlpAttribute[] | undefined, key: string): string | number | boolean | undefined => {
  const value = attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? value?.intValue ?? value?.doubleValue ?? value?.boolValue;
};

let dir = '';
let otlpText = '';
let requests: OtlpRequest[] = [];
let spans: Span[] = [];
let zipkin: ZipkinSpan[] = [];
let seconds = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sync-or-async-telemetry-'));
  const started = Date.now();
  const recorded = await recordSystem(dir, { orders: ORDERS, browses: BROWSES });
  seconds = (Date.now() - started) / 1000;
  otlpText = readFileSync(recorded.otlpFile, 'utf8');
  requests = otlpText
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as OtlpRequest);
  spans = requests.flatMap((request) =>
    request.resourceSpans.flatMap((rs) => {
      const service = String(attr(rs.resource?.attributes, 'service.name'));
      return rs.scopeSpans.flatMap((ss) => ss.spans.map((span) => ({ ...span, service })));
    }),
  );
  zipkin = JSON.parse(readFileSync(recorded.zipkinFile, 'utf8')) as ZipkinSpan[];
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const noParent = (span: OtlpSpan) => span.parentSpanId === undefined || span.parentSpanId === '';

describe('the recorded OTLP JSON file (as the Collector file exporter writes it)', () => {
  it('is one compact ExportTraceServiceRequest per newline-terminated line', () => {
    expect(seconds).toBeLessThan(20);
    expect(otlpText.endsWith('\n')).toBe(true);
    const lines = otlpText.slice(0, -1).split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const line of lines) {
      const parsed = JSON.parse(line) as unknown;
      expect(parsed).toBeTypeOf('object');
      expect(Array.isArray((parsed as OtlpRequest).resourceSpans)).toBe(true);
      expect(line).toBe(JSON.stringify(parsed));
    }
  });

  it('names exactly the seven instrumented services (the broker makes no spans)', () => {
    expect([...new Set(spans.map((s) => s.service))].sort()).toEqual(SERVICES);
  });

  it('encodes ids as lowercase hex and kinds as numbers', () => {
    for (const span of spans) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      if (!noParent(span)) expect(span.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.kind).toBeTypeOf('number');
    }
    const kinds = new Set(spans.map((s) => s.kind));
    for (const kind of [SERVER, CLIENT, PRODUCER, CONSUMER]) expect(kinds).toContain(kind);
  });

  it('starts a trace at each call the driver made to shop', () => {
    const roots = spans.filter((s) => s.service === 'shop' && s.kind === SERVER);
    expect(roots).toHaveLength(ORDERS + BROWSES);
    for (const root of roots) expect(noParent(root)).toBe(true);
  });

  it('shows the payment retry: one shop span with two CLIENT calls served by payments, for one order in three', () => {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const servedByPayments = (client: Span) => spans.some((s) => s.service === 'payments' && s.kind === SERVER && s.parentSpanId === client.spanId);
    const paymentCallsByParent = new Map<string, Span[]>();
    for (const client of spans.filter((s) => s.service === 'shop' && s.kind === CLIENT && servedByPayments(s))) {
      const list = paymentCallsByParent.get(client.parentSpanId ?? '') ?? [];
      list.push(client);
      paymentCallsByParent.set(client.parentSpanId ?? '', list);
    }
    const retried = [...paymentCallsByParent].filter(([, calls]) => calls.length === 2);
    // Orders 1, 4, 7 and 10 get a 503 on their first attempt.
    expect(retried).toHaveLength(Math.ceil(ORDERS / 3));
    for (const [parentId] of retried) expect(byId.get(parentId)?.service).toBe('shop');
    expect([...paymentCallsByParent.values()].every((calls) => calls.length <= 2)).toBe(true);
  });

  it('has PRODUCER spans in shop that follow the messaging conventions and carry the context', () => {
    const producers = spans.filter((s) => s.kind === PRODUCER);
    expect(producers).toHaveLength(2 * ORDERS);
    for (const p of producers) {
      expect(p.service).toBe('shop');
      expect(attr(p.attributes, 'messaging.system')).toBe('loopback');
      expect(attr(p.attributes, 'messaging.operation.type')).toBe('send');
      expect(p.name).toBe(`publish ${attr(p.attributes, 'messaging.destination.name')}`);
    }
    expect(new Set(producers.map((p) => attr(p.attributes, 'messaging.destination.name')))).toEqual(new Set(['orders.placed', 'invoices']));
  });

  it('makes email and billing consumer spans children of a producer span in the same trace', () => {
    const producers = new Map(spans.filter((s) => s.kind === PRODUCER).map((s) => [s.spanId, s]));
    for (const service of ['email', 'billing']) {
      const consumers = spans.filter((s) => s.service === service && s.kind === CONSUMER);
      expect(consumers).toHaveLength(ORDERS);
      for (const c of consumers) {
        const producer = producers.get(c.parentSpanId ?? '');
        expect(producer).toBeDefined();
        expect(producer?.traceId).toBe(c.traceId);
        expect(attr(c.attributes, 'messaging.operation.type')).toBe('process');
        expect(c.name).toBe(`process ${attr(producer?.attributes, 'messaging.destination.name')}`);
      }
    }
  });

  it('starts a new trace for each analytics consumer span, linked to its producer span', () => {
    const producers = new Map(spans.filter((s) => s.kind === PRODUCER).map((s) => [s.spanId, s]));
    const consumers = spans.filter((s) => s.service === 'analytics' && s.kind === CONSUMER);
    expect(consumers).toHaveLength(ORDERS);
    for (const c of consumers) {
      expect(noParent(c)).toBe(true);
      expect(c.links).toHaveLength(1);
      const link = c.links?.[0];
      const producer = producers.get(link?.spanId ?? '');
      expect(producer?.traceId).toBe(link?.traceId);
      expect(producer?.traceId).not.toBe(c.traceId);
      expect(attr(producer?.attributes, 'messaging.destination.name')).toBe('orders.placed');
    }
  });

  it('has billing call payments synchronously inside its consumer span', () => {
    const consumerIds = new Set(spans.filter((s) => s.service === 'billing' && s.kind === CONSUMER).map((s) => s.spanId));
    const calls = spans.filter((s) => s.service === 'billing' && s.kind === CLIENT && consumerIds.has(s.parentSpanId ?? ''));
    expect(calls).toHaveLength(ORDERS);
    for (const call of calls) expect(spans.some((s) => s.service === 'payments' && s.kind === SERVER && s.parentSpanId === call.spanId)).toBe(true);
  });
});

describe('the recorded Zipkin v2 JSON file', () => {
  it('is one array of Zipkin v2 spans with service names and kinds', () => {
    expect(Array.isArray(zipkin)).toBe(true);
    expect(zipkin.length).toBe(spans.length);
    for (const span of zipkin) {
      expect(span.localEndpoint.serviceName).toBeTypeOf('string');
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.id).toMatch(/^[0-9a-f]{16}$/);
      expect(span.timestamp).toBeTypeOf('number');
    }
    expect([...new Set(zipkin.map((s) => s.localEndpoint.serviceName))].sort()).toEqual(SERVICES);
    expect(new Set(zipkin.map((s) => s.kind))).toEqual(new Set(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']));
  });

  it('describes the same spans as the OTLP file', () => {
    const otlp = new Map(spans.map((s) => [s.spanId, s]));
    for (const span of zipkin) {
      const twin = otlp.get(span.id);
      expect(twin?.traceId).toBe(span.traceId);
      expect(twin?.service).toBe(span.localEndpoint.serviceName);
      expect(twin?.name).toBe(span.name);
      expect(span.parentId ?? '').toBe(twin?.parentSpanId ?? '');
    }
  });
});

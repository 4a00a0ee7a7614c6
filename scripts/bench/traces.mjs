/**
 * Trace exports for the bench, written the way the tools write them: OTLP JSON as the
 * OpenTelemetry Collector's file exporter writes it (one ExportTraceServiceRequest a line, each
 * a batch of one service's spans from many traces, the services' batches interleaved), Jaeger's
 * query API answer ({"data": [trace, ...]}) and a Zipkin v2 array of spans.
 *
 * The system: a gateway and a few dozen services with the attributes OpenTelemetry's HTTP and
 * messaging instrumentations set, each service calling the few it depends on; each request
 * makes three to twelve synchronous calls from the gateway, some of them calling further, about 1% of calls fail and are retried, and half the requests publish a
 * message that one to three services consume (a child span, or a new trace with a link).
 * Deterministic for a seed.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['orders', 'cart', 'pricing', 'inventory', 'payments', 'fraud', 'shipping', 'customers', 'accounts', 'search', 'catalog', 'reviews', 'media', 'loyalty', 'tax', 'invoices', 'notifications', 'recommendations', 'sessions', 'warehouse'];

function makeSystem(next) {
  const services = WORDS.flatMap((word, index) => (index < 8 ? [word, `${word}-reader`] : [word]));
  const routes = services.map((service) => [`/${service}/{id}`, `/${service}`, `/${service}/{id}/items`].slice(0, 1 + Math.floor(next() * 3)));
  const topics = ['order.placed', 'payment.captured', 'shipment.sent', 'customer.updated', 'stock.changed'].map((name) => ({
    name,
    consumers: services.filter(() => next() < 0.1).slice(0, 3),
  }));
  for (const topic of topics) if (topic.consumers.length === 0) topic.consumers.push(services[Math.floor(next() * services.length)]);
  // Each service depends on up to three services after it in the list, so calls never loop;
  // the gateway calls the first eight.
  const dependencies = services.map((_, index) => {
    const later = services.map((__, other) => other).filter((other) => other > index);
    return later.filter(() => next() < 3 / Math.max(3, later.length)).slice(0, 3);
  });
  return { services, routes, topics, dependencies, entry: services.map((_, index) => index).slice(0, 8) };
}

/** Yields traces: arrays of spans {traceId, spanId, parentSpanId, service, name, kind, start (µs), duration (µs), attributes, error, links}. */
export function* generateTraces(seed) {
  const next = random(seed);
  const system = makeSystem(next);
  const hex = (digits) => {
    let text = '';
    while (text.length < digits) text += Math.floor(next() * 0x100000000).toString(16).padStart(8, '0');
    return text.slice(0, digits);
  };
  let clock = 1_764_000_000_000_000;
  for (let request = 0; ; request += 1) {
    // About 200 requests a second.
    clock += Math.floor(next() * 10_000);
    const traceId = hex(32);
    const spans = [];
    const root = { traceId, spanId: hex(16), service: 'gateway', kind: 2, name: 'GET /api/checkout', start: clock, duration: 0, attributes: { 'http.request.method': 'GET', 'http.route': '/api/checkout', 'url.path': `/api/checkout/${request}`, 'http.response.status_code': 200, 'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64)' }, error: false, links: [] };
    spans.push(root);
    let at = clock + 200;
    const calls = 3 + Math.floor(next() * 10);
    const callFrom = (parent, callerIndex, depth) => {
      const choices = callerIndex < 0 ? system.entry : system.dependencies[callerIndex];
      if (choices.length === 0) return;
      const index = choices[Math.floor(next() * choices.length)];
      const caller = callerIndex < 0 ? 'gateway' : system.services[callerIndex];
      const callee = system.services[index];
      const route = system.routes[index][Math.floor(next() * system.routes[index].length)];
      const attempts = next() < 0.01 ? 2 : 1;
      for (let attempt = 0; attempt < attempts; attempt += 1) {
        const failed = attempts === 2 && attempt === 0;
        const duration = Math.floor(500 + next() * next() * 40_000);
        const client = { traceId, parentSpanId: parent.spanId, spanId: hex(16), service: caller, kind: 3, name: 'GET', start: at, duration, attributes: { 'http.request.method': 'GET', 'server.address': callee, 'server.port': 8080, 'url.full': `http://${callee}:8080${route.replace('{id}', String(request))}`, 'http.response.status_code': failed ? 503 : 200, 'network.protocol.version': '1.1' }, error: failed, links: [] };
        const server = { traceId, parentSpanId: client.spanId, spanId: hex(16), service: callee, kind: 2, name: `GET ${route}`, start: at + 150, duration: Math.max(100, duration - 300), attributes: { 'http.request.method': 'GET', 'http.route': route, 'url.path': route.replace('{id}', String(request)), 'http.response.status_code': failed ? 503 : 200, 'server.address': callee }, error: failed, links: [] };
        spans.push(client, server);
        if (depth < 2 && next() < 0.5) callFrom(server, index, depth + 1);
        at += duration + 100;
      }
    };
    for (let call = 0; call < calls; call += 1) callFrom(root, -1, 0);
    if (next() < 0.5) {
      const topic = system.topics[Math.floor(next() * system.topics.length)];
      const producer = { traceId, parentSpanId: root.spanId, spanId: hex(16), service: 'gateway', kind: 4, name: `publish ${topic.name}`, start: at, duration: 400, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic.name, 'messaging.operation.type': 'send' }, error: false, links: [] };
      spans.push(producer);
      for (const consumer of topic.consumers) {
        const linked = next() < 0.5;
        const span = { traceId: linked ? hex(32) : traceId, spanId: hex(16), service: consumer, kind: 5, name: `process ${topic.name}`, start: at + 2000 + Math.floor(next() * 20_000), duration: 3000, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic.name, 'messaging.operation.type': 'process', 'messaging.consumer.group.name': consumer }, error: false, links: linked ? [{ traceId, spanId: producer.spanId }] : [] };
        if (!linked) span.parentSpanId = producer.spanId;
        spans.push(span);
      }
      at += 500;
    }
    root.duration = at - clock + 300;
    yield spans;
  }
}

function otlpValue(value) {
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return { stringValue: value };
}

const attributesOf = (map) => Object.entries(map).map(([key, value]) => ({ key, value: otlpValue(value) }));

function toOtlpSpan(span) {
  const otlp = {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? '',
    flags: 257,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: `${span.start}000`,
    endTimeUnixNano: `${span.start + span.duration}000`,
    attributes: attributesOf(span.attributes),
    status: span.error ? { code: 2, message: 'HTTP 503' } : {},
  };
  if (span.links.length > 0) otlp.links = span.links.map((link) => ({ traceId: link.traceId, spanId: link.spanId, flags: 257 }));
  return otlp;
}

async function writeAll(out, pieces) {
  for (const piece of pieces) {
    if (!out.write(piece)) await once(out, 'drain');
  }
}

/**
 * Writes about `bytes` of OTLP JSON lines as a collector writes them: each service's SDK exports
 * a batch once 512 of its spans wait or its oldest waited 5 s; the collector's batch processor
 * puts the batches it received into one request of up to 8,192 spans (one resourceSpans entry
 * per batch), a line of the file.
 */
export async function writeOtlp(path, bytes, seed) {
  const out = createWriteStream(path);
  const waiting = new Map();
  let line = [];
  let lineSpans = 0;
  let written = 0;
  const writeLine = async () => {
    if (line.length === 0) return;
    const text = `${JSON.stringify({ resourceSpans: line })}\n`;
    line = [];
    lineSpans = 0;
    written += Buffer.byteLength(text);
    await writeAll(out, [text]);
  };
  const exportBatch = async (service) => {
    const spans = waiting.get(service);
    waiting.delete(service);
    line.push({
      resource: { attributes: attributesOf({ 'service.name': service, 'service.version': '2.14.1', 'telemetry.sdk.language': 'nodejs', 'telemetry.sdk.name': 'opentelemetry', 'telemetry.sdk.version': '2.2.0', 'host.name': `${service}-7d9f8c6b5-x2k4p`, 'process.pid': 1 }) },
      scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http', version: '0.205.0' }, spans: spans.map(toOtlpSpan) }],
    });
    lineSpans += spans.length;
    if (lineSpans >= 8192) await writeLine();
  };
  for (const trace of generateTraces(seed)) {
    const now = trace[0].start;
    for (const span of trace) {
      const list = waiting.get(span.service);
      if (list === undefined) waiting.set(span.service, [span]);
      else list.push(span);
      if (waiting.get(span.service).length >= 512) await exportBatch(span.service);
    }
    for (const [service, spans] of [...waiting]) if (now - spans[0].start > 5_000_000) await exportBatch(service);
    if (written >= bytes) break;
  }
  for (const service of [...waiting.keys()]) await exportBatch(service);
  await writeLine();
  out.end();
  await once(out, 'finish');
  return written;
}

/** Writes about `bytes` of Jaeger JSON, one trace an element of data, pretty-printed as the UI's download. */
export async function writeJaeger(path, bytes, seed) {
  const out = createWriteStream(path);
  let written = 0;
  await writeAll(out, ['{\n  "data": [\n']);
  let first = true;
  for (const trace of generateTraces(seed)) {
    const processes = {};
    const ids = new Map();
    for (const span of trace) {
      if (!ids.has(span.service)) {
        ids.set(span.service, `p${ids.size + 1}`);
        processes[`p${ids.size}`] = { serviceName: span.service, tags: [{ key: 'hostname', type: 'string', value: `${span.service}-7d9f8c6b5-x2k4p` }] };
      }
    }
    const kinds = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
    const spans = trace.map((span) => ({
      traceID: span.traceId,
      spanID: span.spanId,
      operationName: span.name,
      references: [
        ...(span.parentSpanId === undefined ? [] : [{ refType: 'CHILD_OF', traceID: span.traceId, spanID: span.parentSpanId }]),
        ...span.links.map((link) => ({ refType: 'FOLLOWS_FROM', traceID: link.traceId, spanID: link.spanId })),
      ],
      startTime: span.start,
      duration: span.duration,
      tags: [{ key: 'span.kind', type: 'string', value: kinds[span.kind] }, ...Object.entries(span.attributes).map(([key, value]) => ({ key, type: typeof value === 'number' ? 'int64' : 'string', value })), ...(span.error ? [{ key: 'error', type: 'bool', value: true }] : [])],
      logs: [],
      processID: ids.get(span.service),
      warnings: null,
    }));
    const text = `${first ? '' : ',\n'}${JSON.stringify({ traceID: trace[0].traceId, spans, processes, warnings: null }, null, 2).replace(/^/gm, '    ')}`;
    first = false;
    written += Buffer.byteLength(text);
    await writeAll(out, [text]);
    if (written >= bytes) break;
  }
  await writeAll(out, ['\n  ],\n  "total": 0,\n  "limit": 0,\n  "offset": 0,\n  "errors": null\n}\n']);
  out.end();
  await once(out, 'finish');
  return written;
}

/** Writes about `bytes` of Zipkin v2 JSON: one array of spans, as the Zipkin exporter posts them. */
export async function writeZipkin(path, bytes, seed) {
  const out = createWriteStream(path);
  let written = 0;
  await writeAll(out, ['[']);
  let first = true;
  const kinds = [undefined, undefined, 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
  for (const trace of generateTraces(seed)) {
    const pieces = trace.map((span) => {
      const zipkin = { traceId: span.traceId, id: span.spanId, name: span.name.toLowerCase(), timestamp: span.start, duration: span.duration, localEndpoint: { serviceName: span.service }, tags: Object.fromEntries(Object.entries(span.attributes).map(([key, value]) => [key, String(value)])) };
      if (span.parentSpanId !== undefined) zipkin.parentId = span.parentSpanId;
      if (kinds[span.kind] !== undefined) zipkin.kind = kinds[span.kind];
      if (span.error) zipkin.tags.error = 'HTTP 503';
      const text = `${first ? '' : ','}${JSON.stringify(zipkin)}`;
      first = false;
      return text;
    });
    for (const piece of pieces) written += Buffer.byteLength(piece);
    await writeAll(out, pieces);
    if (written >= bytes) break;
  }
  await writeAll(out, [']\n']);
  out.end();
  await once(out, 'finish');
  return written;
}

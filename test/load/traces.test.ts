import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameOperation, readTraceFile } from '../../src/load/traces.js';
import type { TraceBatch } from '../../src/load/traces.js';
import { InputError } from '../../src/model/errors.js';
import { emptyProblems } from '../../src/model/trace.js';

const fixtures = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));

async function read(path: string) {
  const problems = emptyProblems();
  const batches: TraceBatch[] = [];
  await readTraceFile(path, { problems, onBatch: (batch) => batches.push(batch) });
  return { problems, batches, spans: batches.flatMap((batch) => batch.spans) };
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'traces-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function scratchFile(name: string, text: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, text);
  return path;
}

const otlpRequest = (service: string, spans: object[]) => ({
  resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }],
});

describe('readTraceFile', () => {
  it('reads Jaeger JSON as the query API writes it: each trace whole, services from its processes, references as parents and links', async () => {
    const { batches, spans, problems } = await read(join(fixtures, 'jaeger-dispatch.json'));
    expect(batches).toHaveLength(8);
    expect(batches.every((batch) => batch.format === 'jaeger' && batch.wholeTrace)).toBe(true);
    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['frontend', 'customer', 'driver', 'route', 'billing']));
    const consumer = spans.find((span) => span.kind === 'consumer')!;
    // FOLLOWS_FROM is a link, not a parent.
    expect(consumer.parentSpanId).toBeUndefined();
    expect(consumer.links).toHaveLength(1);
    expect(consumer.destination).toBe('dispatch.completed');
    const redis = spans.find((span) => span.name === 'GetDriver')!;
    expect(redis.database).toBe(true);
    const root = spans.find((span) => span.name === 'HTTP GET /dispatch')!;
    expect(root.endMs - root.startMs).toBeCloseTo(180, 5);
    expect(problems).toEqual(emptyProblems());
  });

  it('reads a Zipkin v2 array of spans and an array of traces alike, a shared server span becoming the child of its client', async () => {
    const flat = await read(join(fixtures, 'zipkin-orders.json'));
    const nested = await read(join(fixtures, 'zipkin-traces.json'));
    expect(flat.spans.length).toBe(50);
    expect(nested.spans).toEqual(flat.spans);
    const shared = flat.spans.find((span) => span.name === 'post /reservations' && span.kind === 'server')!;
    const client = flat.spans.find((span) => span.spanId === shared.parentSpanId)!;
    expect(client.kind).toBe('client');
    expect(shared.spanId).toBe(`${client.spanId}:server`);
    const failed = flat.spans.filter((span) => span.error);
    expect(failed.map((span) => span.service).sort()).toEqual(['orders-api', 'payment']);
  });

  it('reads OTLP JSON lines and one pretty-printed request, with numeric or named kinds and nanosecond times', async () => {
    const spans = [
      { traceId: '0AF7651916CD43DD8448EB211C80319C', spanId: 'B7AD6B7169203331', name: 'GET /', kind: 2, startTimeUnixNano: '1764000000000000000', endTimeUnixNano: '1764000000020500000' },
      {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: '00f067aa0ba902b7',
        parentSpanId: 'b7ad6b7169203331',
        name: 'publish',
        kind: 'SPAN_KIND_PRODUCER',
        startTimeUnixNano: '1764000000001000000',
        endTimeUnixNano: '1764000000002000000',
        attributes: [{ key: 'messaging.destination.name', value: { stringValue: 'audit' } }],
        status: { code: 2 },
      },
    ];
    const lines = await scratchFile('lines.jsonl', `${JSON.stringify(otlpRequest('web', spans.slice(0, 1)))}\n${JSON.stringify(otlpRequest('web', spans.slice(1)))}\n`);
    const pretty = await scratchFile('pretty.json', JSON.stringify(otlpRequest('web', spans), null, 2));
    const fromLines = await read(lines);
    const fromPretty = await read(pretty);
    expect(fromLines.batches).toHaveLength(2);
    expect(fromPretty.spans).toEqual(fromLines.spans);
    const [server, producer] = fromLines.spans;
    expect(server).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', kind: 'server', service: 'web', error: false });
    expect(server!.endMs - server!.startMs).toBeCloseTo(20.5, 6);
    expect(producer).toMatchObject({ kind: 'producer', destination: 'audit', error: true, parentSpanId: 'b7ad6b7169203331' });
  });

  it('keeps what came before a file breaks off, and says on which line it broke', async () => {
    const { spans, problems } = await read(join(fixtures, 'broken', 'truncated.jsonl'));
    expect(spans).toHaveLength(2);
    expect(problems.files).toHaveLength(1);
    expect(problems.files[0]).toMatchObject({ line: 2 });
    expect(problems.files[0]!.message).toMatch(/^not valid JSON \(.+\); what came before was read$/);
  });

  it('reports a file of another kind, an empty file and binary bytes as problems, not crashes', async () => {
    const expected: Record<string, RegExp> = {
      'not-traces.json': /holds no OTLP, Jaeger or Zipkin spans/,
      'empty.json': /^is empty/,
      // It starts like a gzip file, as a compressed export would.
      'binary.bin': /^is not a whole gzip file/,
    };
    for (const [name, message] of Object.entries(expected)) {
      const { spans, problems } = await read(join(fixtures, 'broken', name));
      expect(spans, name).toEqual([]);
      expect(problems.files.map((file) => file.message), name).toEqual([expect.stringMatching(message)]);
    }
    const other = await read(join(fixtures, 'broken', 'not-traces.json'));
    expect(other.problems.unreadableRecords).toBe(1);
    expect(other.problems.files[0]!.message).toContain('holds no OTLP, Jaeger or Zipkin spans');
  });

  it('reads a gzip-compressed export as it streams, and says what to do with a zstd one', async () => {
    const plain = await read(join(fixtures, 'zipkin-orders.json'));
    const gzipped = join(scratch, 'orders.json.gz');
    await writeFile(gzipped, gzipSync(await readFile(join(fixtures, 'zipkin-orders.json'))));
    expect((await read(gzipped)).spans).toEqual(plain.spans);
    const zstd = await scratchFile('orders.json.zst', '');
    await writeFile(zstd, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]));
    const { problems } = await read(zstd);
    expect(problems.files[0]!.message).toMatch(/zstd.*decompress it first/);
  });

  it('reads Jaeger spans one a line, each with its process, and Zipkin spans one a line', async () => {
    const jaegerSpan = (spanID: string, parent?: string) => ({
      traceID: 'abc',
      spanID,
      operationName: 'GET /x',
      references: parent === undefined ? [] : [{ refType: 'CHILD_OF', traceID: 'abc', spanID: parent }],
      startTime: 1000,
      duration: 500,
      tags: [{ key: 'span.kind', vType: 'STRING', value: parent === undefined ? 'client' : 'server' }],
      process: { serviceName: parent === undefined ? 'web' : 'api', tags: [] },
    });
    const path = await scratchFile('jaeger-lines.json', `${JSON.stringify(jaegerSpan('1'))}\n${JSON.stringify(jaegerSpan('2', '1'))}\n`);
    const { spans, batches } = await read(path);
    expect(spans.map((span) => [span.service, span.kind, span.parentSpanId])).toEqual([
      ['web', 'client', undefined],
      ['api', 'server', '1'],
    ]);
    // A line is not a whole trace: its spans wait for the rest.
    expect(batches.every((batch) => batch.format === 'jaeger' && !batch.wholeTrace)).toBe(true);
    const zipkinLines = await scratchFile('zipkin-lines.json', '{"traceId":"a","id":"1","kind":"CLIENT","localEndpoint":{"serviceName":"web"}}\n{"traceId":"a","id":"2","parentId":"1","kind":"SERVER","localEndpoint":{"serviceName":"api"}}\n');
    expect((await read(zipkinLines)).spans.map((span) => span.service)).toEqual(['web', 'api']);
  });

  it('skips spans without a service name and counts them', async () => {
    const { spans, problems } = await read(join(fixtures, 'broken', 'no-service-name.json'));
    expect(spans).toEqual([]);
    expect(problems.spansWithoutService).toBe(1);
  });

  it('skips records of the wrong shape among good ones', async () => {
    const path = await scratchFile('mixed.json', JSON.stringify([{ traceId: 'a', id: 'b', localEndpoint: { serviceName: 'x' } }, 42, 'text', { foo: 1 }, null]));
    const { spans, problems } = await read(path);
    expect(spans.map((span) => span.service)).toEqual(['x']);
    expect(problems.unreadableRecords).toBe(4);
  });

  it('refuses a path that is missing or a directory with an input error', async () => {
    await expect(read(join(scratch, 'missing.json'))).rejects.toThrow(InputError);
    await expect(read(scratch)).rejects.toThrow(/is a directory/);
  });

  it('holds one record at a time: a large Zipkin array is read in pieces', async () => {
    const spans = Array.from({ length: 20_000 }, (_, index) => ({ traceId: `t${index % 500}`, id: `s${index}`, name: 'op', timestamp: 1, duration: 2, localEndpoint: { serviceName: `svc${index % 7}` } }));
    const path = await scratchFile('large.json', JSON.stringify(spans));
    const { batches } = await read(path);
    expect(batches).toHaveLength(20_000);
  });
});

describe('nameOperation', () => {
  it('names a span called by its HTTP method alone by its route, else by its path with the varying parts as {id}', () => {
    expect(nameOperation('GET', { 'http.route': '/cart/:id' })).toBe('GET /cart/:id');
    expect(nameOperation('POST', { 'http.target': '/orders/42/items?expand=1' })).toBe('POST /orders/{id}/items');
    expect(nameOperation('get', { 'url.full': 'http://cart:8080/carts/3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b' })).toBe('get /carts/{id}');
    expect(nameOperation('GET', { 'http.path': '/blobs/a3f9c2d4e5b6a7c8d9e0' })).toBe('GET /blobs/{id}');
    // A name that says more than the method, or no path to go by, stays as it is.
    expect(nameOperation('GET /health', { 'http.target': '/health' })).toBe('GET /health');
    expect(nameOperation('GET', {})).toBe('GET');
    expect(nameOperation('GET', { 'url.full': 'not a url' })).toBe('GET');
    expect(nameOperation('process orders', { 'http.target': '/x' })).toBe('process orders');
  });
});

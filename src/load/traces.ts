/**
 * Reads trace exports as a stream, a record at a time, whatever their size:
 *
 * - OTLP JSON, as the OpenTelemetry Collector's file exporter writes it (one
 *   ExportTraceServiceRequest per line), or one such request spread over many lines;
 * - Jaeger JSON, as its query API and UI download write it ({"data": [trace, ...]}), or one
 *   trace per line;
 * - Zipkin v2 JSON: an array of spans, an array of traces (arrays of spans), or one span per line.
 *
 * The JSON is tokenised by stream-json; only the records (a resource's spans, a Jaeger trace, a
 * Zipkin span) are built as objects, one at a time, so memory holds one record, not the file.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import chain, { none } from 'stream-chain';
import { parser } from 'stream-json';
import type { Token } from 'stream-json/parser.js';
import Assembler from 'stream-json/assembler.js';
import type { SpanKind, SpanReference, TraceFormat, TraceProblems, TraceSpan } from '../model/trace.js';
import { InputError } from '../model/errors.js';

/** What the reader hands on: spans of one record, and whether they are a whole trace. */
export interface TraceBatch {
  format: TraceFormat;
  spans: TraceSpan[];
  /** A Jaeger trace or a Zipkin trace array holds every span of its trace. */
  wholeTrace: boolean;
}

export interface ReadTracesOptions {
  onBatch: (batch: TraceBatch) => void;
  /** Called now and then with the bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  problems: TraceProblems;
}

/** Keys of a top-level object whose array elements are records, read one at a time. */
const STREAMED_KEYS: Readonly<Record<string, 'otlp' | 'jaeger'>> = {
  resourceSpans: 'otlp',
  resource_spans: 'otlp',
  data: 'jaeger',
};

type StreamedRecord = { value: unknown; from: 'otlp' | 'jaeger' | 'top' | 'array' | 'nested' };

/**
 * Routes the token stream: a top-level object is assembled whole except for the arrays under
 * STREAMED_KEYS, whose elements are assembled one by one; a top-level array's elements are
 * records, and an array inside it is a trace whose elements are records.
 */
class RecordRouter {
  private depth = 0;
  private top: Assembler | undefined;
  private topKey: string | undefined;
  /** The depth at which the elements of the array being streamed start, or -1. */
  private streamDepth = -1;
  private streamFrom: StreamedRecord['from'] = 'top';
  private element: Assembler | undefined;
  private elementFrom: StreamedRecord['from'] = 'top';

  constructor(private readonly emit: (record: StreamedRecord) => void) {}

  consume(token: Token): void {
    const opens = token.name === 'startObject' || token.name === 'startArray';
    const closes = token.name === 'endObject' || token.name === 'endArray';
    if (this.element !== undefined) {
      this.element.consume(token);
      if (opens) this.depth += 1;
      if (closes) this.depth -= 1;
      if (this.element.done) {
        const from = this.elementFrom;
        const value = this.element.current;
        this.element = undefined;
        this.emit({ value, from });
      }
      return;
    }
    if (closes) {
      this.depth -= 1;
      if (this.depth === this.streamDepth - 1) this.endStream(token);
      else this.top?.consume(token);
      if (this.depth === 0 && this.top !== undefined && this.top.done) {
        const value = this.top.current;
        this.top = undefined;
        this.emit({ value, from: 'top' });
      }
      return;
    }
    if (this.depth === this.streamDepth && (opens || isScalar(token))) {
      if (this.streamFrom === 'array' && token.name === 'startArray') {
        // An array of traces: each inner array's elements are the records.
        this.depth += 1;
        this.streamDepth = this.depth;
        this.streamFrom = 'nested';
        return;
      }
      this.element = new Assembler();
      this.elementFrom = this.streamFrom;
      this.consume(token);
      return;
    }
    if (this.depth === 0) {
      if (token.name === 'startArray') {
        this.depth = 1;
        this.streamDepth = 1;
        this.streamFrom = 'array';
        return;
      }
      if (token.name === 'startObject') {
        this.top = new Assembler();
        this.top.consume(token);
        this.depth = 1;
        return;
      }
      // A bare number, string or literal at the top: not a record of any format.
      this.emit({ value: 'value' in token ? token.value : undefined, from: 'top' });
      return;
    }
    if (this.depth === 1 && token.name === 'keyValue') this.topKey = token.value;
    if (this.depth === 1 && token.name === 'startArray' && this.topKey !== undefined && STREAMED_KEYS[this.topKey] !== undefined) {
      this.top?.consume(token);
      this.depth = 2;
      this.streamDepth = 2;
      this.streamFrom = STREAMED_KEYS[this.topKey]!;
      return;
    }
    this.top?.consume(token);
    if (opens) this.depth += 1;
  }

  private endStream(token: Token): void {
    if (this.streamFrom === 'nested') {
      this.streamDepth = this.depth;
      this.streamFrom = 'array';
      return;
    }
    this.streamDepth = -1;
    if (this.top !== undefined) this.top.consume(token);
  }
}

function isScalar(token: Token): boolean {
  return token.name.endsWith('Value') && token.name !== 'keyValue';
}

/**
 * Reads one export file, handing its spans on record by record. A file that cannot be opened is
 * an input error; a file that breaks off or holds something else is reported in `problems`
 * with the line reached, and what was read before stays.
 */
export async function readTraceFile(path: string, options: ReadTracesOptions): Promise<void> {
  const { size, compression } = await inspectExport(path);
  if (compression === 'zstd') {
    options.problems.files.push({ file: path, message: 'is compressed with zstd, which this Node.js cannot read: decompress it first (zstd -d)' });
    return;
  }
  let line = 1;
  let bytesRead = 0;
  let lastProgress = 0;
  let recognised = false;
  const keptStrings = new KeptStrings();
  const router = new RecordRouter((record) => {
    const batch = toBatch(record, options.problems);
    if (batch === undefined) return;
    recognised = true;
    if (batch.spans.length > 0) options.onBatch({ ...batch, spans: batch.spans.map((span) => keptStrings.own(span)) });
  });
  /** Splits the text at line ends, so that a syntax error is known to lie in the line counted. */
  const decoder = new StringDecoder('utf8');
  function* splitLines(bytes: Buffer): Generator<string> {
    const chunk = decoder.write(bytes);
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      yield chunk.slice(start, end + 1);
      line += 1;
      start = end + 1;
    }
    if (start < chunk.length) yield chunk.slice(start);
  }
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
    if (options.onProgress !== undefined && bytesRead - lastProgress >= 16 * 1024 * 1024) {
      lastProgress = bytesRead;
      options.onProgress(bytesRead, size);
    }
  });
  const pipeline = chain([
    file,
    ...(compression === 'gzip' ? [createGunzip()] : []),
    splitLines,
    parser({ jsonStreaming: true, streamValues: false }),
    (token: Token) => {
      router.consume(token);
      return none;
    },
  ]);
  try {
    await new Promise<void>((resolve, reject) => {
      pipeline.on('error', reject);
      pipeline.on('finish', resolve);
      pipeline.on('end', resolve);
      pipeline.resume();
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Parser /, '') : String(error);
    if (compression === 'gzip' && (error as NodeJS.ErrnoException).code?.startsWith('Z_') === true) {
      options.problems.files.push({ file: path, message: `is not a whole gzip file (${lowerFirst(message)}); what came before was read` });
      return;
    }
    options.problems.files.push({ file: path, line, message: `not valid JSON (${lowerFirst(message)}); what came before was read` });
    return;
  } finally {
    pipeline.destroy();
  }
  options.onProgress?.(bytesRead, size);
  if (bytesRead === 0) {
    options.problems.files.push({ file: path, message: 'is empty: the export holds no spans' });
  } else if (!recognised) {
    options.problems.files.push({ file: path, message: 'holds no OTLP, Jaeger or Zipkin spans: not a trace export this tool reads' });
  }
}

/**
 * The export's size and compression, from one look at the file: gzip is read as it streams;
 * zstd, which the collector's file exporter also writes, needs Node.js 22. A file that cannot be
 * opened, or is a directory, is an input error.
 */
async function inspectExport(path: string): Promise<{ size: number; compression: 'gzip' | 'zstd' | undefined }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw failOpen(`cannot read trace export ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'check the path (relative paths start at the current directory)');
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw failOpen(`${path} is a directory, not a trace export`, 'name the export file itself');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    let compression: 'gzip' | 'zstd' | undefined;
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) compression = 'gzip';
    else if (bytesRead === 4 && buffer.readUInt32LE(0) === 0xfd2fb528) compression = 'zstd';
    return { size: stats.size, compression };
  } finally {
    await handle.close();
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function failOpen(message: string, hint: string): InputError {
  return new InputError(message, [{ message, hint }]);
}

// --- strings that outlive their record ---

/** How many distinct service, operation and destination names are shared; past that, each is copied. */
const SHARED_NAMES = 10_000;

/**
 * The parser hands out strings that share memory with the text they were read from, so one id
 * kept in a span would keep its whole line (megabytes) alive for as long as the span waits for
 * the rest of its trace. Spans leave the reader with strings of their own: ids copied, and
 * services, operations, destinations and peers shared from a table of the names seen, each
 * copied once.
 */
class KeptStrings {
  private readonly names = new Map<string, string>();

  own(span: TraceSpan): TraceSpan {
    const kept: TraceSpan = {
      ...span,
      traceId: copy(span.traceId),
      spanId: copy(span.spanId),
      service: this.name(span.service),
      name: this.name(span.name),
      links: span.links.map((link) => ({ traceId: copy(link.traceId), spanId: copy(link.spanId) })),
    };
    if (span.parentSpanId !== undefined) kept.parentSpanId = copy(span.parentSpanId);
    if (span.destination !== undefined) kept.destination = this.name(span.destination);
    if (span.peer !== undefined) kept.peer = this.name(span.peer);
    return kept;
  }

  private name(text: string): string {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    const own = copy(text);
    if (this.names.size < SHARED_NAMES) this.names.set(own, own);
    return own;
  }
}

function copy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

// --- records to spans ---

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The spans of one record, or undefined (and a count in problems) when it is none of the formats. */
function toBatch(record: StreamedRecord, problems: TraceProblems): TraceBatch | undefined {
  const value = record.value;
  if (record.from === 'otlp') return readOtlpResource(value, problems);
  if (record.from === 'jaeger') return readJaegerTrace(value, problems);
  if (!isObject(value)) {
    problems.unreadableRecords += 1;
    return undefined;
  }
  if (record.from === 'top' && (Array.isArray(value.resourceSpans) || Array.isArray(value.resource_spans) || Array.isArray(value.data))) {
    // Its records were streamed already; the rest of the object (totals, limits) says nothing.
    return { format: Array.isArray(value.data) ? 'jaeger' : 'otlp', spans: [], wholeTrace: false };
  }
  if (Array.isArray(value.spans) && (typeof value.traceID === 'string' || isObject(value.processes))) return readJaegerTrace(value, problems);
  if (typeof value.traceID === 'string' && typeof value.spanID === 'string' && isObject(value.process)) {
    // One Jaeger span with its process, a line as Jaeger's Kafka and Elasticsearch storage keep them.
    const batch = readJaegerTrace({ spans: [value] }, problems);
    return batch === undefined ? undefined : { ...batch, wholeTrace: false };
  }
  if (typeof value.traceId === 'string' && typeof value.id === 'string') {
    const span = readZipkinSpan(value, problems);
    return { format: 'zipkin', spans: span === undefined ? [] : [span], wholeTrace: false };
  }
  problems.unreadableRecords += 1;
  return undefined;
}

// OTLP JSON: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding

const OTLP_KINDS: readonly SpanKind[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];

function readOtlpResource(value: unknown, problems: TraceProblems): TraceBatch | undefined {
  if (!isObject(value)) {
    problems.unreadableRecords += 1;
    return undefined;
  }
  const resource = isObject(value.resource) ? value.resource : {};
  const service = otlpAttributes(resource.attributes)['service.name'];
  const spans: TraceSpan[] = [];
  const scopes = value.scopeSpans ?? value.scope_spans ?? value.instrumentationLibrarySpans;
  for (const scope of Array.isArray(scopes) ? scopes : []) {
    if (!isObject(scope) || !Array.isArray(scope.spans)) continue;
    for (const raw of scope.spans) {
      if (!isObject(raw) || typeof raw.traceId !== 'string' || typeof raw.spanId !== 'string') {
        problems.unreadableRecords += 1;
        continue;
      }
      if (typeof service !== 'string' || service === '') {
        problems.spansWithoutService += 1;
        continue;
      }
      const attributes = otlpAttributes(raw.attributes);
      const status = isObject(raw.status) ? raw.status.code : undefined;
      const span: TraceSpan = {
        traceId: raw.traceId.toLowerCase(),
        spanId: raw.spanId.toLowerCase(),
        service,
        name: typeof raw.name === 'string' ? raw.name : '',
        kind: otlpKind(raw.kind),
        startMs: nanosToMs(raw.startTimeUnixNano),
        endMs: nanosToMs(raw.endTimeUnixNano),
        error: status === 2 || status === 'STATUS_CODE_ERROR' || serverFailed(attributes),
        links: [],
      };
      if (typeof raw.parentSpanId === 'string' && raw.parentSpanId !== '') span.parentSpanId = raw.parentSpanId.toLowerCase();
      for (const link of Array.isArray(raw.links) ? raw.links : []) {
        if (isObject(link) && typeof link.traceId === 'string' && typeof link.spanId === 'string') {
          span.links.push({ traceId: link.traceId.toLowerCase(), spanId: link.spanId.toLowerCase() });
        }
      }
      addAttributes(span, attributes);
      spans.push(span);
    }
  }
  return { format: 'otlp', spans, wholeTrace: false };
}

function otlpKind(kind: unknown): SpanKind {
  if (typeof kind === 'number') return OTLP_KINDS[kind] ?? 'internal';
  if (typeof kind === 'string') {
    const name = kind.replace(/^SPAN_KIND_/, '').toLowerCase();
    if (name === 'server' || name === 'client' || name === 'producer' || name === 'consumer') return name;
  }
  return 'internal';
}

/** OTLP attributes ({key, value: {stringValue | intValue | boolValue ...}}) as a plain map. */
function otlpAttributes(list: unknown): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  if (!Array.isArray(list)) return map;
  for (const entry of list) {
    if (!isObject(entry) || typeof entry.key !== 'string' || !isObject(entry.value)) continue;
    const value = entry.value;
    map[entry.key] = value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
  }
  return map;
}

/** Unix nanoseconds, as a string (uint64 in JSON) or a number, in milliseconds. */
function nanosToMs(value: unknown): number {
  if (typeof value === 'number') return value / 1e6;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return Number.NaN;
  // Split so that the whole milliseconds stay exact past 2^53 nanoseconds.
  if (value.length <= 6) return Number(value) / 1e6;
  return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
}

// Jaeger JSON: the query service's /api/traces answer and the UI's download.

function readJaegerTrace(value: unknown, problems: TraceProblems): TraceBatch | undefined {
  if (!isObject(value) || !Array.isArray(value.spans)) {
    problems.unreadableRecords += 1;
    return undefined;
  }
  const processes = isObject(value.processes) ? value.processes : {};
  const spans: TraceSpan[] = [];
  for (const raw of value.spans) {
    if (!isObject(raw) || typeof raw.traceID !== 'string' || typeof raw.spanID !== 'string') {
      problems.unreadableRecords += 1;
      continue;
    }
    const process = isObject(raw.process) ? raw.process : typeof raw.processID === 'string' ? processes[raw.processID] : undefined;
    const service = isObject(process) ? process.serviceName : undefined;
    if (typeof service !== 'string' || service === '') {
      problems.spansWithoutService += 1;
      continue;
    }
    const tags: Record<string, unknown> = {};
    for (const tag of Array.isArray(raw.tags) ? raw.tags : []) {
      if (isObject(tag) && typeof tag.key === 'string') tags[tag.key] = tag.value;
    }
    const start = typeof raw.startTime === 'number' ? raw.startTime / 1000 : Number.NaN;
    const duration = typeof raw.duration === 'number' ? raw.duration / 1000 : Number.NaN;
    const span: TraceSpan = {
      traceId: normaliseId(raw.traceID),
      spanId: normaliseId(raw.spanID),
      service,
      name: typeof raw.operationName === 'string' ? raw.operationName : '',
      kind: namedKind(tags['span.kind']),
      startMs: start,
      endMs: start + duration,
      error: tags.error === true || tags.error === 'true' || tags['otel.status_code'] === 'ERROR' || serverFailed(tags),
      links: [],
    };
    for (const reference of Array.isArray(raw.references) ? raw.references : []) {
      if (!isObject(reference) || typeof reference.spanID !== 'string' || typeof reference.traceID !== 'string') continue;
      const target: SpanReference = { traceId: normaliseId(reference.traceID), spanId: normaliseId(reference.spanID) };
      if (reference.refType === 'CHILD_OF' && span.parentSpanId === undefined && target.traceId === span.traceId) span.parentSpanId = target.spanId;
      else span.links.push(target);
    }
    addAttributes(span, tags);
    spans.push(span);
  }
  return { format: 'jaeger', spans, wholeTrace: true };
}

// Zipkin v2 JSON: https://zipkin.io/zipkin-api/#/default/post_spans

function readZipkinSpan(raw: Json, problems: TraceProblems): TraceSpan | undefined {
  const endpoint = isObject(raw.localEndpoint) ? raw.localEndpoint : {};
  const service = endpoint.serviceName;
  if (typeof service !== 'string' || service === '') {
    problems.spansWithoutService += 1;
    return undefined;
  }
  const tags = isObject(raw.tags) ? raw.tags : {};
  const start = typeof raw.timestamp === 'number' ? raw.timestamp / 1000 : Number.NaN;
  const duration = typeof raw.duration === 'number' ? raw.duration / 1000 : 0;
  const kind = namedKind(raw.kind);
  let spanId = normaliseId(String(raw.id));
  let parentSpanId = typeof raw.parentId === 'string' ? normaliseId(raw.parentId) : undefined;
  // A server span that shares its id with the client's (B3 single-span style) is the child of that client span.
  if (raw.shared === true && kind === 'server') {
    parentSpanId = spanId;
    spanId = `${spanId}:server`;
  }
  const span: TraceSpan = {
    traceId: normaliseId(String(raw.traceId)),
    spanId,
    service,
    name: typeof raw.name === 'string' ? raw.name : '',
    kind,
    startMs: start,
    endMs: start + duration,
    error: tags.error !== undefined || tags['otel.status_code'] === 'ERROR' || serverFailed(tags),
    links: [],
  };
  if (parentSpanId !== undefined) span.parentSpanId = parentSpanId;
  const remote = isObject(raw.remoteEndpoint) ? raw.remoteEndpoint.serviceName : undefined;
  addAttributes(span, tags);
  if (span.peer === undefined && typeof remote === 'string' && remote !== '') span.peer = remote;
  return span;
}

/** Ids are hex; exports differ in letter case only. */
function normaliseId(id: string): string {
  return id.toLowerCase();
}

function namedKind(kind: unknown): SpanKind {
  if (typeof kind !== 'string') return 'internal';
  const name = kind.toLowerCase();
  return name === 'server' || name === 'client' || name === 'producer' || name === 'consumer' ? name : 'internal';
}

/** A 5xx answer: the call failed even when the instrumentation did not set an error status. */
function serverFailed(attributes: Record<string, unknown>): boolean {
  const code = Number(attributes['http.response.status_code'] ?? attributes['http.status_code']);
  return Number.isFinite(code) && code >= 500;
}

/** Reads the attributes (tags) the importer uses, by their current names and the older ones. */
function addAttributes(span: TraceSpan, attributes: Record<string, unknown>): void {
  const destination = firstString(attributes, ['messaging.destination.name', 'messaging.destination', 'messaging.kafka.destination', 'message_bus.destination']);
  if (destination !== undefined) span.destination = destination;
  const peer = firstString(attributes, ['peer.service', 'server.address', 'net.peer.name', 'http.host', 'rpc.service']);
  if (peer !== undefined) span.peer = peer;
  if (typeof attributes['db.system'] === 'string' || typeof attributes['db.system.name'] === 'string') span.database = true;
  span.name = nameOperation(span.name, attributes);
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/**
 * An HTTP span named by its method alone (instrumentations do so when no framework tells the
 * route) is named by its route, else by its path with the parts that vary per request (numbers,
 * UUIDs, long hex) written as {id}: "POST" becomes "POST /orders/{id}/items".
 */
export function nameOperation(name: string, attributes: Record<string, unknown>): string {
  if (!HTTP_METHODS.has(name.toUpperCase())) return name;
  const route = firstString(attributes, ['http.route']);
  if (route !== undefined) return `${name} ${route}`;
  const target = firstString(attributes, ['url.path', 'http.target', 'http.path']) ?? pathOf(firstString(attributes, ['url.full', 'http.url']));
  if (target === undefined) return name;
  const path = target.split(/[?#]/, 1)[0]!;
  const templated = path
    .split('/')
    .map((part) => (/^\d+$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^[0-9a-f]{16,}$/i.test(part) ? '{id}' : part))
    .join('/');
  return templated === '' ? name : `${name} ${templated}`;
}

function pathOf(url: string | undefined): string | undefined {
  if (url === undefined || !URL.canParse(url)) return undefined;
  return new URL(url).pathname;
}

function firstString(attributes: Record<string, unknown>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = attributes[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

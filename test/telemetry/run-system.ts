/**
 * Runs a small real multi-service system on loopback, instrumented with the OpenTelemetry JS
 * SDK, and records its traces in two real export formats, for testing the trace importer.
 *
 * The OpenTelemetry Collector binary cannot run here, so this process stands in for it: the
 * receiver below plays the Collector's OTLP receiver (OTLP/HTTP, JSON body, POST /v1/traces)
 * plus its file exporter (each request written as one compact ExportTraceServiceRequest JSON
 * line), and a Zipkin server (POST /api/v2/spans), whose spans are written as one JSON array.
 *
 * Services (each a Node child process running a .cjs script in ./system, so that
 * @opentelemetry/instrumentation-http patches require('http') for real):
 *   shop → cart, payments (one retry on 503), catalog     synchronous HTTP
 *   shop → topic orders.placed → email, analytics          through the stand-in broker (TCP)
 *   shop → queue invoices → billing → payments             through the broker, then HTTP
 * Every port is chosen by the OS; children report theirs over the IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface RecordedTelemetry {
  otlpFile: string;
  zipkinFile: string;
}

export interface RecordOptions {
  /** Checkouts to send (POST /checkout), default 12. */
  orders?: number;
  /** Product reads to send (GET /products), default 6. */
  browses?: number;
  /** Give up after this long, default 20 000 ms. */
  timeoutMs?: number;
}

const systemDir = join(import.meta.dirname, 'system');

type ChildMessage = { type: 'ready'; port?: number } | { type: 'processed'; count: number; error?: string };

interface Service {
  name: string;
  child: ChildProcess;
  output: string;
  processed: number;
  ready: Promise<number | undefined>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stopping: boolean;
}

/** Starts the system, sends `orders` checkouts and `browses` product reads, waits for the consumers, shuts every service down (flushing its spans), and writes the two export files into `dir`. */
export async function recordSystem(dir: string, options: RecordOptions = {}): Promise<RecordedTelemetry> {
  const orders = options.orders ?? 12;
  const browses = options.browses ?? 6;
  const timeoutMs = options.timeoutMs ?? 20_000;
  for (const [name, value] of Object.entries({ orders, browses })) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`recordSystem: ${name} must be a whole number ≥ 0, got ${value}`);
  }

  const otlpFile = join(dir, 'traces.otlp.jsonl');
  const zipkinFile = join(dir, 'traces.zipkin.json');
  writeFileSync(otlpFile, '');

  const deadline = Date.now() + timeoutMs;
  const services: Service[] = [];
  const failures: string[] = [];
  let failNow: (error: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    failNow = reject;
  });
  failed.catch(() => {});
  const consumers = new Map<string, number>(); // consumer → messages it must process
  let consumersDone: () => void = () => {};
  const allConsumed = new Promise<void>((resolve) => {
    consumersDone = resolve;
  });

  const describeState = () =>
    services
      .map((s) => {
        const want = consumers.get(s.name);
        const count = want === undefined ? '' : ` processed ${s.processed}/${want}`;
        const tail = s.output.trim().split('\n').slice(-15).join('\n    ');
        return `  ${s.name} (pid ${s.child.pid}, ${s.child.exitCode === null && s.child.signalCode === null ? 'running' : `exited ${s.child.exitCode ?? s.child.signalCode}`})${count}${tail ? `\n    ${tail}` : ''}`;
      })
      .join('\n');

  /** Waits for `promise`, failing when the deadline passes or a service fails first. */
  const within = async <T>(promise: Promise<T>, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`recordSystem: timed out after ${timeoutMs / 1000} s while ${what}.\nServices:\n${describeState()}`));
      }, Math.max(0, deadline - Date.now()));
    });
    try {
      return await Promise.race([promise, timeout, failed]);
    } finally {
      clearTimeout(timer);
    }
  };

  const checkConsumed = () => {
    for (const [name, want] of consumers) {
      const service = services.find((s) => s.name === name);
      if (!service || service.processed < want) return;
    }
    consumersDone();
  };

  const start = (name: string, script: string, env: Record<string, string>): Service => {
    const child = fork(join(systemDir, script), [], {
      execArgv: [],
      env: childEnv({ SERVICE_NAME: name, ...env }),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let readyResolve: (port: number | undefined) => void = () => {};
    let readyReject: (error: Error) => void = () => {};
    const service: Service = {
      name,
      child,
      output: '',
      processed: 0,
      stopping: false,
      ready: new Promise((resolve, reject) => {
        readyResolve = resolve;
        readyReject = reject;
      }),
      exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    };
    service.ready.catch(() => {});
    const keep = (chunk: Buffer) => {
      service.output = (service.output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (error) => failNow(new Error(`recordSystem: service ${name} failed: ${error.message}`)));
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'ready') readyResolve(message.port);
      else if (message.type === 'processed') {
        service.processed = message.count;
        if (message.error) failures.push(`${name} failed to process a message: ${message.error}`);
        checkConsumed();
      }
    });
    child.once('exit', (code, signal) => {
      const error = new Error(`recordSystem: service ${name} exited unexpectedly (${code ?? signal}).\nServices:\n${describeState()}`);
      readyReject(error);
      if (!service.stopping) failNow(error);
    });
    services.push(service);
    return service;
  };

  const receiver = await startReceiver(otlpFile);
  const driver = new Agent({ keepAlive: false });
  try {
    const collector = { COLLECTOR_URL: `http://127.0.0.1:${receiver.port}` };

    const broker = start('broker', 'broker.cjs', { BROKER_TOPICS: 'orders.placed', BROKER_QUEUES: 'invoices' });
    const backends = [start('cart', 'cart.cjs', collector), start('payments', 'payments.cjs', collector), start('catalog', 'catalog.cjs', collector)];
    const brokerPort = await within(broker.ready, 'starting broker');
    const [cartPort, paymentsPort, catalogPort] = await within(Promise.all(backends.map((s) => s.ready)), 'starting cart, payments and catalog');
    const urls = {
      CART_URL: `http://127.0.0.1:${cartPort}`,
      PAYMENTS_URL: `http://127.0.0.1:${paymentsPort}`,
      CATALOG_URL: `http://127.0.0.1:${catalogPort}`,
    };
    const messaging = { ...collector, BROKER_PORT: String(brokerPort) };

    // Consumers subscribe before anything is published: each says ready once subscribed.
    consumers.set('email', orders).set('analytics', orders).set('billing', orders);
    const consumerServices = ['email', 'analytics', 'billing'].map((name) => start(name, 'consumer.cjs', { ...messaging, ...urls }));
    const shop = start('shop', 'shop.cjs', { ...messaging, ...urls });
    await within(Promise.all(consumerServices.map((s) => s.ready)), 'starting email, analytics and billing');
    const shopPort = await within(shop.ready, 'starting shop');
    if (shopPort === undefined) throw new Error('recordSystem: shop reported no port');

    // The driver: plain, uninstrumented HTTP from this process, so shop's SERVER spans are roots.
    const calls: Array<() => Promise<void>> = [];
    for (let order = 1; order <= orders; order++) calls.push(() => expectStatus(driver, shopPort, 'POST', '/checkout', { order }, 201));
    for (let i = 0; i < browses; i++) calls.push(() => expectStatus(driver, shopPort, 'GET', '/products', undefined, 200));
    await within(runLimited(calls, 4), `sending ${orders} checkouts and ${browses} product reads to shop`);

    checkConsumed();
    await within(allConsumed, 'waiting for the consumers to process every message');
    if (failures.length) throw new Error(`recordSystem: ${failures.join('\n')}`);

    // Shut every service down; each flushes its batch span processors before exiting 0.
    const instrumented = services.filter((s) => s !== broker);
    for (const s of instrumented) s.stopping = true;
    for (const s of instrumented) s.child.send({ type: 'shutdown' });
    const exits = await within(Promise.all(instrumented.map((s) => s.exited)), 'shutting the services down (flushing spans)');
    const bad = instrumented.filter((_, i) => exits[i]?.code !== 0);
    if (bad.length) throw new Error(`recordSystem: ${bad.map((s) => s.name).join(', ')} did not shut down cleanly.\nServices:\n${describeState()}`);
    broker.stopping = true;
    broker.child.send({ type: 'shutdown' });
    await within(broker.exited, 'shutting the broker down');

    if (receiver.errors.length) throw new Error(`recordSystem: the stand-in collector rejected requests:\n${receiver.errors.join('\n')}`);
    writeFileSync(zipkinFile, JSON.stringify(receiver.zipkinSpans));
    return { otlpFile, zipkinFile };
  } finally {
    driver.destroy();
    for (const s of services) {
      s.stopping = true;
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    }
    await Promise.race([Promise.all(services.map((s) => s.exited)), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await receiver.close();
  }
}

/** The children's environment: ours, without OTEL_* settings (the SDK would obey them) or NODE_OPTIONS. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('OTEL_') || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

async function runLimited(calls: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const call = calls[next++];
      if (call) await call();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, calls.length) }, worker));
}

function expectStatus(agent: Agent, port: number, method: string, path: string, body: unknown, status: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: payload === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      readBody(res).then((text) => {
        if (res.statusCode === status) resolve();
        else reject(new Error(`recordSystem: ${method} ${path} ${payload ?? ''} answered ${res.statusCode}, expected ${status}: ${text.toString('utf8')}`));
      }, reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

interface Receiver {
  port: number;
  zipkinSpans: unknown[];
  errors: string[];
  close(): Promise<void>;
}

/** The stand-in for the Collector's OTLP/HTTP receiver + file exporter, and for a Zipkin server. */
async function startReceiver(otlpFile: string): Promise<Receiver> {
  const zipkinSpans: unknown[] = [];
  const errors: string[] = [];
  const server: Server = createServer((req, res) => {
    readBody(req).then(
      (raw) => {
        const reply = (status: number, text = '') => res.writeHead(status, { 'content-type': 'application/json' }).end(text);
        try {
          const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          const type = String(req.headers['content-type'] ?? '');
          if (req.method === 'POST' && req.url === '/v1/traces') {
            if (!type.startsWith('application/json')) {
              errors.push(`/v1/traces got content-type ${type}, expected application/json`);
              return reply(415, '{}');
            }
            const request = JSON.parse(body.toString('utf8')) as unknown;
            appendFileSync(otlpFile, `${JSON.stringify(request)}\n`);
            return reply(200, '{}'); // an empty ExportTraceServiceResponse: full success
          }
          if (req.method === 'POST' && req.url === '/api/v2/spans') {
            const spans = JSON.parse(body.toString('utf8')) as unknown;
            if (!Array.isArray(spans)) {
              errors.push('/api/v2/spans got a body that is not a JSON array');
              return reply(400);
            }
            zipkinSpans.push(...spans);
            return reply(202);
          }
          errors.push(`unexpected ${req.method} ${req.url}`);
          return reply(404, '{}');
        } catch (error) {
          errors.push(`${req.method} ${req.url}: ${(error as Error).message}`);
          return reply(400, '{}');
        }
      },
      (error: Error) => errors.push(`${req.method} ${req.url}: ${error.message}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('recordSystem: the receiver has no port');
  return {
    port: address.port,
    zipkinSpans,
    errors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

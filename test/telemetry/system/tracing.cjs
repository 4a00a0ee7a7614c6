'use strict';
/**
 * OpenTelemetry set-up shared by every instrumented service of the test system, and the
 * service's life cycle (ready / processed reports to the runner, graceful shutdown).
 *
 * A service script requires this module FIRST, calls startTracing(), and only then requires
 * 'http' (directly or through ./http-util.cjs), so that @opentelemetry/instrumentation-http
 * patches the http module the service really uses.
 *
 * Environment, set by ../run-system.ts:
 *   SERVICE_NAME   the service's name, becomes the resource attribute service.name
 *   COLLECTOR_URL  base URL of the stand-in collector (OTLP/HTTP JSON and Zipkin endpoints)
 */
const { diag, DiagConsoleLogger, DiagLogLevel, trace } = require('@opentelemetry/api');
const { W3CTraceContextPropagator } = require('@opentelemetry/core');
const { defaultResource, resourceFromAttributes } = require('@opentelemetry/resources');
const { ATTR_SERVICE_NAME } = require('@opentelemetry/semantic-conventions');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { ZipkinExporter } = require('@opentelemetry/exporter-zipkin');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

let provider;
let shuttingDown = false;
const beforeShutdown = [];

/** Starts the SDK for this process; returns the service name and a tracer. */
function startTracing() {
  const serviceName = process.env.SERVICE_NAME;
  const collector = process.env.COLLECTOR_URL;
  if (!serviceName || !collector) throw new Error('SERVICE_NAME and COLLECTOR_URL must be set');

  // Export failures are logged to stderr, which the runner shows when a run fails.
  diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);

  provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName })),
    spanProcessors: [
      // OTLP/HTTP with a JSON body: this exporter class always sends application/json.
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${collector}/v1/traces` })),
      new BatchSpanProcessor(new ZipkinExporter({ url: `${collector}/api/v2/spans` })),
    ],
  });
  // Registers the global tracer provider, the AsyncLocalStorage context manager and W3C
  // trace-context propagation (traceparent / tracestate).
  provider.register({ propagator: new W3CTraceContextPropagator() });
  registerInstrumentations({ tracerProvider: provider, instrumentations: [new HttpInstrumentation()] });

  process.on('message', (message) => {
    if (message && message.type === 'shutdown') void shutdown();
  });
  process.on('SIGTERM', () => void shutdown());
  // The runner went away without asking: do not linger as an orphan.
  process.on('disconnect', () => {
    if (!shuttingDown) process.exit(1);
  });

  return { serviceName, tracer: trace.getTracer('sync-or-async-test-system', '1.0.0') };
}

/** Registers work to do before the provider is shut down (e.g. closing a server). */
function onShutdown(fn) {
  beforeShutdown.push(fn);
}

async function shutdown() {
  if (shuttingDown) return;
  shuttingDown = true;
  try {
    for (const fn of beforeShutdown) await fn();
    // Ends the batch processors: every span still queued is exported before this resolves.
    await provider.shutdown();
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}

/** Tells the runner something (no-op when run by hand, without an IPC channel). */
function report(message) {
  if (process.send) process.send(message);
}

module.exports = { startTracing, onShutdown, report };

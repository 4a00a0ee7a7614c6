'use strict';
/**
 * Small helpers over the (instrumented) http module. Require only after startTracing().
 */
const http = require('http');
const { onShutdown, report } = require('./tracing.cjs');

/** Serves `handler(req, body)` → { status, body } on 127.0.0.1 at a port the OS picks. */
function serve(handler) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad json"}');
        return;
      }
      Promise.resolve()
        .then(() => handler(req, body))
        .then(
          (out) => {
            const payload = JSON.stringify(out.body ?? {});
            res.writeHead(out.status, { 'content-type': 'application/json' }).end(payload);
          },
          (error) => {
            console.error(error);
            res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
          },
        );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port }));
  });
}

/** Serves `handler` as this process's service: reports its port to the runner, closes the server on shutdown. */
function serveService(handler) {
  serve(handler).then(
    ({ server, port }) => {
      onShutdown(() => server.close());
      report({ type: 'ready', port });
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** A synchronous HTTP call: resolves with { status, body } once the whole answer is in. */
function call(method, url, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode, body: parsed });
      });
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** A few milliseconds of "work", so that latencies are not zero. */
function work(minMs = 2, maxMs = 15) {
  const ms = minMs + Math.floor(Math.random() * (maxMs - minMs + 1));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { serve, serveService, call, work };

'use strict';
/**
 * payments: POST /charge and GET /invoice-data?order=N.
 * For one order in three (order numbers 1, 4, 7, …) the first charge attempt answers 503, as
 * a flaky payment provider would; the retry succeeds. Deterministic, so tests can count.
 */
const { startTracing } = require('./tracing.cjs');

startTracing();

const { serveService, work } = require('./http-util.cjs');

const attempts = new Map(); // order → charge attempts seen

serveService(async (req, body) => {
  const url = new URL(req.url, 'http://payments');
  if (req.method === 'POST' && url.pathname === '/charge') {
    const order = Number(body?.order);
    const attempt = (attempts.get(order) ?? 0) + 1;
    attempts.set(order, attempt);
    await work();
    if (order % 3 === 1 && attempt === 1) return { status: 503, body: { error: 'payment provider unavailable, retry' } };
    return { status: 200, body: { order, charged: body?.amount ?? 0, attempt } };
  }
  if (req.method === 'GET' && url.pathname === '/invoice-data') {
    await work();
    const order = Number(url.searchParams.get('order'));
    return { status: 200, body: { order, attempts: attempts.get(order) ?? 0, currency: 'EUR' } };
  }
  return { status: 404, body: { error: 'not found' } };
});

'use strict';
/** cart: GET /cart/:id answers the cart's lines and total. */
const { startTracing } = require('./tracing.cjs');

startTracing();

const { serveService, work } = require('./http-util.cjs');

serveService(async (req) => {
  const match = /^\/cart\/(\d+)$/.exec(new URL(req.url, 'http://cart').pathname);
  if (req.method !== 'GET' || !match) return { status: 404, body: { error: 'not found' } };
  await work();
  const id = Number(match[1]);
  const lines = [{ sku: `sku-${id % 5}`, quantity: 1 + (id % 3), price: 9.5 }];
  return { status: 200, body: { id, lines, total: lines.reduce((sum, l) => sum + l.quantity * l.price, 0) } };
});

'use strict';
/** catalog: GET /items answers the product list. */
const { startTracing } = require('./tracing.cjs');

startTracing();

const { serveService, work } = require('./http-util.cjs');

serveService(async (req) => {
  if (req.method !== 'GET' || new URL(req.url, 'http://catalog').pathname !== '/items') return { status: 404, body: { error: 'not found' } };
  await work();
  return { status: 200, body: { items: [{ sku: 'sku-0', name: 'mug' }, { sku: 'sku-1', name: 'teapot' }] } };
});

'use strict';
/** catalog: GET /items answers the product list. */
const { startTracing, onShutdown, report } = require('./tracing.cjs');

startTracing();

const { serve, work } = require('./http-util.cjs');

serve(async (req) => {
  if (req.method !== 'GET' || new URL(req.url, 'http://catalog').pathname !== '/items') return { status: 404, body: { error: 'not found' } };
  await work();
  return { status: 200, body: { items: [{ sku: 'sku-0', name: 'mug' }, { sku: 'sku-1', name: 'teapot' }] } };
}).then(({ server, port }) => {
  onShutdown(() => server.close());
  report({ type: 'ready', port });
}, (error) => {
  console.error(error);
  process.exit(1);
});

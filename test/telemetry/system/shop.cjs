'use strict';
/**
 * shop: the entry service. POST /checkout calls cart and payments synchronously (retrying a
 * payment once when payments answers 503), then publishes "order placed" to the topic
 * orders.placed and an invoice request to the queue invoices. GET /products calls catalog.
 *
 * Environment: CART_URL, PAYMENTS_URL, CATALOG_URL, BROKER_PORT (plus those of tracing.cjs).
 */
const { startTracing, onShutdown, report } = require('./tracing.cjs');

const { tracer } = startTracing();

const { serve, call } = require('./http-util.cjs');
const { connectBroker } = require('./broker-client.cjs');
const { publish } = require('./messaging.cjs');

const { CART_URL, PAYMENTS_URL, CATALOG_URL, BROKER_PORT } = process.env;

async function charge(order, amount) {
  let answer = await call('POST', `${PAYMENTS_URL}/charge`, { order, amount });
  if (answer.status === 503) answer = await call('POST', `${PAYMENTS_URL}/charge`, { order, amount }); // one retry
  return answer;
}

async function main() {
  const broker = await connectBroker(Number(BROKER_PORT));
  const { server, port } = await serve(async (req, body) => {
    const url = new URL(req.url, 'http://shop');
    if (req.method === 'POST' && url.pathname === '/checkout') {
      const order = Number(body?.order);
      if (!Number.isInteger(order)) return { status: 400, body: { error: 'order must be an integer' } };
      const cart = await call('GET', `${CART_URL}/cart/${order}`);
      if (cart.status !== 200) return { status: 502, body: { error: `cart answered ${cart.status}` } };
      const payment = await charge(order, cart.body.total);
      if (payment.status !== 200) return { status: 502, body: { error: `payments answered ${payment.status}` } };
      await publish(tracer, broker, 'orders.placed', `order-${order}`, { event: 'order placed', order, total: cart.body.total });
      await publish(tracer, broker, 'invoices', `invoice-${order}`, { order, total: cart.body.total });
      return { status: 201, body: { order, status: 'placed' } };
    }
    if (req.method === 'GET' && url.pathname === '/products') {
      const items = await call('GET', `${CATALOG_URL}/items`);
      if (items.status !== 200) return { status: 502, body: { error: `catalog answered ${items.status}` } };
      return { status: 200, body: items.body };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  onShutdown(() => {
    server.close();
    broker.close();
  });
  report({ type: 'ready', port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

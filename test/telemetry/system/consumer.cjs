'use strict';
/**
 * The consuming services: email and analytics subscribe to the topic orders.placed (each as its
 * own group, so each gets every message); billing subscribes to the queue invoices and, inside
 * its consumer span, calls payments synchronously (GET /invoice-data).
 *
 * email and billing make their CONSUMER span a child of the producer's context; analytics starts
 * a new trace with a span link to it. Both patterns are what real messaging instrumentations do.
 *
 * Environment: SERVICE_NAME (email | analytics | billing), BROKER_PORT, PAYMENTS_URL (billing).
 * After each message it reports {type:'processed', count} to the runner.
 */
const { startTracing, onShutdown, report } = require('./tracing.cjs');

const { serviceName, tracer } = startTracing();

const { call, work } = require('./http-util.cjs');
const { connectBroker } = require('./broker-client.cjs');
const { consume } = require('./messaging.cjs');

const roles = {
  email: { destination: 'orders.placed', mode: 'child', work: () => work() },
  analytics: { destination: 'orders.placed', mode: 'link', work: () => work() },
  billing: {
    destination: 'invoices',
    mode: 'child',
    async work(message) {
      const answer = await call('GET', `${process.env.PAYMENTS_URL}/invoice-data?order=${encodeURIComponent(message.body.order)}`);
      if (answer.status !== 200) throw new Error(`payments answered ${answer.status}`);
      await work();
    },
  },
};

async function main() {
  const role = roles[serviceName];
  if (!role) throw new Error(`unknown consumer ${serviceName}`);
  const broker = await connectBroker(Number(process.env.BROKER_PORT));
  let processed = 0;
  await consume(tracer, broker, {
    destination: role.destination,
    group: serviceName,
    mode: role.mode,
    work: role.work,
    done: (error) => report({ type: 'processed', count: ++processed, ...(error ? { error: String(error.stack ?? error) } : {}) }),
  });
  onShutdown(() => broker.close());
  report({ type: 'ready' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

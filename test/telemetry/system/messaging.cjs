'use strict';
/**
 * Producer and consumer spans for the stand-in broker, made by hand with the OpenTelemetry
 * API the way messaging instrumentations (amqplib, kafkajs, …) make them, following the
 * messaging semantic conventions: span name "{operation name} {destination}", attributes
 * messaging.system, messaging.destination.name, messaging.operation.type / .name, and the
 * trace context carried in the message headers (W3C traceparent, via the global propagator).
 */
const { context, propagation, trace, SpanKind, SpanStatusCode, ROOT_CONTEXT } = require('@opentelemetry/api');
const {
  ATTR_MESSAGING_SYSTEM,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
} = require('@opentelemetry/semantic-conventions/incubating');
const { ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } = require('@opentelemetry/semantic-conventions');

// The broker is this test system's own stand-in (./broker.cjs), none of the systems the
// semantic conventions name (kafka, rabbitmq, …). The conventions allow other values, so we
// say what it is rather than pretend to be a real product.
const MESSAGING_SYSTEM = 'loopback';

function commonAttributes(broker, destination, operationType, operationName) {
  return {
    [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
    [ATTR_MESSAGING_DESTINATION_NAME]: destination,
    [ATTR_MESSAGING_OPERATION_TYPE]: operationType,
    [ATTR_MESSAGING_OPERATION_NAME]: operationName,
    [ATTR_SERVER_ADDRESS]: '127.0.0.1',
    [ATTR_SERVER_PORT]: broker.port,
  };
}

/** Publishes one message inside a PRODUCER span (child of the active span). */
async function publish(tracer, broker, destination, messageId, body) {
  const span = tracer.startSpan(`publish ${destination}`, {
    kind: SpanKind.PRODUCER,
    attributes: { ...commonAttributes(broker, destination, MESSAGING_OPERATION_TYPE_VALUE_SEND, 'publish'), [ATTR_MESSAGING_MESSAGE_ID]: messageId },
  });
  const headers = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  try {
    await broker.publish(destination, messageId, headers, body);
  } catch (error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error.message ?? error) });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Subscribes and runs `work(message)` inside a CONSUMER span for each delivered message.
 * mode 'child': the span is a child of the producer's context, taken from the headers.
 * mode 'link':  the span starts a new trace, with a link to the producer's context.
 * `done(error?)` is called after each span has ended.
 */
function consume(tracer, broker, { destination, group, mode, work, done }) {
  return broker.subscribe(destination, group, (message) => {
    const producer = propagation.extract(ROOT_CONTEXT, message.headers ?? {});
    const attributes = {
      ...commonAttributes(broker, destination, MESSAGING_OPERATION_TYPE_VALUE_PROCESS, 'process'),
      [ATTR_MESSAGING_MESSAGE_ID]: message.id,
      [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: group,
    };
    const options = { kind: SpanKind.CONSUMER, attributes };
    let parent = producer;
    if (mode === 'link') {
      const linked = trace.getSpanContext(producer);
      if (linked) options.links = [{ context: linked }];
      options.root = true;
      parent = ROOT_CONTEXT;
    }
    void tracer.startActiveSpan(`process ${destination}`, options, parent, async (span) => {
      let failure;
      try {
        await work(message);
      } catch (error) {
        failure = error;
        span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(error.message ?? error) });
      } finally {
        span.end();
        done(failure);
      }
    });
  });
}

module.exports = { publish, consume, MESSAGING_SYSTEM };

'use strict';
/**
 * Client of the stand-in broker (./broker.cjs): newline-delimited JSON over TCP.
 */
const net = require('net');
const readline = require('readline');

function connectBroker(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const pending = new Map(); // publish id → { resolve, reject }
    const subscriptions = new Map(); // destination → { handler, resolve }
    let closed = false;

    function fail(error) {
      closed = true;
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    }

    readline.createInterface({ input: socket, crlfDelay: Infinity }).on('line', (line) => {
      if (!line.trim()) return;
      const message = JSON.parse(line);
      if (message.op === 'ack' || message.op === 'error') {
        const waiter = pending.get(message.id);
        if (!waiter) return;
        pending.delete(message.id);
        if (message.op === 'ack') waiter.resolve(message);
        else waiter.reject(new Error(message.message));
      } else if (message.op === 'subscribed') {
        subscriptions.get(message.destination)?.resolve();
      } else if (message.op === 'deliver') {
        subscriptions.get(message.destination)?.handler(message);
      }
    });
    socket.on('error', (error) => {
      fail(error);
      reject(error);
    });
    socket.on('close', () => fail(new Error('broker connection closed')));
    socket.on('connect', () =>
      resolve({
        port,
        /** Resolves when the broker has accepted the message. */
        publish(destination, id, headers, body) {
          if (closed) return Promise.reject(new Error('broker connection closed'));
          return new Promise((res, rej) => {
            pending.set(id, { resolve: res, reject: rej });
            socket.write(`${JSON.stringify({ op: 'publish', id, destination, headers, body })}\n`);
          });
        },
        /** Resolves once subscribed; handler(message) is called for every delivered message. */
        subscribe(destination, group, handler) {
          return new Promise((res) => {
            subscriptions.set(destination, { handler, resolve: res });
            socket.write(`${JSON.stringify({ op: 'subscribe', destination, group })}\n`);
          });
        },
        close() {
          closed = true;
          socket.end();
        },
      }),
    );
  });
}

module.exports = { connectBroker };

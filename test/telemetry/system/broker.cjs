'use strict';
/**
 * A stand-in message broker for the test system. It speaks newline-delimited JSON over plain
 * TCP (node:net), not HTTP, so the http instrumentation sees none of its traffic; it loads no
 * OpenTelemetry at all and creates no spans. Trace context travels only in message headers,
 * put there by the producers and read by the consumers.
 *
 * Commands (one JSON object a line), client → broker:
 *   {"op":"publish","id":"…","destination":"…","headers":{…},"body":…}   → {"op":"ack","id":"…"}
 *   {"op":"subscribe","destination":"…","group":"…"}                   → {"op":"subscribed",…}
 * broker → subscriber:
 *   {"op":"deliver","id":"…","destination":"…","headers":{…},"body":…}
 * A topic delivers each message once to every subscribing group (round robin within a group);
 * a queue delivers it to exactly one of its consumers, whatever group they name. A queue keeps
 * messages until a consumer subscribes; a topic with no group drops them.
 *
 * Environment: BROKER_TOPICS and BROKER_QUEUES, comma-separated destination names.
 */
const net = require('net');
const readline = require('readline');

const kinds = new Map();
for (const name of (process.env.BROKER_TOPICS ?? '').split(',').filter(Boolean)) kinds.set(name, 'topic');
for (const name of (process.env.BROKER_QUEUES ?? '').split(',').filter(Boolean)) kinds.set(name, 'queue');

/** destination → group name → { consumers: Socket[], next: number, backlog: message[] } */
const destinations = new Map();
for (const name of kinds.keys()) destinations.set(name, new Map());

function groupOf(destination, groupName) {
  const groups = destinations.get(destination);
  const key = kinds.get(destination) === 'queue' ? '' : groupName;
  let group = groups.get(key);
  if (!group) {
    group = { consumers: [], next: 0, backlog: [] };
    groups.set(key, group);
  }
  return group;
}

function send(socket, message) {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}

function deliver(group, message) {
  const live = group.consumers.filter((s) => !s.destroyed);
  group.consumers = live;
  if (live.length === 0) {
    group.backlog.push(message);
    return;
  }
  const socket = live[group.next % live.length];
  group.next += 1;
  send(socket, { op: 'deliver', ...message });
}

function handle(socket, command) {
  const kind = kinds.get(command.destination);
  if (!kind) {
    send(socket, { op: 'error', id: command.id, message: `unknown destination ${command.destination}` });
    return;
  }
  if (command.op === 'publish') {
    const message = { id: command.id, destination: command.destination, headers: command.headers ?? {}, body: command.body };
    const groups = destinations.get(command.destination);
    if (kind === 'queue') deliver(groupOf(command.destination, ''), message);
    else for (const group of groups.values()) deliver(group, message);
    send(socket, { op: 'ack', id: command.id });
  } else if (command.op === 'subscribe') {
    const group = groupOf(command.destination, command.group ?? '');
    group.consumers.push(socket);
    send(socket, { op: 'subscribed', destination: command.destination, group: command.group });
    const backlog = group.backlog.splice(0);
    for (const message of backlog) deliver(group, message);
  } else {
    send(socket, { op: 'error', id: command.id, message: `unknown op ${command.op}` });
  }
}

const server = net.createServer((socket) => {
  readline.createInterface({ input: socket, crlfDelay: Infinity }).on('line', (line) => {
    if (!line.trim()) return;
    let command;
    try {
      command = JSON.parse(line);
    } catch {
      send(socket, { op: 'error', message: 'bad json' });
      return;
    }
    handle(socket, command);
  });
  socket.on('error', () => socket.destroy());
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  process.exit(0);
}
process.on('message', (message) => {
  if (message && message.type === 'shutdown') stop();
});
process.on('SIGTERM', stop);
process.on('disconnect', () => {
  if (!stopping) process.exit(1);
});

server.listen(0, '127.0.0.1', () => {
  if (process.send) process.send({ type: 'ready', port: server.address().port });
});

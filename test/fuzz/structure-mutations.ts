/**
 * Mutations of what a YAML file means rather than how it is written: the file is parsed with
 * the `yaml` library, a value is changed (a wrong type, a missing or unknown key, an unknown
 * answer, a duplicate id, a cycle, a huge list...), and the data is written out again. Files
 * the library cannot parse are left to the text mutations.
 */
import { parse, stringify } from 'yaml';
import type { Random } from './random.js';

/** What the built-in pack defines, so that mutations can use real ids as well as wrong ones. */
export interface Vocabulary {
  /** Question id -> its answers (yes/no questions: yes, no). */
  questions: ReadonlyMap<string, readonly string[]>;
  rules: readonly string[];
  checklist: readonly string[];
  systemRules: readonly string[];
}

type Data = Record<string, unknown>;

export interface StructureMutation {
  name: string;
  weight: number;
  /** Mostly leaves a valid file valid, so the engine and renderers get to see it. */
  gentle?: boolean;
  /** Whether the mutation has something to work on in this data. */
  fits(data: Data): boolean;
  /** Changes the data in place, or returns new data. */
  apply(data: Data, random: Random, vocabulary: Vocabulary): Data | void;
}

const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const KINDS = ['client', 'edge', 'service', 'partner', 'read_model', 'unknown'];
const STYLES = ['sync', 'async', 'hybrid'];
const WORDS = ['yes', 'no', 'unknown', 'maybe', 'true', 'sync', 'async', 'event', 'call+event', 'queue', 'fail_close', 'Query', 'COMMAND', 'facts', 'resul', 'nothing', ' yes', 'yes ', 'n/a', '-', '*'];
const TEMPLATES = ['{{', '}}', '{{from', '{{#from}}x{{/from}}', '{{^to}}x{{/to}}', '{{>reasons}}', '{{{to}}}', '{{& from}}', '{{=<% %>=}}', '{{!comment}}', '{{nope}}', '{{#a}}', '{{/a}}', '{{__proto__}}', '{{constructor}}', '{{from.length}}', '{{.}}', '{{latency_budget_ms}}'];

/** A plain map: not a list, and not the bytes or dates some tags turn into. */
function isRecord(value: unknown): value is Data {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function records(value: unknown): Data[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Wrong values of every type, including the ones that break naive code. */
function wrongValue(random: Random): unknown {
  return random.pick<() => unknown>([
    () => null,
    () => true,
    () => false,
    () => 0,
    () => -1,
    () => 1.5,
    () => 1e308,
    () => -1e-320,
    () => Number.NaN,
    () => Number.POSITIVE_INFINITY,
    () => Number.NEGATIVE_INFINITY,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => '',
    () => ' ',
    () => 'unknown',
    () => [],
    () => ({}),
    () => ['a', 'b'],
    () => [[[]]],
    () => ({ a: 1 }),
    () => ({ __proto__: null, constructor: 'x' }),
    () => 'x'.repeat(random.between(100, 20_000)),
    () => '2026-02-30',
    () => '2026-11-22T10:00:00Z',
    () => 'line one\nline two',
    () => '\u202Eevil\u202C',
    () => '\u0000',
    () => random.pick(PROTO_NAMES),
    () => random.pick(TEMPLATES),
    () => random.pick(WORDS),
  ])();
}

/** Every container in the data with the path to it, up to a limit. */
function containers(root: unknown, limit = 4000): unknown[] {
  const found: unknown[] = [];
  const queue: unknown[] = [root];
  const seen = new Set<unknown>();
  while (queue.length > 0 && found.length < limit) {
    const node = queue.shift();
    if (!(Array.isArray(node) || isRecord(node)) || seen.has(node)) continue;
    seen.add(node);
    found.push(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) queue.push(child);
  }
  return found;
}

function pickContainer(data: Data, random: Random): Data | unknown[] {
  return random.pick(containers(data)) as Data | unknown[];
}

function keysOf(container: Data | unknown[]): (string | number)[] {
  return Array.isArray(container) ? container.map((_, index) => index) : Object.keys(container);
}

function setChild(container: Data | unknown[], key: string | number, value: unknown): void {
  if (Array.isArray(container)) container[key as number] = value;
  else Object.defineProperty(container, key, { value, enumerable: true, configurable: true, writable: true });
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function interactionsOf(data: Data): Data[] {
  return records(data['interactions']);
}

function pickInteraction(data: Data, random: Random): Data | undefined {
  const interactions = interactionsOf(data);
  return interactions.length > 0 ? random.pick(interactions) : undefined;
}

function answersOf(interaction: Data): Data {
  if (!isRecord(interaction['answers'])) interaction['answers'] = {};
  return interaction['answers'] as Data;
}

/** A near miss of a word: one letter dropped, doubled, swapped or changed in case. */
function typo(word: string, random: Random): string {
  if (word.length < 2) return `${word}x`;
  const at = random.below(word.length - 1);
  switch (random.below(4)) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word[at] + word.slice(at);
    case 2:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    default:
      return word.toUpperCase();
  }
}

function randomValidAnswers(random: Random, vocabulary: Vocabulary, count: number): Data {
  const answers: Data = {};
  const ids = [...vocabulary.questions.keys()];
  for (let index = 0; index < count; index += 1) {
    const id = random.pick(ids);
    answers[id] = random.chance(0.15) ? 'unknown' : random.pick(vocabulary.questions.get(id) ?? ['unknown']);
  }
  return answers;
}

function serviceNames(data: Data): string[] {
  const names = new Set<string>(isRecord(data['services']) ? Object.keys(data['services']) : []);
  for (const interaction of interactionsOf(data)) {
    for (const key of ['from', 'to']) if (typeof interaction[key] === 'string') names.add(interaction[key]);
  }
  return [...names];
}

const isAnswers = (data: Data): boolean => Array.isArray(data['interactions']) || 'version' in data || 'title' in data;
const isPack = (data: Data): boolean => ['questions', 'rules', 'checklist', 'system_rules', 'pack'].some((key) => key in data);
const isRuleTests = (data: Data): boolean => Array.isArray(data['cases']);

function edgeNumber(random: Random): number {
  return random.pick([0, -0, -1, 1, 0.5, 0.999999, 1.0000001, 2, 100, 1e6, 1e15, 1e300, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY, -1e308]);
}

/** A `when` condition made of real questions, nested `depth` levels deep. */
function nestCondition(condition: unknown, depth: number, random: Random): unknown {
  let node = condition;
  for (let level = 0; level < depth; level += 1) {
    node = random.pick<() => unknown>([() => ({ not: node }), () => ({ all: [node] }), () => ({ any: [node, { answer: 'intent', eq: 'fact' }] })])();
  }
  return node;
}

function randomLeaf(random: Random, vocabulary: Vocabulary): unknown {
  const ids = [...vocabulary.questions.keys()];
  const question = random.chance(0.8) ? random.pick(ids) : random.pick(['nope', 'needs_answer_now', ...PROTO_NAMES, '']);
  const answers = vocabulary.questions.get(question) ?? ['yes'];
  return random.pick<() => unknown>([
    () => ({ answer: question, eq: random.pick(answers) }),
    () => ({ answer: question, eq: 'unknown' }),
    () => ({ answer: question, in: answers.slice(0, random.between(0, answers.length)) }),
    () => ({ answer: question, nin: [] }),
    () => ({ answer: question, exists: random.pick([true, false, 'yes', 1]) }),
    () => ({ answer: question, eq: random.pick(answers), ne: random.pick(answers) }),
    () => ({ answer: question }),
    () => ({ answer: question, lt: 3 }),
    () => ({ number: random.pick(['latency_budget_ms', 'latency_p99_ms', 'availability', 'timeout_ms', 'retries', 'nope']), gt: edgeNumber(random) }),
    () => ({ number: 'retries', lte: 'three' }),
    () => ({ outcome: random.pick(['style', 'mechanism', 'reply', 'nope']), in: [...STYLES, 'call+event', 'polling', 'nope'] }),
    () => ({ all: [] }),
    () => ({ any: [] }),
    () => ({ not: [] }),
    () => ({ all: {} }),
    () => ({}),
    () => wrongValue(random),
  ])();
}

export const STRUCTURE_MUTATIONS: readonly StructureMutation[] = [
  // --- Anywhere ------------------------------------------------------------------------------
  {
    name: 'wrong-type',
    weight: 10,
    fits: () => true,
    apply: (data, random) => {
      const container = pickContainer(data, random);
      const keys = keysOf(container);
      if (keys.length === 0) return;
      setChild(container, random.pick(keys), wrongValue(random));
    },
  },
  {
    name: 'delete-key',
    weight: 8,
    fits: () => true,
    apply: (data, random) => {
      const container = pickContainer(data, random);
      const keys = keysOf(container);
      if (keys.length === 0) return;
      const key = random.pick(keys);
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
    },
  },
  {
    name: 'unknown-key',
    weight: 6,
    fits: () => true,
    apply: (data, random) => {
      const maps = containers(data).filter(isRecord);
      const map = random.pick(maps);
      const keys = Object.keys(map);
      const key = keys.length > 0 && random.chance(0.5) ? typo(random.pick(keys), random) : random.pick([...PROTO_NAMES, 'extra', 'notes', 'x-custom', '', ' ', 'Id', '\u200Bid']);
      setChild(map, key, random.chance(0.5) ? wrongValue(random) : 'value');
    },
  },
  {
    name: 'duplicate-item',
    weight: 5,
    fits: (data) => containers(data).some((node) => Array.isArray(node) && node.length > 0),
    apply: (data, random) => {
      const lists = containers(data).filter((node): node is unknown[] => Array.isArray(node) && node.length > 0);
      const list = random.pick(lists);
      const item = random.pick(list);
      // The same object twice is written as an anchor and an alias.
      list.splice(random.below(list.length + 1), 0, random.chance(0.5) ? item : clone(item));
    },
  },
  {
    name: 'huge-list',
    weight: 2,
    fits: (data) => containers(data).some((node) => Array.isArray(node) && node.length > 0),
    apply: (data, random) => {
      const lists = containers(data).filter((node): node is unknown[] => Array.isArray(node) && node.length > 0);
      const list = random.pick(lists);
      // Each rule test case is a decision of its own: a few hundred are already a long run.
      const isTestCases = list === data['cases'];
      const target = isTestCases
        ? random.between(20, 200)
        : random.weighted([
            [4, random.between(50, 500)],
            [1, random.between(500, 3000)],
          ] as const);
      const items = [...list];
      while (list.length < target) list.push(clone(random.pick(items)));
    },
  },
  {
    name: 'empty-value',
    weight: 4,
    fits: () => true,
    apply: (data, random) => {
      const container = pickContainer(data, random);
      const keys = keysOf(container);
      if (keys.length === 0) return;
      setChild(container, random.pick(keys), random.pick(['', null, [], {}, ' ', '\n']));
    },
  },
  // --- Answers files -------------------------------------------------------------------------
  {
    name: 'unknown-answer',
    weight: 6,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random, vocabulary) => {
      const interaction = pickInteraction(data, random)!;
      const answers = answersOf(interaction);
      const ids = Object.keys(answers);
      const question = ids.length > 0 ? random.pick(ids) : random.pick([...vocabulary.questions.keys()]);
      const current = typeof answers[question] === 'string' ? answers[question] : 'yes';
      const others = [...vocabulary.questions.values()].flat();
      answers[question] = random.pick([typo(current, random), random.pick(others), random.pick(WORDS), random.pick(PROTO_NAMES), wrongValue(random)]);
    },
  },
  {
    name: 'unknown-question',
    weight: 4,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random, vocabulary) => {
      const answers = answersOf(pickInteraction(data, random)!);
      const ids = [...vocabulary.questions.keys()];
      const question = random.pick([typo(random.pick(ids), random), 'needs_answer_now', 'pci_scope', 'data_class', ...PROTO_NAMES]);
      setChild(answers, question, random.pick(['yes', 'no', 'unknown', 'personal']));
    },
  },
  {
    name: 'random-answers',
    gentle: true,
    weight: 8,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random, vocabulary) => {
      const interactions = interactionsOf(data);
      const count = random.chance(0.3) ? interactions.length : 1;
      for (let index = 0; index < count; index += 1) {
        random.pick(interactions)['answers'] = randomValidAnswers(random, vocabulary, random.between(0, 14));
      }
    },
  },
  {
    name: 'all-unknown',
    gentle: true,
    weight: 3,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random, vocabulary) => {
      const interactions = random.chance(0.5) ? interactionsOf(data) : [pickInteraction(data, random)!];
      for (const interaction of interactions) {
        if (random.chance(0.3)) delete interaction['answers'];
        else interaction['answers'] = Object.fromEntries([...vocabulary.questions.keys()].map((id) => [id, 'unknown']));
      }
    },
  },
  {
    name: 'duplicate-id',
    weight: 4,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random) => {
      const list = data['interactions'] as unknown[];
      const flows = records(data['flows']);
      if (flows.length > 0 && random.chance(0.3)) {
        (data['flows'] as unknown[]).push(clone(random.pick(flows)));
        return;
      }
      list.push(clone(pickInteraction(data, random)!));
    },
  },
  {
    name: 'self-loop',
    weight: 3,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random) => {
      const interaction = pickInteraction(data, random)!;
      interaction['to'] = interaction['from'];
    },
  },
  {
    name: 'unknown-service',
    weight: 4,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random) => {
      const interaction = pickInteraction(data, random)!;
      const name = random.pick(['ghost', typo(String(interaction['to'] ?? 'x'), random), ...PROTO_NAMES, '', 'a b', 'Ω', 'x'.repeat(300)]);
      if (random.chance(0.5)) interaction[random.pick(['from', 'to'])] = name;
      else {
        if (!isRecord(data['services'])) data['services'] = {};
        setChild(data['services'] as Data, name, { kind: random.pick(KINDS) });
      }
    },
  },
  {
    name: 'services',
    gentle: true,
    weight: 5,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random) => {
      const services: Data = isRecord(data['services']) ? (data['services'] as Data) : {};
      data['services'] = services;
      for (const name of serviceNames(data)) {
        if (random.chance(0.5)) continue;
        const service: Data = {};
        if (random.chance(0.9)) service['kind'] = random.chance(0.9) ? random.pick(KINDS) : random.pick(['Client', 'backend', '', null, 3]);
        if (random.chance(0.4)) service['reachable'] = random.pick(['yes', 'no', 'unknown', true, false, 'maybe']);
        if (random.chance(0.4)) service['boundary'] = random.pick(['internal', 'partner', 'public', 'unknown', 'external']);
        if (random.chance(0.3)) service['summary'] = random.pick(['A service', '', '{{x}}', 'x'.repeat(2000)]);
        setChild(services, name, random.chance(0.05) ? wrongValue(random) : service);
      }
    },
  },
  {
    name: 'flow-steps',
    gentle: true,
    weight: 5,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random) => {
      const ids = interactionsOf(data)
        .map((interaction) => interaction['id'])
        .filter((id): id is string => typeof id === 'string');
      if (!Array.isArray(data['flows'])) data['flows'] = [];
      const steps: unknown[] = [];
      const length = random.weighted([
        [6, random.between(0, 6)],
        [1, random.between(6, 3000)],
      ] as const);
      for (let index = 0; index < length; index += 1) steps.push(random.chance(0.9) && ids.length > 0 ? random.pick(ids) : random.pick(['nowhere', '', typo(ids[0] ?? 'x', random), null, 7]));
      const flow: Data = { id: random.pick(['flow', 'checkout', 'f-1', '', ...PROTO_NAMES]), steps };
      if (random.chance(0.7)) flow['budget_ms'] = random.chance(0.8) ? random.between(1, 5000) : edgeNumber(random);
      if (random.chance(0.5)) flow['availability_target'] = random.chance(0.8) ? random.pick([0.9, 0.99, 0.999, 0.9999]) : edgeNumber(random);
      if (random.chance(0.5)) flow['summary'] = 'A flow';
      (data['flows'] as unknown[]).push(flow);
    },
  },
  {
    name: 'cycle',
    gentle: true,
    weight: 4,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random, vocabulary) => {
      const size = random.between(1, 6);
      const names = Array.from({ length: size }, (_, index) => `node-${index}`);
      const list = data['interactions'] as unknown[];
      const ids: string[] = [];
      names.forEach((from, index) => {
        const id = `loop-${index}`;
        ids.push(id);
        const answers = random.chance(0.6) ? { intent: 'query', caller_needs: 'result', freshness: 'strong' } : randomValidAnswers(random, vocabulary, random.between(0, 8));
        const interaction: Data = { id, from, to: names[(index + 1) % size], summary: `Step ${index} of a ring`, answers };
        if (random.chance(0.6)) interaction['latency'] = { budget_ms: random.between(10, 500), p99_ms: random.between(10, 800) };
        if (random.chance(0.5)) interaction['retries'] = random.between(0, 9);
        if (random.chance(0.4)) interaction['availability'] = random.pick([0.9, 0.99, 0.999]);
        list.push(interaction);
      });
      if (!Array.isArray(data['flows'])) data['flows'] = [];
      (data['flows'] as unknown[]).push({ id: 'ring', summary: 'Around the ring', budget_ms: random.between(1, 1000), availability_target: 0.999, steps: [...ids, ...ids] });
    },
  },
  {
    name: 'numbers',
    weight: 5,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random) => {
      const interaction = pickInteraction(data, random)!;
      const key = random.pick(['latency', 'availability', 'timeout_ms', 'retries', 'flow']);
      if (key === 'latency') interaction['latency'] = { budget_ms: edgeNumber(random), p99_ms: edgeNumber(random) };
      else if (key === 'flow') {
        const flows = records(data['flows']);
        if (flows.length > 0) random.pick(flows)[random.pick(['budget_ms', 'availability_target'])] = edgeNumber(random);
      } else interaction[key] = edgeNumber(random);
    },
  },
  {
    name: 'top-level',
    weight: 4,
    fits: isAnswers,
    apply: (data, random) => {
      const key = random.pick(['version', 'date', 'title', 'id', 'status', 'context', 'require_checklist', 'decision_makers', 'draft']);
      const values: Record<string, unknown[]> = {
        version: [1, 3, '2', 2.0, 2.5, 0, null, -2, 'two'],
        date: ['2026-02-30', '2026-13-01', '0000-00-00', '2026-11-22T10:00:00Z', '20261122', 'tomorrow', 20261122],
        title: ['', '!!!', '\u{1F600}\u{1F600}', 'x'.repeat(5000), 'Ünïcödé tïtle', '{{title}}', '# heading', '---', 'a\nb'],
        id: ['', 'Has Spaces', 'ünï', 'a'.repeat(500), '..', '../escape', '-', 'con', 'x/y'],
        status: ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded', 'superseded by ADR-0001', 'draft', 'done'],
        context: ['', ' ', 'x'.repeat(50_000), '{{context}}', '```\nunclosed fence'],
        require_checklist: [true, false, 'yes', 1],
        decision_makers: [[], [''], ['a', 'a'], 'alice', [null]],
        draft: [true, false, 'yes'],
      };
      data[key] = random.pick(values[key] ?? [null]);
    },
  },
  {
    name: 'waivers',
    weight: 3,
    fits: isAnswers,
    apply: (data, random, vocabulary) => {
      const interactionIds = interactionsOf(data).map((interaction) => interaction['id']);
      const waiver: Data = { rule: random.pick([...vocabulary.rules, ...vocabulary.systemRules, 'no-such-rule', 'adr-drift']), reason: random.pick(['moving to events', '', 'x'.repeat(1000)]) };
      if (random.chance(0.6)) waiver['interaction'] = random.chance(0.8) ? random.pick(interactionIds.length > 0 ? interactionIds : ['x']) : 'nowhere';
      if (random.chance(0.3)) waiver['flow'] = random.pick(['checkout', 'nowhere']);
      if (random.chance(0.5)) waiver['until'] = random.pick(['2020-01-01', '2099-12-31', '2026-02-30', '2026-11-22', 'soon', 20991231]);
      if (!Array.isArray(data['waivers'])) data['waivers'] = [];
      (data['waivers'] as unknown[]).push(random.chance(0.1) ? wrongValue(random) : waiver);
    },
  },
  {
    name: 'checklist-acks',
    weight: 3,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random, vocabulary) => {
      const interaction = pickInteraction(data, random)!;
      const checklist: Data = isRecord(interaction['checklist']) ? (interaction['checklist'] as Data) : {};
      interaction['checklist'] = checklist;
      for (let index = random.between(1, 5); index > 0; index -= 1) {
        const id = random.chance(0.7) ? random.pick(vocabulary.checklist) : random.pick(['no-such-item', typo(random.pick(vocabulary.checklist), random), ...PROTO_NAMES]);
        setChild(
          checklist,
          id,
          random.pick<unknown>(['done', 'Done', 'waived', { waived: 'a reason' }, { waived: '', until: '2026-02-30' }, { waived: 'later', until: '2020-01-01' }, { until: '2099-01-01' }, null, 5]),
        );
      }
    },
  },
  {
    name: 'declared',
    gentle: true,
    weight: 2,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random) => {
      pickInteraction(data, random)!['declared'] = random.pick([...STYLES, ...STYLES, 'call', 'Sync', '', null]);
    },
  },
  {
    name: 'proto-names',
    weight: 3,
    fits: (data) => interactionsOf(data).length > 0,
    apply: (data, random) => {
      const interaction = pickInteraction(data, random)!;
      const name = random.pick(PROTO_NAMES);
      switch (random.below(4)) {
        case 0:
          interaction['id'] = name;
          break;
        case 1:
          interaction[random.pick(['from', 'to'])] = name;
          if (!isRecord(data['services'])) data['services'] = {};
          setChild(data['services'] as Data, name, { kind: random.pick(KINDS) });
          break;
        case 2:
          setChild(answersOf(interaction), name, 'yes');
          break;
        default:
          interaction['from'] = name;
          interaction['to'] = random.pick(PROTO_NAMES);
      }
    },
  },
  {
    name: 'many-interactions',
    gentle: true,
    weight: 3,
    fits: isAnswers,
    apply: (data, random, vocabulary) => {
      const count = random.weighted([
        [5, random.between(10, 60)],
        [2, random.between(60, 150)],
        [1, random.between(150, 300)],
      ] as const);
      const names = Array.from({ length: random.between(2, Math.max(3, Math.ceil(count / 3))) }, (_, index) => `svc-${index}`);
      const services: Data = {};
      for (const name of names) services[name] = { kind: random.weighted([[6, 'service'], [1, 'client'], [1, 'edge'], [1, 'partner'], [1, 'read_model'], [1, 'unknown']] as const) };
      const interactions: Data[] = [];
      for (let index = 0; index < count; index += 1) {
        const from = random.pick(names);
        let to = random.pick(names);
        if (to === from) to = names[(names.indexOf(from) + 1) % names.length]!;
        const interaction: Data = { id: `i-${index}`, from, to, summary: `Interaction ${index}`, answers: randomValidAnswers(random, vocabulary, random.between(0, 10)) };
        if (random.chance(0.3)) interaction['latency'] = { budget_ms: random.between(50, 2000), p99_ms: random.between(5, 3000) };
        if (random.chance(0.2)) interaction['retries'] = random.between(0, 5);
        if (random.chance(0.2)) interaction['availability'] = random.pick([0.99, 0.999, 0.9999]);
        interactions.push(interaction);
      }
      const used = new Set(interactions.flatMap((interaction) => [interaction['from'], interaction['to']]));
      data['services'] = Object.fromEntries(Object.entries(services).filter(([name]) => used.has(name)));
      data['interactions'] = interactions;
      const flows: Data[] = [];
      for (let index = random.between(0, 6); index > 0; index -= 1) {
        const steps = Array.from({ length: random.between(1, 30) }, () => `i-${random.below(count)}`);
        flows.push({ id: `flow-${index}`, budget_ms: random.between(100, 3000), availability_target: 0.99, steps });
      }
      data['flows'] = flows;
      delete data['waivers'];
    },
  },
  // --- Rule packs ----------------------------------------------------------------------------
  {
    name: 'deep-condition',
    gentle: true,
    weight: 4,
    fits: (data) => records(data['rules']).length > 0 || records(data['checklist']).length > 0,
    apply: (data, random, vocabulary) => {
      const entries = [...records(data['rules']), ...records(data['checklist'])];
      const entry = random.pick(entries);
      const depth = random.weighted([
        [4, random.between(2, 20)],
        [2, random.between(20, 60)],
        [1, random.between(60, 400)],
      ] as const);
      entry['when'] = nestCondition(entry['when'] ?? randomLeaf(random, vocabulary), depth, random);
    },
  },
  {
    name: 'condition-leaf',
    weight: 6,
    fits: (data) => records(data['rules']).length > 0 || records(data['questions']).length > 0 || records(data['checklist']).length > 0,
    apply: (data, random, vocabulary) => {
      const entries = [...records(data['rules']), ...records(data['checklist'])];
      const questions = records(data['questions']);
      if (questions.length > 0 && (entries.length === 0 || random.chance(0.3))) {
        random.pick(questions)['ask_when'] = randomLeaf(random, vocabulary);
        return;
      }
      const entry = random.pick(entries);
      const leaf = randomLeaf(random, vocabulary);
      entry['when'] = random.chance(0.5) || !isRecord(entry['when']) ? leaf : { all: [entry['when'], leaf] };
    },
  },
  {
    name: 'rule-parts',
    weight: 6,
    fits: (data) => records(data['rules']).length > 0,
    apply: (data, random, vocabulary) => {
      const rule = random.pick(records(data['rules']));
      switch (random.below(6)) {
        case 0:
          rule['recommend'] = random.pick<unknown>([
            { sync: 'yes' },
            { async: 'yes', mechanism: random.pick(['event', 'queue', 'request-reply', 'webhook', 'call', 'call+event', 'bus']) },
            { async: 'no', mechanism: 'queue' },
            { style: random.pick(STYLES), mechanism: 'call+event' },
            { sync: 'yes', async: 'yes', reply: random.pick(['polling', 'callback', 'stream', 'carrier-pigeon']) },
            { reply: 'polling' },
            {},
            'sync',
            [],
          ]);
          break;
        case 1:
          rule['weight'] = random.pick(['weak', 'normal', 'strong', 'heavy', 0, 3, -1, null]);
          break;
        case 2:
          rule['checklist'] = random.pick<unknown>([[], [random.pick(vocabulary.checklist)], ['no-such-item'], [random.pick(vocabulary.checklist), random.pick(vocabulary.checklist)], 'timeout-budget', [null]]);
          break;
        case 3:
          rule['finding'] = random.pick<unknown>([
            { severity: random.pick(['error', 'warning', 'info', 'fatal']), message: random.pick(TEMPLATES) },
            { severity: 'warning' },
            { message: 'x' },
            'warning',
          ]);
          break;
        case 4:
          rule[random.pick(['reason', 'title'])] = random.pick([...TEMPLATES, '', 'x'.repeat(10_000), `${random.pick(TEMPLATES)} {{from}} and {{to}}`]);
          break;
        default:
          rule['id'] = random.pick([...vocabulary.rules, 'Bad Id', '', 'x'.repeat(300), ...PROTO_NAMES]);
      }
    },
  },
  {
    name: 'question-shape',
    weight: 4,
    fits: (data) => records(data['questions']).length > 0,
    apply: (data, random) => {
      const question = random.pick(records(data['questions']));
      switch (random.below(5)) {
        case 0:
          question['answers'] = random.pick<unknown>([[], ['a'], ['a', 'a'], ['unknown'], ['yes', 'no'], Array.from({ length: random.between(50, 1000) }, (_, index) => `answer_${index}`), 'a', [1, 2]]);
          break;
        case 1:
          question['type'] = random.pick(['yes_no', 'choice', 'number', '', null]);
          break;
        case 2:
          question['derive'] = random.pick(['latency', 'caller.kind', 'callee.kind', 'caller.reachable', 'boundary', 'nope', '']);
          break;
        case 3:
          question['answer_help'] = random.pick<unknown>([{ nope: 'x' }, {}, 'x', { yes: '' }]);
          break;
        default:
          question['id'] = random.pick(['intent', 'Bad-Id', '', 'x_'.repeat(200), ...PROTO_NAMES]);
      }
    },
  },
  {
    name: 'pack-block',
    weight: 3,
    fits: isPack,
    apply: (data, random, vocabulary) => {
      const block: Data = isRecord(data['pack']) ? (data['pack'] as Data) : {};
      data['pack'] = block;
      switch (random.below(4)) {
        case 0:
          block['disable'] = random.chance(0.3)
            ? [...vocabulary.rules, ...vocabulary.checklist, ...vocabulary.systemRules]
            : Array.from({ length: random.between(1, 6) }, () => random.pick([...vocabulary.rules, ...vocabulary.checklist, ...vocabulary.systemRules, ...vocabulary.questions.keys(), 'no-such-id']));
          break;
        case 1:
          block['settings'] = { [random.pick(['retry_amplification_threshold', 'fan_out_threshold', 'nope'])]: edgeNumber(random) };
          break;
        case 2:
          block['name'] = random.pick(['builtin', '', 'x'.repeat(300), ...PROTO_NAMES, 'team']);
          break;
        default:
          block['description'] = random.pick([...TEMPLATES, '']);
      }
    },
  },
  {
    name: 'system-rules',
    gentle: true,
    weight: 2,
    fits: isPack,
    apply: (data, random, vocabulary) => {
      if (!Array.isArray(data['system_rules'])) data['system_rules'] = [];
      (data['system_rules'] as unknown[]).push({
        id: random.pick([...vocabulary.systemRules, 'no-such-system-rule']),
        ...(random.chance(0.7) ? { severity: random.pick(['error', 'warning', 'info', 'off']) } : {}),
        ...(random.chance(0.4) ? { title: random.pick(TEMPLATES) } : {}),
        ...(random.chance(0.4) ? { advice: random.pick(['', 'x'.repeat(3000)]) } : {}),
      });
    },
  },
  // --- Rule tests ----------------------------------------------------------------------------
  {
    name: 'rule-test-case',
    gentle: true,
    weight: 6,
    fits: isRuleTests,
    apply: (data, random, vocabulary) => {
      const cases = data['cases'] as unknown[];
      const existing = records(cases);
      const base: Data = existing.length > 0 && random.chance(0.6) ? clone(random.pick(existing)) : { name: 'generated case' };
      switch (random.below(5)) {
        case 0:
          base['answers'] = randomValidAnswers(random, vocabulary, random.between(0, 14));
          break;
        case 1:
          base['services'] = { caller: { kind: random.pick(KINDS), reachable: random.pick(['yes', 'no', true]) }, callee: { kind: random.pick([...KINDS, 'nope']) } };
          break;
        case 2:
          base['expect'] = {
            ...(random.chance(0.5) ? { style: random.pick([...STYLES, 'nope']) } : {}),
            ...(random.chance(0.5) ? { mechanism: random.pick(['call', 'event', 'queue', 'call+event', 'nope']) } : {}),
            ...(random.chance(0.4) ? { confidence: random.pick(['high', 'medium', 'low', 'nope']) } : {}),
            ...(random.chance(0.5) ? { fires: [random.pick([...vocabulary.rules, 'no-such-rule'])] } : {}),
            ...(random.chance(0.3) ? { does_not_fire: [random.pick(vocabulary.rules)] } : {}),
            ...(random.chance(0.3) ? { checklist: [random.pick([...vocabulary.checklist, 'no-such-item'])] } : {}),
          };
          break;
        case 3:
          base[random.pick(['latency', 'numbers', 'retries', 'availability'])] = random.pick<unknown>([{ budget_ms: edgeNumber(random), p99_ms: edgeNumber(random) }, edgeNumber(random), 'x']);
          break;
        default:
          base['name'] = random.pick(['', 'x'.repeat(2000), ...TEMPLATES, ...(existing.map((item) => item['name']) as unknown[])]);
      }
      cases.splice(random.below(cases.length + 1), 0, base);
    },
  },
];

/**
 * Parsing is the slow part of a structure mutation, and most of them start from an unchanged
 * seed: the data of recent texts is kept, and each use gets its own copy.
 */
const parsed = new Map<string, unknown>();

function parseData(text: string): unknown {
  if (!parsed.has(text)) {
    let data: unknown;
    try {
      data = parse(text, { uniqueKeys: false, maxAliasCount: 200, logLevel: 'silent' });
    } catch {
      data = undefined;
    }
    if (parsed.size >= 64) parsed.delete(parsed.keys().next().value as string);
    parsed.set(text, data);
  }
  const data = parsed.get(text);
  return data === undefined ? undefined : structuredClone(data);
}

const SERIALISE_OPTIONS = [{}, { lineWidth: 0 }, { indent: 4 }, { collectionStyle: 'flow' as const }, { defaultStringType: 'QUOTE_DOUBLE' as const, defaultKeyType: 'PLAIN' as const }, { indentSeq: false }];

/**
 * Parses the text, applies one structure mutation that fits, and writes the data out again.
 * Undefined when the text does not parse as a map, or nothing fits.
 */
export function mutateStructure(text: string, random: Random, vocabulary: Vocabulary, options: { gentle?: boolean } = {}): { text: string; name: string } | undefined {
  const data = parseData(text);
  if (!isRecord(data)) return undefined;
  const fitting = STRUCTURE_MUTATIONS.filter((mutation) => (options.gentle !== true || mutation.gentle === true) && mutation.fits(data));
  if (fitting.length === 0) return undefined;
  const mutation = random.weighted(fitting.map((candidate) => [candidate.weight, candidate] as const));
  const result = mutation.apply(data, random, vocabulary) ?? data;
  try {
    return { text: stringify(result, { ...random.pick(SERIALISE_OPTIONS), aliasDuplicateObjects: true }), name: mutation.name };
  } catch {
    return undefined;
  }
}

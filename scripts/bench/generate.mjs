/**
 * Generated answers files for the bench: one system, written in the styles people and the
 * interview write. Deterministic for a given seed.
 */
const QUESTIONS = {
  intent: ['query', 'command', 'fact'],
  caller_needs: ['result', 'acknowledgement', 'nothing'],
  tolerates_pending: ['yes', 'no'],
  fits_latency_budget: ['yes', 'no'],
  multiple_consumers: ['yes', 'no'],
  when_down: ['fail_closed', 'fail_fast', 'degrade', 'defer'],
  freshness: ['strong', 'eventual'],
  critical_decision: ['yes', 'no'],
  joins_owners: ['yes', 'no'],
  ordering: ['none', 'per_key', 'global'],
  safe_to_repeat: ['yes', 'no'],
  duration: ['instant', 'seconds', 'long'],
  realtime_updates: ['yes', 'no'],
  load_profile: ['steady', 'spiky'],
};
/** Most services are backends; a few are clients, gateways, partners and read models. */
const KINDS = ['service', 'service', 'service', 'service', 'service', 'client', 'edge', 'partner', 'read_model'];
const QUESTION_IDS = Object.keys(QUESTIONS);
/**
 * Teams answer coherently: a query someone waits for, a fact announced to many, a command
 * handed to a queue, a critical decision others react to, long work fetched later. Each
 * interaction starts from one of these and strays a little (see generateAnswers).
 */
const ARCHETYPES = [
  {
    style: 'sync',
    intent: ['query'],
    caller_needs: ['result'],
    tolerates_pending: ['no'],
    freshness: ['strong', 'eventual'],
    when_down: ['fail_fast', 'degrade', 'fail_closed'],
    critical_decision: ['no'],
    duration: ['instant'],
    safe_to_repeat: ['yes'],
  },
  {
    style: 'async',
    intent: ['fact'],
    caller_needs: ['nothing'],
    tolerates_pending: ['yes'],
    multiple_consumers: ['yes', 'no'],
    when_down: ['defer'],
    critical_decision: ['no'],
    ordering: ['none', 'per_key'],
    safe_to_repeat: ['yes', 'no'],
  },
  {
    style: 'async',
    intent: ['command'],
    caller_needs: ['nothing'],
    tolerates_pending: ['yes'],
    multiple_consumers: ['no'],
    when_down: ['defer'],
    duration: ['seconds'],
    ordering: ['per_key', 'none'],
    safe_to_repeat: ['no'],
  },
  {
    style: 'hybrid',
    intent: ['command'],
    caller_needs: ['result'],
    tolerates_pending: ['no'],
    multiple_consumers: ['yes'],
    critical_decision: ['yes'],
    when_down: ['fail_fast', 'fail_closed'],
    freshness: ['strong'],
    safe_to_repeat: ['no'],
  },
  {
    style: 'hybrid',
    intent: ['command'],
    caller_needs: ['acknowledgement'],
    duration: ['long'],
    realtime_updates: ['no', 'yes'],
  },
];
const VERBS = ['read', 'reserve', 'authorize', 'notify', 'update', 'record', 'check', 'publish', 'sync', 'score'];
const NOUNS = ['order', 'payment', 'stock', 'customer', 'invoice', 'shipment', 'price', 'cart', 'review', 'refund'];

/** mulberry32: small, fast and good enough to make the same file from the same seed everywhere. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

function pad(number, width) {
  return String(number).padStart(width, '0');
}

/**
 * A system as a team describes it after a workshop: `count` interactions between about
 * count/10 services, most questions answered, some `unknown`, some left out, numbers on many
 * calls, and dense flows that walk the call graph (each step starts where the previous one
 * ended, when it can), so chain analysis sees long synchronous paths. The same system is then
 * written in each of the styles below, so that only the YAML differs between them.
 */
export function generateSystem(count, seed) {
  const random = createRandom(seed);
  const serviceCount = Math.max(2, Math.round(count / 10));
  const names = Array.from({ length: serviceCount }, (_, index) => `svc-${pad(index + 1, 4)}`);
  const width = String(count).length;
  const interactions = [];
  const outgoing = new Map();
  for (let index = 0; index < count; index += 1) {
    const from = random.pick(names);
    let to = random.pick(names);
    while (to === from) to = random.pick(names);
    interactions.push({ id: `i-${pad(index + 1, width)}`, from, to });
    if (!outgoing.has(from)) outgoing.set(from, []);
    outgoing.get(from).push(index);
  }
  const used = new Set(interactions.flatMap(({ from, to }) => [from, to]));
  // Most services are described; a few are left for the engine to take as backend services.
  const services = names
    .filter((name) => used.has(name) && !random.chance(0.1))
    .map((name) => {
      const kind = random.pick(KINDS);
      return kind === 'partner' ? { name, kind, reachable: random.pick(['yes', 'no']) } : { name, kind };
    });
  for (const interaction of interactions) {
    const archetype = random.pick(ARCHETYPES);
    interaction.answers = [];
    for (const question of QUESTION_IDS) {
      const typical = archetype[question];
      if (typical === undefined ? random.chance(0.7) : random.chance(0.1)) continue;
      let answer = typical === undefined || random.chance(0.05) ? random.pick(QUESTIONS[question]) : random.pick(typical);
      if (random.chance(0.08)) answer = 'unknown';
      interaction.answers.push([question, answer]);
    }
    interaction.summary = `${random.pick(VERBS)} ${random.pick(NOUNS)}`;
    interaction.numbers = {};
    if (random.chance(0.6)) {
      const budget = random.pick([100, 200, 300, 500, 800, 1000, 2000]);
      interaction.numbers.latency_budget_ms = budget;
      // Most callees fit their budget; about one in eight does not.
      if (random.chance(0.8)) {
        interaction.numbers.latency_p99_ms = Math.max(1, Math.round(budget * (random.chance(0.875) ? 0.05 + 0.75 * random.next() : 1 + random.next())));
      }
    }
    if (random.chance(0.5)) interaction.numbers.availability = random.pick([0.99, 0.995, 0.999, 0.9995, 0.9999]);
    if (random.chance(0.4)) interaction.numbers.timeout_ms = random.pick([100, 250, 500, 1000, 3000]);
    if (random.chance(0.5)) interaction.numbers.retries = random.int(0, 4);
    // What a team says it runs today: mostly what the answers suggest, sometimes not.
    if (random.chance(0.3)) interaction.declared = random.chance(0.75) ? archetype.style : random.pick(['sync', 'async', 'hybrid']);
  }
  // Dense: about one flow per four interactions, 5-20 steps each.
  const flows = [];
  for (let index = 0; index < Math.max(1, Math.round(count / 4)); index += 1) {
    const length = random.int(5, 20);
    const steps = [];
    let current = random.int(0, count - 1);
    for (let step = 0; step < length; step += 1) {
      steps.push(interactions[current].id);
      const next = outgoing.get(interactions[current].to);
      current = next && random.chance(0.85) ? random.pick(next) : random.int(0, count - 1);
    }
    const flow = { id: `flow-${pad(index + 1, width)}`, summary: `user action ${index + 1}`, steps };
    if (random.chance(0.7)) flow.budget_ms = random.pick([500, 1000, 1500, 3000]);
    if (random.chance(0.5)) flow.availability_target = random.pick([0.99, 0.995, 0.999]);
    flows.push(flow);
  }
  return {
    title: `Generated system with ${count} interactions`,
    date: '2026-11-22',
    context: `${count} generated interactions between ${serviceCount} services, for measuring speed and memory.\nEach interaction stands for a call between two teams' services.\n`,
    services,
    interactions,
    flows,
  };
}

/**
 * An early service catalogue: `count` interactions listed from a service map, each with one to
 * three of the first questions answered (what is asked, what the caller needs, sometimes what
 * happens when the callee is down), no numbers, no services described and no flows. It weighs
 * the most possible answers per interaction.
 */
export function generateEarlyCatalogue(count, seed) {
  const random = createRandom(seed);
  const names = Array.from({ length: Math.max(2, Math.round(count / 10)) }, (_, index) => `svc-${pad(index + 1, 4)}`);
  const width = String(count).length;
  const interactions = [];
  for (let index = 0; index < count; index += 1) {
    const from = random.pick(names);
    let to = random.pick(names);
    while (to === from) to = random.pick(names);
    const answers = [['intent', random.pick(QUESTIONS.intent)]];
    if (random.chance(0.7)) answers.push(['caller_needs', random.pick(QUESTIONS.caller_needs)]);
    if (random.chance(0.3)) answers.push(['when_down', random.pick(QUESTIONS.when_down)]);
    interactions.push({ id: `i-${pad(index + 1, width)}`, from, to, summary: `${random.pick(VERBS)} ${random.pick(NOUNS)}`, answers, numbers: {} });
  }
  return {
    title: `Early catalogue of ${count} interactions`,
    context: `${count} interactions listed from the service map; most questions are not answered yet.\n`,
    services: [],
    interactions,
    flows: [],
  };
}

const NUMBER_KEYS = ['latency_budget_ms', 'latency_p99_ms', 'availability', 'timeout_ms', 'retries'];

/**
 * Block maps, as the interview saves a file: written by the interview's own document writer
 * (dist/interview/answers-document.js), so the shape is exactly what a team's file looks like
 * after `sync-or-async interview`.
 */
export async function writeBlockStyle(system, dist) {
  const { AnswersDocument } = await import(new URL('interview/answers-document.js', dist).href);
  const { loadPacks } = await import(new URL('load/pack.js', dist).href);
  const pack = await loadPacks([]);
  const document = AnswersDocument.create('../schema/answers.schema.json', pack.questions.map((question) => question.id));
  document.title = system.title;

  document.context = system.context;
  for (const service of system.services) {
    document.setService(service.name, 'kind', service.kind);
    if (service.reachable !== undefined) document.setService(service.name, 'reachable', service.reachable);
  }
  for (const interaction of system.interactions) {
    const index = document.addInteraction();
    for (const key of ['id', 'from', 'to', 'summary']) document.setInteractionField(index, key, interaction[key]);
    for (const [question, answer] of interaction.answers) document.setAnswer(index, question, answer);
    for (const name of NUMBER_KEYS) if (interaction.numbers[name] !== undefined) document.setNumber(index, name, interaction.numbers[name]);
    if (interaction.declared !== undefined) document.setDeclared(index, interaction.declared);
  }
  for (const flow of system.flows) document.addFlow(flow);
  return document.toString();
}

function latencyParts(numbers) {
  const parts = [];
  if (numbers.latency_budget_ms !== undefined) parts.push(`budget_ms: ${numbers.latency_budget_ms}`);
  if (numbers.latency_p99_ms !== undefined) parts.push(`p99_ms: ${numbers.latency_p99_ms}`);
  return parts;
}

/** Block lists whose entries hold inline flow maps: `answers: { intent: query, ... }`. */
export function writeFlowStyle(system) {
  const lines = ['version: 2', `title: ${system.title}`];
  if (system.date !== undefined) lines.push(`date: ${system.date}`);
  lines.push('context: |', ...system.context.trimEnd().split('\n').map((line) => `  ${line}`));
  if (system.services.length > 0) {
    lines.push('services:');
    for (const { name, kind, reachable } of system.services) lines.push(`  ${name}: { kind: ${kind}${reachable === undefined ? '' : `, reachable: ${reachable}`} }`);
  }
  lines.push('interactions:');
  for (const interaction of system.interactions) {
    lines.push(`  - id: ${interaction.id}`, `    from: ${interaction.from}`, `    to: ${interaction.to}`, `    summary: ${interaction.summary}`);
    lines.push(`    answers: { ${interaction.answers.map(([question, answer]) => `${question}: ${answer}`).join(', ')} }`);
    const latency = latencyParts(interaction.numbers);
    if (latency.length > 0) lines.push(`    latency: { ${latency.join(', ')} }`);
    for (const name of ['availability', 'timeout_ms', 'retries']) if (interaction.numbers[name] !== undefined) lines.push(`    ${name}: ${interaction.numbers[name]}`);
    if (interaction.declared !== undefined) lines.push(`    declared: ${interaction.declared}`);
  }
  if (system.flows.length > 0) {
    lines.push('flows:');
    for (const flow of system.flows) {
      const parts = [`id: ${flow.id}`, `summary: ${flow.summary}`];
      if (flow.budget_ms !== undefined) parts.push(`budget_ms: ${flow.budget_ms}`);
      if (flow.availability_target !== undefined) parts.push(`availability_target: ${flow.availability_target}`);
      parts.push(`steps: [${flow.steps.join(', ')}]`);
      lines.push(`  - { ${parts.join(', ')} }`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const ANSWER_NOTES = ['agreed in the workshop', 'to confirm with the owning team', 'measured last quarter', 'see the incident review', 'the product owner decided', 'as it runs today'];

/**
 * Block style kept by hand: a comment above each interaction and after most answers, quoted
 * summaries, folded block scalars for the longer ones, blank lines between entries, and notes
 * on the numbers. Comments come from their own random stream, so the data stays the system's.
 */
export function writeCommentedStyle(system, seed) {
  const random = createRandom(seed ^ 0x5eed);
  const note = () => random.pick(ANSWER_NOTES);
  const lines = ['# Answers for the sync-or-async decision.', '# Keep one entry per interaction; comments are ours, the tool ignores them.', '', 'version: 2', `title: "${system.title}"`];
  if (system.date !== undefined) lines.push(`date: ${system.date}  # the day of the workshop`);
  lines.push('context: |', ...system.context.trimEnd().split('\n').map((line) => `  ${line}`), '');
  if (system.services.length > 0) {
    lines.push('# Who is who: kinds decide what each party can do.', 'services:');
    for (const { name, kind, reachable } of system.services) {
      lines.push(`  ${name}:  # ${random.chance(0.5) ? 'owned by the platform team' : 'owned by a product team'}`, `    kind: ${kind}`);
      if (reachable !== undefined) lines.push(`    reachable: ${reachable}  # ${note()}`);
    }
    lines.push('');
  }
  lines.push('interactions:');
  for (const interaction of system.interactions) {
    lines.push(`  # ${interaction.from} -> ${interaction.to}`, `  - id: ${interaction.id}`, `    from: ${interaction.from}  # caller`, `    to: ${interaction.to}  # callee`);
    if (random.chance(0.3)) lines.push('    summary: >-', `      ${interaction.summary}`);
    else lines.push(`    summary: '${interaction.summary}'`);
    lines.push('    answers:');
    for (const [question, answer] of interaction.answers) lines.push(random.chance(0.7) ? `      ${question}: ${answer}  # ${note()}` : `      ${question}: ${answer}`);
    const latency = latencyParts(interaction.numbers);
    if (latency.length > 0) {
      lines.push('    latency:  # milliseconds');
      for (const part of latency) lines.push(`      ${part}`);
    }
    for (const name of ['availability', 'timeout_ms', 'retries']) {
      if (interaction.numbers[name] !== undefined) lines.push(`    ${name}: ${interaction.numbers[name]}  # ${note()}`);
    }
    if (interaction.declared !== undefined) lines.push(`    declared: ${interaction.declared}  # what runs today`);
    lines.push('');
  }
  if (system.flows.length > 0) {
    lines.push('# User actions and the calls they make, in order.', 'flows:');
    for (const flow of system.flows) {
      lines.push(`  - id: ${flow.id}`, `    summary: "${flow.summary}"`);
      if (flow.budget_ms !== undefined) lines.push(`    budget_ms: ${flow.budget_ms}  # end to end`);
      if (flow.availability_target !== undefined) lines.push(`    availability_target: ${flow.availability_target}`);
      lines.push('    steps:');
      for (const step of flow.steps) lines.push(`      - ${step}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

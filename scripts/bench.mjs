#!/usr/bin/env node
/**
 * Speed and memory of the built CLI on large answers files, and start-up time of --version.
 * Prints figures next to their targets; a missed target is reported, not failed on (timings
 * depend on the machine). Only a CLI run that itself fails makes this script exit non-zero.
 *
 *   npm run bench                 build, then run
 *   node scripts/bench.mjs --runs 9 --sizes 1000,10000,20000
 *   node scripts/bench.mjs --runs 1 --keep /tmp/bench   keep the generated files for profiling
 *   node scripts/bench.mjs --early-sizes 1000,10000     sizes of the early catalogue (default 1000; 0 for none)
 *
 * Two shapes of file: a system answered the way teams answer after a workshop (most questions,
 * some unknown, numbers, flows), and an early catalogue where each interaction answers one or
 * two questions, written in block style as the interview writes it. The second weighs the most
 * possible answers per interaction.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'sync-or-async.js');

const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs ?? 5);
const VERSION_RUNS = Number(args['version-runs'] ?? 20);
const SIZES = String(args.sizes ?? '1000,10000')
  .split(',')
  .map(Number);
const EARLY_SIZES = String(args['early-sizes'] ?? '1000')
  .split(',')
  .map(Number)
  .filter((size) => size > 0);
const SEED = Number(args.seed ?? 20261122);
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const TARGET_10K_MS = 2000;
const TARGET_VERSION_RATIO = 2;

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
function createRandom(seed) {
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
 * An answers file with `count` interactions between about count/10 services, answered the way
 * real teams answer: most questions, some `unknown`, some left out, numbers on many calls.
 * Flows walk the call graph (each step starts where the previous one ended, when it can), so
 * chain analysis sees long synchronous paths. Written in flow style to keep the file compact.
 */
export function generateAnswers(count, seed) {
  const random = createRandom(seed);
  const serviceCount = Math.max(2, Math.round(count / 10));
  const services = Array.from({ length: serviceCount }, (_, index) => `svc-${pad(index + 1, 4)}`);
  const width = String(count).length;
  const interactions = [];
  const outgoing = new Map();
  for (let index = 0; index < count; index += 1) {
    const from = random.pick(services);
    let to = random.pick(services);
    while (to === from) to = random.pick(services);
    const id = `i-${pad(index + 1, width)}`;
    interactions.push({ id, from, to });
    if (!outgoing.has(from)) outgoing.set(from, []);
    outgoing.get(from).push(index);
  }

  const used = new Set(interactions.flatMap(({ from, to }) => [from, to]));
  const lines = [
    'version: 2',
    `title: Generated system with ${count} interactions`,
    'date: 2026-11-22',
    'context: |',
    `  ${count} generated interactions between ${serviceCount} services, for measuring speed and memory.`,
    'services:',
    // Most services are described; a few are left for the rules to weigh over every kind.
    ...services.filter((name) => used.has(name) && !random.chance(0.1)).map((name) => {
      const kind = random.pick(KINDS);
      return kind === 'partner' ? `  ${name}: {kind: partner, reachable: ${random.pick(['yes', 'no'])}}` : `  ${name}: {kind: ${kind}}`;
    }),
    'interactions:',
  ];
  for (const { id, from, to } of interactions) {
    const archetype = random.pick(ARCHETYPES);
    const answers = [];
    for (const question of QUESTION_IDS) {
      const typical = archetype[question];
      if (typical === undefined ? random.chance(0.7) : random.chance(0.1)) continue;
      let answer = typical === undefined || random.chance(0.05) ? random.pick(QUESTIONS[question]) : random.pick(typical);
      if (random.chance(0.08)) answer = 'unknown';
      answers.push(`${question}: ${answer}`);
    }
    const parts = [`id: ${id}`, `from: ${from}`, `to: ${to}`, `summary: ${random.pick(VERBS)} ${random.pick(NOUNS)}`];
    parts.push(`answers: {${answers.join(', ')}}`);
    if (random.chance(0.6)) {
      const budget = random.pick([100, 200, 300, 500, 800, 1000, 2000]);
      // Most callees fit their budget; about one in eight does not.
      const p99 = Math.max(1, Math.round(budget * (random.chance(0.875) ? 0.05 + 0.75 * random.next() : 1 + random.next())));
      const latency = random.chance(0.8) ? `budget_ms: ${budget}, p99_ms: ${p99}` : `budget_ms: ${budget}`;
      parts.push(`latency: {${latency}}`);
    }
    if (random.chance(0.5)) parts.push(`availability: ${random.pick([0.99, 0.995, 0.999, 0.9995, 0.9999])}`);
    if (random.chance(0.4)) parts.push(`timeout_ms: ${random.pick([100, 250, 500, 1000, 3000])}`);
    if (random.chance(0.5)) parts.push(`retries: ${random.int(0, 4)}`);
    if (random.chance(0.3)) {
      // What a team says it runs today: mostly what the answers suggest, sometimes not.
      parts.push(`declared: ${random.chance(0.75) ? archetype.style : random.pick(['sync', 'async', 'hybrid'])}`);
    }
    lines.push(`  - {${parts.join(', ')}}`);
  }

  // Dense: about one flow per four interactions, 5-20 steps each.
  const flowCount = Math.max(1, Math.round(count / 4));
  lines.push('flows:');
  for (let index = 0; index < flowCount; index += 1) {
    const length = random.int(5, 20);
    const steps = [];
    let current = random.int(0, count - 1);
    for (let step = 0; step < length; step += 1) {
      steps.push(interactions[current].id);
      const next = outgoing.get(interactions[current].to);
      current = next && random.chance(0.85) ? random.pick(next) : random.int(0, count - 1);
    }
    const parts = [`id: flow-${pad(index + 1, width)}`, `summary: user action ${index + 1}`];
    if (random.chance(0.7)) parts.push(`budget_ms: ${random.pick([500, 1000, 1500, 3000])}`);
    if (random.chance(0.5)) parts.push(`availability_target: ${random.pick([0.99, 0.995, 0.999])}`);
    parts.push(`steps: [${steps.join(', ')}]`);
    lines.push(`  - {${parts.join(', ')}}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * An early service catalogue: `count` interactions listed from a service map, each with one to
 * three of the first questions answered (what is asked, what the caller needs, sometimes what
 * happens when the callee is down), no numbers and no flows. Block style, as the interview
 * writes it.
 */
export function generateEarlyCatalogue(count, seed) {
  const random = createRandom(seed);
  const serviceCount = Math.max(2, Math.round(count / 10));
  const services = Array.from({ length: serviceCount }, (_, index) => `svc-${pad(index + 1, 4)}`);
  const width = String(count).length;
  const lines = [
    'version: 2',
    `title: Early catalogue of ${count} interactions`,
    'context: |',
    `  ${count} interactions listed from the service map; most questions are not answered yet.`,
    'interactions:',
  ];
  for (let index = 0; index < count; index += 1) {
    const from = random.pick(services);
    let to = random.pick(services);
    while (to === from) to = random.pick(services);
    lines.push(`  - id: i-${pad(index + 1, width)}`, `    from: ${from}`, `    to: ${to}`, `    summary: ${random.pick(VERBS)} ${random.pick(NOUNS)}`);
    lines.push('    answers:', `      intent: ${random.pick(QUESTIONS.intent)}`);
    if (random.chance(0.7)) lines.push(`      caller_needs: ${random.pick(QUESTIONS.caller_needs)}`);
    if (random.chance(0.3)) lines.push(`      when_down: ${random.pick(QUESTIONS.when_down)}`);
  }
  return `${lines.join('\n')}\n`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One run: wall time seen from here, peak RSS reported by the child at exit (via a preload). */
/**
 * Where the time of one decision goes, measured in a fresh process (so the figures include
 * the cold start of each stage, as the CLI sees it): module loading, rule packs, reading and
 * validating the answers, the engine, and the ADR renderer.
 */
function measureStages(file) {
  const dist = pathToFileURL(join(root, 'dist')).href;
  const script = `
    const { readFileSync } = await import('node:fs');
    const t0 = performance.now();
    const { loadPacks } = await import('${dist}/load/pack.js');
    const { parseAnswers } = await import('${dist}/load/answers.js');
    const { decide } = await import('${dist}/engine/decide.js');
    const { renderAdr } = await import('${dist}/render/adr.js');
    const { readAdrTemplates } = await import('${dist}/io/templates.js');
    const t1 = performance.now();
    const pack = await loadPacks([]);
    const t2 = performance.now();
    const answers = parseAnswers(readFileSync(${JSON.stringify(file)}, 'utf8'), 'answers.yaml', pack);
    const t3 = performance.now();
    const decision = decide(answers, pack);
    const t4 = performance.now();
    const templates = await readAdrTemplates();
    const adr = renderAdr({ answers, decision, pack, profile: 'madr', number: 1, date: '2026-11-22', source: 'answers.yaml', templates });
    const t5 = performance.now();
    const ms = (a, b) => Math.round(b - a) + ' ms';
    console.log('modules ' + ms(t0, t1) + ', rule packs ' + ms(t1, t2) + ', read and validate ' + ms(t2, t3) +
      ', decide ' + ms(t3, t4) + ', render ' + ms(t4, t5) + ' (' + (adr.length / 1024 / 1024).toFixed(1) + ' MB of Markdown)');
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : `could not be measured: ${result.stderr.trim().split('\n')[0]}`;
}

function measure(command, commandArgs, options) {
  const rssFile = join(options.work, `rss-${process.hrtime.bigint()}.txt`);
  const start = process.hrtime.bigint();
  const result = spawnSync(command, ['--import', pathToFileURL(options.preload).href, ...commandArgs], {
    cwd: options.cwd,
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let rssKb;
  let cpuMs;
  try {
    ({ rssKb, cpuMs } = JSON.parse(readFileSync(rssFile, 'utf8')));
    rmSync(rssFile);
  } catch {
    rssKb = Number.NaN;
    cpuMs = Number.NaN;
  }
  return { ms, rssKb, cpuMs, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Plain wall time, without the preload, for start-up comparisons. */
function time(command, commandArgs, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, commandArgs, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, status: result.status, stderr: result.stderr };
}

/** Linux's CPU pressure (share of time tasks waited for a CPU), when the kernel reports it. */
function describePressure() {
  try {
    const line = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0] ?? '';
    const avg10 = /avg10=([\d.]+)/.exec(line)?.[1];
    return avg10 === undefined ? '' : `   cpu pressure now: ${avg10}% of the last 10 s waiting for a CPU`;
  } catch {
    return '';
  }
}

function formatMs(ms) {
  return `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
}

function formatMb(kb) {
  return Number.isNaN(kb) ? 'n/a' : `${(kb / 1024).toFixed(1)} MB`;
}

function verdict(ok) {
  return ok ? 'ok' : 'MISSED';
}

function parseArgs(argv) {
  const parsed = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg.startsWith('--')) {
      parsed[arg.slice(2)] = argv[index + 1];
      index += 1;
    }
  }
  return parsed;
}

function main() {
  // --keep DIR leaves the generated answers files and ADRs there, for profiling.
  const work = args.keep ? String(args.keep) : mkdtempSync(join(tmpdir(), 'sync-or-async-bench-'));
  if (args.keep) mkdirSync(work, { recursive: true });
  let broken = false;
  try {
    const preload = join(work, 'report-rss.mjs');
    writeFileSync(
      preload,
      "import { writeFileSync } from 'node:fs';\n" +
        "process.on('exit', () => { if (process.env.BENCH_RSS_FILE) { const u = process.resourceUsage(); writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ rssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })); } });\n",
    );
    console.log(`sync-or-async bench: node ${process.version}, ${RUNS} runs per size (median), seed ${SEED}`);
    console.log('');

    const medians = new Map();
    const shapes = [
      ...SIZES.map((size) => ({ size, name: `answers-${size}`, label: 'decide', text: () => generateAnswers(size, SEED + size) })),
      ...EARLY_SIZES.map((size) => ({ size, name: `early-${size}`, label: 'early catalogue', text: () => generateEarlyCatalogue(size, SEED + size) })),
    ];
    for (const { size, name, label, text } of shapes) {
      const file = join(work, `${name}.yaml`);
      writeFileSync(file, text());
      const bytes = statSync(file).size;
      const extra = [];
      let note = '';
      if (bytes > DEFAULT_MAX_BYTES) {
        const limit = `${Math.ceil(bytes / 1024 / 1024) + 1}MB`;
        extra.push('--max-size', limit);
        note = ` (over the default 4 MB limit: run with --max-size ${limit})`;
      }
      const commandArgs = [bin, 'decide', file, '--dir', join(work, `adr-${name}`), ...extra];
      const runs = [];
      for (let run = 0; run < RUNS; run += 1) {
        const result = measure(process.execPath, commandArgs, { cwd: work, preload, work });
        if (result.status !== 0) {
          console.log(`${label} ${size}: the CLI exited ${result.status}`);
          console.log(result.stderr.split('\n').slice(0, 20).join('\n'));
          broken = true;
          break;
        }
        runs.push(result);
      }
      if (runs.length === 0) continue;
      const ms = median(runs.map((run) => run.ms));
      const rss = median(runs.map((run) => run.rssKb));
      if (label === 'decide') medians.set(size, ms);
      const target = size === 10000 ? `   target < ${formatMs(TARGET_10K_MS)}: ${verdict(ms < TARGET_10K_MS)}` : '';
      console.log(`${label} ${String(size).padStart(6)} interactions: ${(bytes / 1024 / 1024).toFixed(2)} MB file${note}`);
      console.log(`  wall ${formatMs(ms).padStart(9)} (min ${formatMs(Math.min(...runs.map((run) => run.ms)))})   peak RSS ${formatMb(rss)}${target}`);
      // CPU time counts only what the process itself ran (GC threads included), so a busy host
      // shows as wall time well above it.
      console.log(`  cpu (user + system) ${formatMs(median(runs.map((run) => run.cpuMs)))}${describePressure()}`);
      console.log(`  ${runs[0].stderr.trim()}`);
      console.log(`  stages in one fresh process: ${measureStages(file)}`);
    }
    if (medians.has(1000) && medians.has(10000)) {
      const ratio = medians.get(10000) / medians.get(1000);
      console.log(`growth 10,000 / 1,000: ${ratio.toFixed(2)}x time for 10x input (linear would be about 10x or less, start-up included)`);
    }
    console.log('');

    const node = [];
    const version = [];
    // Interleaved, so that a busy moment on the machine hits both sides alike.
    for (let run = 0; run < VERSION_RUNS; run += 1) {
      node.push(time(process.execPath, ['-e', '0'], work).ms);
      const result = time(process.execPath, [bin, '--version'], work);
      if (result.status !== 0) {
        console.log(`--version exited ${result.status}: ${result.stderr}`);
        broken = true;
        break;
      }
      version.push(result.ms);
    }
    if (version.length === VERSION_RUNS) {
      const nodeMs = median(node);
      const versionMs = median(version);
      const ratio = versionMs / nodeMs;
      console.log(`start-up (${VERSION_RUNS} runs, median): node -e 0 ${formatMs(nodeMs)}, sync-or-async --version ${formatMs(versionMs)}`);
      console.log(`  ratio ${ratio.toFixed(2)}x   target within ${TARGET_VERSION_RATIO}x: ${verdict(ratio <= TARGET_VERSION_RATIO)}`);
    }
  } finally {
    if (!args.keep) rmSync(work, { recursive: true, force: true });
  }
  if (broken) {
    process.exitCode = 1;
  }
}

// Importable for generating files by hand (profiling); runs when started as a script.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}

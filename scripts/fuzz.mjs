#!/usr/bin/env node
/**
 * The mutation fuzzer, run as long as asked, against the built CLI (dist/). The test suite runs
 * the same fuzzer on a fixed budget (test/fuzz/fuzz.test.ts); this script runs more cases, in
 * parallel worker threads, and stops a case that hangs.
 *
 *   npm run fuzz                              build, then 2,000 cases from seed 1
 *   npm run fuzz -- --cases 100000            more cases
 *   npm run fuzz -- --seed 7 --time-budget 600   stop dispatching after 10 minutes
 *   npm run fuzz -- --seed 7 --case 4711      run one case, print everything, keep its files
 *
 * Options: --cases N, --seed S, --from K (first case number), --time-budget SECONDS (also
 * 90s, 10m, 1h), --case K, --workers N (default: the number of CPUs), --out DIR (where failing
 * cases are written; default .fuzz/failures), --slow-ms MS (default 2000), --hang-ms MS
 * (default 60000), --determinism-every N (default 10), --binary-every N (default 200; 0 for none).
 *
 * Prints cases per second, the exit codes (overall and per command), the slowest cases and
 * every case that broke the contract, with the command that replays it. Each failing case is
 * written to <out>/seed-S-case-K/ (its workspace, the command, what came out, reproduce.sh).
 * Exits 1 when a case broke the contract, 2 on bad usage.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'sync-or-async.js');
const sources = join(root, 'test', 'fuzz');
const build = join(root, '.fuzz', 'build');

const args = parseArgs(process.argv.slice(2));
const seed = integer(args.seed ?? '1', '--seed');
const from = integer(args.from ?? '0', '--from');
const cases = integer(args.cases ?? '2000', '--cases');
const budgetMs = args['time-budget'] === undefined ? Number.POSITIVE_INFINITY : duration(args['time-budget']);
const workers = integer(args.workers ?? String(availableParallelism()), '--workers');
const outDir = args.out === undefined ? join(root, '.fuzz', 'failures') : resolve(args.out);
const hangMs = integer(args['hang-ms'] ?? '60000', '--hang-ms');
const options = {
  slowMs: integer(args['slow-ms'] ?? '2000', '--slow-ms'),
  determinismEvery: integer(args['determinism-every'] ?? '10', '--determinism-every'),
  binaryEvery: integer(args['binary-every'] ?? '200', '--binary-every'),
  bin,
};

transpileFuzzer();
const load = (name) => import(pathToFileURL(join(build, `${name}.js`)).href);
const [{ readSeeds }, { generateCase }, { Tally, runFuzzCase, writeReproduction, describeFailure }, { Workspace }] = await Promise.all([
  load('seeds'),
  load('cases'),
  load('campaign'),
  load('contract'),
]);
const { runCli } = await import(pathToFileURL(join(root, 'dist', 'cli', 'program.js')).href);
const seeds = readSeeds(root);
const scratch = mkdtempSync(join(tmpdir(), 'sync-or-async-fuzz-main-'));
const workspace = new Workspace(join(scratch, 'ws'), runCli);

try {
  process.exitCode = args.case === undefined ? await runMany() : await runOne(integer(args.case, '--case'));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

/** --case K: one case in this process, everything printed, its files kept. */
async function runOne(index) {
  const fuzzCase = generateCase(seeds, seed, index);
  const report = await runFuzzCase(fuzzCase, workspace, runCli, { ...options, binaryEvery: 1 });
  const dir = await writeReproduction(outDir, fuzzCase, workspace, report, bin);
  const show = (text) => (text.length > 4000 ? `${text.slice(0, 4000)}\n... (${text.length} characters; the whole text is in ${dir})` : text);
  console.log(`case ${index} of seed ${seed}: sync-or-async ${fuzzCase.argv.join(' ')}`);
  console.log(`from ${fuzzCase.origin}, ${fuzzCase.mutated} mutated by ${fuzzCase.mutations.join(', ')}`);
  console.log(`exit ${report.code} in ${Math.round(report.ms)} ms`);
  console.log(`--- stdout\n${show(report.stdout)}\n--- stderr\n${show(report.stderr)}`);
  console.log(report.violations.length === 0 ? 'no contract violations' : describeFailure(report).join('\n'));
  console.log(`files of the case: ${dir}`);
  return report.violations.length === 0 ? 0 : 1;
}

/** Cases from..from+cases-1 over the worker threads, each one watched for hanging. */
async function runMany() {
  const tally = new Tally(15);
  const started = performance.now();
  let next = from;
  const end = from + cases;
  let lastProgress = started;
  const escapedReports = [];

  await new Promise((resolve) => {
    let watchdog;
    const finish = () => {
      clearInterval(watchdog);
      resolve();
    };
    const slots = Array.from({ length: Math.max(1, Math.min(workers, cases)) }, () => startWorker());

    function startWorker() {
      const worker = new Worker(join(build, 'worker.js'), { workerData: { root, seed, options, scratch } });
      const slot = { worker, index: -1, since: 0, done: false };
      worker.on('message', (message) => {
        if (message.type === 'ready') dispatch(slot);
        else if (message.type === 'done') {
          tally.add(message.report);
          progress();
          dispatch(slot);
        } else if (message.type === 'escaped') {
          escapedReports.push(message);
        }
      });
      worker.on('error', (error) => {
        console.error(`worker failed: ${error.stack ?? error}`);
        replace(slot);
      });
      return slot;
    }

    function dispatch(slot) {
      const overBudget = performance.now() - started > budgetMs;
      if (next >= end || overBudget) {
        slot.done = true;
        slot.index = -1;
        slot.worker.postMessage({ type: 'stop' });
        if (slots.every((candidate) => candidate.done)) finish();
        return;
      }
      slot.index = next;
      slot.since = performance.now();
      slot.worker.postMessage({ type: 'run', index: next });
      next += 1;
    }

    function replace(slot) {
      void slot.worker.terminate();
      const fresh = startWorker();
      slots[slots.indexOf(slot)] = fresh;
    }

    watchdog = setInterval(() => {
      for (const slot of slots) {
        if (slot.done || slot.index < 0 || performance.now() - slot.since < hangMs) continue;
        const fuzzCase = generateCase(seeds, seed, slot.index);
        tally.add({
          seed,
          index: slot.index,
          command: fuzzCase.command,
          origin: fuzzCase.origin,
          mutations: fuzzCase.mutations,
          argv: fuzzCase.argv,
          code: -1,
          ms: performance.now() - slot.since,
          binary: false,
          violations: [{ kind: 'hang', detail: `no result after ${hangMs} ms; the worker was stopped` }],
          stdout: '',
          stderr: '',
        });
        replace(slot);
      }
    }, 1000);

    function progress() {
      const now = performance.now();
      if (now - lastProgress < 5000) return;
      lastProgress = now;
      const rate = tally.cases / ((now - started) / 1000);
      process.stderr.write(`${tally.cases}/${cases} cases, ${rate.toFixed(1)} cases/s, ${tally.failures.length} failing\n`);
    }
  });

  // An exception that escaped a command is charged to its case.
  for (const message of escapedReports) {
    const report = tally.failures.find((candidate) => candidate.index === message.index);
    const violation = { kind: 'escaped the command', detail: message.detail };
    if (report) report.violations.push(violation);
    else {
      const fuzzCase = generateCase(seeds, seed, message.index);
      tally.failures.push({ seed, index: message.index, command: fuzzCase.command, origin: fuzzCase.origin, mutations: fuzzCase.mutations, argv: fuzzCase.argv, code: -1, ms: 0, binary: false, violations: [violation], stdout: '', stderr: '' });
    }
  }

  const elapsed = performance.now() - started;
  console.log(`seed ${seed}, cases ${from}..${from + tally.cases - 1}${tally.cases < cases ? ' (stopped by the time budget)' : ''}, ${workers} workers`);
  console.log(tally.format(elapsed));
  if (tally.failures.length > 0) {
    mkdirSync(outDir, { recursive: true });
    for (const report of tally.failures) {
      const dir = await writeReproduction(outDir, generateCase(seeds, seed, report.index), workspace, report, bin);
      console.log(`case ${report.index}: files in ${dir}`);
    }
  }
  return tally.failures.length === 0 ? 0 : 1;
}

/**
 * The fuzzer is TypeScript beside the tests (the suite type-checks it and runs it through
 * vitest); here its files are turned into plain JavaScript, one by one, without type checking.
 */
function transpileFuzzer() {
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  for (const name of readdirSync(sources)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    const source = readFileSync(join(sources, name), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: name,
    });
    writeFileSync(join(build, name.replace(/\.ts$/, '.js')), outputText);
  }
}

function parseArgs(argv) {
  const parsed = {};
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (!arg.startsWith('--')) usage(`unexpected argument ${arg}`);
    const equals = arg.indexOf('=');
    if (equals > 0) parsed[arg.slice(2, equals)] = arg.slice(equals + 1);
    else {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) usage(`${arg} needs a value`);
      parsed[arg.slice(2)] = value;
      index += 1;
    }
  }
  const known = ['cases', 'seed', 'from', 'time-budget', 'case', 'workers', 'out', 'slow-ms', 'hang-ms', 'determinism-every', 'binary-every'];
  for (const key of Object.keys(parsed)) if (!known.includes(key)) usage(`unknown option --${key}`);
  return parsed;
}

function integer(text, name) {
  if (!/^\d+$/.test(text)) usage(`${name} takes a whole number, not "${text}"`);
  return Number(text);
}

/** 600, 600s, 10m, 1h -> milliseconds. */
function duration(text) {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text);
  if (!match) usage(`--time-budget takes seconds, or a number with s, m or h, not "${text}"`);
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'];
}

function usage(message) {
  console.error(`fuzz: ${message}\nusage: npm run fuzz -- [--cases N] [--seed S] [--from K] [--time-budget 10m] [--case K] [--workers N] [--out DIR] [--slow-ms MS] [--hang-ms MS] [--determinism-every N] [--binary-every N]`);
  process.exit(2);
}

#!/usr/bin/env node
/**
 * Speed and memory of the built CLI on answers files written the way people and the interview
 * write them, each measured beside its floor: a bare load of the same file by the YAML library
 * alone (js-yaml, core schema) in a fresh process. Prints figures next to their targets; a
 * missed target is reported, not failed on (timings depend on the machine). Only a CLI run that
 * itself fails makes this script exit non-zero.
 *
 *   npm run bench                                   build, then run
 *   node scripts/bench.mjs --runs 5 --sizes 1000,10000,20000
 *   node scripts/bench.mjs --styles block,flow      only some styles (block, flow, commented, early; none)
 *   node scripts/bench.mjs --runs 1 --keep /tmp/bench   keep the generated files for profiling
 *   node scripts/bench.mjs --paths no               skip the other paths (check, drift, dense flows)
 *   node scripts/bench.mjs --traces 256             the largest OTLP export, in MB (default 1024; no to skip)
 *
 * One generated system is written in three styles, so only the YAML differs between them:
 *   block      block maps, as the interview saves a file (its own writer writes it)
 *   flow       block lists of entries with inline flow maps: `answers: { intent: query, ... }`
 *   commented  block style kept by hand: comments on most lines, quoted and folded summaries
 * and a fourth shape, `early`: an early catalogue where each interaction answers one to three
 * questions (block style), which weighs the most possible answers per interaction.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateEarlyCatalogue, generateSystem, writeBlockStyle, writeCommentedStyle, writeFlowStyle } from './bench/generate.mjs';
import { writeJaeger, writeOtlp, writeZipkin } from './bench/traces.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'sync-or-async.js');
const dist = pathToFileURL(join(root, 'dist') + '/');

const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs ?? 3);
const VERSION_RUNS = Number(args['version-runs'] ?? 20);
const SIZES = String(args.sizes ?? '1000,10000').split(',').map(Number);
const STYLES = String(args.styles ?? 'block,flow,commented,early').split(',').filter((style) => style !== 'none');
const SEED = Number(args.seed ?? 20261122);
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

const TARGETS = {
  /** Every style at 10,000 interactions within this many times its floor. */
  floorRatio: 3,
  /** Time for 10x the interactions at most this many times the time for 1x. */
  growth: 11,
  peakMb: 250,
  /** `--version` within this many times a bare `node -e 0`. */
  versionRatio: 1.3,
};

async function writeStyle(style, size) {
  const seed = SEED + size;
  if (style === 'early') return writeBlockStyle(generateEarlyCatalogue(size, seed), dist);
  const system = generateSystem(size, seed);
  if (style === 'block') return writeBlockStyle(system, dist);
  if (style === 'flow') return writeFlowStyle(system);
  if (style === 'commented') return writeCommentedStyle(system, seed);
  throw new Error(`unknown style ${style}: use block, flow, commented or early`);
}

/** The floor: a fresh process that only reads the file and loads it with the YAML library. */
function floorScript(file) {
  return `
    import { readFileSync } from 'node:fs';
    import { load, CORE_SCHEMA } from 'js-yaml';
    const data = load(readFileSync(${JSON.stringify(file)}, 'utf8'), { schema: CORE_SCHEMA });
    if (!data || typeof data !== 'object') process.exitCode = 3;
  `;
}

/**
 * Where the time of one decision goes, in a fresh process (so each stage includes its cold
 * start, as the CLI sees it): modules, rule packs, reading and validating, deciding the
 * interactions, the whole-system analysis (chains, budgets), and the ADR renderer.
 */
function measureStages(file) {
  const script = `
    const { readFileSync } = await import('node:fs');
    const at = [performance.now()];
    const { loadPacks } = await import('${dist.href}load/pack.js');
    const { parseAnswers } = await import('${dist.href}load/answers.js');
    const { createDecisionContext, evaluateInteraction } = await import('${dist.href}engine/decide-interaction.js');
    const { analyseSystem } = await import('${dist.href}engine/system.js');
    const { decide } = await import('${dist.href}engine/decide.js');
    const { renderAdrPieces } = await import('${dist.href}render/adr.js');
    const { readAdrTemplates } = await import('${dist.href}io/templates.js');
    at.push(performance.now());
    const pack = await loadPacks([]);
    at.push(performance.now());
    const answers = parseAnswers(readFileSync(${JSON.stringify(file)}, 'utf8'), 'answers.yaml', pack);
    at.push(performance.now());
    const context = createDecisionContext(pack, answers.services);
    const decided = answers.interactions.map((interaction) => evaluateInteraction(interaction, context).decision);
    at.push(performance.now());
    analyseSystem(answers, decided, pack);
    at.push(performance.now());
    const decision = decide(answers, pack);
    const templates = await readAdrTemplates();
    const before = performance.now();
    // Rendered as decide renders it, piece by piece; only the length is kept.
    let length = 0;
    for (const piece of renderAdrPieces({ answers, decision, pack, profile: 'madr', number: 1, date: '2026-11-22', source: 'answers.yaml', templates })) length += piece.length;
    const ms = (a, b) => Math.round(b - a) + ' ms';
    console.log('modules ' + ms(at[0], at[1]) + ', rule packs ' + ms(at[1], at[2]) + ', read and validate ' + ms(at[2], at[3]) +
      ', interactions ' + ms(at[3], at[4]) + ', system ' + ms(at[4], at[5]) + ', render ' + ms(before, performance.now()) +
      ' (' + (length / 1024 / 1024).toFixed(1) + ' MB of Markdown)');
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result.status === 0 ? result.stdout.trim() : `could not be measured: ${result.stderr.trim().split('\n')[0]}`;
}

/** One run: wall time seen from here; peak RSS and CPU time reported by the child at exit (via a preload). */
function measure(commandArgs, options) {
  const rssFile = join(options.work, `rss-${process.hrtime.bigint()}.txt`);
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(options.preload).href, ...commandArgs], {
    cwd: options.cwd ?? options.work,
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let rssKb = Number.NaN;
  let cpuMs = Number.NaN;
  try {
    ({ rssKb, cpuMs } = JSON.parse(readFileSync(rssFile, 'utf8')));
    rmSync(rssFile);
  } catch {
    // The child died before its exit hook: the figures stay unknown.
  }
  return { ms, rssKb, cpuMs, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI and the floor alternately, so that a busy moment on the machine hits both alike. */
function measurePair(cliArgs, floorFile, options, runs) {
  const cli = [];
  const floor = [];
  for (let run = 0; run < runs; run += 1) {
    const result = measure(cliArgs, options);
    if (result.status !== 0 && result.status !== 1) return { failed: result };
    cli.push(result);
    floor.push(measure(['--input-type=module', '-e', floorScript(floorFile)], { ...options, cwd: root }));
  }
  return { cli: summarise(cli), floor: summarise(floor), last: cli[cli.length - 1] };
}

function summarise(runs) {
  return {
    ms: median(runs.map((run) => run.ms)),
    minMs: Math.min(...runs.map((run) => run.ms)),
    rssKb: median(runs.map((run) => run.rssKb)),
    cpuMs: median(runs.map((run) => run.cpuMs)),
  };
}

/** Plain wall time, without the preload, for start-up comparisons. */
function time(commandArgs, cwd) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, commandArgs, { cwd, encoding: 'utf8' });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: result.status, stderr: result.stderr };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Linux's CPU pressure (share of time tasks waited for a CPU), when the kernel reports it. */
function describePressure() {
  try {
    const line = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0] ?? '';
    const avg10 = /avg10=([\d.]+)/.exec(line)?.[1];
    return avg10 === undefined ? '' : `cpu pressure ${avg10}% (share of the last 10 s spent waiting for a CPU)`;
  } catch {
    return '';
  }
}

const formatMs = (ms) => (Number.isNaN(ms) ? 'n/a' : `${ms.toFixed(ms < 100 ? 1 : 0)} ms`);
const formatMb = (kb) => (Number.isNaN(kb) ? 'n/a' : `${(kb / 1024).toFixed(1)} MB`);
const verdict = (ok) => (ok ? 'ok' : 'MISSED');

function parseArgs(argv) {
  const parsed = {};
  for (let index = 0; index < argv.length; index += 1) {
    if (argv[index].startsWith('--')) {
      parsed[argv[index].slice(2)] = argv[index + 1];
      index += 1;
    }
  }
  return parsed;
}

function sizeLimit(bytes) {
  return bytes > DEFAULT_MAX_BYTES ? ['--max-size', `${Math.ceil(bytes / 1024 / 1024) + 1}MB`] : [];
}

async function benchStyles(work, preload, missed) {
  const results = new Map();
  for (const style of STYLES) {
    for (const size of SIZES) {
      const file = join(work, `${style}-${size}.yaml`);
      writeFileSync(file, await writeStyle(style, size));
      const bytes = statSync(file).size;
      const cliArgs = [bin, 'decide', file, '--dir', join(work, `adr-${style}-${size}`), ...sizeLimit(bytes)];
      const pair = measurePair(cliArgs, file, { preload, work }, RUNS);
      if (pair.failed) {
        console.log(`${style} ${size}: the CLI exited ${pair.failed.status}`);
        console.log(pair.failed.stderr.split('\n').slice(0, 20).join('\n'));
        return undefined;
      }
      results.set(`${style} ${size}`, pair);
      const ratio = pair.cli.ms / pair.floor.ms;
      const checks = [`peak ${verdict(pair.cli.rssKb / 1024 <= TARGETS.peakMb)}`];
      if (size === 10000) checks.unshift(`within ${TARGETS.floorRatio}x of the floor: ${verdict(ratio <= TARGETS.floorRatio)}`);
      if (pair.cli.rssKb / 1024 > TARGETS.peakMb) missed.push(`${style} ${size}: peak RSS ${formatMb(pair.cli.rssKb)}`);
      if (size === 10000 && ratio > TARGETS.floorRatio) missed.push(`${style} ${size}: ${ratio.toFixed(2)}x the floor`);
      console.log(`${style} ${String(size).padStart(6)} interactions, ${(bytes / 1024 / 1024).toFixed(2)} MB file`);
      console.log(`  decide  wall ${formatMs(pair.cli.ms).padStart(9)} (min ${formatMs(pair.cli.minMs)})  cpu ${formatMs(pair.cli.cpuMs).padStart(9)}  peak RSS ${formatMb(pair.cli.rssKb)}`);
      console.log(`  floor   wall ${formatMs(pair.floor.ms).padStart(9)} (min ${formatMs(pair.floor.minMs)})  cpu ${formatMs(pair.floor.cpuMs).padStart(9)}  peak RSS ${formatMb(pair.floor.rssKb)}`);
      console.log(`  ratio to the floor ${ratio.toFixed(2)}x (cpu ${(pair.cli.cpuMs / pair.floor.cpuMs).toFixed(2)}x)   ${checks.join('   ')}`);
      console.log(`  stages: ${measureStages(file)}`);
      console.log(`  ${describePressure()}`);
    }
    const small = results.get(`${style} ${SIZES[0]}`);
    const large = results.get(`${style} ${SIZES[SIZES.length - 1]}`);
    if (small && large && SIZES.length > 1) {
      const factor = SIZES[SIZES.length - 1] / SIZES[0];
      const growth = large.cli.ms / small.cli.ms;
      const allowed = (TARGETS.growth / 10) * factor;
      if (growth > allowed) missed.push(`${style}: growth ${growth.toFixed(2)}x`);
      console.log(`${style} growth ${SIZES[SIZES.length - 1]} / ${SIZES[0]}: ${growth.toFixed(2)}x the time for ${factor}x the interactions (target at most ${allowed.toFixed(1)}x: ${verdict(growth <= allowed)})`);
    }
    console.log('');
  }
  return results;
}

/**
 * The other paths a large file goes through: `check` with every report format at once, the
 * drift diff of a large committed ADR that differs in a few places, the Nygard profile, and
 * chain analysis on flows twice as dense as the bench's systems.
 */
async function benchOtherPaths(work, preload, missed) {
  const size = SIZES[SIZES.length - 1];
  const file = join(work, `paths-${size}.yaml`);
  const system = generateSystem(size, SEED + size);
  writeFileSync(file, writeFlowStyle(system));
  const limit = sizeLimit(statSync(file).size);
  const adrDir = join(work, `adr-paths-${size}`);
  const runs = [
    { label: `decide --profile nygard`, args: [bin, 'decide', file, '--dir', join(work, 'adr-nygard'), '--profile', 'nygard', ...limit] },
    { label: 'decide --format json', args: [bin, 'decide', file, '--format', 'json', ...limit] },
    {
      label: 'check, every report format at once',
      args: [bin, 'check', file, ...limit, ...['json', 'sarif', 'junit', 'markdown', 'github'].map((format) => ['--format', `${format}=${join(work, `report.${format}`)}`]).flat(), '--format', `stylish=${join(work, 'report.txt')}`],
    },
  ];
  const first = measure([bin, 'decide', file, '--dir', adrDir, ...limit], { preload, work });
  if (first.status !== 0) {
    console.log(`paths: decide exited ${first.status}: ${first.stderr.split('\n')[0]}`);
    return false;
  }
  // A committed ADR that drifted: one interaction in twenty answered differently since.
  const drifted = join(work, `drifted-${size}.yaml`);
  for (const [index, interaction] of system.interactions.entries()) {
    if (index % 20 === 0) interaction.answers = interaction.answers.map(([question, answer]) => [question, question === 'intent' ? (answer === 'query' ? 'command' : 'query') : answer]);
  }
  writeFileSync(drifted, writeFlowStyle(system));
  runs.push({ label: 'check --adr, drift in 1 of 20 interactions', args: [bin, 'check', drifted, '--adr', adrDir, ...limit, '--format', `json=${join(work, 'drift.json')}`], cwd: work });
  // Dense flows: one per two interactions, 20-40 steps each.
  const dense = generateSystem(size, SEED + size + 1);
  const flows = [];
  for (let index = 0; index < size / 2; index += 1) {
    const steps = [];
    for (let step = 0; step < 20 + (index % 21); step += 1) steps.push(dense.interactions[(index * 7 + step * 13) % size].id);
    flows.push({ id: `dense-${index + 1}`, summary: `dense flow ${index + 1}`, budget_ms: 1000, availability_target: 0.99, steps });
  }
  dense.flows = flows;
  const denseFile = join(work, `dense-${size}.yaml`);
  writeFileSync(denseFile, writeFlowStyle(dense));
  runs.push({ label: `decide, ${flows.length} flows of 20-40 steps`, args: [bin, 'decide', denseFile, '--stdout', ...sizeLimit(statSync(denseFile).size)] });

  console.log(`other paths at ${size} interactions (flow style)`);
  let ok = true;
  for (const run of runs) {
    const results = [];
    for (let index = 0; index < RUNS; index += 1) results.push(measure(run.args, { preload, work, cwd: run.cwd }));
    const failed = results.find((result) => result.status !== 0 && result.status !== 1);
    if (failed) {
      console.log(`  ${run.label}: exited ${failed.status}: ${failed.stderr.split('\n')[0]}`);
      ok = false;
      continue;
    }
    const summary = summarise(results);
    if (summary.rssKb / 1024 > TARGETS.peakMb) missed.push(`${run.label}: peak RSS ${formatMb(summary.rssKb)}`);
    console.log(`  ${run.label.padEnd(46)} wall ${formatMs(summary.ms).padStart(9)}  cpu ${formatMs(summary.cpuMs).padStart(9)}  peak RSS ${formatMb(summary.rssKb)}  (exit ${results[0].status})`);
  }
  console.log('');
  return ok;
}

/**
 * import traces on generated exports: OTLP JSON lines at a quarter of the largest size and at the
 * largest (time should grow with the size, memory should not), Jaeger and Zipkin JSON at a
 * quarter. One run each: the files are large.
 */
async function benchTraces(work, preload) {
  const largest = Number(args.traces ?? 1024) * 1024 * 1024;
  const cases = [
    ['otlp', writeOtlp, largest / 4],
    ['otlp', writeOtlp, largest],
    ['jaeger', writeJaeger, largest / 4],
    ['zipkin', writeZipkin, largest / 4],
  ];
  console.log(`import traces (1 run each; the export is generated first, then deleted)`);
  const figures = [];
  for (const [format, write, bytes] of cases) {
    const file = join(work, `traces-${format}-${bytes}.json`);
    const generated = performance.now();
    const size = await write(file, bytes, SEED);
    const generatedMs = performance.now() - generated;
    const result = measure([bin, 'import', 'traces', file, '--answers', join(work, `imported-${format}-${size}.yaml`)], { work, preload });
    rmSync(file, { force: true });
    if (result.status !== 0) {
      console.log(`  ${format} ${formatSize(size)}: exited ${result.status}: ${result.stderr.trim().split('\n')[0]}`);
      return false;
    }
    const throughput = size / 1024 / 1024 / (result.ms / 1000);
    figures.push({ format, size, ms: result.ms });
    console.log(`  ${format.padEnd(6)} ${formatSize(size).padStart(9)}: ${formatMs(result.ms).padStart(9)}, cpu ${formatMs(result.cpuMs)}, peak RSS ${formatMb(result.rssKb)}, ${throughput.toFixed(1)} MB/s (generated in ${formatMs(generatedMs)})`);
    console.log(`         ${result.stderr.trim().split('\n')[0]}`);
  }
  const [quarter, whole] = figures;
  console.log(`  otlp growth: ${(whole.ms / quarter.ms).toFixed(2)}x the time for ${(whole.size / quarter.size).toFixed(2)}x the size (linear: the same)`);
  console.log('');
  return true;
}

function formatSize(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function benchStartUp(work, missed) {
  const node = [];
  const version = [];
  // Interleaved, so that a busy moment on the machine hits both sides alike.
  for (let run = 0; run < VERSION_RUNS; run += 1) {
    node.push(time(['-e', '0'], work).ms);
    const result = time([bin, '--version'], work);
    if (result.status !== 0) {
      console.log(`--version exited ${result.status}: ${result.stderr}`);
      return false;
    }
    version.push(result.ms);
  }
  const ratio = median(version) / median(node);
  if (ratio > TARGETS.versionRatio) missed.push(`--version ${ratio.toFixed(2)}x node`);
  console.log(`start-up (${VERSION_RUNS} runs, median): node -e 0 ${formatMs(median(node))}, sync-or-async --version ${formatMs(median(version))}`);
  console.log(`  ratio ${ratio.toFixed(2)}x   target within ${TARGETS.versionRatio}x: ${verdict(ratio <= TARGETS.versionRatio)}`);
  return true;
}

async function main() {
  const work = args.keep ? String(args.keep) : mkdtempSync(join(tmpdir(), 'sync-or-async-bench-'));
  if (args.keep) mkdirSync(work, { recursive: true });
  let broken = false;
  const missed = [];
  try {
    const preload = join(work, 'report-rss.mjs');
    writeFileSync(
      preload,
      "import { writeFileSync } from 'node:fs';\n" +
        "process.on('exit', () => { if (process.env.BENCH_RSS_FILE) { const u = process.resourceUsage(); writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ rssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })); } });\n",
    );
    console.log(`sync-or-async bench: node ${process.version}, ${RUNS} runs each (median), seed ${SEED}`);
    console.log(`targets: at 10,000 interactions within ${TARGETS.floorRatio}x the floor, growth at most ${TARGETS.growth}x for 10x, peak RSS at most ${TARGETS.peakMb} MB, --version within ${TARGETS.versionRatio}x node`);
    console.log('floor: the same file loaded by js-yaml alone (core schema) in a fresh node process');
    console.log('');
    if ((await benchStyles(work, preload, missed)) === undefined) broken = true;
    if (args.paths !== 'no' && !(await benchOtherPaths(work, preload, missed))) broken = true;
    if (args.traces !== 'no' && !(await benchTraces(work, preload))) broken = true;
    if (!benchStartUp(work, missed)) broken = true;
    console.log('');
    if (broken) console.log('a run failed: see above');
    else console.log(missed.length === 0 ? 'every target met' : `missed: ${missed.join('; ')}`);
  } finally {
    if (!args.keep) rmSync(work, { recursive: true, force: true });
  }
  if (broken) process.exitCode = 1;
}

await main();

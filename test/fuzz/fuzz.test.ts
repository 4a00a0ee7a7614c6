/**
 * The mutation fuzzer on a fixed budget: the same cases on every run (a fixed seed and count),
 * each held to the CLI's contract (see contract.ts). Longer runs, other seeds and the replay of
 * one case: npm run fuzz (scripts/fuzz.mjs), described in the README.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { ensureBuilt, bin } from '../e2e/cli.js';
import { ALLOWED_CODES, generateCase } from './cases.js';
import type { CommandKind } from './cases.js';
import { Tally, checkBinary, describeFailure, runFuzzCase, writeReproduction } from './campaign.js';
import type { CaseReport } from './campaign.js';
import { Workspace } from './contract.js';
import { readSeeds } from './seeds.js';

const SEED = 20261122;
/**
 * The slowest of these cases takes about 1 s on two cores; the other test files run beside this
 * one, so a case counts as slow here only past 3 s (npm run fuzz: 2 s), timed twice.
 */
const SLOW_MS = 3000;
const CASES = 800;
/** Cases also run through the built binary: the first of each command among the cases above. */
const BINARY_CASES_PER_COMMAND = 1;

const root = join(import.meta.dirname, '..', '..');
const seeds = readSeeds(root);
let scratch: string;
let workspace: Workspace;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'fuzz-suite-'));
  workspace = new Workspace(join(scratch, 'ws'), runCli);
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The failures, each with its reproduction folder, as the assertion message. */
async function explain(failures: CaseReport[]): Promise<string> {
  const lines: string[] = [];
  for (const report of failures) {
    const dir = await writeReproduction(join(scratch, '..', 'sync-or-async-fuzz-failures'), generateCase(seeds, SEED, report.index), workspace, report, bin);
    lines.push(...describeFailure(report), `  files: ${dir}`);
  }
  return lines.join('\n');
}

describe(`fuzzing the CLI: ${CASES} cases of seed ${SEED}`, () => {
  const tally = new Tally(5);

  it('holds every case to the contract: documented exit code, located messages, nothing written on refusal, no crash, bounded time, same output twice', async () => {
    const started = performance.now();
    for (let index = 0; index < CASES; index += 1) {
      tally.add(await runFuzzCase(generateCase(seeds, SEED, index), workspace, runCli, { slowMs: SLOW_MS, determinismEvery: 8, binaryEvery: 0 }));
    }
    console.log(tally.format(performance.now() - started));
    // Compared as text, so that a failure reads as its case, its violations and how to replay it.
    const failures = tally.failures.map((report) => describeFailure(report).join('\n'));
    expect(failures, await explain(tally.failures)).toEqual([]);
  }, 300_000);

  it('reaches every command and all three exit codes, so the mutations leave enough valid input', () => {
    expect(tally.cases).toBe(CASES);
    expect([...tally.codes.keys()].sort()).toEqual([0, 1, 2]);
    expect([...tally.byCommand.keys()].sort()).toEqual((Object.keys(ALLOWED_CODES) as CommandKind[]).sort());
    // A run where almost every input is refused at once would test little beyond the parser.
    expect((tally.codes.get(0) ?? 0) + (tally.codes.get(1) ?? 0)).toBeGreaterThan(CASES * 0.15);
  });

  it('gives the same result through the built binary, in a process of its own', async () => {
    ensureBuilt();
    const chosen = new Map<CommandKind, number[]>();
    for (let index = 0; index < CASES; index += 1) {
      const { command } = generateCase(seeds, SEED, index);
      const list = chosen.get(command) ?? [];
      if (list.length < BINARY_CASES_PER_COMMAND) chosen.set(command, [...list, index]);
    }
    const failures: string[] = [];
    for (const index of [...chosen.values()].flat().sort((a, b) => a - b)) {
      const fuzzCase = generateCase(seeds, SEED, index);
      const violations = await checkBinary(fuzzCase, workspace, runCli, bin);
      for (const violation of violations) failures.push(`case ${index} (${fuzzCase.argv.join(' ')}): ${violation.kind}: ${violation.detail}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

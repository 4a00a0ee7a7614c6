/**
 * A worker thread of scripts/fuzz.mjs: runs the cases it is sent against the built CLI, each
 * in its own workspace, and posts a report per case. Anything that escapes a command (an
 * unhandled rejection, an uncaught exception) is charged to the case that was running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { generateCase } from './cases.js';
import { reportCase, runFuzzCase } from './campaign.js';
import type { CampaignOptions, CaseReport } from './campaign.js';
import { Workspace } from './contract.js';
import type { RunCli } from './contract.js';
import { readSeeds } from './seeds.js';

export interface WorkerSetup {
  root: string;
  seed: number;
  options: CampaignOptions;
  /** A folder of the main thread's, removed by it: a worker stopped mid-case leaves nothing behind. */
  scratch: string;
}

export type WorkerRequest = { type: 'run'; index: number } | { type: 'stop' };
export type WorkerReply = { type: 'ready' } | { type: 'done'; report: CaseReport } | { type: 'escaped'; index: number; detail: string };

const setup = workerData as WorkerSetup;
const port = parentPort!;
const { runCli } = (await import(pathToFileURL(join(setup.root, 'dist', 'cli', 'program.js')).href)) as { runCli: RunCli };
const seeds = readSeeds(setup.root);
const base = mkdtempSync(join(setup.scratch, 'worker-'));
const workspace = new Workspace(join(base, 'ws'), runCli);
let current = -1;

const escaped = (error: unknown): void => {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  port.postMessage({ type: 'escaped', index: current, detail } satisfies WorkerReply);
};
process.on('unhandledRejection', escaped);
process.on('uncaughtException', escaped);

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'stop') {
    rmSync(base, { recursive: true, force: true });
    port.close();
    return;
  }
  current = request.index;
  const fuzzCase = generateCase(seeds, setup.seed, request.index);
  void runFuzzCase(fuzzCase, workspace, runCli, setup.options).then(
    (report) => port.postMessage({ type: 'done', report } satisfies WorkerReply),
    (error: unknown) => {
      // The fuzzer itself failed on this case (a workspace that cannot be written, say).
      const report = reportCase(fuzzCase, {
        code: -1,
        ms: 0,
        binary: false,
        violations: [{ kind: 'fuzzer failed', detail: error instanceof Error ? (error.stack ?? error.message) : String(error) }],
        stdout: '',
        stderr: '',
      });
      port.postMessage({ type: 'done', report } satisfies WorkerReply);
    },
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);

/**
 * The importer and the drift check on real telemetry: the loopback system of ./run-system.ts,
 * instrumented with the OpenTelemetry JS SDK, exported as OTLP JSON (as the Collector's file
 * exporter writes it) and as Zipkin v2 JSON. What is expected was read from the system's code
 * (./system), as a workshop would read it, not from what the tool printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/commands/check.js';
import { runImportTraces } from '../../src/commands/import-traces.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import type { AnswersFile } from '../../src/model/answers.js';
import { testContext } from '../commands/context.js';
import { recordSystem } from './run-system.js';
import type { RecordedTelemetry } from './run-system.js';

const ORDERS = 12;
let dir: string;
let telemetry: RecordedTelemetry;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otel-import-'));
  telemetry = await recordSystem(dir, { orders: ORDERS, browses: 6 });
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function importInto(name: string, files: string[]): Promise<{ answers: AnswersFile; text: string; err: string }> {
  let err = '';
  const context = testContext(dir, new Date('2026-12-04T10:00:00Z'), () => undefined, (text) => void (err += text));
  await runImportTraces(files, { answers: name, stdout: false, rules: [], maxBytes: 4 * 1024 * 1024 }, context);
  const text = await readFile(join(dir, name), 'utf8');
  return { answers: parseAnswers(text, name, await loadPacks([])), text, err };
}

/** Caller -> callee, style, mechanism of every interaction, sorted. */
function shape(answers: AnswersFile): string[] {
  return answers.interactions.map((interaction) => `${interaction.from} -> ${interaction.to}: ${interaction.observed?.style} ${interaction.observed?.mechanism}`).sort();
}

/** What the system's code does (see ./system): three synchronous calls from shop, billing's call to payments, an event read by email and analytics, a queue read by billing. */
const EXPECTED = [
  'billing -> payments: sync call',
  'shop -> analytics: async event',
  'shop -> billing: async queue',
  'shop -> cart: sync call',
  'shop -> catalog: sync call',
  'shop -> email: async event',
  'shop -> payments: sync call',
];

describe('import traces on real OpenTelemetry exports', () => {
  it('finds the calls and hand-overs the code makes, from the OTLP export', async () => {
    const { answers, err } = await importInto('otlp.yaml', [telemetry.otlpFile]);
    expect(shape(answers)).toEqual(EXPECTED);
    // Nothing was lost: every span has its parent, every message its consumers. (Clock skew loses
    // nothing, and processes on one host may still start their clocks a few milliseconds apart.)
    expect(err.split('\n').filter((line) => line.startsWith('warning:') && !line.includes('clocks disagree'))).toEqual([]);
    const payments = answers.interactions.find((interaction) => interaction.from === 'shop' && interaction.to === 'payments')!;
    // Every third order fails once with 503 and is retried once: 4 of 16 calls fail.
    expect(payments.observed).toMatchObject({ calls: ORDERS + ORDERS / 3, retries: 1, error_rate: 0.25 });
    expect(payments.numbers.retries).toBe(1);
    expect(payments.numbers.availability).toBe(0.75);
    const email = answers.interactions.find((interaction) => interaction.to === 'email')!;
    expect(email.observed).toMatchObject({ destination: 'orders.placed', consumers: 2, calls: ORDERS });
    expect(email.answers['multiple_consumers']).toBe('yes');
    const billing = answers.interactions.find((interaction) => interaction.from === 'shop' && interaction.to === 'billing')!;
    expect(billing.observed).toMatchObject({ destination: 'invoices', consumers: 1, calls: ORDERS });
    // The checkout's flow is its synchronous calls in order; the hand-overs are not waited for.
    const byId = new Map(answers.interactions.map((interaction) => [interaction.id, `${interaction.from} -> ${interaction.to}`]));
    const flows = answers.flows.map((flow) => flow.steps.map((step) => byId.get(step)));
    expect(flows).toContainEqual(['shop -> cart', 'shop -> payments']);
    expect(flows).toContainEqual(['shop -> catalog']);
    // The HTTP instrumentation names spans by their method alone; the path names them here.
    expect(answers.flows.map((flow) => flow.observed?.entry).sort()).toEqual(['shop: GET /products', 'shop: POST /checkout']);
    expect(payments.observed?.operations).toEqual(['POST /charge']);
    expect(answers.flows.map((flow) => flow.observed?.calls ?? 0).sort((a, b) => a - b)).toEqual([6, ORDERS]);
  });

  it('finds the same system in the Zipkin export of the same run', async () => {
    const { answers } = await importInto('zipkin.yaml', [telemetry.zipkinFile]);
    // Zipkin v2 has no span links: analytics, which only links to the message, is not paired with shop.
    expect(shape(answers)).toEqual(EXPECTED.filter((line) => !line.startsWith('shop -> analytics')));
    const email = answers.interactions.find((interaction) => interaction.to === 'email')!;
    expect(email.observed?.calls).toBe(ORDERS);
  });

  it('reports where the answered decision and the running system part ways', async () => {
    const { text } = await importInto('check.yaml', [telemetry.otlpFile]);
    const ids = parseAnswers(text, 'check.yaml', await loadPacks([])).interactions;
    const idOf = (from: string, to: string) => ids.find((interaction) => interaction.from === from && interaction.to === to)!.id;
    // The team says the confirmation email must be sent before the customer gets an answer,
    let edited = text.replace(
      new RegExp(`(  - id: ${idOf('shop', 'email')}\n(?:    .*\n)*?)    answers:\n      multiple_consumers: yes\n`),
      '$1    answers: { intent: command, caller_needs: result, tolerates_pending: no, when_down: fail_fast, critical_decision: no, duration: instant, multiple_consumers: no }\n',
    );
    // budgets the cart at a tenth of a millisecond, and allows no retry of payments.
    edited = edited.replace(/(  - id: shop-cart\n(?:    .*\n)*?    latency: \{)/, '$1budget_ms: 0.1, ');
    edited = edited.replace(/(  - id: shop-payments\n(?:    .*\n)*?    retries: )1/, '$10');
    // and forgot the catalog.
    edited = edited.replace(/  - id: shop-catalog\n(?:    .*\n)*/, '').replace(/ {2}- id: [a-z0-9-]+\n(?: {4}(?!steps).*\n)* {4}steps: \[shop-catalog\]\n(?: {4}.*\n)*/, '');
    await writeFile(join(dir, 'check.yaml'), edited);
    let out = '';
    const context = testContext(dir, new Date('2026-12-04T10:00:00Z'), (chunk) => void (out += chunk), () => undefined);
    const status = await runCheck(
      'check.yaml',
      { rules: [], maxBytes: 4 * 1024 * 1024, failSeverity: 'error', requireChecklist: false, openQuestions: 'off', outputs: [{ format: 'json' }], version: '0', traces: [telemetry.otlpFile] },
      context,
    );
    const findings = (JSON.parse(out) as { findings: { rule: string; interaction?: string }[] }).findings.filter((finding) => finding.rule.startsWith('trace-'));
    expect(findings.map((finding) => `${finding.rule} ${finding.interaction ?? ''}`).sort()).toEqual([
      'trace-p99-over-budget shop-cart',
      'trace-retries-over-policy shop-payments',
      `trace-style-drift ${idOf('shop', 'email')}`,
      'trace-unknown-call ',
    ]);
    expect(status).toBe(1);
  });
});

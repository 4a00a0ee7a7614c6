import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeId, runImportTraces } from '../../src/commands/import-traces.js';
import type { ImportTracesOptions } from '../../src/commands/import-traces.js';
import type { CommandContext } from '../../src/commands/context.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import { InputError } from '../../src/model/errors.js';
import { testContext } from './context.js';

const fixtures = fileURLToPath(new URL('../fixtures/traces/', import.meta.url));
const jaeger = join(fixtures, 'jaeger-dispatch.json');
const zipkin = join(fixtures, 'zipkin-orders.json');

let cwd: string;
let err: string;
let out: string;
let context: CommandContext;
const options = (overrides: Partial<ImportTracesOptions> = {}): ImportTracesOptions => ({ answers: 'answers.yaml', stdout: false, rules: [], maxBytes: 4 * 1024 * 1024, ...overrides });

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'import-'));
  err = '';
  out = '';
  context = testContext(cwd, new Date('2026-12-04T10:00:00Z'), (text) => void (out += text), (text) => void (err += text));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const read = () => readFile(join(cwd, 'answers.yaml'), 'utf8');

describe('import traces', () => {
  it('writes a new answers file that decide accepts: calls, hand-overs, numbers and the flow of each entry operation', async () => {
    expect(await runImportTraces([jaeger, zipkin], options(), context)).toBe(0);
    const text = await read();
    const answers = parseAnswers(text, 'answers.yaml', await loadPacks([]));
    expect(answers.interactions.map((interaction) => [interaction.id, interaction.from, interaction.to, interaction.declared])).toEqual([
      ['dispatch-completed-billing', 'frontend', 'billing', 'async'],
      ['frontend-customer', 'frontend', 'customer', 'sync'],
      ['frontend-driver', 'frontend', 'driver', 'sync'],
      ['frontend-route', 'frontend', 'route', 'sync'],
      ['order-placed-loyalty', 'orders-api', 'loyalty', 'async'],
      ['order-placed-mailer', 'orders-api', 'mailer', 'async'],
      ['orders-api-payment', 'orders-api', 'payment', 'sync'],
      ['orders-api-stock', 'orders-api', 'stock', 'sync'],
    ]);
    const payment = answers.interactions.find((interaction) => interaction.id === 'orders-api-payment')!;
    expect(payment.numbers).toEqual({ latency_p99_ms: 18, availability: 0.8571, retries: 1 });
    expect(payment.observed).toEqual({ style: 'sync', mechanism: 'call', calls: 7, p50_ms: 18, p99_ms: 18, error_rate: 0.1429, retries: 1, operations: ['post /charges'] });
    // What the traces settle is answered; the rest is left for the interview.
    expect(payment.answers).toEqual({ duration: 'instant' });
    expect(answers.interactions.find((interaction) => interaction.id === 'order-placed-mailer')!.answers).toEqual({ multiple_consumers: 'yes' });
    expect(answers.flows.map((flow) => [flow.id, flow.steps])).toEqual([
      ['frontend-http-get-dispatch', ['frontend-customer', 'frontend-driver', 'frontend-route']],
      ['orders-api-post-orders', ['orders-api-stock', 'orders-api-payment']],
    ]);
    expect(err).toBe('wrote answers.yaml from 173 spans (123 jaeger, 50 zipkin): 10 services, 8 interactions added, 0 refreshed, 2 flows added\n');
  });

  it('gives byte-identical files for the same exports, in any order of the files', async () => {
    await runImportTraces([jaeger, zipkin], options(), context);
    const first = await read();
    await rm(join(cwd, 'answers.yaml'));
    await runImportTraces([zipkin, jaeger], options(), context);
    expect(await read()).toBe(first);
  });

  it("refreshes an existing interaction's numbers and observed section, keeping its answers, declared style and comments", async () => {
    const original = [
      '# Our dispatch system',
      'version: 2',
      'title: Dispatch',
      'context: Dispatching drivers to customers.',
      'interactions:',
      '  # Customer data must be current',
      '  - id: load-customer',
      '    from: frontend',
      '    to: customer',
      '    summary: Load the customer being served',
      '    answers:',
      '      intent: query # never changes anything',
      '      caller_needs: result',
      '    latency: { budget_ms: 30, p99_ms: 5 }',
      '    retries: 3 # the client library default',
      '    declared: hybrid',
      '',
    ].join('\n');
    await writeFile(join(cwd, 'answers.yaml'), original);
    await runImportTraces([jaeger], options(), context);
    const text = await read();
    expect(text.startsWith('# Our dispatch system\n')).toBe(true);
    expect(text).toContain('  # Customer data must be current\n  - id: load-customer\n');
    expect(text).toContain('      intent: query # never changes anything\n      caller_needs: result\n');
    expect(text).toContain('    latency: {budget_ms: 30, p99_ms: 44.5}\n');
    expect(text).toContain('    availability: 0.875\n    retries: 3 # the client library default\n    declared: hybrid\n');
    expect(text).toContain('    observed: {style: sync, mechanism: call, calls: 8, p50_ms: 42.5, p99_ms: 44.5, error_rate: 0.125, retries: 0, operations: [HTTP GET /customer]}\n');
    expect(err).toContain('3 interactions added, 1 refreshed');
    // Importing again changes nothing.
    await runImportTraces([jaeger], options(), context);
    expect(await read()).toBe(text);
  });

  it('leaves the numbers of interactions it cannot tell apart alone, and says so', async () => {
    const twice = ['version: 2', 'title: T', 'context: C.', 'interactions:']
      .concat(['a', 'b'].flatMap((id) => [`  - id: ${id}`, '    from: frontend', '    to: route', `    summary: Route ${id}`]))
      .join('\n');
    await writeFile(join(cwd, 'answers.yaml'), `${twice}\n`);
    await runImportTraces([jaeger], options(), context);
    expect(await read()).not.toMatch(/- id: a\n(.*\n){3}\s+latency/);
    expect(err).toContain('note: frontend -> route matches 2 interactions (a, b); their numbers are left as they are');
  });

  it('keeps service names of any text exactly, makes ids of them, and writes summaries on one line', async () => {
    await runImportTraces([join(fixtures, 'odd-names.jsonl')], options(), context);
    const answers = parseAnswers(await read(), 'answers.yaml', await loadPacks([]));
    const [call] = answers.interactions;
    expect(call).toMatchObject({ id: 'shop-eu-1-line-yes', from: 'Shop: "EU" #1\nline', to: '- yes' });
    expect(call!.summary).toBe('Shop: "EU" #1 line calls - yes: GET /items/{id} (observed in traces)');
    expect(answers.flows[0]!.summary).toBe('GET /x in Shop: "EU" #1 line, as traces show it');
  });

  it('prints the file with --stdout and writes nothing', async () => {
    await runImportTraces([zipkin], options({ stdout: true }), context);
    expect(out).toMatch(/^version: 2\ntitle: Communication observed in traces\n/);
    expect(await readdir(cwd)).toEqual([]);
    expect(err).toMatch(/^read 50 spans/);
  });

  it('reports what could not be read with counts, and refuses exports without a single span (exit 2), writing nothing', async () => {
    await runImportTraces([jaeger, join(fixtures, 'broken', 'truncated.jsonl'), join(fixtures, 'broken', 'orphans-and-skew.json')], options(), context);
    expect(err).toMatch(/^warning: .*truncated\.jsonl:2: not valid JSON/m);
    expect(err).toContain('warning: 1 span whose parent is not in the export');
    expect(err).toContain("warning: 1 span lies outside its parent's time");
    await rm(join(cwd, 'answers.yaml'));
    const failing = runImportTraces([join(fixtures, 'broken', 'not-traces.json'), join(fixtures, 'broken', 'empty.json')], options(), context);
    await expect(failing).rejects.toThrow(InputError);
    await expect(failing).rejects.toThrow('no spans could be read from 2 files');
    expect(await readdir(cwd)).toEqual([]);
  });

  it('refuses to merge into an answers file that does not validate', async () => {
    await writeFile(join(cwd, 'answers.yaml'), 'version: 2\ntitle: T\ninteractions: [ {id: X} ]\n');
    await expect(runImportTraces([jaeger], options(), context)).rejects.toThrow(/invalid answers file answers\.yaml/);
    expect(await read()).toBe('version: 2\ntitle: T\ninteractions: [ {id: X} ]\n');
  });
});

describe('makeId', () => {
  it('makes valid kebab-case ids of any service or operation name', () => {
    expect(makeId('Orders.Placed-orders_API')).toBe('orders-placed-orders-api');
    expect(makeId('HTTP GET /dispatch/{id}')).toBe('http-get-dispatch-id');
    expect(makeId('Ünïcode service')).toBe('unicode-service');
    expect(makeId('日本')).toBe('interaction');
    expect(makeId('x'.repeat(80))).toHaveLength(60);
    expect(makeId(`${'a-'.repeat(29)}b-c`)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

/**
 * The built binary on trace exports: import traces writes an answers file that decide and check
 * accept, and check --traces reports where the running system and the decision part ways, in
 * every report format, with the documented exit codes.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, listFiles, root, runCli } from './cli.js';

beforeAll(ensureBuilt, 120_000);

const fixtures = join(root, 'test', 'fixtures', 'traces');
let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'traces-e2e-'));
  await copyFile(join(fixtures, 'zipkin-orders.json'), join(cwd, 'zipkin.json'));
  await copyFile(join(fixtures, 'jaeger-dispatch.json'), join(cwd, 'jaeger.json'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** The orders system as a team answered it after importing: stock is a query the customer waits for, payment must be answered now, the order-placed event is a fact. */
async function answeredOrders(): Promise<void> {
  expect(runCli(['import', 'traces', 'zipkin.json'], cwd).status).toBe(0);
  let text = await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8');
  const answered = (id: string, values: string) => {
    text = text.replace(new RegExp(`(  - id: ${id}\\n(?:    .*\\n)*?)    (answers:\\n(?:      .*\\n)*|declared)`), (_all, head: string, rest: string) => `${head}    answers: { ${values} }\n    ${rest.startsWith('answers') ? 'declared' : rest}`);
  };
  text = text.replace(/^ {4}answers:\n {6}.*\n/gm, '');
  answered('orders-api-stock', 'intent: query, caller_needs: result, tolerates_pending: no, when_down: fail_fast, critical_decision: no, duration: instant');
  answered('orders-api-payment', 'intent: command, caller_needs: result, tolerates_pending: no, when_down: fail_closed, critical_decision: yes, duration: instant');
  answered('order-placed-mailer', 'intent: fact, caller_needs: nothing, multiple_consumers: yes');
  answered('order-placed-loyalty', 'intent: fact, caller_needs: nothing, multiple_consumers: yes');
  text = text.replace('context: Describe the system, the services involved and what prompts this decision.', 'context: Orders placed in the shop.');
  await writeFile(join(cwd, 'sync-or-async.yaml'), text);
}

describe('import traces', () => {
  it('writes sync-or-async.yaml, which decide accepts, and tells what it did on stderr', async () => {
    const result = runCli(['import', 'traces', 'zipkin.json', 'jaeger.json'], cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('wrote sync-or-async.yaml from 173 spans (50 zipkin, 123 jaeger): 10 services, 8 interactions added, 0 refreshed, 2 flows added\n');
    const decide = runCli(['decide', 'sync-or-async.yaml', '--dir', 'adr'], cwd);
    expect(decide.status).toBe(0);
    expect(decide.stderr).toMatch(/^wrote adr\/0001-communication-observed-in-traces\.md: 8 interactions/);
  });

  it('reads an export from standard paths only, and exits 2 with a located message when nothing is a span', async () => {
    await copyFile(join(fixtures, 'broken', 'not-traces.json'), join(cwd, 'other.json'));
    const result = runCli(['import', 'traces', 'other.json'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('other.json: holds no OTLP, Jaeger or Zipkin spans');
    expect(result.stderr).toContain('error: no spans could be read from other.json');
    expect(listFiles(cwd).map((file) => file.slice(cwd.length + 1)).sort()).toEqual(['jaeger.json', 'other.json', 'zipkin.json']);
    const missing = runCli(['import', 'traces', 'nowhere.json'], cwd);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read trace export .*nowhere\.json: ENOENT/);
  });

  it('documents itself in --help', () => {
    const help = runCli(['import', 'traces', '--help'], cwd);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('OTLP JSON');
    expect(help.stdout).toContain('--answers <file>');
  });
});

describe('check --traces', () => {
  it('passes when the running system follows the answered decision', async () => {
    await answeredOrders();
    const result = runCli(['check', 'sync-or-async.yaml', '--traces', 'zipkin.json', '--open-questions', 'off', '--format', 'json'], cwd);
    const report = JSON.parse(result.stdout) as { findings: { rule: string }[] };
    expect(report.findings.filter((finding) => finding.rule.startsWith('trace-'))).toEqual([]);
    expect(result.status).toBe(0);
  });

  it('fails on a style drift and reports every trace rule in every format, on the lines of the answers file', async () => {
    await answeredOrders();
    let text = await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8');
    // The team decided the stock reservation waits for nobody, budgets payment at 10 ms with no retry, and has a target for the flow.
    text = text.replace('intent: query, caller_needs: result, tolerates_pending: no, when_down: fail_fast', 'intent: command, caller_needs: nothing, tolerates_pending: yes, when_down: defer');
    text = text.replace(/(  - id: orders-api-payment\n(?:    .*\n)*?    latency: \{)/, '$1budget_ms: 10, ');
    text = text.replace(/(  - id: orders-api-payment\n(?:    .*\n)*?    retries: )1/, '$10');
    text = text.replace(/(    summary: post \/orders in orders-api, as traces show it\n)/, '$1    availability_target: 0.999\n');
    await writeFile(join(cwd, 'sync-or-async.yaml'), text);
    const lines = text.split('\n');
    const lineOf = (id: string) => lines.indexOf(`  - id: ${id}`) + 1;
    const result = runCli(['check', 'sync-or-async.yaml', '--traces', 'zipkin.json', '--open-questions', 'off', '--format', 'github', '--format', 'sarif=out.sarif', '--format', 'junit=out.xml', '--format', 'json=out.json', '--format', 'markdown=out.md'], cwd);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error file=sync-or-async.yaml,line=${lineOf('orders-api-stock')},col=5,title=trace-style-drift::orders-api-stock is recommended async`);
    expect(result.stdout).toContain(`::warning file=sync-or-async.yaml,line=${lineOf('orders-api-payment')},col=5,title=trace-p99-over-budget::orders-api-payment: observed p99 18 ms over 7 calls`);
    expect(result.stdout).toContain(`title=trace-retries-over-policy::orders-api-payment: a call was attempted 2 times (1 retries), but retries is 0`);
    // Payment failed once, but the retry hid it: every run of the flow's entry succeeded, so the flow meets its target.
    expect(result.stdout).not.toContain('trace-availability-below-target');
    const sarif = JSON.parse(await readFile(join(cwd, 'out.sarif'), 'utf8'));
    const ruleIds = sarif.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(ruleIds).toEqual(expect.arrayContaining(['trace-style-drift', 'trace-p99-over-budget', 'trace-retries-over-policy']));
    expect(await readFile(join(cwd, 'out.xml'), 'utf8')).toContain('trace-style-drift');
    const json = JSON.parse(await readFile(join(cwd, 'out.json'), 'utf8')) as { findings: { rule: string; location?: { line: number } }[] };
    expect(json.findings.find((finding) => finding.rule === 'trace-style-drift')?.location?.line).toBe(lineOf('orders-api-stock'));
    expect(await readFile(join(cwd, 'out.md'), 'utf8')).toContain('trace-style-drift');
  });

  it('reports a synchronous dependency the answers file does not know', async () => {
    await answeredOrders();
    const result = runCli(['check', 'sync-or-async.yaml', '--traces', 'zipkin.json', '--traces', 'jaeger.json', '--open-questions', 'off'], cwd);
    expect(result.stdout).toContain('frontend calls customer synchronously (8 calls, p99 44.5 ms, 12.5% failed), but no interaction of the answers file describes it  trace-unknown-call');
    expect(result.status).toBe(0);
  });

  it('exits 2 when no export can be read, and warns with counts about the parts it could not read', async () => {
    await answeredOrders();
    await copyFile(join(fixtures, 'broken', 'truncated.jsonl'), join(cwd, 'truncated.jsonl'));
    const partly = runCli(['check', 'sync-or-async.yaml', '--traces', 'zipkin.json', '--traces', 'truncated.jsonl', '--open-questions', 'off'], cwd);
    expect(partly.stderr).toMatch(/^warning: truncated\.jsonl:2: not valid JSON/m);
    await writeFile(join(cwd, 'empty.json'), '');
    const none = runCli(['check', 'sync-or-async.yaml', '--traces', 'empty.json'], cwd);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no spans could be read from empty.json');
  });
});

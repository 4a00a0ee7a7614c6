/**
 * The life of a decision through the built binary: print the schema, start an answers file,
 * decide it, supersede it with a second decision, and index the ADR directory.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root, runCli } from './cli.js';

const fixture = readFileSync(join(root, 'test', 'fixtures', 'decide', 'answers.yaml'), 'utf8');

let cwd: string;

beforeAll(async () => {
  ensureBuilt();
  cwd = await mkdtemp(join(tmpdir(), 'lifecycle-'));
}, 120_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('schema', () => {
  it.each(['answers', 'rules'])('prints schema/%s.schema.json as shipped, and it parses as JSON', (name) => {
    const result = runCli(['schema', name], cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(root, 'schema', `${name}.schema.json`), 'utf8'));
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(join(root, 'schema', `${name}.schema.json`), 'utf8')));
    expect(result.stderr).toBe('');
  });

  it('prints the answers schema without a name', () => {
    expect(runCli(['schema'], cwd).stdout).toBe(runCli(['schema', 'answers'], cwd).stdout);
  });

  it('exits 2 on an unknown name and names the allowed ones', () => {
    const result = runCli(['schema', 'pack'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('answers, rules');
    expect(result.stdout).toBe('');
  });
});

// The steps below build on each other, in order, in one directory.
describe('init, decide, supersede, index', () => {
  it('init writes a version 2 starter file, with its services, that decide accepts', async () => {
    const init = runCli(['init'], cwd);
    expect(init.status).toBe(0);
    expect(init.stderr).toMatch(/^wrote sync-or-async\.yaml: /);
    expect(init.stderr).toContain('sync-or-async decide sync-or-async.yaml');
    const starter = parse(await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8')) as {
      version: number;
      services: Record<string, { kind: string }>;
      interactions: { from: string; to: string; answers: Record<string, string> }[];
    };
    expect(starter.version).toBe(2);
    // The example's two parties are described once, and the questions read from them are not asked again.
    const [example] = starter.interactions;
    expect(Object.keys(starter.services)).toEqual([example!.from, example!.to]);
    expect(Object.values(starter.services).map((service) => service.kind)).toEqual(['client', 'service']);
    for (const derived of ['caller_kind', 'callee_kind', 'caller_reachable', 'trust_boundary']) expect(example!.answers).not.toHaveProperty(derived);
    expect(example!.answers).toMatchObject({ intent: 'unknown', caller_needs: 'unknown' });
    // check reads it as decide does: no problem in it.
    expect(runCli(['check', 'sync-or-async.yaml', '--format', 'json'], cwd).status).not.toBe(2);
    const decide = runCli(['decide', 'sync-or-async.yaml'], cwd);
    expect(decide.stderr).toMatch(/^wrote docs\/decisions\/0001-communication-between-the-web-shop-and-checkout\.md: 1 interaction/);
    expect(decide.status).toBe(0);
    const adr = await readFile(join(cwd, 'docs/decisions/0001-communication-between-the-web-shop-and-checkout.md'), 'utf8');
    expect(adr).toContain('### Services');
    expect(adr).toMatch(/^\| web-shop \| client \|/m);
  });

  it('init does not replace the file without --force', async () => {
    const before = await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8');
    await writeFile(join(cwd, 'sync-or-async.yaml'), `${before}# my note\n`);
    const result = runCli(['init'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/sync-or-async\.yaml already exists/);
    expect(result.stderr).toContain('--force');
    expect(await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8')).toBe(`${before}# my note\n`);
  });

  it('decide --supersedes 1 links both ADRs', async () => {
    await writeFile(join(cwd, 'orders.yaml'), fixture);
    const result = runCli(['decide', 'orders.yaml', '--supersedes', '1'], cwd);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'wrote docs/decisions/0002-order-notifications.md: 2 interactions (1 sync, 1 async), 0 findings\n' +
        'marked docs/decisions/0001-communication-between-the-web-shop-and-checkout.md as superseded by ADR-0002\n',
    );
    const first = await readFile(join(cwd, 'docs/decisions/0001-communication-between-the-web-shop-and-checkout.md'), 'utf8');
    const second = await readFile(join(cwd, 'docs/decisions/0002-order-notifications.md'), 'utf8');
    expect(first).toMatch(/^---\nstatus: superseded by ADR-0002\n/);
    expect(first).toContain('Superseded by [ADR-0002: Order notifications](0002-order-notifications.md)\n');
    expect(second).toContain('Supersedes [ADR-0001: Communication between the web shop and checkout](0001-communication-between-the-web-shop-and-checkout.md)\n');
  });

  it('decide --supersedes with a number no ADR has exits 2 and writes nothing', async () => {
    await writeFile(join(cwd, 'third.yaml'), fixture.replace('title: Order notifications', 'title: Third'));
    const before = await readdir(join(cwd, 'docs/decisions'));
    const result = runCli(['decide', 'third.yaml', '--supersedes', '42'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--supersedes 42: there is no such ADR in docs\/decisions/);
    expect(await readdir(join(cwd, 'docs/decisions'))).toEqual(before);
  });

  it('plain decide runs of both answers files leave both ADRs unchanged', async () => {
    const dir = join(cwd, 'docs/decisions');
    const names = (await readdir(dir)).sort();
    const before = await Promise.all(names.map(async (name) => [await readFile(join(dir, name), 'utf8'), (await stat(join(dir, name))).mtimeMs]));
    const first = runCli(['decide', 'sync-or-async.yaml'], cwd);
    const second = runCli(['decide', 'orders.yaml'], cwd);
    expect(first.stderr).toMatch(/^docs\/decisions\/0001-communication-between-the-web-shop-and-checkout\.md is up to date: /);
    expect(second.stderr).toMatch(/^docs\/decisions\/0002-order-notifications\.md is up to date: /);
    expect([first.status, second.status]).toEqual([0, 0]);
    const after = await Promise.all(names.map(async (name) => [await readFile(join(dir, name), 'utf8'), (await stat(join(dir, name))).mtimeMs]));
    expect(after).toEqual(before);
  });

  it('adr index lists both with their statuses, then finds itself up to date', async () => {
    const result = runCli(['adr', 'index'], cwd);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('wrote docs/decisions/README.markdown: 2 ADRs\n');
    const index = await readFile(join(cwd, 'docs/decisions/README.markdown'), 'utf8');
    // The starter file has no date, so the first ADR carries the day it was written.
    const first = await readFile(join(cwd, 'docs/decisions/0001-communication-between-the-web-shop-and-checkout.md'), 'utf8');
    const today = /^date: (\d{4}-\d{2}-\d{2})$/m.exec(first)?.[1];
    expect(today).toBeDefined();
    expect(index.split('\n').filter((line) => line.startsWith('* '))).toEqual([
      `* [1. Communication between the web shop and checkout](0001-communication-between-the-web-shop-and-checkout.md) - superseded by ADR-0002, ${today}`,
      '* [2. Order notifications](0002-order-notifications.md) - proposed, 2026-11-20',
    ]);
    const again = runCli(['adr', 'index'], cwd);
    expect(again.stderr).toBe('docs/decisions/README.markdown is up to date: 2 ADRs\n');
  });

  it('a new decision after the index still gets the next number', async () => {
    const result = runCli(['decide', 'third.yaml'], cwd);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^wrote docs\/decisions\/0003-third\.md: /);
  });

  it('adr index on a directory that cannot be read exits 2', async () => {
    await writeFile(join(cwd, 'not-a-dir'), 'x');
    const result = runCli(['adr', 'index', '--dir', 'not-a-dir'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: cannot use not-a-dir as the ADR directory: it is a file\n/);
  });
});

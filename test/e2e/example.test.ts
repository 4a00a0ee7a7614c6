/**
 * The bundled example and its committed ADR: the README's first command must leave the ADR
 * exactly as committed, so the record in the repository is what the tool writes today.
 */
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, listFiles, root, runCli } from './cli.js';

const adrPath = 'examples/checkout/decisions/0001-checkout-and-order-communication.md';
let cwd: string;

beforeAll(async () => {
  ensureBuilt();
  cwd = await mkdtemp(join(tmpdir(), 'example-'));
  await cp(join(root, 'examples'), join(cwd, 'examples'), { recursive: true });
}, 120_000);

afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('the bundled checkout example', () => {
  it('re-running the README command finds the committed ADR up to date and leaves it untouched', async () => {
    const committed = await readFile(join(root, adrPath), 'utf8');
    const before = (await stat(join(cwd, adrPath))).mtimeMs;
    const result = runCli(['decide', 'examples/checkout/answers.yaml', '--dir', 'examples/checkout/decisions'], cwd);
    expect(result.stderr).toContain(`${adrPath} is up to date: 15 interactions`);
    expect(result.status).toBe(0);
    expect(await readFile(join(cwd, adrPath), 'utf8')).toBe(committed);
    expect((await stat(join(cwd, adrPath))).mtimeMs).toBe(before);
    expect(listFiles(join(cwd, 'examples/checkout/decisions'))).toHaveLength(1);
  });

  it('writes the ADR again when the answers change, under the same name', async () => {
    const answersPath = join(cwd, 'examples/checkout/answers.yaml');
    const original = await readFile(answersPath, 'utf8');
    await writeFile(answersPath, original.replace('status: proposed', 'status: accepted'));
    const result = runCli(['decide', 'examples/checkout/answers.yaml', '--dir', 'examples/checkout/decisions'], cwd);
    expect(result.stderr).toContain(`wrote ${adrPath}`);
    expect(await readFile(join(cwd, adrPath), 'utf8')).toMatch(/^status: accepted$/m);
    await writeFile(answersPath, original);
    runCli(['decide', 'examples/checkout/answers.yaml', '--dir', 'examples/checkout/decisions'], cwd);
    expect(listFiles(join(cwd, 'examples/checkout/decisions'))).toHaveLength(1);
  });

  it('--stdout prints the same document', () => {
    const result = runCli(['decide', 'examples/checkout/answers.yaml', '--stdout'], cwd);
    expect(result.status).toBe(0);
    return expect(readFile(join(root, adrPath), 'utf8')).resolves.toBe(result.stdout);
  });

  it('the ADR carries what readers and ADR tools look for', async () => {
    const adr = await readFile(join(root, adrPath), 'utf8');
    const lines = adr.split('\n');
    expect(lines.slice(0, 3)).toEqual(['---', 'status: proposed', 'date: 2026-11-22']);
    const close = lines.indexOf('---', 1);
    expect(lines[close + 1]).toBe('# Checkout and order communication');
    expect(adr).toContain('decision-id: checkout-and-order-communication');
    for (const heading of ['## Context and Problem Statement', '## Decision Drivers', '## Considered Options', '## Decision Outcome', '### Consequences', '### Confirmation', '## Pros and Cons of the Options', '## More Information']) {
      expect(adr).toContain(`\n${heading}\n`);
    }
    expect(adr).toMatch(/^Chosen option: "/m);
    expect(adr).toContain('```mermaid\nflowchart LR');
    expect(adr).toMatch(/^- \[ \] /m);
    expect(adr).not.toMatch(/\/work\/|\/tmp\/|\\Users\\/);
  });

  it('the ADR is a version 2 record: services, the options each interaction weighed, main reasons, pros and cons', async () => {
    const adr = await readFile(join(root, adrPath), 'utf8');
    const answers = parse(await readFile(join(root, 'examples/checkout/answers.yaml'), 'utf8')) as { version: number; services: Record<string, unknown>; interactions: { id: string }[] };
    expect(answers.version).toBe(2);
    const section = (heading: string) => {
      const start = adr.indexOf(`\n${heading}\n`);
      expect(start, heading).toBeGreaterThan(-1);
      const next = adr.slice(start + heading.length + 2).search(/^## /m);
      return next < 0 ? adr.slice(start) : adr.slice(start, start + heading.length + 2 + next);
    };
    // Each described service is a row of the table under the context.
    const services = section('## Context and Problem Statement');
    expect(services).toContain('\n### Services\n');
    for (const name of Object.keys(answers.services)) expect(services).toMatch(new RegExp(`^\\| ${name} \\|`, 'm'));
    // Each interaction lists the options it weighed, the chosen one first and in bold; the generic three are gone.
    const options = section('## Considered Options');
    expect(options).not.toContain('Synchronous calls everywhere');
    for (const { id } of answers.interactions) expect(options).toMatch(new RegExp(`^\\* \`${id}\` \\([^)]+\\): \\*\\*(sync|async|hybrid) \`[^\`]+\`\\*\\* \\(chosen\\)`, 'm'));
    expect(section('## Decision Outcome').match(/ Main reasons?: /g)).toHaveLength(answers.interactions.length);
    const prosAndCons = section('## Pros and Cons of the Options');
    expect(prosAndCons.match(/^#### .+ \(chosen\)$/gm)).toHaveLength(answers.interactions.length);
    expect(prosAndCons).toMatch(/^\* Good, because /m);
    expect(prosAndCons).toMatch(/^\* Bad, because /m);
    expect(adr.endsWith('\n') && !adr.endsWith('\n\n')).toBe(true);
  });
});

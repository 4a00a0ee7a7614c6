import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAck } from '../../src/commands/ack.js';
import type { AckOptions } from '../../src/commands/ack.js';
import { runCheck } from '../../src/commands/check.js';
import type { CommandContext } from '../../src/commands/context.js';
import { UsageError } from '../../src/model/errors.js';
import { testContext } from './context.js';

const example = fileURLToPath(new URL('../../examples/checkout/answers.yaml', import.meta.url));
const defaults: AckOptions = { interactions: [], all: false, rules: [], maxBytes: 4 * 1024 * 1024 };

let cwd: string;
let err: string;
let out: string;
let context: CommandContext;
let original: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'ack-'));
  // The example as it was before anything was acknowledged in it.
  const shipped = await readFile(example, 'utf8');
  original = shipped.replace(/^platform_checklist:\n( {2}- .*\n)*/m, '').replace(/^ {4}checklist:\n {6}fallback-or-error: .*\n/m, '');
  expect(original).not.toMatch(/checklist:/);
  await writeFile(join(cwd, 'answers.yaml'), original);
  err = '';
  out = '';
  context = testContext(cwd, new Date('2027-01-10T10:00:00Z'), (text) => (out += text), (text) => (err += text));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const ack = (item: string, options: Partial<AckOptions>): Promise<number> => runAck('answers.yaml', item, { ...defaults, ...options }, context);
const current = (): Promise<string> => readFile(join(cwd, 'answers.yaml'), 'utf8');

/** The lines a change added, and whether it removed or changed any. */
function added(before: string, after: string): string[] {
  const old = before.split('\n');
  const lines = after.split('\n');
  const result: string[] = [];
  let index = 0;
  for (const line of lines) {
    if (index < old.length && line === old[index]) index += 1;
    else result.push(line);
  }
  expect(index, 'every line of the file is still there, in order').toBe(old.length);
  return result;
}

async function missingItems(): Promise<string[]> {
  out = '';
  await runCheck('answers.yaml', { rules: [], maxBytes: 4 * 1024 * 1024, failSeverity: 'error', requireChecklist: true, outputs: [{ format: 'json' }], version: '0' }, context);
  const report = JSON.parse(out) as { findings: { rule: string; message: string; waived?: unknown }[] };
  return report.findings.filter((finding) => finding.rule === 'checklist-missing' && finding.waived === undefined).map((finding) => finding.message.split(' ').slice(0, 2).join(' '));
}

describe('ack under interactions', () => {
  it('adds a checklist to each interaction named, and changes no other line', async () => {
    expect(await missingItems()).toContain('place-order: timeout-budget');
    expect(await ack('timeout-budget', { interactions: ['place-order', 'validate-cart'] })).toBe(0);
    expect(added(original, await current())).toEqual(['    checklist:', '      timeout-budget: done', '    checklist:', '      timeout-budget: done']);
    const missing = await missingItems();
    expect(missing).not.toContain('place-order: timeout-budget');
    expect(missing).not.toContain('validate-cart: timeout-budget');
    expect(missing).toContain('shipping-address: timeout-budget');
    expect(err).toBe('acknowledged timeout-budget as done for 2 interactions (place-order, validate-cart) in answers.yaml\nrun sync-or-async decide answers.yaml to update the ADR\n');
  });

  it('adds to a checklist already there, replaces an entry for the same item, and quotes the reason', async () => {
    await ack('timeout-budget', { interactions: ['place-order'] });
    await ack('circuit-breaker', { interactions: ['place-order'], waive: 'a "cached" price will do: fine', until: '2027-03-01' });
    await ack('timeout-budget', { interactions: ['place-order'], waive: 'the gateway sets it' });
    expect(added(original, await current())).toEqual([
      '    checklist:',
      '      timeout-budget: { waived: "the gateway sets it" }',
      '      circuit-breaker: { waived: "a \\"cached\\" price will do: fine", until: 2027-03-01 }',
    ]);
  });
});

describe('ack for a group of interactions', () => {
  it('adds one platform_checklist entry, then appends to it', async () => {
    expect(await ack('correlation-ids', { all: true })).toBe(0);
    expect(await ack('dead-letter-queue', { mechanism: 'queue', waive: 'the broker parks them', until: '2027-02-01' })).toBe(0);
    expect(added(original, await current())).toEqual([
      'platform_checklist:',
      '  - { item: correlation-ids, done: true }',
      '  - { item: dead-letter-queue, mechanism: queue, waived: "the broker parks them", until: 2027-02-01 }',
    ]);
    const missing = await missingItems();
    expect(missing.filter((entry) => entry.endsWith(' correlation-ids'))).toEqual([]);
    expect(err).toMatch(/^acknowledged correlation-ids as done for 10 interactions \(authorize-payment, .*\) in answers\.yaml, as one platform_checklist entry\n/);
  });

  it('combines style and service', async () => {
    expect(await ack('timeout-budget', { style: 'sync', service: 'cart' })).toBe(0);
    expect(added(original, await current())).toEqual(['platform_checklist:', '  - { item: timeout-budget, style: sync, service: "cart" }'.replace(' }', ', done: true }')]);
    expect(err).toMatch(/for 1 interaction \(validate-cart\)/);
  });
});

describe('ack refuses, writing nothing', () => {
  it.each<[string, string, Partial<AckOptions>, RegExp]>([
    ['an unknown item, with the nearest', 'timeout-budgt', { all: true }, /^unknown checklist item "timeout-budgt"; did you mean "timeout-budget"\?$/],
    ['an unknown interaction, with the nearest', 'timeout-budget', { interactions: ['place-ordr'] }, /^--interaction place-ordr: answers\.yaml has no interaction with this id; did you mean "place-order"\?$/],
    ['an item the interaction does not require', 'timeout-budget', { interactions: ['order-created-email'] }, /^order-created-email does not require timeout-budget \(its recommendation is async via event\); it requires idempotent-consumer, /],
    ['a group that requires nothing of it', 'deny-on-error', { style: 'async' }, /^no interaction among the async interactions requires deny-on-error, so there is nothing to acknowledge$/],
    ['both an interaction and a group', 'timeout-budget', { interactions: ['place-order'], all: true }, /use one or the other$/],
    ['neither', 'timeout-budget', {}, /^say what the acknowledgement covers/],
    ['a date without a waiver', 'timeout-budget', { all: true, until: '2027-01-01' }, /^--until dates a waiver/],
    ['a date that is not one', 'timeout-budget', { all: true, waive: 'later', until: '2027-02-30' }, /^--until 2027-02-30: expected a date as YYYY-MM-DD$/],
    ['an empty reason', 'timeout-budget', { all: true, waive: '  ' }, /^--waive needs the reason/],
  ])('%s', async (_, item, options, message) => {
    const error = await ack(item, options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect(await current()).toBe(original);
  });

  it('an interaction written inline, where no line can be added', async () => {
    const inline = [
      'version: 2',
      'title: Prices',
      'context: The shop asks for prices.',
      'interactions:',
      '  - { id: price, from: checkout, to: pricing, summary: Look up the price, answers: { intent: query, caller_needs: result } }',
      '',
    ].join('\n');
    await writeFile(join(cwd, 'answers.yaml'), inline);
    await expect(ack('timeout-budget', { interactions: ['price'] })).rejects.toThrow(/^interaction 1 is written inline \(\{ \.\.\. \} or \[ \.\.\. \]\), where ack cannot add a line; write the acknowledgement by hand/);
    expect(await current()).toBe(inline);
  });
});

import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeSummary, runDecide } from '../../src/commands/decide.js';
import type { DecideOptions } from '../../src/commands/decide.js';
import type { CommandContext } from '../../src/commands/context.js';
import { testContext } from './context.js';
import { InputError, OutputError } from '../../src/model/errors.js';

const fixture = fileURLToPath(new URL('../fixtures/decide/answers.yaml', import.meta.url));

const defaults: DecideOptions = { rules: [], profile: 'madr', stdout: false, format: 'markdown', maxBytes: 4 * 1024 * 1024 };

let cwd: string;
let out: string;
let err: string;
let context: CommandContext;

beforeEach(async () => {
  // Deliberately not the process's working directory: the command must only use context.cwd.
  cwd = await mkdtemp(join(tmpdir(), 'decide-command-'));
  await mkdir(join(cwd, 'specs'));
  await writeFile(join(cwd, 'specs', 'answers.yaml'), await readFile(fixture, 'utf8'));
  out = '';
  err = '';
  context = testContext(cwd, new Date('2027-03-04T23:30:00Z'), (text) => (out += text), (text) => (err += text));
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('runDecide', () => {
  it('reads and writes relative to the context directory and names the answers file relative to it', async () => {
    expect(await runDecide('specs/answers.yaml', defaults, context)).toBe(0);
    expect(await readdir(join(cwd, 'docs/decisions'))).toEqual(['0001-order-notifications.md']);
    const adr = await readFile(join(cwd, 'docs/decisions/0001-order-notifications.md'), 'utf8');
    expect(adr).toContain('specs/answers.yaml');
    expect(adr).not.toContain(cwd);
    expect(err).toMatch(/^wrote docs\/decisions\/0001-order-notifications\.md: 2 interactions \(1 sync, 1 async\), \d+ findings?( \(.+\))?\n$/);
    expect(out).toBe('');
  });

  it('dates the ADR from the answers, then from the ADR it updates, then from the clock (UTC)', async () => {
    const text = (await readFile(join(cwd, 'specs/answers.yaml'), 'utf8')).replace(/^date: .+\n/m, '');
    await writeFile(join(cwd, 'specs/answers.yaml'), text);
    await runDecide('specs/answers.yaml', defaults, context);
    const first = await readFile(join(cwd, 'docs/decisions/0001-order-notifications.md'), 'utf8');
    expect(first).toMatch(/^date: 2027-03-04$/m);
    await runDecide('specs/answers.yaml', defaults, { ...context, now: new Date('2028-01-01T00:00:00Z') });
    expect(await readFile(join(cwd, 'docs/decisions/0001-order-notifications.md'), 'utf8')).toBe(first);
  });

  it('reports problems with the answers file named relative to the context directory', async () => {
    await writeFile(join(cwd, 'specs/answers.yaml'), 'version: 2\n');
    const error = await runDecide('specs/answers.yaml', defaults, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0]?.location?.file).toBe('specs/answers.yaml');
    await expect(readdir(join(cwd, 'docs'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('updates the first of two ADRs carrying the same id and warns about the other', async () => {
    await mkdir(join(cwd, 'docs/decisions'), { recursive: true });
    const stale = '---\ndecision-id: order-notifications\n---\n# Order notifications\n';
    await writeFile(join(cwd, 'docs/decisions/0002-order-notifications.md'), stale);
    await writeFile(join(cwd, 'docs/decisions/0003-order-notifications.md'), stale);
    expect(await runDecide('specs/answers.yaml', defaults, context)).toBe(0);
    expect(err).toMatch(/^warning: docs\/decisions\/0002-order-notifications\.md, docs\/decisions\/0003-order-notifications\.md carry the same decision id order-notifications; only docs\/decisions\/0002-order-notifications\.md is updated\nwrote docs\/decisions\/0002-/);
    expect(await readFile(join(cwd, 'docs/decisions/0003-order-notifications.md'), 'utf8')).toBe(stale);
  });

  it('throws an OutputError when --dir is a file', async () => {
    await writeFile(join(cwd, 'adr'), '');
    await expect(runDecide('specs/answers.yaml', { ...defaults, dir: 'adr' }, context)).rejects.toThrow(OutputError);
  });

  it('prints JSON without looking at the ADR directory', async () => {
    await writeFile(join(cwd, 'adr'), '');
    expect(await runDecide('specs/answers.yaml', { ...defaults, dir: 'adr', format: 'json' }, context)).toBe(0);
    expect(JSON.parse(out)).toBeTypeOf('object');
    expect(err).toBe('');
  });
});

/** The fixture with its second interaction repeated `copies` times under new ids: an ADR of about 4 KB per copy. */
async function writeLargeAnswers(copies: number): Promise<void> {
  const text = await readFile(fixture, 'utf8');
  const start = text.indexOf('  - id: order-created');
  const entry = text.slice(start, text.indexOf('flows:'));
  const copied = Array.from({ length: copies }, (_, index) => entry.replace('id: order-created', `id: order-created-${index}`)).join('');
  await writeFile(join(cwd, 'specs', 'answers.yaml'), text.slice(0, start) + copied + text.slice(text.indexOf('flows:')));
}

describe('runDecide on a large ADR', () => {
  const adrPath = (): string => join(cwd, 'docs/decisions/0001-order-notifications.md');

  it('leaves an ADR that is up to date untouched, its timestamps too, and rewrites it when the answers change', async () => {
    await writeLargeAnswers(500);
    expect(await runDecide('specs/answers.yaml', defaults, context)).toBe(0);
    const written = await readFile(adrPath(), 'utf8');
    expect(written.length).toBeGreaterThan(1 << 20);
    const longAgo = new Date('2020-01-01T00:00:00Z');
    await utimes(adrPath(), longAgo, longAgo);
    err = '';
    expect(await runDecide('specs/answers.yaml', defaults, context)).toBe(0);
    expect(err).toMatch(/^docs\/decisions\/0001-order-notifications\.md is up to date: 501 interactions/);
    expect((await stat(adrPath())).mtime).toEqual(longAgo);
    expect(await readdir(join(cwd, 'docs/decisions'))).toEqual(['0001-order-notifications.md']);

    // An answer of the last interaction changes: the ADR differs only near its end.
    const answers = await readFile(join(cwd, 'specs/answers.yaml'), 'utf8');
    const last = answers.lastIndexOf('when_down: defer');
    await writeFile(join(cwd, 'specs/answers.yaml'), `${answers.slice(0, last)}when_down: degrade${answers.slice(last + 'when_down: defer'.length)}`);
    err = '';
    expect(await runDecide('specs/answers.yaml', defaults, context)).toBe(0);
    expect(err).toMatch(/^wrote docs\/decisions\/0001-order-notifications\.md/);
    const rewritten = await readFile(adrPath(), 'utf8');
    expect(rewritten).not.toBe(written);
    out = '';
    await runDecide('specs/answers.yaml', { ...defaults, stdout: true }, context);
    expect(out).toBe(rewritten);
  });

  it('prints the ADR in batches, each once stdout has taken the one before', async () => {
    await writeLargeAnswers(400);
    const batches: string[] = [];
    let waiting = 0;
    let overlapped = false;
    const slowReader: CommandContext = {
      ...context,
      stdout: async (text) => {
        overlapped ||= waiting > 0;
        waiting += 1;
        await new Promise((resolve) => setTimeout(resolve, 1));
        batches.push(text);
        waiting -= 1;
      },
    };
    expect(await runDecide('specs/answers.yaml', { ...defaults, stdout: true }, slowReader)).toBe(0);
    expect(batches.length).toBeGreaterThan(10);
    expect(overlapped).toBe(false);
    expect(await runDecide('specs/answers.yaml', defaults, context)).toBe(0);
    expect(batches.join('')).toBe(await readFile(adrPath(), 'utf8'));

    batches.length = 0;
    expect(await runDecide('specs/answers.yaml', { ...defaults, format: 'json' }, slowReader)).toBe(0);
    expect(batches.length).toBeGreaterThan(10);
    expect(overlapped).toBe(false);
    expect(JSON.parse(batches.join('')).interactions).toHaveLength(401);
  });
});

describe('describeSummary', () => {
  it.each([
    [
      { interactions: 10, styles: { sync: 4, async: 4, hybrid: 2 }, findings: { error: 1, warning: 2, info: 0 } },
      '10 interactions (4 sync, 4 async, 2 hybrid), 3 findings (1 error, 2 warnings)',
    ],
    [
      { interactions: 1, styles: { sync: 0, async: 1, hybrid: 0 }, findings: { error: 0, warning: 0, info: 0 } },
      '1 interaction (1 async), 0 findings',
    ],
    [
      { interactions: 2, styles: { sync: 2, async: 0, hybrid: 0 }, findings: { error: 0, warning: 1, info: 3 } },
      '2 interactions (2 sync), 4 findings (1 warning, 3 info)',
    ],
  ])('%j', (summary, text) => {
    expect(describeSummary(summary)).toBe(text);
  });

  it('says how many of the findings are waived', () => {
    const summary = { interactions: 3, styles: { sync: 3, async: 0, hybrid: 0 }, findings: { error: 2, warning: 1, info: 0 } };
    expect(describeSummary(summary, 2)).toBe('3 interactions (3 sync), 3 findings (2 errors, 1 warning), 2 of them waived');
  });
});

describe('waived findings', () => {
  const example = fileURLToPath(new URL('../../examples/checkout/answers.yaml', import.meta.url));

  it('shows each waived finding with its reason and end date, and counts it apart from those that still need a response', async () => {
    const text = (await readFile(example, 'utf8')).replace(
      /reason: "Same cause: [^"]*"/,
      'reason: "Provider *SLA* [link](javascript:x)\\nnext line"\n    until: 2027-01-31',
    );
    await writeFile(join(cwd, 'specs', 'answers.yaml'), text);
    expect(await runDecide('specs/answers.yaml', defaults, context)).toBe(0);
    expect(err).toMatch(/, 8 findings \(2 errors, 6 warnings\), 2 of them waived\n$/);
    const adr = await readFile(join(cwd, 'docs/decisions/0001-checkout-and-order-communication.md'), 'utf8');
    const findings = adr.split('\n### Whole-system findings\n')[1]!.split('\n### ')[0]!.trim().split('\n');
    expect(findings).toHaveLength(8);
    const waived = findings.filter((line) => line.includes(', waived'));
    expect(waived).toHaveLength(2);
    expect(waived[0]).toMatch(/^\* \*\*error\*\* `availability-below-target` \(flow `checkout`\), waived until 2027-01-31 \(Provider \\\*SLA\\\* \\\[link\\\]\(javascript:x\) next line\): availability /);
    expect(waived[1]).toMatch(/^\* \*\*error\*\* `latency-budget-exceeded` \(flow `checkout`\), waived \(Fraud screening is slow today; [^)]*\): p99 sum/);
    expect(adr).toContain('* Bad, because the whole-system analysis reports 6 warnings that still need a response.');
    expect(adr).toContain('* Bad, because 2 whole-system findings are waived for now, with the reason given beside each.');
  });
});

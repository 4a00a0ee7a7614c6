/**
 * adr-tools (the Debian package) on Nygard ADRs written by decide: `adr list`, `adr generate toc`
 * and `adr generate graph` must show exactly what they show for the same history made with
 * adr-tools itself (adr new, then adr new -s 1), and the index must not be taken for an ADR.
 *
 * adr-tools is a shell program, not an npm package: .ci/run installs it. Without it the tests
 * fail under CI=true and are skipped elsewhere, saying so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDS, decideAgain, printIndex, recordFileName, writeAdrFolder } from './adr-folder.js';
import type { AdrFolder } from './adr-folder.js';

const installed = spawnSync('adr', ['help'], { stdio: 'ignore' }).status === 0;
const required = process.env.CI === 'true';
if (!installed && !required) {
  console.warn('adr-tools is not installed (apt-get install adr-tools): skipping the adr-tools reader tests');
}

/** Runs adr-tools in a directory, with an editor that returns at once and a fixed date. */
function adr(cwd: string, args: string[], date = '2026-01-01'): string {
  const { EDITOR: _editor, VISUAL: _visual, ...env } = process.env;
  return execFileSync('adr', args, { cwd, encoding: 'utf8', env: { ...env, EDITOR: 'true', ADR_DATE: date } });
}

/** The same three records made by adr-tools itself: two new ones, then one that supersedes the first. */
async function makeWithAdrTools(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'readers-adr-tools-'));
  // adr-tools looks for doc/adr from the working directory upwards; this one is found first.
  await mkdir(join(cwd, 'doc/adr'), { recursive: true });
  adr(cwd, ['new', RECORDS[0]!.title], RECORDS[0]!.date);
  adr(cwd, ['new', RECORDS[1]!.title], RECORDS[1]!.date);
  adr(cwd, ['new', '-s', '1', RECORDS[2]!.title], RECORDS[2]!.date);
  return cwd;
}

describe.runIf(installed || required)('adr-tools on Nygard ADRs', () => {
  let folder: AdrFolder;
  let reference: string;

  beforeAll(async () => {
    if (!installed) throw new Error('adr-tools is required under CI=true: .ci/run installs it with apt-get install adr-tools');
    folder = await writeAdrFolder('nygard');
    reference = await makeWithAdrTools();
  });

  afterAll(async () => {
    await folder?.remove();
    if (reference !== undefined) await rm(reference, { recursive: true, force: true });
  });

  it('makes the same file names as adr-tools for the same titles', () => {
    expect(adr(reference, ['list'])).toBe(RECORDS.map((_, index) => `doc/adr/${recordFileName('nygard', index)}\n`).join(''));
  });

  it('adr list lists exactly the ADR files, not the index', async () => {
    expect((await readFile(join(folder.cwd, folder.dir, 'README.markdown'), 'utf8')).length).toBeGreaterThan(0);
    expect(adr(folder.cwd, ['list'])).toBe(folder.names.map((name) => `doc/adr/${name}\n`).join(''));
  });

  it('adr generate toc has the titles, as for records adr-tools made', () => {
    const toc = adr(folder.cwd, ['generate', 'toc']);
    expect(toc).toBe(
      '# Architecture Decision Records\n\n' +
        RECORDS.map((record, index) => `* [${index + 1}. ${record.title}](${folder.names[index]})\n`).join(''),
    );
    expect(toc).toBe(adr(reference, ['generate', 'toc']));
  });

  it('adr generate graph draws the sequence and one Supersedes edge, as for records adr-tools made', () => {
    const graph = adr(folder.cwd, ['generate', 'graph']);
    expect(graph).toBe(
      [
        'digraph {',
        '  node [shape=plaintext];',
        '  subgraph {',
        ...RECORDS.flatMap((record, index) => [
          `    _${index + 1} [label="${index + 1}. ${record.title}"; URL="${folder.names[index]!.replace(/\.md$/, '.html')}"];`,
          ...(index > 0 ? [`    _${index} -> _${index + 1} [style="dotted", weight=1];`] : []),
        ]),
        '  }',
        '  _3 -> _1 [label="Supersedes", weight=0]',
        '}',
        '',
      ].join('\n'),
    );
    expect(graph).toBe(adr(reference, ['generate', 'graph']));
  });

  it('reads an ADR that adr-tools supersedes, and keeps the edges right when decide runs again', async () => {
    const fourth = adr(folder.cwd, ['new', '-s', '2', 'Admin access from a cache'], '2026-11-23').trim();
    expect(fourth).toBe('doc/adr/0004-admin-access-from-a-cache.md');
    expect(await printIndex(folder)).toContain(
      `* [2. ${RECORDS[1]!.title}](${folder.names[1]}) - superseded by [4. Admin access from a cache](0004-admin-access-from-a-cache.md), ${RECORDS[1]!.date}\n`,
    );
    await decideAgain(folder, 'nygard', 1);
    const second = await readFile(join(folder.cwd, folder.dir, folder.names[1]!), 'utf8');
    expect(second).toContain('\n## Status\n\nSuperseded by ADR-0004\n\nSuperseded by [ADR-0004: Admin access from a cache](0004-admin-access-from-a-cache.md)\n\n## Context\n');
    const edges = adr(folder.cwd, ['generate', 'graph'])
      .split('\n')
      .filter((line) => line.includes('label=') && line.includes('->'));
    expect(edges).toEqual(['  _3 -> _1 [label="Supersedes", weight=0]', '  _4 -> _2 [label="Supersedes", weight=0]']);
  });
});

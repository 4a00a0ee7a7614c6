/**
 * Backstage's ADR plugin, on ADRs written by decide.
 *
 * @backstage/plugin-adr-common supplies the two pieces every part of the plugin uses: the file
 * filter (madrFilePathFilter) that decides which files of the folder are ADRs, and the front
 * matter reading (parseMadrWithFrontmatter) that gives status and date. The title comes from the
 * search collator in @backstage/plugin-adr-backend: the text of the first level-1 heading that
 * marked's lexer finds in the body. That package needs the whole Backstage backend to load, so
 * the title is read here with the same lexer at the major version it depends on (marked 12).
 *
 * Backstage supports MADR; it does not list log4brains' date-named files at all.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { madrFilePathFilter, parseMadrWithFrontmatter } from '@backstage/plugin-adr-common';
import { marked } from 'marked-12';
import type { Token, Tokens } from 'marked-12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDS, writeAdrFolder } from './adr-folder.js';
import type { AdrFolder } from './adr-folder.js';

// parseMadrWithFrontmatter turns the front-matter date into a JavaScript Date and back into a
// day in the server's time zone, which west of UTC is the day before; the day written in the
// file is what is checked here, so the zone is fixed.
process.env.TZ = 'UTC';

interface BackstageRecord {
  path: string;
  title: string | undefined;
  status: string | undefined;
  date: string | undefined;
}

/** Reads one file as the ADR plugin does once its filter has accepted it. */
function readAsBackstage(path: string, text: string): BackstageRecord {
  const parsed = parseMadrWithFrontmatter(text);
  const isTitle = (token: Token): token is Tokens.Heading => token.type === 'heading' && token.depth === 1;
  const heading = marked.lexer(parsed.content).find(isTitle);
  return { path, title: heading?.text, status: parsed.status, date: parsed.date };
}

/** Every file of the folder that Backstage lists, read as it reads them, by path. */
async function readFolder(folder: AdrFolder): Promise<BackstageRecord[]> {
  const found: BackstageRecord[] = [];
  for (const name of (await readdir(join(folder.cwd, folder.dir))).sort()) {
    const path = `${folder.dir}/${name}`;
    if (!madrFilePathFilter(path)) continue;
    found.push(readAsBackstage(path, await readFile(join(folder.cwd, path), 'utf8')));
  }
  return found;
}

describe('Backstage ADR plugin on MADR records', () => {
  let folder: AdrFolder;

  beforeAll(async () => {
    folder = await writeAdrFolder('madr');
  });

  afterAll(async () => {
    await folder.remove();
  });

  it('lists exactly the ADR files, not the index', async () => {
    expect(await readdir(join(folder.cwd, folder.dir))).toContain('README.markdown');
    expect((await readFolder(folder)).map((record) => record.path)).toEqual(folder.names.map((name) => `${folder.dir}/${name}`));
  });

  it('reads the title, status and date of each, the superseded one included', async () => {
    const expected = RECORDS.map((record, index) => ({
      path: `${folder.dir}/${folder.names[index]}`,
      title: record.title,
      status: index === 0 ? 'superseded by ADR-0003' : record.status,
      date: record.date,
    }));
    expect(await readFolder(folder)).toEqual(expected);
  });
});

describe('Backstage file filter', () => {
  it('takes numbered files for ADRs, and neither the index nor date-named log4brains files', () => {
    expect(madrFilePathFilter('docs/decisions/0001-order-notifications.md')).toBe(true);
    expect(madrFilePathFilter('doc/adr/0001-order-notifications.md')).toBe(true);
    expect(madrFilePathFilter('docs/decisions/README.markdown')).toBe(false);
    expect(madrFilePathFilter('docs/decisions/index.md')).toBe(false);
    expect(madrFilePathFilter('docs/adr/20261120-order-notifications.md')).toBe(false);
  });
});

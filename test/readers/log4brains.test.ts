/**
 * log4brains' own reading of ADRs written in the log4brains profile, through the API its CLI and
 * site are built on (@log4brains/core): which files are ADRs, and the title, status, date and
 * supersede relation of each. And the way back: an ADR that log4brains itself marks as
 * superseded is read as superseded by this tool, and stays so when decide runs again.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Log4brains } from '@log4brains/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAdrText, parseSupersededBy } from '../../src/io/adr-dir.js';
import { RECORDS, decideAgain, printIndex, writeAdrFolder } from './adr-folder.js';
import type { AdrFolder } from './adr-folder.js';

let folder: AdrFolder;

beforeEach(async () => {
  folder = await writeAdrFolder('log4brains');
  // The project file log4brains looks for; the time zone fixes the instant a date stands for.
  await writeFile(join(folder.cwd, '.log4brains.yml'), `project:\n  name: readers\n  tz: Etc/UTC\n  adrFolder: ./${folder.dir}\n`);
});

afterEach(async () => {
  await folder.remove();
});

const slugOf = (name: string): string => name.replace(/\.md$/, '');

interface Read {
  slug: string;
  title: string | null;
  status: string;
  supersededBy: string | null;
  publicationDate: string | null;
}

async function readWithLog4brains(): Promise<Read[]> {
  const adrs = await Log4brains.create(folder.cwd).searchAdrs();
  return adrs
    .map(({ slug, title, status, supersededBy, publicationDate }) => ({ slug, title, status, supersededBy, publicationDate }))
    .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

describe('log4brains reading the log4brains profile', () => {
  it('finds exactly the ADRs and reads their title, status, date and supersede link', async () => {
    const [first, second, third] = folder.names.map(slugOf);
    expect(await readWithLog4brains()).toEqual([
      { slug: first, title: RECORDS[0]!.title, status: 'superseded', supersededBy: third, publicationDate: '2026-11-20T23:59:59.000Z' },
      { slug: second, title: RECORDS[1]!.title, status: 'accepted', supersededBy: null, publicationDate: '2026-11-21T23:59:59.000Z' },
      { slug: third, title: RECORDS[2]!.title, status: 'proposed', supersededBy: null, publicationDate: '2026-11-22T23:59:59.000Z' },
    ]);
  });

  it('writes the status of the superseded ADR in log4brains\' own form', async () => {
    const text = await readFile(join(folder.cwd, folder.dir, folder.names[0]!), 'utf8');
    const third = slugOf(folder.names[2]!);
    expect(text.split('\n').slice(0, 5)).toEqual([`# ${RECORDS[0]!.title}`, '', `- Status: superseded by [${third}](${third}.md)`, `- Date: ${RECORDS[0]!.date}`, '']);
  });
});

describe('an ADR that log4brains marks as superseded', () => {
  beforeEach(async () => {
    await Log4brains.create(folder.cwd).supersedeAdr(slugOf(folder.names[1]!), slugOf(folder.names[2]!));
  });

  it('is read as superseded by this tool, with the link log4brains wrote', async () => {
    const text = await readFile(join(folder.cwd, folder.dir, folder.names[1]!), 'utf8');
    const status = parseAdrText(text).status;
    expect(status).toBe(`superseded by [${slugOf(folder.names[2]!)}](${folder.names[2]})`);
    expect(parseSupersededBy(status)).toBe(slugOf(folder.names[2]!));
    expect(await printIndex(folder)).toContain(`* [${RECORDS[1]!.title}](${folder.names[1]}) - superseded by [${slugOf(folder.names[2]!)}](${folder.names[2]}), ${RECORDS[1]!.date}\n`);
  });

  it('stays superseded when decide rewrites both ADRs, and log4brains reads the same relations', async () => {
    await decideAgain(folder, 'log4brains', 1);
    await decideAgain(folder, 'log4brains', 2);
    const rewritten = await readFile(join(folder.cwd, folder.dir, folder.names[2]!), 'utf8');
    expect(rewritten).toContain(`Supersedes [${slugOf(folder.names[0]!)}: ${RECORDS[0]!.title}](${folder.names[0]})\n`);
    expect(rewritten).toContain(`Supersedes [${slugOf(folder.names[1]!)}: ${RECORDS[1]!.title}](${folder.names[1]})\n`);
    const read = await readWithLog4brains();
    expect(read.map(({ slug, status, supersededBy }) => ({ slug, status, supersededBy }))).toEqual([
      { slug: slugOf(folder.names[0]!), status: 'superseded', supersededBy: slugOf(folder.names[2]!) },
      { slug: slugOf(folder.names[1]!), status: 'superseded', supersededBy: slugOf(folder.names[2]!) },
      { slug: slugOf(folder.names[2]!), status: 'proposed', supersededBy: null },
    ]);
  });
});

/**
 * Structurizr's ADR importers on folders written by decide and adr index. Structurizr is a Java
 * program that is not available here; structurizr-importers.ts holds what each importer is
 * documented to read, and these tests hold our folders to it: every file an importer takes is a
 * record it reads whole (the index included among the files it looks at), with the right title,
 * date, status and supersede links.
 */
import { cp, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdrProfile } from '../../src/io/adr-dir.js';
import { RECORDS, writeAdrFolder } from './adr-folder.js';
import type { AdrFolder } from './adr-folder.js';
import { ImportAborted, importAdrToolsFolder, importLog4brainsFolder, importMadrFolder } from './structurizr-importers.js';

function withFolder(profile: AdrProfile): { get: () => AdrFolder; path: () => string } {
  let folder: AdrFolder | undefined;
  beforeAll(async () => {
    folder = await writeAdrFolder(profile);
  });
  afterAll(async () => {
    await folder?.remove();
  });
  return { get: () => folder!, path: () => join(folder!.cwd, folder!.dir) };
}

describe('the adr-tools importer (Structurizr\'s default) on Nygard records', () => {
  const folder = withFolder('nygard');

  it('imports every .md file of the folder as a whole record: the index is not one of them', async () => {
    const { names } = folder.get();
    expect(await importAdrToolsFolder(folder.path())).toEqual([
      { id: '1', file: names[0], title: RECORDS[0]!.title, date: RECORDS[0]!.date, status: 'Superseded', links: [{ to: names[2], description: 'Superseded by' }] },
      { id: '2', file: names[1], title: RECORDS[1]!.title, date: RECORDS[1]!.date, status: 'Accepted', links: [] },
      { id: '3', file: names[2], title: RECORDS[2]!.title, date: RECORDS[2]!.date, status: 'Proposed', links: [{ to: names[0], description: 'Supersedes' }] },
    ]);
  });

  it('would abort on the index under its former name, index.md', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'readers-structurizr-'));
    try {
      await cp(folder.path(), copy, { recursive: true });
      await rename(join(copy, 'README.markdown'), join(copy, 'index.md'));
      await expect(importAdrToolsFolder(copy)).rejects.toThrow(new ImportAborted('index.md: the file name does not start with a four-digit number'));
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe('the MADR importer on MADR records', () => {
  const folder = withFolder('madr');

  it('reads the front-matter status and date, the title and the links between the superseded pair', async () => {
    const { names } = folder.get();
    expect(await importMadrFolder(folder.path())).toEqual([
      { id: '1', file: names[0], title: RECORDS[0]!.title, date: RECORDS[0]!.date, status: 'superseded by ADR-0003', links: [{ to: names[2], description: 'Links to' }] },
      { id: '2', file: names[1], title: RECORDS[1]!.title, date: RECORDS[1]!.date, status: 'accepted', links: [] },
      { id: '3', file: names[2], title: RECORDS[2]!.title, date: RECORDS[2]!.date, status: 'proposed', links: [{ to: names[0], description: 'Links to' }] },
    ]);
  });

  it('would abort on a quoted date, which our front matter never writes', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'readers-structurizr-'));
    try {
      await writeFile(join(copy, '0001-quoted.md'), '---\nstatus: accepted\ndate: "2026-11-20"\n---\n# Quoted\n');
      await expect(importMadrFolder(copy)).rejects.toThrow(ImportAborted);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe('the log4brains importer on log4brains records', () => {
  const folder = withFolder('log4brains');

  it('reads the status list, the title and the supersede link from the status line', async () => {
    const { names } = folder.get();
    expect(await importLog4brainsFolder(folder.path())).toEqual([
      { id: '1', file: names[0], title: RECORDS[0]!.title, date: RECORDS[0]!.date, status: 'superseded', links: [{ to: names[2], description: 'superseded by' }] },
      { id: '2', file: names[1], title: RECORDS[1]!.title, date: RECORDS[1]!.date, status: 'accepted', links: [] },
      { id: '3', file: names[2], title: RECORDS[2]!.title, date: RECORDS[2]!.date, status: 'proposed', links: [] },
    ]);
  });
});

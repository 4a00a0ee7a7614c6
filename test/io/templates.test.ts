import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAdrTemplates } from '../../src/io/templates.js';

const created: string[] = [];

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('readAdrTemplates', () => {
  it('reads the shipped templates and every partial they use', async () => {
    const templates = await readAdrTemplates();
    const used = new Set<string>();
    for (const text of [templates.madr, templates.nygard, templates.log4brains, ...Object.values(templates.partials)]) {
      for (const match of text.matchAll(/\{\{>\s*([\w-]+)\s*\}\}/g)) {
        used.add(match[1]!);
      }
    }
    expect([...used].filter((name) => templates.partials[name] === undefined)).toEqual([]);
  });

  it('keys partials by file name and ignores other files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'templates-'));
    created.push(dir);
    await mkdir(join(dir, 'partials'));
    await Promise.all([
      writeFile(join(dir, 'madr.md.mustache'), 'M'),
      writeFile(join(dir, 'nygard.md.mustache'), 'N'),
      writeFile(join(dir, 'log4brains.md.mustache'), 'L'),
      writeFile(join(dir, 'partials', 'open-questions.mustache'), 'Q'),
      writeFile(join(dir, 'partials', 'notes.txt'), 'ignored'),
    ]);
    expect(await readAdrTemplates(dir)).toEqual({
      madr: 'M',
      nygard: 'N',
      log4brains: 'L',
      partials: { 'open-questions': 'Q' },
    });
  });
});

import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adrLabel,
  adrTitle,
  chooseAdrFile,
  describeAdr,
  findAdrsByReference,
  findDuplicateNumbers,
  markAdrSuperseded,
  parseAdrName,
  parseAdrText,
  parseSupersededBy,
  resolveAdrDir,
  scanAdrDir,
  slugifyTitle,
  toDisplayPath,
  writeAdrFile,
} from '../../src/io/adr-dir.js';
import type { AdrDir, AdrDirContents, AdrFile, AdrRequest } from '../../src/io/adr-dir.js';
import { OutputError } from '../../src/model/errors.js';

const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'adr-dir-'));
});

afterEach(async () => {
  await chmod(cwd, 0o755).catch(() => undefined);
  await rm(cwd, { recursive: true, force: true });
});

const request: AdrRequest = { id: 'checkout-communication', title: 'Checkout communication', profile: 'madr', date: '2026-11-22' };

async function makeDir(relativePath: string, files: Record<string, string> = {}): Promise<AdrDir> {
  const path = join(cwd, relativePath);
  await mkdir(path, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(path, name), text);
  }
  return resolveAdrDir(cwd, relativePath);
}

describe('slugifyTitle', () => {
  it.each([
    ['Checkout and order communication', 'checkout-and-order-communication'],
    ['  Sync / Async: the API!  ', 'sync-async-the-api'],
    ['Über café 2026', 'ber-caf-2026'],
    ['???', ''],
    [
      'A very long title that keeps going well past the sixty character limit of file names',
      'a-very-long-title-that-keeps-going-well-past-the-sixty',
    ],
    ['x'.repeat(70), 'x'.repeat(60)],
  ])('%j -> %j', (title, slug) => {
    expect(slugifyTitle(title)).toBe(slug);
    expect(slugifyTitle(title).length).toBeLessThanOrEqual(60);
  });
});

describe('parseAdrName', () => {
  it.each([
    ['0001-checkout.md', { name: '0001-checkout.md', number: 1 }],
    ['0042-a-b.MD', { name: '0042-a-b.MD', number: 42 }],
    ['20261122-checkout.md', { name: '20261122-checkout.md', datePrefix: '20261122' }],
    ['README.md', { name: 'README.md' }],
    ['12345-x.md', { name: '12345-x.md' }],
  ])('%s', (name, expected) => {
    expect(parseAdrName(name)).toEqual(expected);
  });
});

describe('parseAdrText', () => {
  it('reads the id and date from MADR front matter', () => {
    const text = '---\nstatus: proposed\ndate: 2026-11-22\ndecision-id: checkout-communication\n---\n# Checkout\n';
    expect(parseAdrText(text)).toEqual({ decisionId: 'checkout-communication', date: '2026-11-22', status: 'proposed', title: 'Checkout' });
  });

  it('accepts quoted values and CRLF line ends', () => {
    const text = '---\r\ndate: "2026-01-02"\r\ndecision-id: "abc"\r\n---\r\n# T\r\n';
    expect(parseAdrText(text)).toEqual({ decisionId: 'abc', date: '2026-01-02', title: 'T' });
  });

  it('reads the id from the trailing comment and the date from a Nygard Date line', () => {
    const text = '# 3. Checkout\n\nDate: 2026-11-22\n\n## Status\n\nAccepted\n\n<!-- decision-id: checkout -->\n';
    expect(parseAdrText(text)).toEqual({ decisionId: 'checkout', date: '2026-11-22', title: '3. Checkout', status: 'Accepted' });
  });

  it('reads the date from a log4brains bullet', () => {
    const text = '# Checkout\n\n- Status: proposed\n- Date: 2026-11-21\n\nBody\n<!-- decision-id: checkout -->\n';
    expect(parseAdrText(text)).toEqual({ decisionId: 'checkout', date: '2026-11-21', title: 'Checkout', status: 'proposed' });
  });

  it('ignores a decision-id line in the body that is not a comment', () => {
    expect(parseAdrText('# T\n\ndecision-id: x\n')).toEqual({ title: 'T' });
  });
});

describe('resolveAdrDir', () => {
  it('defaults to docs/decisions, to be created, when no conventional directory exists', async () => {
    expect(await resolveAdrDir(cwd)).toEqual({ path: join(cwd, 'docs/decisions'), display: 'docs/decisions', exists: false });
  });

  it.each(['docs/decisions', 'docs/adr', 'doc/adr'])('uses an existing %s', async (name) => {
    await mkdir(join(cwd, name), { recursive: true });
    expect(await resolveAdrDir(cwd)).toMatchObject({ display: name, exists: true });
  });

  it('prefers docs/decisions over docs/adr', async () => {
    await mkdir(join(cwd, 'docs/adr'), { recursive: true });
    await mkdir(join(cwd, 'docs/decisions'), { recursive: true });
    expect(await resolveAdrDir(cwd)).toMatchObject({ display: 'docs/decisions' });
  });

  it('takes --dir relative to the working directory, existing or not', async () => {
    expect(await resolveAdrDir(cwd, 'architecture/adr')).toMatchObject({ display: 'architecture/adr', exists: false });
  });

  it('refuses a --dir that is a file', async () => {
    await writeFile(join(cwd, 'adr'), 'not a directory');
    await expect(resolveAdrDir(cwd, 'adr')).rejects.toThrow(OutputError);
    await expect(resolveAdrDir(cwd, 'adr')).rejects.toThrow(/adr .*is a file/);
  });

  it('refuses a --dir below a file', async () => {
    await writeFile(join(cwd, 'docs'), 'not a directory');
    await expect(resolveAdrDir(cwd, 'docs/decisions')).rejects.toThrow(OutputError);
  });

  it('refuses a conventional path that is a file instead of looking elsewhere', async () => {
    await mkdir(join(cwd, 'docs'));
    await writeFile(join(cwd, 'docs/decisions'), 'oops');
    await mkdir(join(cwd, 'docs/adr'));
    await expect(resolveAdrDir(cwd)).rejects.toThrow(OutputError);
  });
});

describe('toDisplayPath', () => {
  it('is relative with forward slashes inside cwd, absolute outside', () => {
    expect(toDisplayPath(join(cwd, 'docs', 'adr'), cwd)).toBe('docs/adr');
    expect(toDisplayPath(cwd, cwd)).toBe('.');
    expect(toDisplayPath('/elsewhere/adr', cwd)).toBe('/elsewhere/adr');
  });
});

describe('choosing the ADR file', () => {
  it('numbers the first ADR of an empty directory 0001', async () => {
    const dir = await makeDir('docs/decisions');
    expect(chooseAdrFile(await scanAdrDir(dir), request)).toEqual({ name: '0001-checkout-communication.md', number: 1 });
  });

  it('numbers the first ADR of a missing directory 0001', async () => {
    const dir = await resolveAdrDir(cwd);
    expect(chooseAdrFile(await scanAdrDir(dir), request)).toEqual({ name: '0001-checkout-communication.md', number: 1 });
  });

  it('continues after the highest number, whatever the gaps', async () => {
    const dir = await makeDir('docs/decisions', {
      '0001-first.md': '# First\n',
      '0003-third.md': '# Third\n',
      '0007-seventh.md': '# Seventh\n',
      'README.md': '# ADRs\n',
      '20250101-dated.md': '# Dated\n',
    });
    expect(chooseAdrFile(await scanAdrDir(dir), request)).toEqual({ name: '0008-checkout-communication.md', number: 8 });
  });

  it('finds the file carrying the decision id and keeps its name and number after a title change', async () => {
    const dir = await makeDir('docs/decisions', {
      '0001-first.md': '# First\n',
      '0002-old-title.md': '---\nstatus: accepted\ndate: 2026-01-05\ndecision-id: checkout-communication\n---\n# Old title\n',
      '0003-third.md': '# Third\n',
    });
    const target = chooseAdrFile(await scanAdrDir(dir), request);
    expect(target).toMatchObject({ name: '0002-old-title.md', number: 2, existing: { date: '2026-01-05' } });
  });

  it('finds an id carried as a comment in a Nygard file', async () => {
    const dir = await makeDir('doc/adr', { '0004-checkout.md': '# 4. Checkout\n\nDate: 2026-01-05\n\n<!-- decision-id: checkout-communication -->\n' });
    expect(chooseAdrFile(await scanAdrDir(dir), { ...request, profile: 'nygard' })).toMatchObject({ name: '0004-checkout.md', number: 4 });
  });

  it('does not take over a file of the same name that carries no id', async () => {
    const dir = await makeDir('docs/decisions', { '0001-checkout-communication.md': '# Checkout communication\n\nWritten by hand.\n' });
    const target = chooseAdrFile(await scanAdrDir(dir), request);
    expect(target).toEqual({ name: '0002-checkout-communication.md', number: 2 });
  });

  it('does not take over a file that carries another id', async () => {
    const dir = await makeDir('docs/decisions', { '0001-checkout-communication.md': '---\ndecision-id: other\n---\n# Other\n' });
    expect(chooseAdrFile(await scanAdrDir(dir), request).name).toBe('0002-checkout-communication.md');
  });

  it('names log4brains files YYYYMMDD-slug.md from the ADR date', async () => {
    const dir = await makeDir('docs/adr');
    const target = chooseAdrFile(await scanAdrDir(dir), { ...request, profile: 'log4brains' });
    expect(target).toEqual({ name: '20261122-checkout-communication.md', number: 1 });
  });

  it('picks another log4brains name when the same name is taken by a file without our id', async () => {
    const dir = await makeDir('docs/adr', {
      '20261122-checkout-communication.md': '# Checkout communication\n',
      '20261122-checkout-communication-2.md': '# Checkout communication again\n',
    });
    const target = chooseAdrFile(await scanAdrDir(dir), { ...request, profile: 'log4brains' });
    expect(target.name).toBe('20261122-checkout-communication-3.md');
  });

  it('falls back to the decision id when the title has no letters or digits', async () => {
    const dir = await makeDir('docs/decisions');
    expect(chooseAdrFile(await scanAdrDir(dir), { ...request, title: '???' }).name).toBe('0001-checkout-communication.md');
  });
});

describe('writeAdrFile', () => {
  it('creates the directory and the file', async () => {
    const dir = await resolveAdrDir(cwd);
    const target = chooseAdrFile(await scanAdrDir(dir), request);
    await writeAdrFile(dir, target, '# ADR\n');
    expect(await readFile(join(cwd, 'docs/decisions/0001-checkout-communication.md'), 'utf8')).toBe('# ADR\n');
  });

  it('updates the file carrying the id in place', async () => {
    const old = '---\ndecision-id: checkout-communication\n---\n# Old\n';
    const dir = await makeDir('docs/decisions', { '0005-old.md': old });
    const target = chooseAdrFile(await scanAdrDir(dir), request);
    await writeAdrFile(dir, target, '---\ndecision-id: checkout-communication\n---\n# New\n');
    expect(await readdir(dir.path)).toEqual(['0005-old.md']);
    expect(await readFile(join(dir.path, '0005-old.md'), 'utf8')).toContain('# New');
  });

  it('reports a directory that cannot be created as an OutputError', async () => {
    await writeFile(join(cwd, 'docs'), 'a file where a directory should be');
    const dir: AdrDir = { path: join(cwd, 'docs/decisions'), display: 'docs/decisions', exists: false };
    await expect(writeAdrFile(dir, { name: '0001-x.md', number: 1 }, 'x')).rejects.toThrow(OutputError);
  });

  it.skipIf(runsAsRoot)('reports a directory that cannot be written as an OutputError with a hint', async () => {
    const dir = await makeDir('docs/decisions');
    await chmod(dir.path, 0o555);
    try {
      const error = await writeAdrFile(dir, { name: '0001-x.md', number: 1 }, 'x').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OutputError);
      expect((error as OutputError).message).toMatch(/permission denied/);
      expect((error as OutputError).hint).toMatch(/--dir/);
    } finally {
      await chmod(dir.path, 0o755);
    }
  });
});

describe('scanAdrDir', () => {
  it.skipIf(runsAsRoot)('reports a directory that cannot be read as an OutputError', async () => {
    const dir = await makeDir('docs/decisions', { '0001-a.md': '# A\n' });
    await chmod(dir.path, 0o000);
    try {
      await expect(scanAdrDir(dir)).rejects.toThrow(OutputError);
    } finally {
      await chmod(dir.path, 0o755);
    }
  });

  it('reports an ADR directory that turned into a file as an OutputError', async () => {
    const dir = await makeDir('docs/decisions');
    await rm(dir.path, { recursive: true });
    await writeFile(dir.path, 'now a file');
    await expect(scanAdrDir(dir)).rejects.toThrow(OutputError);
  });

  // Large files are read from both ends first; what is found must not depend on that.
  const filler = `${'Body text that runs on for a while.\n'.repeat(4000)}`;

  it('finds the id and date of a large MADR file in its front matter', async () => {
    const dir = await makeDir('docs/decisions', { '0001-big.md': `---\nstatus: accepted\ndate: 2026-02-03\ndecision-id: big\n---\n# Big\n${filler}` });
    expect((await scanAdrDir(dir)).files).toEqual([{ name: '0001-big.md', number: 1, decisionId: 'big', date: '2026-02-03', title: 'Big', status: 'accepted' }]);
  });

  it('finds the trailing id comment of a large Nygard file', async () => {
    const dir = await makeDir('docs/decisions', { '0002-big.md': `# 2. Big\n\nDate: 2026-02-04\n\n${filler}\n<!-- decision-id: big -->\n` });
    expect((await scanAdrDir(dir)).files).toEqual([{ name: '0002-big.md', number: 2, decisionId: 'big', date: '2026-02-04', title: 'Big' }]);
  });

  it('finds an id or a date far from both ends of a large file', async () => {
    const dir = await makeDir('docs/decisions', {
      '0003-middle.md': `# 3. Middle\n\n${filler}<!-- decision-id: middle -->\n${filler}Date: 2026-02-05\n${filler}`,
      '0004-none.md': `# 4. None\n\n${filler}${filler}`,
    });
    expect((await scanAdrDir(dir)).files).toEqual([
      { name: '0003-middle.md', number: 3, decisionId: 'middle', date: '2026-02-05', title: 'Middle' },
      { name: '0004-none.md', number: 4, title: 'None' },
    ]);
  });

  it('does not take a comment cut in half at the start of the tail for an id', async () => {
    // The last 8 KiB start right at the comment, which is not at the start of its line.
    const comment = '<!-- decision-id: not-this -->\n';
    const end = `${'x'.repeat(8 * 1024 - comment.length - 1)}\n`;
    const dir = await makeDir('docs/decisions', { '0005-cut.md': `# 5. Cut\n\nDate: 2026-02-06\n${filler}see ${comment}${end}` });
    expect((await scanAdrDir(dir)).files[0]?.decisionId).toBeUndefined();
  });

  it('ignores sub-directories and files that are not Markdown', async () => {
    const dir = await makeDir('docs/decisions', { '0009-notes.txt': 'x', '0002-a.md': '# A\n' });
    await mkdir(join(dir.path, '0010-assets.md'));
    const contents = await scanAdrDir(dir);
    expect(contents.files.map((file) => file.name)).toEqual(['0002-a.md']);
    expect(contents.taken.has('0010-assets.md')).toBe(true);
  });
});

describe('writeAdrFile on an ADR that already holds its text', () => {
  const existing = { name: '0001-a.md', number: 1, decisionId: 'a' };
  const target = { name: '0001-a.md', number: 1, existing };
  const longAgo = new Date('2020-01-01T00:00:00Z');

  it('leaves it untouched, timestamps too, only for the same bytes', async () => {
    const dir = await makeDir('docs/decisions', { '0001-a.md': 'café — done\n' });
    await utimes(join(dir.path, '0001-a.md'), longAgo, longAgo);
    expect(await writeAdrFile(dir, target, ['caf', 'é — done\n'])).toBe(false);
    expect((await stat(join(dir.path, '0001-a.md'))).mtime).toEqual(longAgo);
    for (const other of ['cafe — done\n', 'café — Done\n', 'café — done\n\n']) {
      expect(await writeAdrFile(dir, target, [other])).toBe(true);
      expect(await readFile(join(dir.path, '0001-a.md'), 'utf8')).toBe(other);
    }
    expect(await readdir(dir.path)).toEqual(['0001-a.md']);
  });

  it('writes a new file even when one that has gone was planned to be updated', async () => {
    const dir = await makeDir('docs/decisions');
    expect(await writeAdrFile(dir, target, ['x'])).toBe(true);
    expect(await readFile(join(dir.path, '0001-a.md'), 'utf8')).toBe('x');
  });
});

describe('parseAdrText: title and status', () => {
  it.each([
    ['MADR front matter', '---\nstatus: "accepted"\ndate: 2026-01-02\n---\n# Use events\n\n## Context and Problem Statement\n', { title: 'Use events', status: 'accepted' }],
    ['Nygard section', '# 4. Use events\n\nDate: 2026-01-02\n\n## Status\n\nSuperseded by [5. Use a queue](0005-use-a-queue.md)\n\n## Context\n', { title: '4. Use events', status: 'Superseded by [5. Use a queue](0005-use-a-queue.md)' }],
    ['log4brains list', '# Use events\n\n- Status: deprecated\n- Date: 2026-01-02\n\n## Context and Problem Statement\n', { title: 'Use events', status: 'deprecated' }],
    ['an empty status section', '# T\n\n## Status\n\n## Context\n\nAccepted\n', { title: 'T' }],
    ['a status item below the first section, which is not the status list', '# T\n\n## Checklist\n\n- Status: done\n', { title: 'T' }],
    ['a heading with closing hashes', '# Use events ##\n', { title: 'Use events' }],
    ['no title and no status', 'Just text.\n', {}],
  ])('%s', (_name, text, expected) => {
    const facts = parseAdrText(text);
    expect({ title: facts.title, status: facts.status }).toEqual({ title: undefined, status: undefined, ...expected });
  });

  it('prefers the front-matter status over a status section in the body', () => {
    expect(parseAdrText('---\nstatus: accepted\n---\n# T\n\n## Status\n\nRejected\n').status).toBe('accepted');
  });

  it('drops the number of a Nygard heading only when it is the file number', () => {
    expect(describeAdr('0004-use-events.md', { title: '4. Use events' }).title).toBe('Use events');
    expect(describeAdr('0004-use-events.md', { title: '0004. Use events' }).title).toBe('Use events');
    expect(describeAdr('0004-three-steps.md', { title: '3. Three steps' }).title).toBe('3. Three steps');
    expect(describeAdr('20261122-x.md', { title: '4. Use events' }).title).toBe('4. Use events');
  });

  it('finds the title and status of a large file in its head', async () => {
    const dir = await makeDir('doc/adr', {
      '0006-big.md': `# 6. Big one\n\nDate: 2026-02-07\n\n## Status\n\nAccepted\n\n${'Body.\n'.repeat(20000)}<!-- decision-id: big -->\n`,
    });
    expect((await scanAdrDir(dir)).files).toEqual([
      { name: '0006-big.md', number: 6, decisionId: 'big', date: '2026-02-07', title: 'Big one', status: 'Accepted' },
    ]);
  });
});

function contentsOf(...names: string[]): AdrDirContents {
  return { files: names.map((name) => parseAdrName(name)), taken: new Set(names) };
}

describe('findDuplicateNumbers', () => {
  it('groups the files that share a number, by number, names sorted', () => {
    const contents = contentsOf('0001-a.md', '0007-from-main.md', '0003-c.md', '0007-from-branch.md', '0003-b.md', '0003-d.md', 'index.md', '20261122-x.md');
    expect(findDuplicateNumbers(contents)).toEqual([
      { number: 3, names: ['0003-b.md', '0003-c.md', '0003-d.md'] },
      { number: 7, names: ['0007-from-branch.md', '0007-from-main.md'] },
    ]);
  });

  it('is empty when every number is used once, and ignores files without a number', () => {
    expect(findDuplicateNumbers(contentsOf('0001-a.md', '0002-b.md', 'README.md', 'index.md', '20261122-a.md', '20261122-b.md'))).toEqual([]);
  });

  it('finds the duplicates of a scanned directory', async () => {
    const dir = await makeDir('docs/decisions', { '0007-a.md': '# A\n', '0007-b.MD': '# B\n', '0008-c.md': '# C\n' });
    expect(findDuplicateNumbers(await scanAdrDir(dir))).toEqual([{ number: 7, names: ['0007-a.md', '0007-b.MD'] }]);
  });
});

describe('ADR labels, titles and references', () => {
  it('labels numbered files as MADR does and date-named ones by name', () => {
    expect(adrLabel('0007-use-events.md')).toBe('ADR-0007');
    expect(adrLabel('0123-x.MD')).toBe('ADR-0123');
    expect(adrLabel('20261122-use-events.md')).toBe('20261122-use-events');
  });

  it('falls back to words from the file name for a file without a title', () => {
    expect(adrTitle({ name: '0003-use-a-queue.md', number: 3 })).toBe('Use a queue');
    expect(adrTitle({ name: '20261122-use_events.md', datePrefix: '20261122' })).toBe('Use events');
    expect(adrTitle({ name: '0003-x.md', number: 3, title: 'Real title' })).toBe('Real title');
  });

  const contents = contentsOf('0001-a.md', '0002-b.md', '0002-c.md', '20261122-dated.md', 'README.md');

  it.each([
    ['1', ['0001-a.md']],
    ['0001', ['0001-a.md']],
    ['ADR-1', ['0001-a.md']],
    ['adr-0002', ['0002-b.md', '0002-c.md']],
    ['9', []],
    ['20261122-dated', ['20261122-dated.md']],
    ['20261122-dated.md', ['20261122-dated.md']],
    ['README', []],
  ])('%s names %j', (reference, names) => {
    expect(findAdrsByReference(contents, reference)?.map((file) => file.name)).toEqual(names);
  });

  it('rejects a reference that is neither a number nor a file name', () => {
    expect(findAdrsByReference(contents, '../elsewhere/0001-a.md')).toBeUndefined();
    expect(findAdrsByReference(contents, '')).toBeUndefined();
  });

  it.each([
    ['superseded by ADR-0007', 'ADR-0007'],
    ['Superseded by ADR-7', 'ADR-0007'],
    ['superseded by adr 12', 'ADR-0012'],
    ['Superseded by [7. Use a queue](0007-use-a-queue.md)', 'ADR-0007'],
    ['superseded by [x](./20261122-use-a-queue.md)', '20261122-use-a-queue'],
    ['superseded by 20261122-use-a-queue', '20261122-use-a-queue'],
    ['superseded', undefined],
    ['accepted', undefined],
    ['superseded by the new payment design', undefined],
    [undefined, undefined],
  ])('%j is superseded by %j', (status, label) => {
    expect(parseSupersededBy(status)).toBe(label);
  });
});

describe('markAdrSuperseded', () => {
  const mark = { status: 'superseded by ADR-0009', line: 'Superseded by [ADR-0009: New](0009-new.md).' };

  it('replaces the front-matter status and puts the link right after the title', () => {
    const text = '---\nstatus: accepted\ndate: 2026-01-02\n---\n# Old\n\n## Context and Problem Statement\n\nWhy.\n';
    expect(markAdrSuperseded(text, mark)).toBe(
      '---\nstatus: superseded by ADR-0009\ndate: 2026-01-02\n---\n# Old\n\nSuperseded by [ADR-0009: New](0009-new.md).\n\n## Context and Problem Statement\n\nWhy.\n',
    );
  });

  it('replaces the first line of a Nygard status section and adds the link below it', () => {
    const text = '# 2. Old\n\nDate: 2026-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n';
    expect(markAdrSuperseded(text, mark)).toBe(
      '# 2. Old\n\nDate: 2026-01-02\n\n## Status\n\nSuperseded by ADR-0009\n\nSuperseded by [ADR-0009: New](0009-new.md).\n\n## Context\n\nWhy.\n',
    );
  });

  it('fills an empty Nygard status section', () => {
    expect(markAdrSuperseded('# 2. Old\n\n## Status\n\n## Context\n', mark)).toBe(
      '# 2. Old\n\n## Status\n\nSuperseded by ADR-0009\n\nSuperseded by [ADR-0009: New](0009-new.md).\n\n## Context\n',
    );
  });

  it('replaces a log4brains status item and adds the link after the list', () => {
    const text = '# Old\n\n- Status: accepted\n- Deciders: team\n- Date: 2026-01-02\n\n## Context and Problem Statement\n';
    expect(markAdrSuperseded(text, mark)).toBe(
      '# Old\n\n- Status: superseded by ADR-0009\n- Deciders: team\n- Date: 2026-01-02\n\nSuperseded by [ADR-0009: New](0009-new.md).\n\n## Context and Problem Statement\n',
    );
  });

  it('puts the new link before the links to the ADRs this one replaced', () => {
    const text = '---\nstatus: accepted\n---\n# Old\n\nSupersedes [ADR-0001: First](0001-first.md).\n\n## Context\n';
    expect(markAdrSuperseded(text, mark)).toBe(
      '---\nstatus: superseded by ADR-0009\n---\n# Old\n\nSuperseded by [ADR-0009: New](0009-new.md).\n\nSupersedes [ADR-0001: First](0001-first.md).\n\n## Context\n',
    );
  });

  it('replaces the link of an earlier mark instead of adding a second one', () => {
    const once = markAdrSuperseded('---\nstatus: accepted\n---\n# Old\n\nBody.\n', { status: 'superseded by ADR-0003', line: 'Superseded by [ADR-0003: Other](0003-other.md).' })!;
    const twice = markAdrSuperseded(once, mark)!;
    expect(twice).toBe('---\nstatus: superseded by ADR-0009\n---\n# Old\n\nSuperseded by [ADR-0009: New](0009-new.md).\n\nBody.\n');
    expect(markAdrSuperseded(twice, mark)).toBe(twice);
  });

  it('keeps CRLF line ends, a byte order mark and a missing final newline', () => {
    const text = '\uFEFF---\r\nstatus: accepted\r\n---\r\n# Old\r\n\r\nBody.';
    expect(markAdrSuperseded(text, mark)).toBe(
      '\uFEFF---\r\nstatus: superseded by ADR-0009\r\n---\r\n# Old\r\n\r\nSuperseded by [ADR-0009: New](0009-new.md).\r\n\r\nBody.',
    );
  });

  it('adds the link at the end of a file that is only a title and a status', () => {
    expect(markAdrSuperseded('---\nstatus: accepted\n---\n# Old\n', mark)).toBe(
      '---\nstatus: superseded by ADR-0009\n---\n# Old\n\nSuperseded by [ADR-0009: New](0009-new.md).\n',
    );
  });

  it('gives up on a file that keeps no status', () => {
    expect(markAdrSuperseded('# Old\n\nWe decided things.\n', mark)).toBeUndefined();
    expect(markAdrSuperseded('---\ndate: 2026-01-02\n---\n# Old\n', mark)).toBeUndefined();
  });
});

describe('an index.md in the ADR directory', () => {
  const index = '# Architecture Decision Records\n\n* [1. First](0001-first.md) - accepted, 2026-01-02\n* [2. Second](0002-second.md) - proposed\n';

  it('is not taken for an ADR: the next number and the file found by id are unaffected', async () => {
    const dir = await makeDir('docs/decisions', { 'index.md': index, '0001-first.md': '# First\n', '0002-second.md': '# Second\n' });
    const contents = await scanAdrDir(dir);
    const file = contents.files.find((candidate) => candidate.name === 'index.md') as AdrFile;
    expect(file).toEqual({ name: 'index.md', title: 'Architecture Decision Records' });
    expect(chooseAdrFile(contents, request)).toEqual({ name: '0003-checkout-communication.md', number: 3 });
    expect(chooseAdrFile(contents, { ...request, id: 'index' }).number).toBe(3);
  });
});

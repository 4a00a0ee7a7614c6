/**
 * adr-log on a folder of ADRs written by decide, in each profile: the log it generates lists
 * every ADR, with the number or date of its file name, a link to it and its title, and nothing
 * else from the folder (the index included), whether the log goes to adr-log's default file in
 * the folder or elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdrProfile } from '../../src/io/adr-dir.js';
import { RECORDS, writeAdrFolder } from './adr-folder.js';
import type { AdrFolder } from './adr-folder.js';

const cli = createRequire(import.meta.url).resolve('adr-log/cli.js');

/** The list lines of the log adr-log prints for the folder (it writes nothing without -i). */
function runAdrLog(folder: AdrFolder, args: string[]): string[] {
  const output = execFileSync(process.execPath, [cli, '-d', folder.dir, ...args], { cwd: folder.cwd, encoding: 'utf8' });
  expect(output).toContain('<!-- adrlog -->');
  return output.split('\n').filter((line) => line.startsWith('* '));
}

describe.each<AdrProfile>(['madr', 'nygard', 'log4brains'])('adr-log on %s records', (profile) => {
  let folder: AdrFolder;

  beforeAll(async () => {
    folder = await writeAdrFolder(profile);
  });

  afterAll(async () => {
    await folder.remove();
  });

  /** adr-log numbers a record by the digits its file name starts with. */
  const expected = (prefix: string): string[] =>
    RECORDS.map((record, index) => {
      const name = folder.names[index]!;
      return `* [ADR-${/^\d+/.exec(name)![0]}](${prefix}${name}) - ${record.title}`;
    });

  it('lists each ADR with its link and title, and not the index, in its default log file', () => {
    expect(runAdrLog(folder, [])).toEqual(expected(''));
  });

  it('lists the same when the log goes elsewhere, with links relative to it', () => {
    expect(runAdrLog(folder, ['decision-log.md'])).toEqual(expected(`${folder.dir}/`));
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.js';
import { runSchema, SCHEMA_NAMES } from '../../src/commands/schema.js';
import { packagePath } from '../../src/io/paths.js';
import { UsageError } from '../../src/model/errors.js';

function capture(): { context: CommandContext; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const context: CommandContext = {
    cwd: '/nowhere',
    now: new Date('2026-11-22T00:00:00Z'),
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
  };
  return { context, out: () => out, err: () => err };
}

describe('runSchema', () => {
  it.each(SCHEMA_NAMES)('prints schema/%s.schema.json byte for byte on stdout and nothing on stderr', async (name) => {
    const { context, out, err } = capture();
    expect(await runSchema(name, context)).toBe(0);
    const shipped = await readFile(packagePath('schema', `${name}.schema.json`));
    expect(Buffer.from(out(), 'utf8').equals(shipped)).toBe(true);
    expect(err()).toBe('');
  });

  it('offers every schema the package ships, and only those', async () => {
    const files = (await readdir(packagePath('schema'))).filter((file) => file.endsWith('.schema.json'));
    expect(files.map((file) => file.replace(/\.schema\.json$/, '')).sort()).toEqual([...SCHEMA_NAMES].sort());
  });

  it('refuses an unknown name with the names it knows', async () => {
    const { context, out } = capture();
    const error = await runSchema('../package', context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('answers and rules');
    expect(out()).toBe('');
  });

  it('the schemas it prints are JSON Schemas', async () => {
    for (const name of SCHEMA_NAMES) {
      const { context, out } = capture();
      await runSchema(name, context);
      expect(JSON.parse(out())).toMatchObject({ $schema: expect.stringContaining('json-schema.org') });
    }
  });
});

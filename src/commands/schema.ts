/**
 * `schema [answers|rules]`: prints a published JSON Schema exactly as the package ships it, for
 * editors, validators and code generators that want a local copy.
 */
import { readFile } from 'node:fs/promises';
import { packagePath } from '../io/paths.js';
import type { SchemaName } from '../load/schemas.js';
import { ExitCode, UsageError } from '../model/errors.js';
import type { CommandContext } from './context.js';

/** The schemas in schema/, by the name the command takes. */
export const SCHEMA_NAMES: readonly SchemaName[] = ['answers', 'rules'];

export async function runSchema(name: string, context: CommandContext): Promise<number> {
  if (!(SCHEMA_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`there is no schema called ${JSON.stringify(name)}; the schemas are ${SCHEMA_NAMES.join(' and ')}`);
  }
  // Read as bytes and decoded once: the output is the shipped file, not a re-serialised copy.
  context.stdout(await readFile(packagePath('schema', `${name}.schema.json`), 'utf8'));
  return ExitCode.Ok;
}

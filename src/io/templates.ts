/**
 * Reads the ADR templates shipped in the package's templates/ folder, so that rendering can
 * stay pure and receive them as strings.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AdrTemplates } from '../render/adr.js';
import { packagePath } from './paths.js';

const PARTIAL_SUFFIX = '.mustache';

/**
 * The three profile templates and every partial in templates/partials, keyed by file name
 * without the suffix (`{{> reasons}}` is partials/reasons.mustache). `dir` exists for tests.
 */
export async function readAdrTemplates(dir: string = packagePath('templates')): Promise<AdrTemplates> {
  const readTemplate = (name: string): Promise<string> => readFile(join(dir, name), 'utf8');
  const partialsDir = join(dir, 'partials');
  const partialFiles = (await readdir(partialsDir)).filter((name) => name.endsWith(PARTIAL_SUFFIX)).sort();
  const partials: Record<string, string> = {};
  for (const file of partialFiles) {
    partials[file.slice(0, -PARTIAL_SUFFIX.length)] = await readFile(join(partialsDir, file), 'utf8');
  }
  const [madr, nygard, log4brains] = await Promise.all([
    readTemplate('madr.md.mustache'),
    readTemplate('nygard.md.mustache'),
    readTemplate('log4brains.md.mustache'),
  ]);
  return { madr, nygard, log4brains, partials };
}

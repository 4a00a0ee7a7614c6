import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A path inside the installed package (rules/, schema/, templates/...).
 * This file sits two levels below the package root both as source (src/io/paths.ts) and
 * compiled (dist/io/paths.js), so the root is found without touching the working directory.
 */
export function packagePath(...segments: string[]): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return join(root, ...segments);
}

/**
 * What an answers file's `$schema` modeline should point at: the package's own schema by a
 * relative path when the package sits inside the project (installed in node_modules), so
 * editors work offline and on the installed version. Undefined otherwise (a global install, a
 * copy run from elsewhere): an absolute path would differ from machine to machine, and the
 * package has no published address to point at, so no modeline is better than a dead one.
 */
export function answersSchemaReference(answersFile: string, projectRoot: string): string | undefined {
  const schema = packagePath('schema', 'answers.schema.json');
  const fromProject = relative(projectRoot, schema);
  if (fromProject.startsWith('..') || isAbsolute(fromProject)) return undefined;
  return relative(dirname(answersFile), schema).split(sep).join('/');
}

/** A path relative to the working directory with forward slashes, as messages and the ADR show it. */
export function toPosixRelative(path: string, cwd: string): string {
  return relative(cwd, path).split(sep).join('/');
}

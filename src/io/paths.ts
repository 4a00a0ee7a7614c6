import { dirname, join } from 'node:path';
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

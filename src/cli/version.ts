import { readFileSync } from 'node:fs';

/**
 * The package version, read synchronously from package.json so that `--version` answers
 * without loading the command-line parser. This file sits two levels below the package root
 * both as source (src/cli) and compiled (dist/cli).
 */
export function readVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * Running the built binary from end-to-end tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = join(root, 'bin', 'sync-or-async.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function listFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(path));
    else found.push(path);
  }
  return found;
}

/** dist is rebuilt only when a source file is newer than its compiled file (or missing). */
function isDistStale(): boolean {
  return listFiles(join(root, 'src'))
    .filter((file) => file.endsWith('.ts'))
    .some((file) => {
      const compiled = join(root, 'dist', relative(join(root, 'src'), file)).replace(/\.ts$/, '.js');
      return !existsSync(compiled) || statSync(compiled).mtimeMs < statSync(file).mtimeMs;
    });
}

/** Builds dist when the sources changed since the last build. */
export function ensureBuilt(): void {
  if (isDistStale()) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    });
  }
}

/** Runs the binary with a plain environment (the test runner may force colour for itself). */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, input?: string): Run {
  const { FORCE_COLOR: _force, NO_COLOR: _noColor, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...inherited, ...env },
    ...(input === undefined ? {} : { input }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

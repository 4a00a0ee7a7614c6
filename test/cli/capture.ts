import type { CliIo } from '../../src/cli/program.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the program in memory with a fixed working directory and clock, no terminal, and the
 * given environment, and returns what it printed. `runCli` is passed in, so that a test's
 * mocks of the command modules are in place when the program is loaded.
 */
export async function runCapturing(
  runCli: (argv: string[], io: CliIo) => Promise<number>,
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd: '/work/project',
    env,
    now: () => new Date('2026-11-22T10:00:00Z'),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

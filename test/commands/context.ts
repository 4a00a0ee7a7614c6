import type { CommandContext } from '../../src/commands/context.js';

/** A context for a command under test: its working directory, a fixed clock, and where its output goes. */
export function testContext(cwd: string, now: Date, stdout: (text: string) => void, stderr: (text: string) => void): CommandContext {
  return { cwd, now, stdout, stderr };
}

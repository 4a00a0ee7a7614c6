/**
 * What a command may use from the outside world. The CLI fills it from the process; tests
 * fill it with fakes, so commands never read the clock, the working directory or the
 * standard streams themselves.
 */
import type { InterviewOutput, Prompter } from '../interview/prompter.js';

export interface CommandContext {
  /** Relative paths given by the user start here. */
  cwd: string;
  /** The clock, read once by the CLI. */
  now: Date;
  /**
   * Data: the ADR with --stdout, JSON with --format json. A large document is printed in batches,
   * each after the promise returned for the one before (if any) resolves, so that output waiting
   * for a slow reader does not pile up in memory.
   */
  stdout: (text: string) => void | Promise<void>;
  /** Diagnostics: what was written, warnings. */
  stderr: (text: string) => void;
  /**
   * Progress of a long read, on a terminal only: each message replaces the one before, and
   * undefined clears the line. Absent when standard error is not a terminal.
   */
  progress?: (message: string | undefined) => void;
  /** The terminal, for the commands that ask questions (interview). */
  terminal?: Terminal;
  /** Whether what goes to stdout may be coloured (a terminal, and neither --no-color nor NO_COLOR). */
  color?: boolean;
}

export interface Terminal {
  /** Whether standard input is a terminal a person can answer on. */
  interactive: boolean;
  /**
   * Prompts and output on the terminal; the prompt library loads on first use. `close` gives
   * standard input back once the questions are over.
   */
  open(): Promise<{ prompter: Prompter; output: InterviewOutput; close: () => void }>;
  /**
   * Should the process be told to stop while no prompt is waiting (Ctrl-C between prompts, the
   * terminal closing, SIGTERM), `save` runs, synchronously, before the process exits with 130.
   * Returns a function that removes the hook.
   */
  onInterrupt(save: () => void): () => void;
}

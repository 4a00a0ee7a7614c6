/**
 * Errors that carry the exit code they end the process with. Commands throw them; the one
 * top-level catch in src/cli/main.ts turns them into process.exitCode.
 */
import type { SourceLocation } from './answers.js';

export const ExitCode = {
  /** Done: the ADR (or the requested output) was written. */
  Ok: 0,
  /** check: findings at or above the fail severity (unwaived). */
  Findings: 1,
  /** Invalid input, bad usage, or an output that cannot be written. */
  Invalid: 2,
  /** Interrupted by the user (Ctrl-C). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One problem in one input file, with where it is and how to fix it. */
export interface Problem {
  message: string;
  location?: SourceLocation;
  /** YAML path such as interactions[2].answers.when_down, when known. */
  path?: string;
  /** How to fix it, e.g. 'did you mean "fail_closed"?'. */
  hint?: string;
}

/** Invalid input: a file that cannot be read, parsed or validated. Exit 2. */
export class InputError extends Error {
  readonly exitCode = ExitCode.Invalid;
  readonly problems: Problem[];
  constructor(summary: string, problems: Problem[] = []) {
    super(summary);
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Bad command-line usage. Exit 2. */
export class UsageError extends Error {
  readonly exitCode = ExitCode.Invalid;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An output that cannot be written (directory not writable, path is a file...). Exit 2. */
export class OutputError extends Error {
  readonly exitCode = ExitCode.Invalid;
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'OutputError';
    this.hint = hint;
  }
}

/** Formats a location as file:line:col. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

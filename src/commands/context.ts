/**
 * What a command may use from the outside world. The CLI fills it from the process; tests
 * fill it with fakes, so commands never read the clock, the working directory or the
 * standard streams themselves.
 */
export interface CommandContext {
  /** Relative paths given by the user start here. */
  cwd: string;
  /** The clock, read once by the CLI. */
  now: Date;
  /** Data: the ADR with --stdout, JSON with --format json. */
  stdout: (text: string) => void;
  /** Diagnostics: what was written, warnings. */
  stderr: (text: string) => void;
}

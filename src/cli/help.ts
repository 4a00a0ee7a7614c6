import { ExitCode } from '../model/errors.js';

/** Appended to the help of the program and of every command. */
export const EXIT_CODE_HELP = [
  '',
  'Exit codes:',
  `  ${ExitCode.Ok}    done: the ADR (or the requested output) was written`,
  `  ${ExitCode.Findings}    findings at or above the fail severity, a required checklist item missing or a drifted ADR (check); a failing case (rules test)`,
  `  ${ExitCode.Invalid}    invalid input, bad usage, an output that cannot be written, or an internal error`,
  `  ${ExitCode.Interrupted}  interrupted (Ctrl-C, a closed terminal); an interview saves its answers first`,
].join('\n');

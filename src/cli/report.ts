/**
 * Turning errors into what the user reads on stderr and the exit code the process ends with.
 * Input problems print one line each, `file:line:col error <path>: <message>`, with a hint
 * line under it, so editors and CI logs can link straight to the place.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import { ExitCode, InputError, OutputError, UsageError, formatLocation } from '../model/errors.js';
import type { Problem } from '../model/errors.js';

export { shouldUseColor } from './color.js';
export type { ColorSettings } from './color.js';

export interface ReportOptions {
  write: (text: string) => void;
  verbose: boolean;
  color: boolean;
}

/** Prints the error and returns the exit code it stands for. */
export function reportError(error: unknown, options: ReportOptions): number {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  let exitCode: number = ExitCode.Invalid;
  if (error instanceof InputError) {
    exitCode = error.exitCode;
    const problems = error.problems.length > 0 ? error.problems : [{ message: error.message }];
    for (const problem of problems) {
      lines.push(...formatProblem(problem, chalk));
    }
  } else if (error instanceof OutputError) {
    exitCode = error.exitCode;
    lines.push(`${chalk.red('error')}: ${error.message}`);
    if (error.hint) {
      lines.push(formatHint(error.hint, chalk));
    }
  } else if (error instanceof UsageError) {
    exitCode = error.exitCode;
    lines.push(`${chalk.red('error')}: ${error.message}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(
      options.verbose
        ? `${chalk.red('internal error')}: ${message}`
        : `${chalk.red('internal error')}: ${message} (run with --verbose for the stack)`,
    );
  }
  if (options.verbose && error instanceof Error && error.stack) {
    lines.push(chalk.dim(error.stack));
  }
  options.write(`${lines.join('\n')}\n`);
  return exitCode;
}

/** `file:line:col error <path>: <message>` and, when there is one, `  hint: <hint>`. */
export function formatProblem(problem: Problem, chalk: ChalkInstance = new Chalk({ level: 0 })): string[] {
  const head = [
    problem.location ? `${chalk.bold(formatLocation(problem.location))} ` : '',
    chalk.red('error'),
    problem.path ? ` ${chalk.cyan(problem.path)}` : '',
    `: ${problem.message}`,
  ].join('');
  return problem.hint ? [head, formatHint(problem.hint, chalk)] : [head];
}

function formatHint(hint: string, chalk: ChalkInstance): string {
  return `  ${chalk.dim('hint:')} ${hint}`;
}

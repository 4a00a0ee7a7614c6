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
    problem.path ? ` ${chalk.cyan(toOneLine(shortenPath(problem.path)))}` : '',
    `: ${toOneLine(shortenQuoted(problem.message))}`,
  ].join('');
  return problem.hint ? [head, formatHint(problem.hint, chalk)] : [head];
}

function formatHint(hint: string, chalk: ChalkInstance): string {
  return `  ${chalk.dim('hint:')} ${toOneLine(shortenQuoted(hint))}`;
}

/** Quoted keys and values longer than this are cut to their start. */
const QUOTED_LENGTH = 60;

function cut(characters: string[]): string {
  return characters.slice(0, QUOTED_LENGTH - 10).join('');
}

/**
 * Messages quote keys, ids and values from the file in double quotes; the loaders cut long
 * values short, and this cuts whatever else a message quotes at length, so that no message
 * repeats a whole line of the file.
 */
function shortenQuoted(text: string): string {
  // Quotes pair up from the left (an escaped \" inside a value does not count), so the text
  // between two quoted values is never taken for one.
  return text.replace(/"((?:[^"\\]|\\.)*)"/g, (quoted, inner: string) => {
    const characters = [...inner];
    return characters.length <= QUOTED_LENGTH ? quoted : `"${cut(characters)}"... (${characters.length} characters)`;
  });
}

/**
 * A path names plain keys as they are and odd ones as JSON strings (`answers["a key"]`); a
 * very long one is cut short, since the location already says where it is.
 */
function shortenPath(path: string): string {
  return path
    .replace(/\["((?:[^"\\]|\\.)*)"\]/g, (segment, inner: string) => {
      if (inner.length <= QUOTED_LENGTH) return segment;
      try {
        const key = [...(JSON.parse(`"${inner}"`) as string)];
        return key.length <= QUOTED_LENGTH ? segment : `[${JSON.stringify(cut(key))}...]`;
      } catch {
        return segment;
      }
    })
    .replace(new RegExp(`(^|\\.)([A-Za-z_][A-Za-z0-9_-]{${QUOTED_LENGTH},})`, 'g'), (_, dot: string, key: string) => `${dot}${key.slice(0, QUOTED_LENGTH - 10)}...`);
}

/** Line breaks, control characters (escape sequences among them) and bidirectional overrides. */
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Messages quote keys and values from the file, which may hold anything. Escaped, they cannot
 * split a problem over several lines (editors and CI read one problem per line), send escape
 * sequences to the terminal, or turn the rest of the line around.
 */
function toOneLine(text: string): string {
  return text.replace(UNPRINTABLE, (character) => ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

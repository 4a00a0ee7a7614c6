/**
 * The command-line program: global options, the exit-code table, and one slot per command.
 * runCli never touches the process; main.ts hands it the streams and environment, which also
 * lets tests run it in memory.
 */
import { Command, CommanderError } from 'commander';
import type { CommandContext, Terminal } from '../commands/context.js';
import { ExitCode } from '../model/errors.js';
import { COMMAND_SLOTS } from './commands.js';
import { EXIT_CODE_HELP } from './help.js';
import { shouldUseColor } from './color.js';
import { readVersion } from './version.js';

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  now: () => Date;
  /** See CommandContext.stdout. */
  stdout: (text: string) => void | Promise<void>;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Whether a person can answer questions on standard input. */
  stdinIsTTY?: boolean;
  /**
   * Runs `save` (synchronously) when the process is told to stop (Ctrl-C between prompts, the
   * terminal closing, SIGTERM), then ends it with 130. Returns a function that removes the hook.
   */
  onInterrupt?: (save: () => void) => () => void;
}

/** Runs one command with the context built from the process; the command's exit code is kept. */
export type RunCommand = (execute: (context: CommandContext) => Promise<number>) => Promise<void>;

export function createProgram(io: CliIo, run: RunCommand): Command {
  const program = new Command('sync-or-async')
    .description(
      'Decide, interaction by interaction, whether a call should be synchronous, asynchronous or hybrid, and keep the decision as an ADR.',
    )
    .version(readVersion(), '-V, --version', 'print the version')
    .option('--verbose', 'print stack traces with errors')
    .option('--no-color', 'never colour the output (NO_COLOR and FORCE_COLOR are honoured too)')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showHelpAfterError('(add --help for usage)')
    // Commander would call process.exit(); throwing lets the one catch below choose the code.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    })
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', EXIT_CODE_HELP);
  for (const slot of COMMAND_SLOTS) {
    slot.register(program, run);
  }
  return program;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const run: RunCommand = async (execute) => {
    const terminal: Terminal = {
      interactive: io.stdinIsTTY === true,
      open: async () => {
        const { openTerminal } = await import('./interview-terminal.js');
        return openTerminal({ color: shouldUseColor({ isTTY: io.stdoutIsTTY, env: io.env, flag: program.opts<{ color?: boolean }>().color !== false }), write: io.stdout });
      },
      onInterrupt: (save) => io.onInterrupt?.(save) ?? (() => undefined),
    };
    const color = shouldUseColor({ isTTY: io.stdoutIsTTY, env: io.env, flag: program.opts<{ color?: boolean }>().color !== false });
    const context: CommandContext = { cwd: io.cwd, now: io.now(), stdout: io.stdout, stderr: io.stderr, terminal, color };
    if (io.stderrIsTTY) context.progress = (message) => io.stderr(message === undefined ? '\r\u001b[K' : `\r\u001b[K${message}`);
    exitCode = await execute(context);
  };
  const program = createProgram(io, run);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (help, version or the usage error).
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Invalid;
    }
    const options = program.opts<{ verbose?: boolean; color?: boolean }>();
    const { reportError, shouldUseColor } = await import('./report.js');
    return reportError(error, {
      write: io.stderr,
      verbose: options.verbose === true,
      color: shouldUseColor({ isTTY: io.stderrIsTTY, env: io.env, flag: options.color !== false }),
    });
  }
}

/**
 * The process entry point: the one place that reads argv, the environment and the clock, and
 * sets the exit code. Everything heavy (the parser, commands, YAML, schemas, templates) is
 * loaded only when a command runs, so `--version` starts about as fast as Node itself.
 */
import { once } from 'node:events';
import { readVersion } from './version.js';

const argv = process.argv.slice(2);

// A reader that stops early (`decide --stdout | head`) closes the pipe: what is left of the
// output has nowhere to go, which is no error of ours, so the process ends quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${readVersion()}\n`);
} else {
  const { runCli } = await import('./program.js');
  process.exitCode = await runCli(argv, {
    cwd: process.cwd(),
    env: process.env,
    now: () => new Date(),
    // A pipe takes writes asynchronously: a batch that the pipe could not take at once is
    // waited for, rather than the rest of a large document queueing up behind it.
    stdout: (text) => (process.stdout.write(text) ? undefined : once(process.stdout, 'drain').then(() => undefined)),
    stderr: (text) => {
      process.stderr.write(text);
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    onInterrupt: (save) => {
      const stop = (code: number): void => {
        try {
          save();
        } catch (error) {
          writeQuietly(`could not save the answers: ${error instanceof Error ? error.message : String(error)}\n`);
        }
        if (terminalWorks()) process.exit(code);
        // With the terminal gone, Node 20 cannot restore its settings on the way out and aborts
        // with a native stack trace; the answers are safe, so the process ends here and now.
        process.kill(process.pid, 'SIGKILL');
      };
      const onSignal = (): void => stop(130);
      // A terminal that goes away surfaces as EIO from the prompt's readline before any signal;
      // anything else uncaught is a crash. Either way the answers are saved first.
      const onCrash = (error: unknown): void => {
        const code = (error as NodeJS.ErrnoException | undefined)?.code;
        const terminalGone = code === 'EIO' || code === 'EPIPE' || code === 'ENXIO';
        if (!terminalGone) writeQuietly(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        stop(terminalGone ? 130 : 2);
      };
      const signals = ['SIGINT', 'SIGHUP', 'SIGTERM'] as const;
      for (const signal of signals) process.on(signal, onSignal);
      process.on('uncaughtException', onCrash);
      return () => {
        for (const signal of signals) process.off(signal, onSignal);
        process.off('uncaughtException', onCrash);
      };
    },
  });
}

/** Whether the terminal on standard input still answers (it does not once it has hung up). */
function terminalWorks(): boolean {
  try {
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    return true;
  } catch {
    return false;
  }
}

/** Writes to stderr when it can: the terminal may be gone. */
function writeQuietly(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // Nobody is left to read it.
  }
}

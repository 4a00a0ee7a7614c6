/**
 * The process entry point: the one place that reads argv, the environment and the clock, and
 * sets the exit code. Everything heavy (the parser, commands, YAML, schemas, templates) is
 * loaded only when a command runs, so `--version` starts about as fast as Node itself.
 */
import { readVersion } from './version.js';

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${readVersion()}\n`);
} else {
  const { runCli } = await import('./program.js');
  process.exitCode = await runCli(argv, {
    cwd: process.cwd(),
    env: process.env,
    now: () => new Date(),
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    onInterrupt: (save) => {
      const stop = (): void => {
        try {
          save();
        } finally {
          process.exit(130);
        }
      };
      const signals = ['SIGINT', 'SIGHUP', 'SIGTERM'] as const;
      for (const signal of signals) process.on(signal, stop);
      return () => {
        for (const signal of signals) process.off(signal, stop);
      };
    },
  });
}

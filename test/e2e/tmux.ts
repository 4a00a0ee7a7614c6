/**
 * A command on a real pseudo-terminal, driven through tmux: start it, send keys, wait for text
 * on the screen, read its exit code. Each session runs its own tmux server (a socket of its
 * own) with a fixed window size and no user configuration, so tests cannot disturb each other
 * or the user's tmux.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The default wait: generous, for a loaded machine. */
export const WAIT_MS = 15_000;
const POLL_MS = 50;

/** Whether a tmux binary can be run at all. */
export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Text to find, a pattern to match, or a test of the whole screen. */
export type Expected = string | RegExp | ((screen: string) => boolean);

export interface SessionOptions {
  /** The program and its arguments, run directly (no shell in between). */
  command: string[];
  cwd: string;
  /** Added to the environment; FORCE_COLOR, NO_COLOR and TMUX of the test runner are dropped first. */
  env?: Record<string, string>;
  width?: number;
  height?: number;
}

let counter = 0;

export class TmuxSession {
  private stopped = false;

  private constructor(
    /** The tmux socket name (`tmux -L`). */
    readonly socket: string,
    /** Where the wrapper writes the command's exit code. */
    private readonly exitFile: string,
    private readonly scratch: string,
    /** The pane's first process; the command runs in its process group. */
    private readonly panePid: number,
    /** The server's socket file, which tmux leaves behind when the server is killed. */
    private readonly socketPath: string,
  ) {}

  /** Starts the command in a detached session of a new tmux server. */
  static start(options: SessionOptions): TmuxSession {
    counter += 1;
    const socket = `soa-e2e-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
    const scratch = mkdtempSync(join(tmpdir(), 'tmux-e2e-'));
    const exitFile = join(scratch, 'exit-code');
    const { FORCE_COLOR: _force, NO_COLOR: _noColor, TMUX: _tmux, TMUX_PANE: _pane, ...inherited } = process.env;
    // The wrapper records the exit code, then keeps the pane (and its screen) alive until stop().
    const wrapper = '"$@"; code=$?; printf "%s\\n" "$code" > "$0"; exec sleep 86400';
    execFileSync(
      'tmux',
      [
        '-L', socket, '-f', '/dev/null',
        'new-session', '-d', '-s', 'main',
        '-x', String(options.width ?? 120), '-y', String(options.height ?? 50),
        '-c', options.cwd,
        '/bin/sh', '-c', wrapper, exitFile, ...options.command,
      ],
      { env: { ...inherited, ...options.env }, stdio: 'pipe' },
    );
    const info = execFileSync('tmux', ['-L', socket, 'display-message', '-p', '-t', 'main', '#{pane_pid} #{socket_path}'], { encoding: 'utf8' }).trim();
    const space = info.indexOf(' ');
    const pid = info.slice(0, space);
    const socketPath = info.slice(space + 1);
    return new TmuxSession(socket, exitFile, scratch, Number(pid), socketPath);
  }

  /** Sends tmux key names (`Enter`, `Down`, `C-c`...), in order, as one write. */
  send(...keys: string[]): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', 'main', ...keys], { stdio: 'pipe' });
  }

  /** Types text literally, without interpreting key names. */
  type(text: string): void {
    execFileSync('tmux', ['-L', this.socket, 'send-keys', '-t', 'main', '-l', text], { stdio: 'pipe' });
  }

  /**
   * Pastes text as a terminal paste does: all of it in one write, newlines sent as Enter
   * (tmux's paste-buffer turns LF into CR).
   */
  paste(text: string): void {
    execFileSync('tmux', ['-L', this.socket, 'set-buffer', '-b', 'paste', '--', text], { stdio: 'pipe' });
    execFileSync('tmux', ['-L', this.socket, 'paste-buffer', '-d', '-b', 'paste', '-t', 'main'], { stdio: 'pipe' });
  }

  /** The whole screen with its scrollback, wrapped lines joined, trailing blanks removed. */
  screen(): string {
    return normalise(execFileSync('tmux', this.captureArgs(), { encoding: 'utf8' }));
  }

  /** The command's exit code, or undefined while it runs. */
  exitCode(): number | undefined {
    if (!existsSync(this.exitFile)) return undefined;
    const text = readFileSync(this.exitFile, 'utf8').trim();
    return text === '' ? undefined : Number(text);
  }

  /**
   * Waits until the screen contains the text, matches the pattern or satisfies the predicate,
   * and returns the screen. Fails early, with the screen, when the command exits before that.
   */
  async waitFor(expected: Expected, timeoutMs = WAIT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    for (;;) {
      // Read the exit code first: a screen read after it is the command's last screen.
      const code = this.exitCode();
      screen = normalise((await run('tmux', this.captureArgs(), { encoding: 'utf8' })).stdout);
      if (matches(screen, expected)) return screen;
      if (code !== undefined) throw new Error(`the command exited with ${code} before ${describe(expected)} appeared. Screen:\n${screen}`);
      if (Date.now() >= deadline) break;
      await sleep(POLL_MS);
    }
    throw new Error(`${describe(expected)} did not appear within ${timeoutMs} ms. Screen:\n${screen}`);
  }

  /** Waits for the command to end and returns its exit code. */
  async waitForExit(timeoutMs = WAIT_MS): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const code = this.exitCode();
      if (code !== undefined) return code;
      if (Date.now() >= deadline) throw new Error(`the command did not exit within ${timeoutMs} ms. Screen:\n${this.screen()}`);
      await sleep(POLL_MS);
    }
  }

  /**
   * Ends the tmux server and waits until the command's processes are gone (a command still
   * running gets SIGHUP, as from a closed terminal), then removes the scratch files.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    const deadline = Date.now() + 5_000;
    while (processGroupAlive(this.panePid) && Date.now() < deadline) await sleep(POLL_MS);
    if (processGroupAlive(this.panePid)) {
      try {
        process.kill(-this.panePid, 'SIGKILL');
      } catch {
        // Gone in the meantime.
      }
    }
    rmSync(this.scratch, { recursive: true, force: true });
    if (this.socketPath !== '') rmSync(this.socketPath, { force: true });
  }

  private captureArgs(): string[] {
    return ['-L', this.socket, 'capture-pane', '-p', '-J', '-S', '-', '-t', 'main'];
  }
}

/** Escapes text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalise(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
}

function matches(screen: string, expected: Expected): boolean {
  if (typeof expected === 'string') return screen.includes(expected);
  if (typeof expected === 'function') return expected(screen);
  expected.lastIndex = 0;
  return expected.test(screen);
}

function describe(expected: Expected): string {
  if (typeof expected === 'string') return JSON.stringify(expected);
  if (typeof expected === 'function') return `the screen awaited by ${expected.name || 'a predicate'}`;
  return String(expected);
}

function processGroupAlive(pgid: number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 0) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

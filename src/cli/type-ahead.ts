/**
 * Type-ahead for the interview's prompts. Each inquirer prompt opens its own readline on the
 * input and drops what arrives before it is drawn or after it is answered: a paste of several
 * answers, or a fast typist's Enter followed by the next answer, would lose keystrokes or run
 * answers together. Here standard input is read once for the whole interview and kept in
 * order; each prompt is handed what was typed up to the end of a line, and the rest waits for
 * the next prompt, as it would at a shell.
 *
 * Ctrl-C never waits in the queue: what is pending is dropped and the interrupt reaches the
 * prompt on the screen, or the process when no prompt is open.
 */
import { PassThrough } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const CTRL_C = '\u0003';

/** The input one prompt reads: what readline needs of a terminal, fed by the queue. */
export interface PromptInput extends PassThrough {
  isRaw: boolean;
  setRawMode(mode: boolean): PromptInput;
}

/** What the queue needs of standard input (process.stdin on a terminal). */
export interface TerminalInput {
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
  setRawMode?(mode: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
}

export class TypeAhead {
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');
  private current: PromptInput | undefined;
  /** A line was handed to the current prompt; the rest waits until it has taken it. */
  private waiting = false;
  private ended = false;
  private readonly onData = (chunk: Buffer | string): void => this.receive(typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
  private readonly onEnd = (): void => {
    this.ended = true;
    this.pump();
  };

  constructor(
    private readonly stdin: TerminalInput,
    /** What happens on Ctrl-C while no prompt is open (the process's SIGINT). */
    private readonly interrupt: () => void,
  ) {
    // Raw for the whole interview: keystrokes typed between two prompts are kept, not echoed.
    stdin.setRawMode?.(true);
    stdin.on('data', this.onData);
    stdin.on('end', this.onEnd);
    stdin.resume();
  }

  /** Whether standard input has ended (the terminal went away). */
  get closed(): boolean {
    return this.ended && this.pending === '';
  }

  /**
   * The input for the prompt about to be shown. Call `release` once the prompt has settled,
   * whichever way; what is still queued goes to the next prompt.
   */
  open(): PromptInput {
    this.release();
    const input = new PassThrough() as PromptInput;
    // readline switches raw mode on and off around each prompt; the queue keeps it on throughout.
    input.isRaw = true;
    input.setRawMode = () => input;
    this.current = input;
    this.waiting = false;
    // The prompt registers its key handler when it is called, just after this returns.
    setImmediate(() => {
      if (this.current === input) this.pump();
    });
    return input;
  }

  /** The prompt that had the input has settled. */
  release(): void {
    if (this.current === undefined) return;
    this.current.end();
    this.current = undefined;
    this.waiting = false;
  }

  /** Stops reading: standard input goes back to how it was. */
  stop(): void {
    this.release();
    this.stdin.off('data', this.onData);
    this.stdin.off('end', this.onEnd);
    this.stdin.setRawMode?.(false);
    this.stdin.pause();
  }

  private receive(text: string): void {
    const interrupt = text.indexOf(CTRL_C);
    if (interrupt !== -1) {
      this.pending = '';
      if (this.current !== undefined) this.current.write(CTRL_C);
      else this.interrupt();
      return;
    }
    this.pending += text;
    this.pump();
  }

  /** Hands the current prompt what is queued, up to and including the end of one line. */
  private pump(): void {
    const input = this.current;
    if (input === undefined || this.waiting) return;
    if (this.pending !== '') {
      const end = lineEnd(this.pending);
      const piece = this.pending.slice(0, end);
      this.pending = this.pending.slice(end);
      input.write(piece);
      if (/[\r\n]$/.test(piece)) {
        // The prompt takes the line (validates it, settles) before it is handed anything more.
        this.waiting = true;
        setImmediate(() => {
          if (this.current !== input) return;
          this.waiting = false;
          this.pump();
        });
        return;
      }
    }
    if (this.ended && this.pending === '') input.end();
  }
}

/** Where the first line of the text ends (after its CR, LF or CR LF), or the text's length. */
function lineEnd(text: string): number {
  const found = text.search(/[\r\n]/);
  if (found === -1) return text.length;
  return text.startsWith('\r\n', found) ? found + 2 : found + 1;
}

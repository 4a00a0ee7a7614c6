import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { TypeAhead } from '../../src/cli/type-ahead.js';
import type { PromptInput } from '../../src/cli/type-ahead.js';

class FakeStdin extends EventEmitter {
  raw: boolean[] = [];
  paused = false;
  setRawMode(mode: boolean): void {
    this.raw.push(mode);
  }
  resume(): void {
    this.paused = false;
  }
  pause(): void {
    this.paused = true;
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Less than a turn of the event loop: the time a prompt takes to settle on a line. */
const moment = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

/** Collects what a prompt's input is handed. */
function collect(input: PromptInput): string[] {
  const seen: string[] = [];
  input.on('data', (chunk: Buffer) => seen.push(chunk.toString('utf8')));
  return seen;
}

function setup(): { stdin: FakeStdin; queue: TypeAhead; interrupts: number[] } {
  const stdin = new FakeStdin();
  const interrupts: number[] = [];
  const queue = new TypeAhead(stdin, () => interrupts.push(1));
  return { stdin, queue, interrupts };
}

describe('type-ahead', () => {
  it('hands each prompt one line of a paste and keeps the rest for the next prompts', async () => {
    const { stdin, queue } = setup();
    const first = queue.open();
    const seenFirst = collect(first);
    stdin.emit('data', Buffer.from('Title\rContext\r\nAnn\n'));
    await moment();
    // The first prompt settles on its line before it could be handed the next one.
    expect(seenFirst.join('')).toBe('Title\r');
    queue.release();

    const second = queue.open();
    const seenSecond = collect(second);
    await tick();
    expect(seenSecond.join('')).toBe('Context\r\n');
    queue.release();

    const third = queue.open();
    const seenThird = collect(third);
    await tick();
    expect(seenThird.join('')).toBe('Ann\n');
  });

  it('goes on feeding a prompt that did not take the line (an answer refused by validation)', async () => {
    const { stdin, queue } = setup();
    const input = queue.open();
    const seen = collect(input);
    stdin.emit('data', 'Bad Id\rgood-id\r');
    await tick();
    await tick();
    await tick();
    expect(seen.join('')).toBe('Bad Id\rgood-id\r');
  });

  it('keeps what is typed while no prompt is open, and a partial line goes at once', async () => {
    const { stdin, queue } = setup();
    stdin.emit('data', Buffer.from('pay'));
    const input = queue.open();
    const seen = collect(input);
    await tick();
    expect(seen.join('')).toBe('pay');
    stdin.emit('data', Buffer.from('ments'));
    await tick();
    expect(seen.join('')).toBe('payments');
  });

  it('decodes a character split across two reads', async () => {
    const { stdin, queue } = setup();
    const input = queue.open();
    const seen = collect(input);
    const bytes = Buffer.from('é\r');
    stdin.emit('data', bytes.subarray(0, 1));
    stdin.emit('data', bytes.subarray(1));
    await tick();
    expect(seen.join('')).toBe('é\r');
  });

  it('Ctrl-C drops what is queued and reaches the open prompt at once', async () => {
    const { stdin, queue, interrupts } = setup();
    const input = queue.open();
    const seen = collect(input);
    stdin.emit('data', 'one\rtwo\rthree\r');
    await moment();
    stdin.emit('data', '\u0003');
    await tick();
    expect(seen.join('')).toBe('one\r\u0003');
    expect(interrupts).toEqual([]);
    queue.release();
    const next = queue.open();
    const seenNext = collect(next);
    await tick();
    expect(seenNext).toEqual([]);
  });

  it('Ctrl-C while no prompt is open interrupts the process', () => {
    const { stdin, interrupts } = setup();
    stdin.emit('data', 'late answer\u0003');
    expect(interrupts).toEqual([1]);
  });

  it('keeps raw mode for the whole interview and gives standard input back on stop', () => {
    const { stdin, queue } = setup();
    const input = queue.open();
    // readline turning raw mode off when its prompt closes does not reach the terminal.
    input.setRawMode(false);
    expect(stdin.raw).toEqual([true]);
    queue.stop();
    expect(stdin.raw).toEqual([true, false]);
    expect(stdin.paused).toBe(true);
    expect(stdin.listenerCount('data')).toBe(0);
  });

  it('ends the open prompt when standard input ends, once what is queued is handed over', async () => {
    const { stdin, queue } = setup();
    const input = queue.open();
    const seen = collect(input);
    let ended = false;
    input.on('end', () => {
      ended = true;
    });
    stdin.emit('data', 'last');
    stdin.emit('end');
    await tick();
    await tick();
    expect(seen.join('')).toBe('last');
    expect(ended).toBe(true);
    expect(queue.closed).toBe(true);
  });
});

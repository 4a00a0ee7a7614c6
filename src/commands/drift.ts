/**
 * How a committed ADR differs from the one decide would write, for check --adr. A diff needs
 * both texts whole and, for the ADR of a large decision, several times their size besides, so it
 * is only worked out when it can be short enough to show; one pass over the two texts, line by
 * line and without holding either whole, tells when it cannot.
 */
import { createTwoFilesPatch } from 'diff';

/**
 * A diff takes time that grows with the size of the files times the number of lines that
 * changed: the ADR of a few hundred interactions, rewritten from other answers, took minutes.
 * Past this many changed lines the diff is not worked out (a count, not a clock, so the same
 * files always give the same report); nobody reads such a diff line by line anyway.
 */
export const MAX_DIFF_EDITS = 1000;

/** The two texts compared line by line, as String.split('\n') cuts them. */
export interface DriftOutline {
  same: boolean;
  committedLines: number;
  expectedLines: number;
  /** The first line, counting from 1, that differs or that only one of them has. */
  firstDifferentLine: number;
  /**
   * Lines a diff has to add or remove at least: every line that one text holds more often than
   * the other. Lines are told apart by a hash, which can only make the count smaller.
   */
  minimumEdits: number;
}

/** 4 MB of counts: two ADRs of 10,000 interactions have about a million lines each. */
const HASH_BUCKETS = 1 << 20;

/** The line's hash (as Java hashes strings), folded into HASH_BUCKETS. */
function bucketOf(line: string): number {
  let hash = 0;
  for (let index = 0; index < line.length; index += 1) {
    hash = (Math.imul(hash, 31) + line.charCodeAt(index)) | 0;
  }
  return hash & (HASH_BUCKETS - 1);
}

/** Cuts text that comes in chunks into lines, as String.split('\n') cuts the whole. */
class LineSplitter {
  private rest = '';

  /** The lines that this chunk ends. */
  push(chunk: string): string[] {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop()!;
    return lines;
  }

  /** The last line: empty when the text ends with a newline. */
  end(): string {
    return this.rest;
  }
}

function* splitLines(pieces: Iterable<string>): Generator<string> {
  const splitter = new LineSplitter();
  for (const piece of pieces) yield* splitter.push(piece);
  yield splitter.end();
}

/** Compares the committed text (as it is read, in chunks) with the expected one (as it is rendered, in pieces). */
export async function outlineDrift(committed: AsyncIterable<string> | Iterable<string>, expected: Iterable<string>): Promise<DriftOutline> {
  // Lines one text has more often than the other, by bucket: +1 for a committed line, -1 for an expected one.
  const balance = new Int32Array(HASH_BUCKETS);
  const expectedLines = splitLines(expected);
  let committedLines = 0;
  let expectedCount = 0;
  let firstDifferentLine = 0;
  let expectedLast = '';
  const nextExpected = (): string | undefined => {
    const next = expectedLines.next();
    if (next.done === true) return undefined;
    expectedCount += 1;
    expectedLast = next.value;
    return next.value;
  };
  const compare = (line: string): void => {
    committedLines += 1;
    const other = nextExpected();
    // Two equal lines in the same place add and take away the same count: only others are hashed.
    if (other === line) return;
    if (firstDifferentLine === 0) firstDifferentLine = committedLines;
    balance[bucketOf(line)]! += 1;
    if (other !== undefined) balance[bucketOf(other)]! -= 1;
  };
  const splitter = new LineSplitter();
  for await (const chunk of committed) {
    for (const line of splitter.push(chunk)) compare(line);
  }
  const committedLast = splitter.end();
  compare(committedLast);
  for (let other = nextExpected(); other !== undefined; other = nextExpected()) {
    if (firstDifferentLine === 0) firstDifferentLine = committedLines + 1;
    balance[bucketOf(other)]! -= 1;
  }
  // The diff does not count the empty line after a final newline as a line.
  if (committedLast === '') balance[bucketOf('')]! -= 1;
  if (expectedLast === '') balance[bucketOf('')]! += 1;
  let minimumEdits = 0;
  for (const count of balance) minimumEdits += Math.abs(count);
  return {
    same: firstDifferentLine === 0,
    committedLines,
    expectedLines: expectedCount,
    firstDifferentLine: firstDifferentLine === 0 ? committedLines + 1 : firstDifferentLine,
    minimumEdits,
  };
}

/**
 * A unified diff of the committed ADR and the expected one, or a short account when more than
 * MAX_DIFF_EDITS lines would have to be added or removed. The texts are only needed for the diff.
 */
export async function describeDrift(
  name: string,
  source: string,
  outline: DriftOutline,
  readTexts: () => Promise<{ committed: string; expected: string }>,
): Promise<string> {
  const oldName = `${name} (committed)`;
  const newName = `${name} (from ${source})`;
  if (outline.minimumEdits <= MAX_DIFF_EDITS) {
    const { committed, expected } = await readTexts();
    const diff = createTwoFilesPatch(oldName, newName, committed, expected, '', '', { context: 3, maxEditLength: MAX_DIFF_EDITS });
    if (diff !== undefined) return diff;
  }
  return [
    `--- ${oldName}`,
    `+++ ${newName}`,
    `more than ${MAX_DIFF_EDITS} lines added or removed (${outline.committedLines} lines committed, ${outline.expectedLines} expected), the first difference at line ${outline.firstDifferentLine};`,
    'too many to list here: run decide and review the rewritten ADR with git diff',
    '',
  ].join('\n');
}

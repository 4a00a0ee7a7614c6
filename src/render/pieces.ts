/**
 * Documents handed out in pieces: a renderer of a large document gives its text piece by piece
 * (an Iterable<string>) so that whoever writes it never holds it whole.
 */

/** 64 Ki characters: few writes for a large document, and no memory worth counting. */
const BATCH_LENGTH = 64 * 1024;

/** The pieces joined into strings of about `length` characters (fewer only at the end). */
export function* joinInBatches(pieces: Iterable<string>, length = BATCH_LENGTH): Generator<string> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= length) {
      yield batch;
      batch = '';
    }
  }
  if (batch !== '') yield batch;
}

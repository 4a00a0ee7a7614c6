/**
 * Number and list formatting for finding messages. Long chains are shortened in the middle so
 * that a message stays readable (and small) for systems with thousands of services.
 */

/** Lists longer than this keep their first and last few entries only. */
export const MAX_LISTED = 20;
const KEEP_HEAD = 10;
const KEEP_TAIL = 9;

/** Joins items, replacing the middle of a long list with "... (N more)". */
export function joinShortened(items: readonly string[], separator: string): string {
  if (items.length <= MAX_LISTED) return items.join(separator);
  const hidden = items.length - KEEP_HEAD - KEEP_TAIL;
  return [...items.slice(0, KEEP_HEAD), `... (${hidden} more)`, ...items.slice(-KEEP_TAIL)].join(separator);
}

/** At most three decimals, no trailing zeros, no floating-point noise such as 0.30000000000000004. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toFixed(3)));
}

/** Whole counts exactly while they are exact; beyond that a power of ten. */
export function formatCount(value: number, log10: number): string {
  if (Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER) return String(Math.round(value));
  return `about 10^${Math.floor(log10)}`;
}

/** Adds a full stop unless the text already ends a sentence. */
export function endSentence(text: string): string {
  const trimmed = text.trim();
  // A look at the last character, not a regular expression: thousands of long messages pass here.
  const last = trimmed.charAt(trimmed.length - 1);
  return last === '.' || last === '!' || last === '?' ? trimmed : `${trimmed}.`;
}

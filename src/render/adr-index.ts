/**
 * The index of an ADR directory, in the shape of adr-tools' table of contents
 * (`* [1. Title](0001-title.md)`) with each record's status and date after it.
 */
import { foldLines, formatLinkTarget } from './markdown.js';

export interface AdrIndexEntry {
  /** File name in the directory. */
  name: string;
  /** From an NNNN- file name; date-named (log4brains) files have none. */
  number?: number;
  /** Markdown, as the ADR's title line has it. */
  title: string;
  status?: string;
  /** YYYY-MM-DD. */
  date?: string;
}

/** The first line of a generated index; its presence says the file may be rewritten. */
export const ADR_INDEX_MARKER = '<!-- This index is written by sync-or-async adr index.';

const HEADER = [
  '# Architecture Decision Records',
  '',
  `${ADR_INDEX_MARKER} Run it again after adding or changing an ADR; edits made here are replaced. -->`,
  '',
];

/** Numbered records by number, then date-named ones by date; ties by file name. */
export function orderAdrIndex(entries: readonly AdrIndexEntry[]): AdrIndexEntry[] {
  const byName = (a: AdrIndexEntry, b: AdrIndexEntry): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return [...entries].sort((a, b) => {
    if (a.number !== undefined && b.number !== undefined) return a.number - b.number || byName(a, b);
    if (a.number !== undefined) return -1;
    if (b.number !== undefined) return 1;
    // A log4brains name starts with its date, so name order is date order.
    return byName(a, b);
  });
}

function describeEntry(entry: AdrIndexEntry): string {
  const title = foldLines(entry.title).replace(/(?<!\\)([[\]])/g, '\\$1');
  const text = entry.number === undefined ? title : `${entry.number}. ${title}`;
  const status = entry.status === undefined ? undefined : lowerFirst(foldLines(entry.status));
  const details = [status, entry.date].filter((part): part is string => part !== undefined && part !== '');
  return `* [${text}](${formatLinkTarget(entry.name)})${details.length > 0 ? ` - ${details.join(', ')}` : ''}`;
}

/** "Accepted" (adr-tools) reads as "accepted", like the statuses of the other formats. */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function renderAdrIndex(entries: readonly AdrIndexEntry[]): string {
  const lines = orderAdrIndex(entries).map(describeEntry);
  return [...HEADER, ...(lines.length > 0 ? lines : ['No ADRs yet.']), ''].join('\n');
}

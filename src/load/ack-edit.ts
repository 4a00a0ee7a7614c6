/**
 * Acknowledgements written into an answers file by inserting lines, not by writing the file
 * anew: the yaml library finds where each part stands, and everything else keeps its bytes,
 * comments, quoting and layout alike, so the change is exactly the lines a reviewer needs to see.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { UsageError } from '../model/errors.js';
import type { Style } from '../model/answers.js';

/** Done, or waived with a reason and an optional last day. */
export interface ItemAck {
  waived?: string;
  until?: string;
}

/** A platform_checklist entry to add. */
export interface PlatformAckDraft extends ItemAck {
  item: string;
  style?: Style;
  mechanism?: string;
  service?: string;
}

interface Insertion {
  at: number;
  /** Replaces text up to here; inserts only when absent. */
  to?: number;
  text: string;
}

/** How an acknowledgement is written: `done`, or an inline map with the reason as a quoted string. */
function ackValue(ack: ItemAck): string {
  if (ack.waived === undefined) return 'done';
  return `{ waived: ${JSON.stringify(ack.waived)}${ack.until === undefined ? '' : `, until: ${ack.until}`} }`;
}

function platformLine(entry: PlatformAckDraft): string {
  const parts = [`item: ${entry.item}`];
  if (entry.style !== undefined) parts.push(`style: ${entry.style}`);
  if (entry.mechanism !== undefined) parts.push(`mechanism: ${entry.mechanism}`);
  if (entry.service !== undefined) parts.push(`service: ${JSON.stringify(entry.service)}`);
  if (entry.waived === undefined) parts.push('done: true');
  else parts.push(`waived: ${JSON.stringify(entry.waived)}`);
  if (entry.until !== undefined) parts.push(`until: ${entry.until}`);
  return `{ ${parts.join(', ')} }`;
}

/** The offset just after the line that holds `offset - 1` (where a new line can start). */
function afterLine(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function refuseFlow(what: string): never {
  throw new UsageError(`${what} is written inline ({ ... } or [ ... ]), where ack cannot add a line; write the acknowledgement by hand, or turn it into block style first`);
}

function apply(text: string, insertions: Insertion[]): string {
  let result = text;
  // From the end, so that earlier offsets stay valid.
  for (const insertion of [...insertions].sort((a, b) => b.at - a.at)) {
    const before = result.slice(0, insertion.at);
    const lead = insertion.to === undefined && before.length > 0 && !before.endsWith('\n') ? '\n' : '';
    result = before + lead + insertion.text + result.slice(insertion.to ?? insertion.at);
  }
  return result;
}

/** The file with `itemId` acknowledged under the checklist of each interaction at `indexes`. */
export function insertInteractionAcks(text: string, indexes: readonly number[], itemId: string, ack: ItemAck): string {
  const doc = parseDocument(text);
  const list = doc.get('interactions', true) as Node | undefined;
  if (!isSeq(list)) throw new UsageError('the answers file has no interactions list');
  if (list.flow === true) refuseFlow('the interactions list');
  const insertions: Insertion[] = [];
  for (const index of [...new Set(indexes)]) {
    const map = list.items[index];
    if (!isMap(map) || map.range == null) throw new UsageError(`interaction ${index + 1} is not a map`);
    if (map.flow === true) refuseFlow(`interaction ${index + 1}`);
    insertions.push(acknowledgeIn(text, map, itemId, ack));
  }
  return apply(text, insertions);
}

function acknowledgeIn(text: string, map: YAMLMap, itemId: string, ack: ItemAck): Insertion {
  const first = map.items[0]?.key as Node | undefined;
  const keyColumn = first?.range == null ? 4 : columnOf(text, first.range[0]);
  const checklistPair = map.items.find((pair) => isScalar(pair.key) && pair.key.value === 'checklist');
  const value = ackValue(ack);
  if (checklistPair === undefined) {
    const pad = ' '.repeat(keyColumn);
    return { at: afterLine(text, map.range![1]), text: `${pad}checklist:\n${pad}  ${itemId}: ${value}\n` };
  }
  const checklist = checklistPair.value as Node | null;
  if (!isMap(checklist) || checklist.range == null) {
    const pad = ' '.repeat(keyColumn);
    // `checklist:` with nothing under it yet.
    const key = checklistPair.key as Node;
    return { at: afterLine(text, key.range![1]), text: `${pad}  ${itemId}: ${value}\n` };
  }
  if (checklist.flow === true) refuseFlow('its checklist');
  const existing = checklist.items.find((pair) => isScalar(pair.key) && pair.key.value === itemId);
  const existingValue = existing?.value as Node | null | undefined;
  if (existingValue?.range != null) return { at: existingValue.range[0], to: existingValue.range[1], text: value };
  const itemKey = checklist.items[0]?.key as Node | undefined;
  const pad = ' '.repeat(itemKey?.range == null ? keyColumn + 2 : columnOf(text, itemKey.range[0]));
  return { at: afterLine(text, checklist.range[1]), text: `${pad}${itemId}: ${value}\n` };
}

/** The file with one more platform_checklist entry, after the others, or in a new section at the end. */
export function insertPlatformAck(text: string, entry: PlatformAckDraft): string {
  const doc = parseDocument(text);
  const list = doc.get('platform_checklist', true) as Node | undefined;
  const line = platformLine(entry);
  if (list === undefined) return apply(text, [{ at: text.length, text: `platform_checklist:\n  - ${line}\n` }]);
  if (!isSeq(list) || list.range == null) throw new UsageError('platform_checklist is not a list');
  if (list.flow === true) refuseFlow('platform_checklist');
  const last = list.items[list.items.length - 1] as Node | undefined;
  const column = last?.range == null ? 2 : columnOf(text, last.range[0]) - 2;
  return apply(text, [{ at: afterLine(text, list.range[1]), text: `${' '.repeat(Math.max(column, 0))}- ${line}\n` }]);
}

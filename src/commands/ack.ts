/**
 * `ack <answers.yaml> <item>`: acknowledges a checklist item in the answers file, as done or
 * waived with a reason, for the interactions named (under each one's `checklist`) or for every
 * interaction of a style, a mechanism, a service or the whole system (an entry of
 * `platform_checklist`). The file keeps its comments and layout; the ADR follows on the next
 * decide.
 */
import { resolve } from 'node:path';
import { coversInteraction, describeCoverage } from '../engine/acknowledge.js';
import { decide } from '../engine/decide.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { toPosixRelative } from '../io/paths.js';
import { parseAnswers } from '../load/answers.js';
import { loadPacks } from '../load/pack.js';
import { readTextFile } from '../load/read-text.js';
import { hintNearest } from '../load/suggest.js';
import type { PlatformAck, Style } from '../model/answers.js';
import { ExitCode, OutputError, UsageError } from '../model/errors.js';
import { insertInteractionAcks, insertPlatformAck } from '../load/ack-edit.js';
import type { ItemAck, PlatformAckDraft } from '../load/ack-edit.js';
import type { CommandContext } from './context.js';

export interface AckOptions {
  /** --interaction, repeatable: acknowledge under these interactions' own checklists. */
  interactions: string[];
  /** --style, --mechanism, --service, --all: one platform_checklist entry covering these. */
  style?: Style;
  mechanism?: string;
  service?: string;
  all: boolean;
  /** --waive REASON: waived rather than done. */
  waive?: string;
  /** --until YYYY-MM-DD: the last day a waiver holds. */
  until?: string;
  rules: string[];
  maxBytes: number;
}

export async function runAck(file: string, itemId: string, options: AckOptions, context: CommandContext): Promise<number> {
  const platformScope = options.style !== undefined || options.mechanism !== undefined || options.service !== undefined || options.all;
  if (options.interactions.length > 0 === platformScope) {
    throw new UsageError(
      options.interactions.length > 0
        ? '--interaction acknowledges for named interactions, and --style, --mechanism, --service and --all for a whole group; use one or the other'
        : 'say what the acknowledgement covers: --interaction ID (repeatable), or --style, --mechanism, --service (combined as you like) or --all',
    );
  }
  if (options.until !== undefined && options.waive === undefined) throw new UsageError('--until dates a waiver: give --waive REASON too');
  if (options.until !== undefined && !isDate(options.until)) throw new UsageError(`--until ${options.until}: expected a date as YYYY-MM-DD`);
  if (options.waive !== undefined && options.waive.trim() === '') throw new UsageError('--waive needs the reason the item is left out, for a reviewer to judge');

  const pack = await loadPacks(options.rules.map((dir) => resolve(context.cwd, dir)));
  const path = resolve(context.cwd, file);
  const source = toPosixRelative(path, context.cwd);
  const text = await readTextFile(path, { maxBytes: options.maxBytes, what: 'answers file' });
  const answers = parseAnswers(text, source, pack);
  const itemIds = pack.checklist.map((item) => item.id);
  if (!itemIds.includes(itemId)) throw new UsageError(`unknown checklist item "${itemId}"; ${hintNearest(itemId, itemIds, 'checklist items')}`);

  const decision = decide(answers, pack);
  const needs = (interaction: (typeof decision.interactions)[number]): boolean => interaction.checklist.some((item) => item.id === itemId);
  const ack: ItemAck = {};
  if (options.waive !== undefined) ack.waived = options.waive.trim();
  if (options.until !== undefined) ack.until = options.until;
  let covered: string[];
  let updated: string;
  if (platformScope) {
    const entry: PlatformAckDraft = { item: itemId, ...ack };
    if (options.style !== undefined) entry.style = options.style;
    if (options.mechanism !== undefined) entry.mechanism = options.mechanism;
    if (options.service !== undefined) entry.service = options.service;
    const scope: PlatformAck = { ...entry, ack: { kind: 'done', location: { file: source, line: 1, column: 1 } } };
    covered = decision.interactions.filter((interaction) => coversInteraction(scope, interaction) && needs(interaction)).map((interaction) => interaction.id);
    if (covered.length === 0) {
      throw new UsageError(`no interaction among ${describeCoverage(scope)} requires ${itemId}, so there is nothing to acknowledge`);
    }
    updated = insertPlatformAck(text, entry);
  } else {
    const ids = decision.interactions.map((interaction) => interaction.id);
    const indexes: number[] = [];
    for (const id of options.interactions) {
      const index = ids.indexOf(id);
      if (index < 0) throw new UsageError(`--interaction ${id}: ${source} has no interaction with this id; ${hintNearest(id, ids, 'interactions')}`);
      const interaction = decision.interactions[index]!;
      if (!needs(interaction)) {
        throw new UsageError(
          `${id} does not require ${itemId} (its recommendation is ${interaction.style} via ${interaction.mechanism}); it requires ${interaction.checklist.map((item) => item.id).join(', ') || 'no checklist item'}`,
        );
      }
      indexes.push(index);
    }
    updated = insertInteractionAcks(text, indexes, itemId, ack);
    covered = [...new Set(options.interactions)];
  }

  // What is written must read back as a valid answers file, as decide will read it.
  parseAnswers(updated, source, pack);
  try {
    await writeFileAtomic(path, updated);
  } catch (error) {
    throw new OutputError(`cannot write ${source}: ${(error as Error).message}`, 'check the permissions of the file and its folder; nothing was changed');
  }
  const how = ack.waived === undefined ? 'done' : `waived${ack.until === undefined ? '' : ` until ${ack.until}`}`;
  context.stderr(
    `acknowledged ${itemId} as ${how} for ${covered.length === 1 ? '1 interaction' : `${covered.length} interactions`} (${covered.join(', ')}) in ${source}` +
      `${platformScope ? ', as one platform_checklist entry' : ''}\nrun sync-or-async decide ${source} to update the ADR\n`,
  );
  return ExitCode.Ok;
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

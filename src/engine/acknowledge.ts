/**
 * Which acknowledgement holds for one checklist item of one interaction: the interaction's own
 * entry under its `checklist`, else the first entry of the file's `platform_checklist` that
 * covers it. Platform entries are for obligations met once for many interactions (the
 * broker's dead-letter queue, correlation ids on every hop).
 */
import type { ChecklistAck, PlatformAck } from '../model/answers.js';
import type { InteractionDecision } from '../model/decision.js';

export interface Acknowledgement {
  ack: ChecklistAck;
  /** The platform entry it comes from; absent for the interaction's own entry. */
  platform?: PlatformAck;
}

/** Whether a platform entry covers an interaction as it was decided. */
export function coversInteraction(entry: PlatformAck, interaction: Pick<InteractionDecision, 'style' | 'mechanism' | 'from' | 'to'>): boolean {
  if (entry.style !== undefined && entry.style !== interaction.style) return false;
  if (entry.mechanism !== undefined && !interaction.mechanism.split(/[+:]/).includes(entry.mechanism)) return false;
  if (entry.service !== undefined && entry.service !== interaction.from && entry.service !== interaction.to) return false;
  return true;
}

export function findAcknowledgement(
  itemId: string,
  interaction: InteractionDecision,
  own: Readonly<Record<string, ChecklistAck>> | undefined,
  platform: readonly PlatformAck[],
): Acknowledgement | undefined {
  const mine = own?.[itemId];
  if (mine !== undefined) return { ack: mine };
  const entry = platform.find((candidate) => candidate.item === itemId && coversInteraction(candidate, interaction));
  return entry === undefined ? undefined : { ack: entry.ack, platform: entry };
}

/** What a platform entry covers, in words: "the async interactions that use queue and involve orders". */
export function describeCoverage(entry: PlatformAck): string {
  const style = entry.style === undefined ? '' : `${entry.style} `;
  const conditions = [
    ...(entry.mechanism === undefined ? [] : [`use ${entry.mechanism}`]),
    ...(entry.service === undefined ? [] : [`involve ${entry.service}`]),
  ];
  if (style === '' && conditions.length === 0) return 'every interaction';
  return `the ${style}interactions${conditions.length === 0 ? '' : ` that ${conditions.join(' and ')}`}`;
}

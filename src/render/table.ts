/**
 * The communication map as a GFM table: one row per interaction, in file order.
 */
import type { Decision, InteractionDecision } from '../model/decision.js';
import { escapeInline, escapeTableCell, formatCode } from './markdown.js';

const HEADER = ['Interaction', 'From -> To', 'Style', 'Mechanism', 'Confidence', 'Main reason', 'Declared'];

/** The strongest reason in favour of the recommendation (reasons arrive strongest first). */
export function findMainReason(interaction: InteractionDecision): string | undefined {
  return interaction.reasons.find((reason) => reason.stance === 'for')?.text;
}

function renderRow(cells: string[]): string {
  return `| ${cells.map(escapeTableCell).join(' | ')} |`;
}

/** The map table, without a trailing newline. */
export function renderMapTable(decision: Decision): string {
  const rows = decision.interactions.map((interaction) => {
    const mainReason = findMainReason(interaction);
    return renderRow([
      formatCode(interaction.id),
      `${escapeInline(interaction.from)} -> ${escapeInline(interaction.to)}`,
      interaction.style,
      formatCode(interaction.mechanism),
      interaction.confidence,
      mainReason === undefined ? '' : escapeInline(mainReason),
      interaction.declared ?? '',
    ]);
  });
  return [renderRow(HEADER), `|${HEADER.map(() => '---').join('|')}|`, ...rows].join('\n');
}

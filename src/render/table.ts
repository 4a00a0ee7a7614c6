/**
 * The communication map as a GFM table: one row per interaction, in file order.
 */
import type { Decision, InteractionDecision } from '../model/decision.js';
import { foldLines, formatTableCell, plainFormatter } from './markdown.js';
import type { MarkdownFormatter } from './markdown.js';

const HEADER = ['Interaction', 'From -> To', 'Style', 'Mechanism', 'Confidence', 'Main reason', 'Declared'];

/**
 * The main reason of the recommendation: the rule's title when the caller knows it, which fits
 * a table cell, else its full text; for a hybrid that no single rule explains, one for each part.
 */
export function findMainReason(interaction: InteractionDecision, titles?: ReadonlyMap<string, string>): string | undefined {
  const parts = interaction.main_reasons.map((id) => {
    const title = titles?.get(id);
    if (title !== undefined) return `${title} (${id})`;
    return interaction.reasons.find((reason) => reason.rule === id)?.text ?? id;
  });
  return parts.length === 0 ? undefined : parts.join(' + ');
}

/** Cells arrive escaped and on one line, or are plain words. */
function renderRow(cells: string[]): string {
  return `| ${cells.map(formatTableCell).join(' | ')} |`;
}

/** The header row and the line under it. */
export function renderMapTableHeader(): string {
  return `${renderRow(HEADER)}\n|${HEADER.map(() => '---').join('|')}|`;
}

/** One interaction's row. */
export function renderMapTableRow(interaction: InteractionDecision, format: MarkdownFormatter = plainFormatter, titles?: ReadonlyMap<string, string>): string {
  const mainReason = findMainReason(interaction, titles);
  return renderRow([
    format.code(interaction.id),
    // Folded again: an empty name would leave a space at the edge of the cell.
    foldLines(`${format.inline(interaction.from)} -> ${format.inline(interaction.to)}`),
    interaction.style,
    format.code(interaction.mechanism),
    interaction.confidence,
    mainReason === undefined ? '' : format.inline(mainReason),
    interaction.declared ?? '',
  ]);
}

/**
 * The map table, without a trailing newline. `format` lets the ADR share its memoised escapers,
 * since ids, names and mechanisms appear there too.
 */
export function renderMapTable(
  decision: Decision,
  format: MarkdownFormatter = plainFormatter,
  titles?: ReadonlyMap<string, string>,
): string {
  return [renderMapTableHeader(), ...decision.interactions.map((interaction) => renderMapTableRow(interaction, format, titles))].join('\n');
}

/**
 * The communication map as a GFM table: one row per interaction, in file order.
 */
import type { Decision, InteractionDecision } from '../model/decision.js';
import { escapeInline, foldLines, formatTableCell, plainFormatter } from './markdown.js';
import type { MarkdownFormatter } from './markdown.js';

const HEADER = ['Interaction', 'From -> To', 'Style', 'Mechanism', 'Confidence', 'Main reason', 'Declared'];

/**
 * The strongest reason in favour of the recommendation (reasons arrive strongest first): the
 * rule's title when the caller knows it, which fits a table cell, else its full text.
 */
export function findMainReason(interaction: InteractionDecision, titles?: ReadonlyMap<string, string>): string | undefined {
  const reason = interaction.reasons.find((candidate) => candidate.stance === 'for');
  if (reason === undefined) return undefined;
  const title = titles?.get(reason.rule);
  return title === undefined ? reason.text : `${title} (${reason.rule})`;
}

/** Cells arrive escaped and on one line, or are plain words. */
function renderRow(cells: string[]): string {
  return `| ${cells.map(formatTableCell).join(' | ')} |`;
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
  const lines = [renderRow(HEADER), `|${HEADER.map(() => '---').join('|')}|`];
  for (const interaction of decision.interactions) {
    const mainReason = findMainReason(interaction, titles);
    lines.push(
      renderRow([
        format.code(interaction.id),
        // Folded again: an empty name would leave a space at the edge of the cell.
        foldLines(`${format.inline(interaction.from)} -> ${format.inline(interaction.to)}`),
        interaction.style,
        format.code(interaction.mechanism),
        interaction.confidence,
        mainReason === undefined ? '' : escapeInline(mainReason),
        interaction.declared ?? '',
      ]),
    );
  }
  return lines.join('\n');
}

/**
 * The communication map as a Mermaid flowchart. Service names are free text, so they only ever
 * appear inside quoted labels; node ids are generated (n1, n2... in sorted name order), which
 * keeps names such as `end`, `graph` or `a b` from being read as Mermaid syntax.
 *
 * No statement comes from user text, and labels reach the browser as entity codes only, so the
 * diagram is the same whatever Mermaid's `securityLevel`: `loose` would run `click` callbacks
 * and put labels in the page as HTML, but there is no `click` line, no `%%{init}%%` directive
 * to change the level, and no `<` in a label to become a tag.
 */
import type { Style } from '../model/answers.js';
import type { Decision } from '../model/decision.js';
import { escapeMermaidLabel } from './markdown.js';

/** Solid for a call the caller waits on, dotted for a message, thick for both in one interaction. */
export const MERMAID_ARROWS: Readonly<Record<Style, string>> = {
  sync: '-->',
  async: '-.->',
  hybrid: '==>',
};

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Node id per service name, numbered in sorted name order. */
export function assignNodeIds(decision: Decision): Map<string, string> {
  const names = new Set<string>();
  for (const interaction of decision.interactions) {
    names.add(interaction.from);
    names.add(interaction.to);
  }
  const ids = new Map<string, string>();
  [...names].sort(compareText).forEach((name, index) => ids.set(name, `n${index + 1}`));
  return ids;
}

/** The diagram source (without the Markdown fence and without a trailing newline). */
export function renderMermaid(decision: Decision): string {
  const ids = assignNodeIds(decision);
  const lines = ['flowchart LR'];
  for (const [name, id] of ids) {
    lines.push(`  ${id}["${escapeMermaidLabel(name)}"]`);
  }
  for (const interaction of decision.interactions) {
    const label = escapeMermaidLabel(`${interaction.id}: ${interaction.mechanism}`);
    const arrow = MERMAID_ARROWS[interaction.style];
    lines.push(`  ${ids.get(interaction.from)} ${arrow}|"${label}"| ${ids.get(interaction.to)}`);
  }
  return lines.join('\n');
}

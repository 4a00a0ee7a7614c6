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
import type { Decision, InteractionDecision } from '../model/decision.js';
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

/**
 * Mermaid's own limits in its default configuration, which GitHub and GitLab draw with: a diagram
 * with more arrows than `maxEdges` fails with an error, and one longer than `maxTextSize`
 * characters is drawn as a box saying the text is too large. A page cannot raise them from
 * inside the diagram.
 */
export const MERMAID_MAX_EDGES = 500;
export const MERMAID_MAX_TEXT = 50_000;

/** One Mermaid diagram of the map; a map too large for one is drawn in parts. */
export interface MermaidDiagram {
  /** The diagram source (without the Markdown fence and without a trailing newline). */
  source: string;
  /** For a part: the first and last calling service it draws the interactions of (sorted by name). */
  callers?: { first: string; last: string };
}

const HEADER = 'flowchart LR';

/** The diagram source (without the Markdown fence and without a trailing newline). */
export function renderMermaid(decision: Decision): string {
  return drawWhole(decision, assignNodeIds(decision));
}

function drawWhole(decision: Decision, ids: ReadonlyMap<string, string>): string {
  return [HEADER, ...[...ids].map(([name, id]) => nodeLine(name, id)), ...decision.interactions.map((interaction) => edgeLine(interaction, ids))].join('\n');
}

/**
 * The map as one diagram when Mermaid can draw it, else in parts that each stay within its
 * limits: the interactions grouped by calling service (services in name order, each one's
 * interactions in file order), each part filled with as many as fit. A service keeps its node id
 * in every part, and a part declares only the services it draws.
 */
export function renderMermaidDiagrams(decision: Decision): MermaidDiagram[] {
  const ids = assignNodeIds(decision);
  if (decision.interactions.length <= MERMAID_MAX_EDGES) {
    const whole = drawWhole(decision, ids);
    if (whole.length <= MERMAID_MAX_TEXT) return [{ source: whole }];
  }

  const byCaller = new Map<string, InteractionDecision[]>();
  for (const interaction of decision.interactions) {
    const calls = byCaller.get(interaction.from) ?? [];
    calls.push(interaction);
    byCaller.set(interaction.from, calls);
  }
  const callers = [...byCaller.keys()].sort(compareText);

  const diagrams: MermaidDiagram[] = [];
  let part = new DiagramPart(ids);
  for (const caller of callers) {
    for (const interaction of byCaller.get(caller) ?? []) {
      if (part.add(interaction)) continue;
      diagrams.push(part.finish());
      part = new DiagramPart(ids);
      part.add(interaction);
    }
  }
  if (!part.isEmpty()) diagrams.push(part.finish());
  return diagrams;
}

/** A part of the map being filled: its interactions, the services they draw and its length so far. */
class DiagramPart {
  private readonly interactions: InteractionDecision[] = [];
  private readonly services = new Set<string>();
  private length = HEADER.length;

  constructor(private readonly ids: ReadonlyMap<string, string>) {}

  isEmpty(): boolean {
    return this.interactions.length === 0;
  }

  /**
   * Draws the interaction in this part when that stays within Mermaid's limits (an empty part
   * takes any one); false, and the part unchanged, when it does not.
   */
  add(interaction: InteractionDecision): boolean {
    // Its edge line and the node lines of services new to the part, each with its newline.
    let added = edgeLine(interaction, this.ids).length + 1;
    for (const name of new Set([interaction.from, interaction.to])) {
      if (!this.services.has(name)) added += nodeLine(name, this.ids.get(name) ?? '').length + 1;
    }
    const fits = this.interactions.length < MERMAID_MAX_EDGES && this.length + added <= MERMAID_MAX_TEXT;
    if (!fits && !this.isEmpty()) return false;
    this.length += added;
    this.interactions.push(interaction);
    this.services.add(interaction.from);
    this.services.add(interaction.to);
    return true;
  }

  finish(): MermaidDiagram {
    const nodes = [...this.ids].filter(([name]) => this.services.has(name)).map(([name, id]) => nodeLine(name, id));
    const edges = this.interactions.map((interaction) => edgeLine(interaction, this.ids));
    const first = this.interactions[0] as InteractionDecision;
    const last = this.interactions[this.interactions.length - 1] as InteractionDecision;
    return { source: [HEADER, ...nodes, ...edges].join('\n'), callers: { first: first.from, last: last.from } };
  }
}

function nodeLine(name: string, id: string): string {
  return `  ${id}["${escapeMermaidLabel(name)}"]`;
}

function edgeLine(interaction: InteractionDecision, ids: ReadonlyMap<string, string>): string {
  const label = escapeMermaidLabel(`${interaction.id}: ${interaction.mechanism}`);
  return `  ${ids.get(interaction.from)} ${MERMAID_ARROWS[interaction.style]}|"${label}"| ${ids.get(interaction.to)}`;
}

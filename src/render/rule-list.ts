/**
 * `rules list`: what the loaded packs define, each with its pack and where it is written, as
 * aligned text grouped by kind or as one JSON document (documented in docs/rule-packs.md).
 */
import type { SourceLocation } from '../model/answers.js';
import type { Pack } from '../model/pack.js';

export const RULE_LIST_VERSION = 1;

export interface ListedEntry {
  id: string;
  /** A question's prompt; the title of anything else. */
  title: string;
  pack: string;
  location: SourceLocation;
}

export interface RuleListing {
  packs: { name: string; description: string; dir: string }[];
  questions: ListedEntry[];
  rules: ListedEntry[];
  checklist: ListedEntry[];
  system_rules: ListedEntry[];
  /** Ids switched off by `disable`: the pack that did it and where. */
  disabled: { id: string; pack: string; location: SourceLocation }[];
}

/** The listing of a loaded pack, in load order; `display` names files and folders (relative, say). */
export function listPackContents(pack: Pack, display: (path: string) => string): RuleListing {
  const where = (location: SourceLocation): SourceLocation => ({ ...location, file: display(location.file) });
  const entry = (id: string, title: string, packName: string, location: SourceLocation): ListedEntry => ({
    id,
    title,
    pack: packName,
    location: where(location),
  });
  return {
    packs: pack.packs.map((info) => ({ name: info.name, description: info.description, dir: display(info.dir) })),
    questions: pack.questions.map((question) => entry(question.id, question.prompt, question.pack, question.location)),
    rules: pack.rules.map((rule) => entry(rule.id, rule.title, rule.pack, rule.location)),
    checklist: pack.checklist.map((item) => entry(item.id, item.title, item.pack, item.location)),
    system_rules: pack.systemRules.map((rule) => entry(rule.id, rule.title, rule.pack, rule.location)),
    disabled: pack.disabled.map((off) => ({ id: off.id, pack: off.pack, location: where(off.location) })),
  };
}

const GROUPS = [
  { key: 'questions', heading: 'questions', titleHeader: 'prompt' },
  { key: 'rules', heading: 'rules', titleHeader: 'title' },
  { key: 'checklist', heading: 'checklist items', titleHeader: 'title' },
  { key: 'system_rules', heading: 'system rules', titleHeader: 'title' },
] as const;

/** Groups by kind, one aligned row per entry: id, pack, file:line, title. Empty groups are left out. */
export function renderRuleListText(listing: RuleListing): string {
  const blocks: string[] = [];
  for (const group of GROUPS) {
    const entries = listing[group.key];
    if (entries.length === 0) continue;
    const rows = entries.map((entry) => [entry.id, entry.pack, formatSource(entry.location), entry.title]);
    blocks.push(renderBlock(`${group.heading} (${entries.length})`, ['id', 'pack', 'source', group.titleHeader], rows));
  }
  if (listing.disabled.length > 0) {
    const rows = listing.disabled.map((off) => [off.id, off.pack, formatSource(off.location)]);
    blocks.push(renderBlock(`switched off (${listing.disabled.length})`, ['id', 'by pack', 'where'], rows));
  }
  return `${blocks.join('\n\n')}\n`;
}

/** Exactly one JSON document, keys in a fixed order, indented with two spaces. */
export function renderRuleListJson(listing: RuleListing): string {
  const location = (at: SourceLocation) => ({ file: at.file, line: at.line, column: at.column });
  const entry = (item: ListedEntry) => ({ id: item.id, title: item.title, pack: item.pack, location: location(item.location) });
  const document = {
    version: RULE_LIST_VERSION,
    packs: listing.packs.map((info) => ({ name: info.name, description: info.description, dir: info.dir })),
    questions: listing.questions.map(entry),
    rules: listing.rules.map(entry),
    checklist: listing.checklist.map(entry),
    system_rules: listing.system_rules.map(entry),
    disabled: listing.disabled.map((off) => ({ id: off.id, pack: off.pack, location: location(off.location) })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** file:line, the form editors and terminals turn into a link. */
function formatSource(location: SourceLocation): string {
  return `${location.file}:${location.line}`;
}

/** A heading, a header row and the rows, every column but the last padded to its widest cell. */
function renderBlock(heading: string, header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ')}`;
  return [heading, ...all.map(line)].join('\n');
}

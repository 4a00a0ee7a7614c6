/**
 * Escaping and formatting helpers for Markdown output. Templates render with escaping switched
 * off, so every piece of user or pack text passes through one of these before it reaches a
 * view: what is safe depends on where the text lands (a table cell, a heading, a code span,
 * a YAML front-matter value, a Mermaid label).
 */

/** Joins all whitespace, newlines included, into single spaces; for text that must stay on one line. */
export function foldLines(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * One line of Markdown prose from arbitrary text. A `<` that could open an HTML tag or comment
 * is escaped, so a service called `<legacy>` stays visible instead of being swallowed as markup.
 */
export function escapeInline(text: string): string {
  return foldLines(text).replace(/<(?=[A-Za-z/!?])/g, '\\<');
}

/**
 * Text placed at the start of a line: escaping a leading block marker keeps a summary such as
 * "1. step" or "# note" from turning into a list or a heading.
 */
export function escapeLineStart(text: string): string {
  const inline = escapeInline(text);
  const ordered = /^(\d{1,9})([.)])(\s|$)/.exec(inline);
  if (ordered) {
    return `${ordered[1]}\\${inline.slice(ordered[1]!.length)}`;
  }
  if (/^(#|>|[-+*](\s|$)|[-*_=]{3})/.test(inline)) {
    return `\\${inline}`;
  }
  return inline;
}

/**
 * Content for one GFM table cell: one line, pipes escaped (GFM honours `\|` inside code spans
 * too), and an empty cell shown as a dash so the column never collapses.
 */
export function escapeTableCell(markdown: string): string {
  const folded = foldLines(markdown);
  return folded === '' ? '—' : folded.replace(/\|/g, '\\|');
}

/** An inline code span that survives backticks in its content. */
export function formatCode(text: string): string {
  const folded = foldLines(text);
  const longestRun = Math.max(0, ...(folded.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = folded.startsWith('`') || folded.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${folded}${pad}${fence}`;
}

/** Ends a sentence with a full stop unless it already ends with punctuation. */
export function endSentence(text: string): string {
  const folded = foldLines(text);
  return folded === '' || /[.!?:;]$/.test(folded) ? folded : `${folded}.`;
}

/** "a", "a and b", "a, b and c". */
export function joinWords(words: readonly string[], conjunction = 'and'): string {
  if (words.length <= 1) {
    return words[0] ?? '';
  }
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** "1 interaction", "3 interactions". */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

const YAML_PLAIN = /^[\p{L}\p{N}][\p{L}\p{N} ,.'()&+/_-]*$/u;
const YAML_RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/**
 * A YAML front-matter value. Plain when a reader cannot mistake it for anything else (some ADR
 * tools read front matter line by line and would keep the quotes), double-quoted otherwise.
 */
export function formatYamlScalar(text: string): string {
  const folded = foldLines(text);
  if (YAML_PLAIN.test(folded) && !YAML_RESERVED.test(folded) && !/^[\d.+-]+$/.test(folded)) {
    return folded;
  }
  return JSON.stringify(folded);
}

/**
 * A label inside a quoted Mermaid string. Mermaid decodes `#name;` entity codes in labels, so
 * quotes, angle brackets and backticks (which would end the string, start markup or switch
 * to Markdown labels) become entity codes, and a literal `#...;` is protected the same way.
 */
export function escapeMermaidLabel(text: string): string {
  return foldLines(text)
    .replace(/#(?=[A-Za-z0-9_]+;)/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;');
}

/**
 * The last pass over a rendered document: no trailing spaces, no runs of blank lines, no blank
 * lines at the start, exactly one newline at the end. Templates can then be laid out for
 * readability without their optional sections leaving gaps behind.
 */
export function normaliseDocument(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.replace(/[ \t]+$/, ''));
  const kept: string[] = [];
  for (const line of lines) {
    const previous = kept[kept.length - 1];
    if (line === '' && (previous === undefined || previous === '')) {
      continue;
    }
    kept.push(line);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') {
    kept.pop();
  }
  return `${kept.join('\n')}\n`;
}

/**
 * Escaping and formatting helpers for Markdown output. Templates render with escaping switched
 * off, so every piece of user or pack text passes through one of these before it reaches a
 * view: what is safe depends on where the text lands (a table cell, a heading, a code span,
 * a YAML front-matter value, a Mermaid label).
 */

/** Whitespace other than the plain space (what `\s` matches, less ' '). */
const OTHER_WHITESPACE = /[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** Joins all whitespace, newlines included, into single spaces; for text that must stay on one line. */
export function foldLines(text: string): string {
  // Most text is already one clean line; testing is cheaper than replacing and allocates nothing.
  // Four plain tests instead of one pattern with alternatives: this runs on every reason and
  // finding of a large decision, and the alternation made it the costliest line of a render.
  const needsFolding =
    text.startsWith(' ') || text.endsWith(' ') || text.includes('  ') || OTHER_WHITESPACE.test(text);
  return needsFolding ? text.replace(/\s+/g, ' ').trim() : text;
}

/**
 * Control characters other than tab, line feed and carriage return: Markdown gives them no
 * meaning, but they are invisible, and some tools take a file holding them for binary. YAML's
 * double-quoted strings can write any of them (`"\0"`, `"\x1b"`).
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');

/** Each control character (see CONTROL_CHARACTER) as U+FFFD, so that it stays visible. */
export function replaceControlCharacters(text: string): string {
  return CONTROL_CHARACTER.test(text) ? text.replace(CONTROL_CHARACTERS, '\ufffd') : text;
}

/**
 * The characters plain text escapes, each only where Markdown could read it as markup:
 * emphasis, strikethrough and code marks anywhere; brackets, which open links, images and
 * footnote references; `<` before what could be a tag, a comment or an autolink; `&` before what
 * could be an entity; and a backslash, which would escape what follows it.
 */
const INLINE_MARKUP = /[\\`*_~[\]]|<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)/;
const INLINE_MARKUP_ALL = new RegExp(INLINE_MARKUP.source, 'g');
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function escapeMarkup(char: string, offset: number, text: string): string {
  if (char === '\\') {
    // A backslash escapes only punctuation; what ends the text is unknown, so escape it there too.
    const next = text[offset + 1];
    return next === undefined || ASCII_PUNCTUATION.test(next) ? '\\\\' : char;
  }
  if (char === '_') {
    // snake_case: an underscore between letters or digits can neither open nor close emphasis.
    const before = text[offset - 1];
    const after = text[offset + 1];
    if (before !== undefined && after !== undefined && WORD_CHARACTER.test(before) && WORD_CHARACTER.test(after)) {
      return char;
    }
  }
  return `\\${char}`;
}

/**
 * One line of Markdown prose from arbitrary plain text: whatever the text holds shows as
 * written and nothing in it becomes markup. A service called `<legacy>` stays visible instead
 * of being swallowed as HTML, `[x](javascript:...)` stays text instead of becoming a link, and
 * `*` or `` ` `` in a summary do not start emphasis or code. Characters that cannot be markup
 * where they stand are left alone, so ordinary text comes out unchanged.
 */
export function escapeInline(text: string): string {
  const folded = foldLines(replaceControlCharacters(text));
  return INLINE_MARKUP.test(folded) ? folded.replace(INLINE_MARKUP_ALL, escapeMarkup) : folded;
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
  if (/^(#|>|[-+*](\s|$)|[-*_=]{3}|=+$)/.test(inline)) {
    return `\\${inline}`;
  }
  return inline;
}

/**
 * The text of an ATX heading (already escaped Markdown): a run of `#` at its end would be
 * read as the heading's closing sequence and dropped, so `C #` keeps its `#` escaped.
 */
export function escapeHeadingEnd(markdown: string): string {
  const closing = /(^|[ \t])(#+)$/.exec(markdown);
  if (closing === null) {
    return markdown;
  }
  const at = closing.index + closing[1]!.length;
  return `${markdown.slice(0, at)}\\${markdown.slice(at)}`;
}

/**
 * Content for one GFM table cell: one line, pipes escaped (GFM honours `\|` inside code spans
 * too), and an empty cell shown as a dash so the column never collapses.
 */
export function escapeTableCell(markdown: string): string {
  return formatTableCell(foldLines(markdown));
}

/** escapeTableCell for text already on one line (from escapeInline or formatCode). */
export function formatTableCell(line: string): string {
  if (line === '') {
    return '-';
  }
  return line.includes('|') ? line.replace(/\|/g, '\\|') : line;
}

/**
 * A relative file name as a link destination: characters that would end or break the
 * destination (spaces, parentheses, angle brackets) are percent-encoded.
 */
export function formatLinkTarget(name: string): string {
  return encodeURI(name).replace(/[()]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An inline code span that survives backticks in its content. */
export function formatCode(text: string): string {
  const folded = foldLines(replaceControlCharacters(text));
  if (!folded.includes('`')) {
    return `\`${folded}\``;
  }
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

/**
 * Like joinWords, but a long list names its first `most` words and counts the rest: in a large
 * system a sentence that lists thousands of ids helps nobody, and the per-interaction sections
 * name each one anyway.
 */
export function joinSome(words: readonly string[], most = 12): string {
  if (words.length <= most) {
    return joinWords(words);
  }
  return `${words.slice(0, most).join(', ')} and ${words.length - most} more`;
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
  const folded = foldLines(replaceControlCharacters(text));
  if (YAML_PLAIN.test(folded) && !YAML_RESERVED.test(folded) && !/^[\d.+-]+$/.test(folded)) {
    return folded;
  }
  return JSON.stringify(folded);
}

/**
 * A label inside a quoted Mermaid string. Mermaid decodes `#name;` and `#123;` entity codes in
 * labels, so every character that could end the string or mean something to Mermaid becomes
 * one: quotes (end the string), angle brackets (markup in HTML labels), backticks (switch to
 * Markdown labels), `%` (`%%{init: ...}%%` directives and `%%` comments are found anywhere in
 * the text, inside strings too). A literal `#...;` or `&...;` is protected the same way, since
 * Mermaid hands labels to the browser as HTML, where `&amp;` would show as `&`.
 */
export function escapeMermaidLabel(text: string): string {
  const folded = foldLines(replaceControlCharacters(text));
  if (folded === '') {
    // Mermaid refuses an empty string; a no-break space keeps a name of only spaces blank.
    return '#160;';
  }
  if (!/[#"<>`%&]/.test(folded)) {
    return folded;
  }
  const escaped = folded
    .replace(/#(?=[A-Za-z0-9_]+;)/g, '#35;')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '#38;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/%/g, '#37;');
  // Before decoding entities, Mermaid cuts the last `;` from any stretch of a line that looks
  // like a `style` or `classDef` statement (`style x:#f00;`), which would break the code that
  // ends it; one letter as a code keeps the keyword from being seen.
  return /(?:style|classDef).*:\S*#.*;/.test(escaped) ? escaped.replace(/(s)(?=tyle)|(c)(?=lassDef)/g, (letter) => `#${letter.charCodeAt(0)};`) : escaped;
}

/**
 * The escapers a view uses, each remembering its results. A large decision repeats the same
 * texts thousands of times (rule ids, mechanisms, service names, checklist items), so one render
 * escapes each distinct text once. Create one per render: the caches live as long as the
 * formatter and are never shared between renders.
 */
export interface MarkdownFormatter {
  /** escapeInline */
  inline(text: string): string;
  /** escapeLineStart */
  lineStart(text: string): string;
  /** formatCode */
  code(text: string): string;
  /** endSentence(escapeInline(text)) */
  sentence(text: string): string;
}

/** The same escapers without memory, for renderers called on their own. */
export const plainFormatter: MarkdownFormatter = Object.freeze({
  inline: escapeInline,
  lineStart: escapeLineStart,
  code: formatCode,
  sentence: (text: string) => endSentence(escapeInline(text)),
});

function remember(convert: (text: string) => string): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let result = cache.get(text);
    if (result === undefined) {
      result = convert(text);
      cache.set(text, result);
    }
    return result;
  };
}

export function createMarkdownFormatter(): MarkdownFormatter {
  const inline = remember(escapeInline);
  return {
    inline,
    lineStart: remember(escapeLineStart),
    code: remember(formatCode),
    sentence: remember((text) => endSentence(inline(text))),
  };
}

/**
 * Multi-line user text held to the rules of normaliseDocument, without the final newline. Done
 * to the piece when the view is built, so that the pass over the whole document has nothing to
 * cut and can hand the text back without copying it.
 */
export function normaliseBlock(text: string): string {
  return normaliseDocument(text).slice(0, -1);
}

function isSpaceOrTab(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * The last pass over a rendered document: no trailing spaces, no runs of blank lines, no blank
 * lines at the start, exactly one newline at the end. Templates can then be laid out for
 * readability without their optional sections leaving gaps behind.
 */
export function normaliseDocument(text: string): string {
  return [...normalisePieces([text])].join('');
}

/**
 * normaliseDocument for a document that comes in pieces: what it gives, joined, is
 * normaliseDocument of the pieces joined, but no more than the last unfinished line is held at
 * a time, so a document of tens of megabytes can be written out as it is rendered.
 */
export function* normalisePieces(pieces: Iterable<string>): Generator<string> {
  const lines = new LineNormaliser();
  for (const piece of pieces) {
    const done = lines.push(piece);
    if (done !== '') yield done;
  }
  yield lines.end();
}

/**
 * The rules of normaliseDocument, applied line by line as text arrives. One scan from newline to
 * newline cuts out what has to go (the trailing blanks of a line, a blank line after a blank
 * line); text that stays as it is is passed on without being copied.
 */
class LineNormaliser {
  /** The line still being received: it may yet get trailing blanks or text. */
  private unfinished = '';
  /** So that blank lines at the start are cut. */
  private previousBlank = true;
  /**
   * A blank line after text, cut from what was handed on: it is written only if a line with
   * text follows, since blank lines at the end are cut.
   */
  private owedBlank = false;
  private sawText = false;

  /** The normalised lines that this piece finishes. */
  push(piece: string): string {
    let text = this.unfinished + piece;
    // A carriage return at the very end may be the first half of a CRLF.
    const heldReturn = text.endsWith('\r') ? '\r' : '';
    if (heldReturn !== '') text = text.slice(0, -1);
    // Only template files checked out with CRLF or multi-line user text can bring a CR.
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    const end = text.lastIndexOf('\n') + 1;
    this.unfinished = text.slice(end) + heldReturn;
    return end === 0 ? '' : this.normaliseLines(text, end);
  }

  /** The rest of the document, which ends with exactly one newline. */
  end(): string {
    const rest = this.unfinished === '' ? '' : this.push('\n');
    return this.sawText ? rest : '\n';
  }

  /** The lines of `source` before `end`, each ended by a newline, held to the rules. */
  private normaliseLines(source: string, end: number): string {
    // Blank lines after the last line with text are cut for now: they stay cut at the end of
    // the document, and become one blank line if text follows.
    let last = end - 1;
    while (last >= 0 && (source.charCodeAt(last) === 10 || isSpaceOrTab(source.charCodeAt(last)))) {
      last -= 1;
    }
    const textEnd = last < 0 ? 0 : source.indexOf('\n', last) + 1;

    const pieces: string[] = [];
    let copied = 0; // source before this index is in pieces, or cut
    let lineStart = 0;
    while (lineStart < textEnd) {
      const lineEnd = source.indexOf('\n', lineStart);
      let contentEnd = lineEnd;
      while (contentEnd > lineStart && isSpaceOrTab(source.charCodeAt(contentEnd - 1))) {
        contentEnd -= 1;
      }
      const blank = contentEnd === lineStart;
      if (blank && this.previousBlank) {
        pieces.push(source.slice(copied, lineStart));
        copied = lineEnd + 1;
      } else {
        if (this.owedBlank) {
          pieces.push(source.slice(copied, lineStart), '\n');
          copied = lineStart;
          this.owedBlank = false;
        }
        if (contentEnd < lineEnd) {
          pieces.push(source.slice(copied, contentEnd));
          copied = lineEnd;
        }
      }
      this.previousBlank = blank;
      lineStart = lineEnd + 1;
    }
    if (textEnd > 0) this.sawText = true;
    if (textEnd < end) {
      if (!this.previousBlank) this.owedBlank = true;
      this.previousBlank = true;
      pieces.push(source.slice(copied, textEnd));
      copied = end;
    }
    if (pieces.length === 0) {
      // The usual case: the templates leave no gaps, so the text is handed on as it is.
      return end === source.length ? source : source.slice(0, end);
    }
    pieces.push(source.slice(copied, end));
    return pieces.join('');
  }
}

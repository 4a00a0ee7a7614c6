/**
 * The answers file's `context` is Markdown, written by the team: its formatting is kept, but it
 * sits inside a generated record and must not break it. This module parses it as GitHub does
 * (CommonMark with the GFM extensions) and edits the source in place, leaving every byte that
 * needs no change as written:
 *
 * - headings move down so that the highest becomes `minHeadingLevel` (a context's `# X` is
 *   a sub-heading of the section that holds it, never a second title); setext headings become
 *   ATX headings, and `---` thematic breaks become `***`, which no text can turn into a heading;
 * - a code fence left open is closed at the end of the block that holds it, so that it cannot
 *   swallow the sections after the context;
 * - raw HTML shows as text: an HTML block becomes a fenced `html` code block, inline HTML gets
 *   its `<` escaped, as does any `<` in the text that a less strict renderer might read as a tag;
 * - links, images, autolinks and link reference definitions to `javascript:`, `vbscript:` or
 *   `data:` URLs show as the text they were written as, their opening bracket escaped;
 * - for renderers that know less of GFM: a line of only `=` or `-` inside a paragraph is
 *   escaped (it could be read as a setext underline), and so is a footnote definition whose text
 *   would be a `javascript:` link reference definition where footnotes are unknown.
 *
 * An edit can change how the text around it parses (an escaped HTML block followed by `---`
 * becomes a paragraph with a setext underline), so the text is parsed again after each round
 * of edits until a round finds nothing to change. A second parser then reads the result; where
 * the two disagree on anything that matters, the whole context is shown as a code block.
 */
import { Lexer, walkTokens } from 'marked';
import type { Token } from 'marked';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { replaceControlCharacters } from './markdown.js';

/** A node of the syntax tree, as far as this module reads it. */
interface Node {
  type: string;
  depth?: number;
  url?: string;
  children?: Node[];
  position?: { start: { offset?: number }; end: { offset?: number } };
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface ContextOptions {
  /** The level the context's highest heading gets: one below the heading of its section. */
  minHeadingLevel: number;
}

/** Rounds of parsing and editing before giving up on keeping the formatting. */
const MAX_ROUNDS = 8;

/** Schemes a link may not point to: they run code or carry a document of their own. */
const UNSAFE_SCHEME = /^(?:javascript|vbscript|data):/;

/** Node types whose children are inline content, where an `html` node is inline HTML. */
const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'tableCell', 'emphasis', 'strong', 'delete', 'link', 'linkReference']);

/**
 * The context as safe Markdown; see the module comment for what changes. Line endings become
 * `\n`, and control characters other than tab and line feed become U+FFFD.
 */
export function sanitiseContext(markdown: string, options: ContextOptions): string {
  // Vertical tab and form feed are whitespace to some parsers and not to others.
  const source = replaceControlCharacters(markdown.replace(/\r\n?/g, '\n')).replace(/[\v\f]/g, ' ');
  const edited = editUntilSettled(source, options);
  return edited !== undefined && holdsTogether(edited, options) ? edited : showAsCode(source);
}

/** The text edited until a round finds nothing to change, or undefined if no round does. */
function editUntilSettled(source: string, options: ContextOptions): string | undefined {
  let text = source;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const tree = parseMarkdown(text);
    // The first round moves every heading by the same number of levels, so that they keep
    // their relations; a heading that a later round uncovers is only raised to the minimum.
    const shift = round === 0 ? Math.max(0, options.minHeadingLevel - findMinHeadingDepth(tree)) : 0;
    const edits: Edit[] = [];
    collectEdits(tree, text, { shift, minLevel: options.minHeadingLevel, inPhrasing: false }, edits);
    if (edits.length === 0) {
      return text;
    }
    text = applyEdits(text, edits);
  }
  return undefined;
}

/** A heading placed after the context, to see whether the context lets the record go on. */
const SENTINEL = 'sync-or-async: the section after the context';

/**
 * A second reading, by a parser of its own (marked, which strays from the specification in
 * places): the edited context must end before the heading that follows it, and hold no heading
 * above its level, no HTML and no link to an unsafe URL there either. The edits follow
 * micromark's reading of the text; renderers that read some odd construct otherwise (an empty
 * list item after indented code, footnotes where they are unknown) could see a fence or an
 * HTML block that micromark does not.
 */
function holdsTogether(markdown: string, options: ContextOptions): boolean {
  const tokens = Lexer.lex(`${markdown}\n\n## ${SENTINEL}\n`, { gfm: true });
  const blocks = tokens.filter((token) => token.type !== 'space');
  const last = blocks[blocks.length - 1];
  if (last === undefined || last.type !== 'heading' || last.depth !== 2 || last.text !== SENTINEL) {
    return false;
  }
  let holds = true;
  walkTokens(blocks.slice(0, -1), (token: Token) => {
    if (token.type === 'html' || (token.type === 'heading' && token.depth < options.minHeadingLevel)) {
      holds = false;
    } else if ((token.type === 'link' || token.type === 'image') && isUnsafeUrl(token.href)) {
      holds = false;
    }
  });
  return holds;
}

function parseMarkdown(text: string): Node {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as Node;
}

function findMinHeadingDepth(node: Node): number {
  let min = Number.POSITIVE_INFINITY;
  if (node.type === 'heading' && node.depth !== undefined) {
    min = node.depth;
  }
  for (const child of node.children ?? []) {
    min = Math.min(min, findMinHeadingDepth(child));
  }
  return min;
}

interface Walk {
  shift: number;
  minLevel: number;
  inPhrasing: boolean;
}

function collectEdits(node: Node, text: string, walk: Walk, edits: Edit[]): void {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start !== undefined && end !== undefined) {
    switch (node.type) {
      case 'heading':
        editHeading(node, text, start, end, walk, edits);
        break;
      case 'thematicBreak':
        editThematicBreak(text, start, end, edits);
        break;
      case 'code':
        closeFence(text, start, end, edits);
        break;
      case 'html':
        if (walk.inPhrasing) {
          escapeEach(text, start, end, /</g, edits);
        } else {
          fenceHtmlBlock(text, start, end, edits);
        }
        return;
      case 'text':
        // Text that looks like markup to a renderer that reads less of the syntax or strays from
        // the specification: a `<` before what could be a tag, and a line of only `=` or `-`,
        // which such a renderer may take for a setext underline (a lazy line inside a footnote,
        // say, when it does not know footnotes).
        escapeEach(text, start, end, /(?<!\\)((?:\\\\)*)<(?=[A-Za-z/!?])/g, edits);
        escapeUnderlineLookalikes(text, start, end, edits);
        break;
      case 'footnoteDefinition':
        // Where footnotes are unknown, `[^1]: javascript:...` is a link reference definition.
        if (isUnsafeUrl(text.slice(text.indexOf(']:', start) + 2, end).trim().replace(/^</, ''))) {
          neutraliseLink(text, start, edits);
          return;
        }
        break;
      case 'link':
      case 'image':
      case 'definition':
        if (node.url !== undefined && isUnsafeUrl(node.url)) {
          neutraliseLink(text, start, edits);
          return;
        }
        break;
      default:
        break;
    }
  }
  const inPhrasing = PHRASING_PARENTS.has(node.type);
  for (const child of node.children ?? []) {
    collectEdits(child, text, { ...walk, inPhrasing }, edits);
  }
}

/** Whether a URL, as a browser would clean it up, starts with a scheme that runs code. */
export function isUnsafeUrl(url: string): boolean {
  // Browsers drop leading control characters and spaces, and tabs and newlines anywhere.
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '').toLowerCase();
  return UNSAFE_SCHEME.test(cleaned);
}

function editHeading(node: Node, text: string, start: number, end: number, walk: Walk, edits: Edit[]): void {
  const depth = node.depth ?? 1;
  const level = Math.min(6, Math.max(walk.minLevel, depth + walk.shift));
  const marks = '#'.repeat(level);
  const underline = text.lastIndexOf('\n', end - 1);
  if (underline < start) {
    // An ATX heading: one line, starting with its marks.
    if (level !== depth) {
      edits.push({ start, end: start + depth, text: marks });
    }
    return;
  }
  // A setext heading: its content lines, then an underline of `=` or `-`. It becomes one ATX
  // heading line; the container prefixes (`> `, indentation) of its later lines go with the
  // line breaks, since no content line can start with `>`.
  edits.push({ start, end: start, text: `${marks} ` });
  const content = text.slice(start, underline);
  for (const match of content.matchAll(/\n[ \t>]*/g)) {
    edits.push({ start: start + match.index, end: start + match.index + match[0].length, text: ' ' });
  }
  edits.push({ start: underline, end, text: '' });
}

function editThematicBreak(text: string, start: number, end: number, edits: Edit[]): void {
  const source = text.slice(start, end);
  if (source.includes('-')) {
    edits.push({ start, end, text: source.replace(/-/g, '*') });
  }
}

/** The container prefix of a block's later lines, from the text before it on its first line. */
function findLinePrefix(text: string, start: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  // A list marker is replaced by spaces of its width; block quote markers stay.
  return text.slice(lineStart, start).replace(/[^>\s]/g, ' ');
}

function closeFence(text: string, start: number, end: number, edits: Edit[]): void {
  const opening = /^(`{3,}|~{3,})/.exec(text.slice(start, start + 1000));
  if (opening === null) {
    return; // an indented code block ends by itself
  }
  const fence = opening[1]!;
  let contentEnd = end;
  while (contentEnd > start && text[contentEnd - 1] === '\n') {
    contentEnd -= 1;
  }
  const lastLineStart = text.lastIndexOf('\n', contentEnd - 1) + 1;
  if (lastLineStart > start) {
    const lastLine = text.slice(lastLineStart, contentEnd).replace(/^[ \t>]*/, '');
    const closing = new RegExp(`^${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    if (closing.test(lastLine)) {
      return;
    }
  }
  edits.push({ start: contentEnd, end: contentEnd, text: `\n${findLinePrefix(text, start)}${fence}` });
}

/** An HTML block, shown as the code it is in a fenced block longer than any backtick run in it. */
function fenceHtmlBlock(text: string, start: number, end: number, edits: Edit[]): void {
  const block = text.slice(start, end);
  const longest = Math.max(0, ...(block.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const prefix = findLinePrefix(text, start);
  edits.push({ start, end: start, text: `${fence}html\n${prefix}` });
  edits.push({ start: end, end, text: `\n${prefix}${fence}` });
}

/** Puts a backslash before the last character of each match. */
function escapeEach(text: string, start: number, end: number, pattern: RegExp, edits: Edit[]): void {
  for (const match of text.slice(start, end).matchAll(pattern)) {
    const at = start + match.index + match[0].length - 1;
    edits.push({ start: at, end: at, text: '\\' });
  }
}

/** Escapes each later line of a text node that holds nothing but `=` or `-` marks. */
function escapeUnderlineLookalikes(text: string, start: number, end: number, edits: Edit[]): void {
  for (let newline = text.indexOf('\n', start); newline !== -1 && newline < end; newline = text.indexOf('\n', newline + 1)) {
    const lineEnd = text.indexOf('\n', newline + 1);
    const line = text.slice(newline + 1, lineEnd === -1 ? text.length : lineEnd);
    const marks = /^[ \t>]*(?=(?:=+|-+)[ \t]*$)/.exec(line);
    // The whole line is tested, so only a line the text node holds alone can match.
    if (marks !== null) {
      const at = newline + 1 + marks[0].length;
      edits.push({ start: at, end: at, text: '\\' });
    }
  }
}

/** `[text](javascript:...)` as text: its opening bracket (or an autolink's `<`) escaped. */
function neutraliseLink(text: string, start: number, edits: Edit[]): void {
  const at = text[start] === '!' ? start + 1 : start;
  edits.push({ start: at, end: at, text: '\\' });
}

/** Applies edits in order of position; an edit overlapping an earlier one waits for the next round. */
function applyEdits(text: string, edits: Edit[]): string {
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || a.index - b.index);
  const pieces: string[] = [];
  let copied = 0;
  for (const { edit } of ordered) {
    if (edit.start < copied) {
      continue;
    }
    pieces.push(text.slice(copied, edit.start), edit.text);
    copied = edit.end;
  }
  pieces.push(text.slice(copied));
  return pieces.join('');
}

/**
 * The last resort, for a text that edits do not settle or that two parsers read differently:
 * all of it, as written, in a fenced block longer than any backtick run in it, which every
 * renderer shows as it is.
 */
function showAsCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

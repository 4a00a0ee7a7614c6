/**
 * Renders an ADR to HTML with real GitHub-Flavored Markdown renderers and reads back what a
 * browser would build from it: headings, tables, code blocks, comments, and anything that
 * could run script.
 */
import MarkdownIt from 'markdown-it';
import { Marked } from 'marked';
import { parseFragment } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type ChildNode = DefaultTreeAdapterMap['childNode'];
type Element = DefaultTreeAdapterMap['element'];

export type RendererName = 'marked' | 'markdown-it';
export const RENDERERS: readonly RendererName[] = ['marked', 'markdown-it'];

const marked = new Marked({ gfm: true });
// Raw HTML on, as GitHub passes the HTML it allows: a renderer that escaped it all by itself
// would hide a record that leaks HTML.
const markdownIt = new MarkdownIt({ html: true, linkify: true });

/** GitHub shows YAML front matter as a table of its own; renderers without that see `---`. */
export function splitFrontMatter(markdown: string): { frontMatter?: string; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  return match === null ? { body: markdown } : { frontMatter: match[1]!, body: markdown.slice(match[0].length) };
}

export function renderHtml(markdown: string, renderer: RendererName): string {
  const { body } = splitFrontMatter(markdown);
  return renderer === 'marked' ? (marked.parse(body, { async: false }) as string) : markdownIt.render(body);
}

export interface Heading {
  level: number;
  text: string;
}

export interface HtmlReport {
  headings: Heading[];
  tables: Element[];
  /** Code blocks: their language and their text. */
  codeBlocks: { language: string | undefined; text: string }[];
  comments: string[];
  elements: Element[];
}

function isElement(node: ChildNode): node is Element {
  return 'tagName' in node;
}

function walk(nodes: ChildNode[], visit: (node: ChildNode) => void): void {
  for (const node of nodes) {
    visit(node);
    if ('childNodes' in node) walk(node.childNodes as ChildNode[], visit);
    if (isElement(node) && node.tagName === 'template') walk((node as unknown as { content: { childNodes: ChildNode[] } }).content.childNodes, visit);
  }
}

/** The text a reader sees in an element. */
export function textOf(node: ChildNode): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  if (!('childNodes' in node)) return '';
  return (node.childNodes as ChildNode[]).map(textOf).join('');
}

export function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

export function inspectHtml(html: string): HtmlReport {
  const fragment = parseFragment(html);
  const report: HtmlReport = { headings: [], tables: [], codeBlocks: [], comments: [], elements: [] };
  walk(fragment.childNodes, (node) => {
    if (node.nodeName === '#comment') {
      report.comments.push((node as DefaultTreeAdapterMap['commentNode']).data);
      return;
    }
    if (!isElement(node)) return;
    report.elements.push(node);
    const heading = /^h([1-6])$/.exec(node.tagName);
    if (heading) report.headings.push({ level: Number(heading[1]), text: textOf(node).trim() });
    if (node.tagName === 'table') report.tables.push(node);
    if (node.tagName === 'pre') {
      const code = node.childNodes.find((child): child is Element => isElement(child) && child.tagName === 'code');
      const language = code === undefined ? undefined : /(?:^|\s)language-(\S+)/.exec(attribute(code, 'class') ?? '')?.[1];
      report.codeBlocks.push({ language, text: textOf(code ?? node) });
    }
  });
  return report;
}

/** Rows of a table as cell texts, header row first. */
export function tableRows(table: Element): string[][] {
  const rows: string[][] = [];
  walk(table.childNodes, (node) => {
    if (isElement(node) && node.tagName === 'tr') {
      rows.push(node.childNodes.filter((cell): cell is Element => isElement(cell) && (cell.tagName === 'td' || cell.tagName === 'th')).map((cell) => textOf(cell).trim()));
    }
  });
  return rows;
}

/** Elements a Markdown renderer makes by itself; anything else came from raw HTML. */
const MARKDOWN_ELEMENTS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  'pre', 'code', 'em', 'strong', 'del', 's', 'a', 'img', 'blockquote', 'hr', 'br', 'input',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data']);
const UNSAFE_URL = /^(?:javascript|vbscript|data):/;

/** What in the HTML could run script or did not come from Markdown; empty when nothing. */
export function findDangers(html: string, report: HtmlReport): string[] {
  const dangers: string[] = [];
  if (/<script/i.test(html)) dangers.push('a <script in the HTML');
  for (const element of report.elements) {
    if (!MARKDOWN_ELEMENTS.has(element.tagName)) dangers.push(`a <${element.tagName}> element`);
    for (const attr of element.attrs) {
      if (/^on/i.test(attr.name)) dangers.push(`an ${attr.name} attribute on <${element.tagName}>`);
      // Browsers skip control characters and spaces in a URL's scheme.
      const cleaned = attr.value.replace(/[\u0000-\u0020]+/g, '').toLowerCase();
      if (URL_ATTRIBUTES.has(attr.name) && UNSAFE_URL.test(cleaned)) dangers.push(`${attr.name}="${attr.value}" on <${element.tagName}>`);
    }
  }
  return dangers;
}

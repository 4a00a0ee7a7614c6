/**
 * Renders the ADR for one decision in one of three profiles (MADR 4.0, Nygard/adr-tools,
 * log4brains). Templates are logic-less Mustache read elsewhere and passed in as strings.
 */
import Mustache from 'mustache';
import type { PartialsOrLookupFn, RenderOptions, TemplateSpans } from 'mustache';
import { buildAdrView } from './adr-view.js';
import type { AdrProfile, AdrViewInput } from './adr-view.js';
import { normalisePieces } from './markdown.js';

export { ADR_PROFILES } from './adr-view.js';
export type { AdrProfile, AdrView, AdrViewInput } from './adr-view.js';

/** One template per profile plus the partials they share, keyed by partial name. */
export interface AdrTemplates {
  madr: string;
  nygard: string;
  log4brains: string;
  partials: Record<string, string>;
}

export interface AdrInput extends AdrViewInput {
  templates: AdrTemplates;
}

/**
 * The output is Markdown, not HTML: the view escapes each value for where it lands, so the
 * templates must insert values verbatim. Passing the escape per call leaves Mustache's global
 * setting untouched.
 */
const KEEP_VERBATIM: RenderOptions = { escape: (value: unknown): string => String(value) };

function selectTemplate(templates: AdrTemplates, profile: AdrProfile): string {
  return templates[profile];
}

/** The whole ADR: deterministic, no trailing spaces, no runs of blank lines, one final newline. */
export function renderAdr(input: AdrInput): string {
  return [...renderAdrPieces(input)].join('');
}

/**
 * renderAdr in pieces, in order, each handed out as soon as it is rendered: the ADR of a large
 * decision runs to tens of megabytes, which the caller writes out piece by piece instead of
 * holding it whole. The per-interaction parts of the view are built as they are rendered.
 */
export function renderAdrPieces(input: AdrInput): Iterable<string> {
  const { templates, ...viewInput } = input;
  const view = buildAdrView(viewInput);
  const writer = new Mustache.Writer();
  return normalisePieces(renderTemplatePieces(writer, selectTemplate(templates, input.profile), new Mustache.Context(view), templates.partials));
}

/**
 * What Mustache.render gives for the template, in pieces: each tag and text of the template and
 * of the partials it includes is rendered on its own, and a section over a list one item at a
 * time. Joined, the pieces are Mustache's output, since rendering a list of tokens is rendering
 * each token in turn; a partial indented on its line is left whole, as Mustache indents it.
 */
function* renderTemplatePieces(writer: Mustache.Writer, template: string, context: Mustache.Context, partials: Record<string, string>): Generator<string> {
  const tokens = writer.parse(template) as TemplateSpans;
  for (const token of tokens) {
    const [symbol, name] = token;
    const partial = symbol === '>' ? partials[name] : undefined;
    const list: unknown = symbol === '#' ? context.lookup(name) : undefined;
    if (partial !== undefined && !(token[5] === 0 && token[4] !== '')) {
      yield* renderTemplatePieces(writer, partial, context, partials);
    } else if (Array.isArray(list)) {
      const inner = token[4] as TemplateSpans;
      for (const item of list) yield renderTokens(writer, inner, context.push(item), partials, template);
    } else {
      yield renderTokens(writer, [token], context, partials, template);
    }
  }
}

function renderTokens(writer: Mustache.Writer, tokens: TemplateSpans, context: Mustache.Context, partials: PartialsOrLookupFn, template: string): string {
  // The typings declare tokens as string[][]; TemplateSpans is what parse gives.
  return writer.renderTokens(tokens as unknown as string[][], context, partials, template, KEEP_VERBATIM);
}

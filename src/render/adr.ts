/**
 * Renders the ADR for one decision in one of three profiles (MADR 4.0, Nygard/adr-tools,
 * log4brains). Templates are logic-less Mustache read elsewhere and passed in as strings.
 */
import Mustache from 'mustache';
import { buildAdrView } from './adr-view.js';
import type { AdrProfile, AdrViewInput } from './adr-view.js';
import { normaliseDocument } from './markdown.js';

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
const KEEP_VERBATIM = { escape: (value: unknown): string => String(value) };

function selectTemplate(templates: AdrTemplates, profile: AdrProfile): string {
  return templates[profile];
}

/** The whole ADR: deterministic, no trailing spaces, no runs of blank lines, one final newline. */
export function renderAdr(input: AdrInput): string {
  const { templates, ...viewInput } = input;
  const view = buildAdrView(viewInput);
  const text = Mustache.render(selectTemplate(templates, input.profile), view, templates.partials, KEEP_VERBATIM);
  return normaliseDocument(text);
}

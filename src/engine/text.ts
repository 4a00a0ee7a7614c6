/**
 * Fills {{name}} placeholders in rule reasons and finding messages. Deliberately not a
 * template language: no HTML escaping (the text ends up in Markdown and JSON, whose
 * renderers escape for themselves) and no logic.
 */

/** Shown for a placeholder whose value is not known, e.g. a latency that was not given. */
export const MISSING_VALUE = 'n/a';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** What a lookup gives for a name that is not a placeholder name at all. */
export const NOT_A_NAME = Symbol('not a name');

/** The value a placeholder name stands for (undefined when not known), or NOT_A_NAME. */
export type Lookup = (name: string) => string | number | undefined | typeof NOT_A_NAME;

/**
 * Replaces each {{name}} that the lookup knows; an undefined value renders as 'n/a'. Names it
 * does not know stay as written, so a typo shows up in the output instead of vanishing.
 */
export function fillText(text: string, lookup: Lookup): string {
  if (!text.includes('{{')) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = lookup(name);
    if (value === NOT_A_NAME) return whole;
    return value === undefined ? MISSING_VALUE : String(value);
  });
}

/** A lookup in a record of values: its own keys are the names. */
export function lookupIn(vars: Readonly<Record<string, string | number | undefined>>): Lookup {
  return (name) => (Object.hasOwn(vars, name) ? vars[name] : NOT_A_NAME);
}

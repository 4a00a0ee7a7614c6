/**
 * Fills {{name}} placeholders in rule reasons and finding messages. Deliberately not a
 * template language: no HTML escaping (the text ends up in Markdown and JSON, whose
 * renderers escape for themselves) and no logic.
 */

/** Shown for a placeholder whose value is not known, e.g. a latency that was not given. */
export const MISSING_VALUE = 'n/a';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces each {{name}} whose name is a key of vars; an undefined value renders as 'n/a'.
 * Names that are not keys stay as written, so a typo shows up in the output instead of
 * vanishing.
 */
export function fillText(text: string, vars: Record<string, string | number | undefined>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(vars, name)) return whole;
    const value = vars[name];
    return value === undefined ? MISSING_VALUE : String(value);
  });
}

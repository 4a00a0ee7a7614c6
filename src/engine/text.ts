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

/** A text split at its placeholders once, to be filled many times; see compileText. */
export interface CompiledText {
  /** The text between placeholders: one more than `variables`. */
  literals: string[];
  /** Per placeholder: the index of its name in the names given to compileText. */
  variables: number[];
}

/**
 * fillText prepared once for a text that is filled many times. `names` are the variables;
 * placeholders with other names stay as written, as fillText leaves names that are not keys of
 * its vars.
 */
export function compileText(text: string, names: readonly string[]): CompiledText {
  const literals: string[] = [];
  const variables: number[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const variable = names.indexOf(match[1] as string);
    if (variable < 0) continue;
    const index = match.index as number;
    literals.push(text.slice(last, index));
    variables.push(variable);
    last = index + match[0].length;
  }
  literals.push(text.slice(last));
  return { literals, variables };
}

/** Fills a compiled text with values in the order of its names; an undefined value renders as 'n/a'. */
export function fillCompiledText(text: CompiledText, values: readonly (string | number | undefined)[]): string {
  const { literals, variables } = text;
  let filled = literals[0] as string;
  for (let index = 0; index < variables.length; index += 1) {
    const value = values[variables[index] as number];
    filled += (value === undefined ? MISSING_VALUE : String(value)) + (literals[index + 1] as string);
  }
  return filled;
}

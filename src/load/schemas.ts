import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { packagePath } from '../io/paths.js';
import * as generated from './generated/validators.js';
import { hintNearest, suggestNearest } from './suggest.js';
import type { PathProblem } from './problems.js';
import { formatYamlPath, locate } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/** The published schemas, in schema/<name>.schema.json. */
export type SchemaName = 'answers' | 'rules';

/**
 * The validators: the published schemas, and `answersShape`, the answers schema without the
 * built-in questions' answer lists, for the CLI, which checks answers against the loaded packs.
 */
export type ValidatorName = SchemaName | 'answersShape';

/**
 * The validator of a published schema. The schemas are compiled to code when they change
 * (scripts/build-validators.mjs; a test keeps the generated file in step), so no schema is
 * compiled at start-up.
 */
export function getValidator(name: ValidatorName): ValidateFunction {
  return (generated as unknown as Record<ValidatorName, ValidateFunction>)[name];
}

/** The schema of a published file, as JSON (for tests and for listing keys). */
export function readSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(packagePath('schema', `${name}.schema.json`), 'utf8')) as Record<string, unknown>;
}

/**
 * Validates data against a published schema and turns ajv's errors into problems a person can
 * act on: each names the YAML path, points at the right node (the key itself for an unknown
 * key) and suggests the nearest valid word for a misspelling.
 */
export function validateSchema(
  name: ValidatorName,
  data: unknown,
  source: YamlSource,
  options: { ignore?: readonly string[] } = {},
): PathProblem[] {
  const validate = getValidator(name);
  if (validate(data)) return [];
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  // `ignore` names schema keywords whose errors do not count (a draft may lack required keys).
  const errors = (validate.errors ?? []).filter((error) => !(options.ignore ?? []).includes(error.keyword));
  // A misspelt key also shows up as the missing key it was meant to be; the "did you mean"
  // on the misspelling says it all, so the missing-key error is dropped.
  const meant = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'additionalProperties') continue;
    const properties = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const nearest = suggestNearest(String((error.params as { additionalProperty?: unknown }).additionalProperty), properties);
    if (nearest !== undefined) meant.add(`${error.instancePath}/${nearest}`);
  }
  for (const error of errors) {
    if (error.keyword === 'required' && meant.has(`${error.instancePath}/${String((error.params as { missingProperty?: unknown }).missingProperty)}`)) {
      continue;
    }
    const result = describeSchemaError(error, data, source);
    // allErrors can report the same fact twice (e.g. through two references); keep one.
    const key = `${formatYamlPath(result.path)}\u0000${result.problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(result);
  }
  return problems;
}

function describeSchemaError(error: ErrorObject, root: unknown, source: YamlSource): PathProblem {
  const path = parseInstancePath(error.instancePath, root);
  const value = error.data;
  const parentSchema = (error.parentSchema ?? {}) as { properties?: Record<string, { description?: string }> };
  const at = (where: YamlPath, message: string, hint?: string, pointAtValue = true): PathProblem => {
    const problem: PathProblem['problem'] = { message, location: locate(source, where, { value: pointAtValue }) };
    const text = formatYamlPath(where);
    if (text !== '') problem.path = text;
    if (hint !== undefined) problem.hint = hint;
    return { path: where, problem };
  };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys(parentSchema.properties ?? {});
      return at([...path, key], `unknown key ${quoteValue(key)}`, hintNearest(key, allowed, 'allowed keys'), false);
    }
    case 'required': {
      const key = String(params['missingProperty']);
      const description = parentSchema.properties?.[key]?.description;
      const problem = at([...path, key], `missing key "${key}"`, description ? `add ${key}: ${lowerFirst(description)}` : `add ${key}`);
      problem.problem.location = locate(source, path, { value: true });
      return problem;
    }
    case 'enum': {
      const allowed = ((params['allowedValues'] as unknown[] | undefined) ?? []).map(String);
      const text = String(value);
      const nearest = typeof value === 'string' ? suggestNearest(text, allowed) : undefined;
      return at(
        path,
        `${describeValue(value)} is not allowed here; allowed: ${allowed.join(', ')}`,
        nearest === undefined ? undefined : `did you mean "${nearest}"?`,
      );
    }
    case 'const': {
      const expected = JSON.stringify(params['allowedValue']);
      const field = path.length > 0 ? `${String(path[path.length - 1])} must be ${expected}` : `must be ${expected}`;
      const hint = path.length === 1 && path[0] === 'version' ? `this version of the tool reads version ${expected} files` : undefined;
      return at(path, `${field}, found ${describeValue(value)}`, hint);
    }
    case 'type': {
      const expected = String(params['type']).split(',').map(describeType).join(' or ');
      return at(path, `expected ${expected}, found ${describeFound(value)}`);
    }
    case 'pattern':
      return describePattern(String(params['pattern']), value, path, at);
    case 'minLength':
      return at(path, 'must not be empty');
    case 'minItems': {
      const limit = Number(params['limit']);
      return at(path, `needs at least ${limit} ${limit === 1 ? 'entry' : 'entries'}`);
    }
    case 'minProperties':
      return at(path, 'must not be empty');
    case 'uniqueItems': {
      const index = Number(params['j']);
      const list = Array.isArray(value) ? (value as unknown[]) : [];
      return at([...path, index], `${describeValue(list[index])} is listed twice`, 'remove the repeated entry');
    }
    case 'exclusiveMinimum':
      return at(path, `must be greater than ${String(params['limit'])}, found ${describeValue(value)}`);
    case 'minimum':
      return at(path, `must be at least ${String(params['limit'])}, found ${describeValue(value)}`);
    case 'maximum':
      return at(path, `must be at most ${String(params['limit'])}, found ${describeValue(value)}`);
    case 'exclusiveMaximum':
      return at(path, `must be less than ${String(params['limit'])}, found ${describeValue(value)}`);
    default:
      return at(path, error.message ?? `fails the ${error.keyword} check`);
  }
}

function describePattern(
  pattern: string,
  value: unknown,
  path: YamlPath,
  at: (where: YamlPath, message: string, hint?: string) => PathProblem,
): PathProblem {
  const text = String(value);
  const quoted = quoteValue(text);
  // An example fix is only worth showing while it is short enough to read.
  const example = (fixed: string): string => (fixed !== '' && fixed.length <= QUOTED_LENGTH ? `, e.g. "${fixed}"` : '');
  if (pattern === '^[a-z0-9]+(-[a-z0-9]+)*$') {
    return at(path, `${quoted} is not kebab-case`, `use lower-case letters and digits joined by "-"${example(toKebab(text))}`);
  }
  if (pattern === '^[a-z][a-z0-9_]*$') {
    const fixed = toKebab(text).replace(/-/g, '_').replace(/^[0-9_]+/, '');
    return at(path, `${quoted} is not snake_case`, `use lower-case letters, digits and "_", starting with a letter${example(fixed)}`);
  }
  if (pattern.includes('\\d{4}')) {
    return at(path, `${quoted} is not a date as YYYY-MM-DD`, 'write the date as year-month-day, e.g. 2026-11-22');
  }
  return at(path, `${quoted} does not match ${pattern}`);
}

/**
 * ajv's JSON pointer as YAML path segments. A segment is an index only where the data there
 * is a list, so a map key that looks like a number stays a key.
 */
export function parseInstancePath(pointer: string, root: unknown): (string | number)[] {
  if (pointer === '') return [];
  const segments: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      segments.push(index);
      node = node[index];
    } else {
      segments.push(segment);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return segments;
}

function describeType(type: string): string {
  switch (type) {
    case 'object':
      return 'a map (key: value)';
    case 'array':
      return 'a list';
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'nothing';
    default:
      return type;
  }
}

function describeFound(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  return quoteValue(String(value));
}

/** Values longer than this are shown by their start and their length. */
const QUOTED_LENGTH = 60;

/**
 * A value from the file as a message quotes it: on one line (line breaks and control
 * characters escaped, as in JSON) and short (a long value is cut, with its length), so that a
 * multi-line value, or a whole document read as one scalar, cannot take over the report.
 */
export function quoteValue(text: string): string {
  const characters = [...text];
  if (characters.length <= QUOTED_LENGTH) return JSON.stringify(text);
  return `${JSON.stringify(characters.slice(0, QUOTED_LENGTH - 10).join(''))}... (${characters.length} characters)`;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quoteValue(value);
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a map';
  return String(value);
}

function toKebab(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

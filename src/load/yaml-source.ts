import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type { SourceLocation } from '../model/answers.js';
import { InputError } from '../model/errors.js';
import type { Problem } from '../model/errors.js';

/** A parsed YAML file that still knows where each node stood. */
export interface YamlSource {
  file: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /** The plain data (maps become objects); null for an empty file. */
  data: unknown;
}

export type YamlPath = readonly (string | number)[];

/** Anchors may be reused, but no file we read needs more expansions than this. */
export const MAX_ALIAS_COUNT = 100;

/**
 * Parses one YAML document with the YAML 1.2 core schema (so `yes`, `no` and dates stay
 * strings), unique keys and a cap on alias expansion. Syntax errors, duplicate keys and alias
 * bombs become one InputError listing every problem with file:line:col.
 */
export function parseYamlDocument(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    version: '1.2',
    schema: 'core',
    prettyErrors: false,
    keepSourceTokens: false,
  });
  const source: YamlSource = { file, document, lineCounter, data: null };
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => describeYamlError(error, source));
    throw new InputError(`${file}: invalid YAML`, problems);
  }
  try {
    source.data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof TypeError) {
      throw new InputError(`${file}: refused YAML`, [describeAliasError(error, source)]);
    }
    throw error;
  }
  return source;
}

function describeYamlError(error: YAMLError, source: YamlSource): Problem {
  const location = locateOffset(source, error.pos[0]);
  if (error.code === 'DUPLICATE_KEY') {
    const duplicate = findDuplicateKey(source, error.pos[0]);
    return {
      message: duplicate ? `duplicate key "${duplicate.key}"` : 'duplicate key',
      location,
      hint: duplicate
        ? `first given at line ${duplicate.first.line}; each key may appear only once in a map`
        : 'each key may appear only once in a map',
    };
  }
  if (error.code === 'MULTIPLE_DOCS') {
    return { message: 'the file holds more than one YAML document', location, hint: 'remove the `---` separator and keep one document' };
  }
  if (error.code === 'TAB_AS_INDENT') {
    return { message: 'a tab is used for indentation', location, hint: 'indent with spaces' };
  }
  // yaml's own messages are precise; keep the first sentence, without the excerpt it may carry.
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
  return { message: `YAML syntax: ${lowerFirst(message)}`, location, hint: 'check indentation, colons and quotes around this point' };
}

function describeAliasError(error: Error, source: YamlSource): Problem {
  let firstAlias: SourceLocation | undefined;
  visit(source.document, {
    Alias(_key, node) {
      if (node.range) firstAlias = locateOffset(source, node.range[0]);
      return visit.BREAK;
    },
  });
  const bomb = /alias count/i.test(error.message);
  const problem: Problem = {
    message: bomb
      ? `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT}); a file like this can exhaust memory and is refused`
      : `cannot resolve an alias: ${error.message}`,
    hint: bomb ? 'write the repeated values out instead of nesting aliases' : 'define each anchor (&name) before its aliases (*name)',
  };
  if (firstAlias) problem.location = firstAlias;
  return problem;
}

/** The repeated key starting at `offset`, and where the same key was first given in its map. */
function findDuplicateKey(source: YamlSource, offset: number): { key: string; first: SourceLocation } | undefined {
  let found: { key: string; first: SourceLocation } | undefined;
  visit(source.document, {
    Map(_key, map) {
      const duplicate = map.items.find((pair) => rangeStart(pair.key) === offset);
      if (!duplicate) return undefined;
      const key = keyText(duplicate.key);
      const first = map.items.find((pair) => keyText(pair.key) === key);
      const start = first ? rangeStart(first.key) : undefined;
      if (key !== undefined && start !== undefined) found = { key, first: locateOffset(source, start) };
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Where the node at `path` stands. For a map entry this is the key (the start of the line a
 * reader looks for); with `value: true` it is the value. When the path does not exist, the
 * nearest existing parent stands in.
 */
export function locate(source: YamlSource, path: YamlPath, options: { value?: boolean } = {}): SourceLocation {
  let node: unknown = source.document.contents;
  let position: number | undefined = rangeStart(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    const isLast = index === path.length - 1;
    node = resolveAlias(source, node);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      const valueStart = rangeStart(pair.value);
      position = isLast && !options.value ? (keyStart ?? valueStart ?? position) : (valueStart ?? keyStart ?? position);
      node = pair.value;
    } else if (isSeq(node)) {
      const item: unknown = typeof segment === 'number' ? node.items[segment] : undefined;
      if (item === undefined) break;
      position = rangeStart(item) ?? position;
      node = item;
    } else {
      break;
    }
  }
  return locateOffset(source, position ?? 0);
}

/** A character offset as a 1-based file:line:col location. */
export function locateOffset(source: YamlSource, offset: number): SourceLocation {
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file, line, column: col };
}

/** The location of the key of the map entry at `path`, or undefined when there is none. */
export function findKeyLocation(source: YamlSource, path: YamlPath): SourceLocation | undefined {
  const parent = path.slice(0, -1);
  const last = path[path.length - 1];
  let node: unknown = source.document.contents;
  for (const segment of parent) {
    node = resolveAlias(source, node);
    if (isMap(node)) node = node.items.find((item) => keyText(item.key) === String(segment))?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  node = resolveAlias(source, node);
  if (!isMap(node) || last === undefined) return undefined;
  const pair = node.items.find((item) => keyText(item.key) === String(last));
  const start = pair ? rangeStart(pair.key) : undefined;
  return start === undefined ? undefined : locateOffset(source, start);
}

/** Formats a path the way users read it: interactions[2].answers.when_down. */
export function formatYamlPath(path: YamlPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function resolveAlias(source: YamlSource, node: unknown): unknown {
  return isAlias(node) ? node.resolve(source.document) : node;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, constructFromEvents, getScalarValue, parseEvents } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import type { SourceLocation } from '../model/answers.js';
import { InputError } from '../model/errors.js';
import type { Problem } from '../model/errors.js';

/**
 * Where one node of the file stood. Built from the parser's event stream, which is several
 * times faster on large files than building a full document model, and is all that error
 * messages and findings need.
 */
export interface PositionNode {
  kind: 'map' | 'seq' | 'scalar' | 'alias';
  start: number;
  /** Map entries in file order (key text undefined for a key that is not a scalar). */
  entries?: { key: string | undefined; keyStart: number; value: Child }[];
  items?: Child[];
  /** For an alias: the anchor it names. */
  alias?: string;
}

/** A scalar child is kept as its bare start offset. */
export type Child = PositionNode | number;

function nodeOf(child: Child | undefined): PositionNode | undefined {
  return typeof child === 'number' ? { kind: 'scalar', start: child } : child;
}

function startOfChild(child: Child): number {
  return typeof child === 'number' ? child : child.start;
}

/** A parsed YAML file that still knows where each node stood. */
export interface YamlSource {
  file: string;
  /** The plain data (maps become objects); null for an empty file. */
  data: unknown;
  /** The root node's position tree; undefined for an empty file. */
  root: PositionNode | undefined;
  anchors: Map<string, PositionNode>;
  /** Offsets at which each line starts. */
  lineStarts: number[];
}

export type YamlPath = readonly (string | number)[];

/** Anchors may be reused, but no file we read needs more aliases than this. */
export const MAX_ALIAS_COUNT = 100;
/** Aliases may repeat a node; a file that expands past this many nodes is refused. */
const MAX_EXPANDED_NODES = 1_000_000;

/**
 * Parses one YAML document with the YAML 1.2 core schema (so `yes`, `no` and dates stay
 * strings), unique keys and a cap on aliases and on what they expand to. Syntax errors,
 * duplicate keys and alias bombs become one InputError with file:line:col.
 */
export function parseYamlDocument(text: string, file: string): YamlSource {
  const source: YamlSource = { file, data: null, root: undefined, anchors: new Map(), lineStarts: computeLineStarts(text) };
  let events: Event[];
  try {
    events = parseEvents(text, { filename: file, maxDepth: 100 });
  } catch (error) {
    throw new InputError(`${file}: invalid YAML`, [describeParserError(error, source)]);
  }
  const documents = events.filter((event) => event.type === EVENT_ID.DOCUMENT).length;
  const problems: Problem[] = [];
  const aliases: PositionNode[] = [];
  const built = buildTree(events, text, source, problems, aliases);
  source.root = built.root;
  if (documents > 1) {
    const second = secondDocumentOffset(text);
    problems.unshift({ message: 'the file holds more than one YAML document', location: locateOffset(source, second), hint: 'remove the `---` separator and keep one document' });
  }
  if (problems.length > 0) throw new InputError(`${file}: invalid YAML`, problems);
  if (aliases.length > 0) checkAliases(source, aliases);
  if (built.data !== NOT_BUILT) {
    source.data = built.data === undefined ? null : built.data;
    return source;
  }
  try {
    const [data] = constructFromEvents(events, { source: text, filename: file, schema: CORE_SCHEMA, maxAliases: MAX_ALIAS_COUNT });
    source.data = data === undefined ? null : data;
  } catch (error) {
    throw new InputError(`${file}: invalid YAML`, [describeParserError(error, source)]);
  }
  return source;
}

/** Marks data that buildTree left to js-yaml's constructor. */
const NOT_BUILT = Symbol('not built');

/**
 * Turns the flat event stream into a tree of positions, collecting duplicate keys (all of
 * them, not just the first) and alias nodes on the way. Scalars become bare offsets.
 *
 * The same pass builds the plain data of a file that uses no tags, anchors or aliases and
 * whose keys are all strings, which is every answers file and rule pack in practice: scalars
 * are resolved by the core schema's own rules, exactly as js-yaml's constructor would, and a
 * second walk over the events is saved. Any other file gets NOT_BUILT and is constructed by
 * js-yaml.
 */
function buildTree(
  events: Event[],
  text: string,
  source: YamlSource,
  problems: Problem[],
  aliases: PositionNode[],
): { root: PositionNode | undefined; data: unknown } {
  interface Frame {
    node: PositionNode;
    /** In a map: the key waiting for its value. */
    key: string | undefined;
    keyStart: number;
    awaitingValue: boolean;
    /** The object or array being built for this node. */
    value: Record<string, unknown> | unknown[];
  }
  const stack: Frame[] = [];
  let root: PositionNode | undefined;
  let data: unknown;
  let building = true;
  const attach = (child: Child, start: number, keyText: string | undefined, value: unknown) => {
    const frame = stack[stack.length - 1];
    if (!frame) {
      root ??= typeof child === 'number' ? { kind: 'scalar', start } : child;
      data = value;
      return;
    }
    if (frame.node.kind === 'seq') {
      frame.node.items!.push(child);
      if (building) (frame.value as unknown[]).push(value);
      return;
    }
    if (!frame.awaitingValue) {
      frame.key = typeof child === 'number' ? keyText : undefined;
      frame.keyStart = start;
      frame.awaitingValue = true;
      // js-yaml would turn a key such as `1` or `null` into a string; that is left to it.
      if (typeof value !== 'string') building = false;
      return;
    }
    frame.awaitingValue = false;
    const entries = frame.node.entries!;
    const { key, keyStart } = frame;
    if (key !== undefined) {
      const first = entries.find((entry) => entry.key === key);
      if (first) {
        problems.push({
          message: `duplicate key "${key}"`,
          location: locateOffset(source, keyStart),
          hint: `first given at line ${locateOffset(source, first.keyStart).line}; each key may appear only once in a map`,
        });
      }
    }
    entries.push({ key, keyStart, value: child });
    if (building && key !== undefined) setProperty(frame.value as Record<string, unknown>, key, value);
  };
  const remember = (node: Child, anchorStart: number, anchorEnd: number) => {
    if (anchorStart >= 0) source.anchors.set(text.slice(anchorStart, anchorEnd), typeof node === 'number' ? { kind: 'scalar', start: node } : node);
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const start = startOf(event.anchorStart, event.tagStart, event.start);
        const node: PositionNode = event.type === EVENT_ID.MAPPING ? { kind: 'map', start, entries: [] } : { kind: 'seq', start, items: [] };
        remember(node, event.anchorStart, event.anchorEnd);
        if (event.anchorStart >= 0 || event.tagStart >= 0) building = false;
        const value = event.type === EVENT_ID.MAPPING ? {} : [];
        attach(node, start, undefined, value);
        stack.push({ node, key: undefined, keyStart: 0, awaitingValue: false, value });
        break;
      }
      case EVENT_ID.SCALAR: {
        const frame = stack[stack.length - 1];
        const start = scalarStart(event, frame, text);
        remember(start, event.anchorStart, event.anchorEnd);
        if (event.anchorStart >= 0 || event.tagStart >= 0) building = false;
        const raw = getScalarValue(text, event);
        const value = building && event.style === SCALAR_STYLE.PLAIN ? CORE_SCHEMA.resolveImplicitScalarTag(raw).value : raw;
        attach(start, start, raw, value);
        break;
      }
      case EVENT_ID.ALIAS: {
        const node: PositionNode = { kind: 'alias', start: Math.max(0, event.anchorStart - 1), alias: text.slice(event.anchorStart, event.anchorEnd) };
        aliases.push(node);
        building = false;
        attach(node, node.start, undefined, undefined);
        break;
      }
      case EVENT_ID.POP:
        if (stack.length > 0) stack.pop();
        break;
      default:
        break;
    }
  }
  return { root, data: building ? data : NOT_BUILT };
}

function startOf(anchorStart: number, tagStart: number, start: number): number {
  if (anchorStart >= 0) return Math.max(0, anchorStart - 1);
  if (tagStart >= 0) return tagStart;
  return Math.max(0, start);
}

/** A quoted scalar starts at its opening quote; an empty one at the key it belongs to. */
function scalarStart(event: ScalarEvent, frame: { node: PositionNode; keyStart: number; awaitingValue: boolean } | undefined, text: string): number {
  if (event.anchorStart >= 0) return Math.max(0, event.anchorStart - 1);
  if (event.tagStart >= 0) return event.tagStart;
  if (event.valueStart < 0) {
    if (frame === undefined) return 0;
    return frame.awaitingValue ? frame.keyStart : frame.node.start;
  }
  const before = text[event.valueStart - 1];
  if ((before === '"' || before === "'") && event.valueStart > 0) return event.valueStart - 1;
  return event.valueStart;
}

/**
 * Aliases share the node they name, so the data stays small, but anything that walks it
 * (validation, the engine) visits every expansion. Count them before anyone walks.
 */
function checkAliases(source: YamlSource, aliases: PositionNode[]): void {
  const memo = new Map<PositionNode, number>();
  const visiting = new Set<PositionNode>();
  const size = (node: PositionNode): number => {
    const known = memo.get(node);
    if (known !== undefined) return known;
    if (visiting.has(node)) return MAX_EXPANDED_NODES + 1;
    visiting.add(node);
    let total = 1;
    if (node.kind === 'alias') {
      const target = source.anchors.get(node.alias ?? '');
      total = target ? size(target) : 1;
    } else {
      for (const item of node.items ?? []) total = Math.min(MAX_EXPANDED_NODES + 1, total + (typeof item === 'number' ? 1 : size(item)));
      for (const entry of node.entries ?? []) {
        total = Math.min(MAX_EXPANDED_NODES + 1, total + 1 + (typeof entry.value === 'number' ? 1 : size(entry.value)));
      }
    }
    visiting.delete(node);
    memo.set(node, total);
    return total;
  };
  const overCount = aliases.length > MAX_ALIAS_COUNT;
  if (!overCount && (source.root === undefined || size(source.root) <= MAX_EXPANDED_NODES)) return;
  throw new InputError(`${source.file}: refused YAML`, [
    {
      message: overCount
        ? `the file uses more than ${MAX_ALIAS_COUNT} aliases; a file like this can exhaust memory and is refused`
        : `aliases expand to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes; a file like this can exhaust memory and is refused`,
      location: locateOffset(source, aliases[0]!.start),
      hint: 'write the repeated values out instead of nesting aliases',
    },
  ]);
}

function describeParserError(error: unknown, source: YamlSource): Problem {
  const reason = typeof (error as { reason?: unknown })?.reason === 'string' ? (error as { reason: string }).reason : String((error as Error)?.message ?? error);
  const position = (error as { mark?: { position?: number } })?.mark?.position;
  const problem: Problem = { message: '', hint: 'check indentation, colons and quotes around this point' };
  if (typeof position === 'number') problem.location = locateOffset(source, position);
  if (/tab/i.test(reason) && /indent/i.test(reason)) {
    problem.message = 'a tab is used for indentation';
    problem.hint = 'indent with spaces';
  } else if (/alias/i.test(reason) && /max/i.test(reason)) {
    problem.message = `the file uses more than ${MAX_ALIAS_COUNT} aliases; a file like this can exhaust memory and is refused`;
    problem.hint = 'write the repeated values out instead of nesting aliases';
  } else if (/alias|anchor/i.test(reason)) {
    problem.message = `cannot resolve an alias: ${reason}`;
    problem.hint = 'define each anchor (&name) before its aliases (*name)';
  } else if (/depth/i.test(reason)) {
    problem.message = `YAML nesting is too deep: ${reason}`;
    problem.hint = 'an answers file or rule pack never needs more than a few levels';
  } else {
    problem.message = `YAML syntax: ${reason}`;
  }
  return problem;
}

function secondDocumentOffset(text: string): number {
  const match = /^---/m.exec(text);
  if (!match) return 0;
  const again = /^---/m.exec(text.slice(match.index + 3));
  // A leading `---` opens the first document; the second separator is the one that matters.
  const firstIsOpening = text.slice(0, match.index).trim() === '' || /^(%|#)/m.test(text.slice(0, match.index).trim());
  return firstIsOpening && again ? match.index + 3 + again.index : match.index;
}

/**
 * Where the node at `path` stands. For a map entry this is the key (the start of the line a
 * reader looks for); with `value: true` it is the value. When the path does not exist, the
 * nearest existing parent stands in.
 */
export function locate(source: YamlSource, path: YamlPath, options: { value?: boolean } = {}): SourceLocation {
  let node = source.root;
  let position = node?.start ?? 0;
  for (const [index, segment] of path.entries()) {
    const isLast = index === path.length - 1;
    node = resolveAlias(source, node);
    if (node?.kind === 'map') {
      const entry = node.entries!.find((candidate) => candidate.key === String(segment));
      if (!entry) break;
      position = isLast && !options.value ? entry.keyStart : startOfChild(entry.value);
      node = nodeOf(entry.value);
    } else if (node?.kind === 'seq') {
      const item = typeof segment === 'number' ? node.items![segment] : undefined;
      if (item === undefined) break;
      position = startOfChild(item);
      node = nodeOf(item);
    } else {
      break;
    }
  }
  return locateOffset(source, position);
}

/** A character offset as a 1-based file:line:col location. */
export function locateOffset(source: YamlSource, offset: number): SourceLocation {
  const starts = source.lineStarts;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { file: source.file, line: low + 1, column: offset - starts[low]! + 1 };
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

function resolveAlias(source: YamlSource, node: PositionNode | undefined): PositionNode | undefined {
  return node?.kind === 'alias' ? source.anchors.get(node.alias ?? '') : node;
}

/** Sets a key on parsed data; `__proto__` becomes an own property, as js-yaml makes it. */
function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  else target[key] = value;
}

/** YAML ends a line at \n, \r\n or a lone \r (old Mac files): locations count lines the same way. */
function computeLineStarts(text: string): number[] {
  const starts = [0];
  const breaks = /\r\n?|\n/g;
  for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) starts.push(match.index + match[0].length);
  return starts;
}

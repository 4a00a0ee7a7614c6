/**
 * A fast reader for the plain YAML that answers files and rule packs are made of: block maps
 * and lists laid out by spaces, one-line scalars (plain, single- or double-quoted), one-line
 * flow lists and maps of scalars, literal and folded block scalars, and comments.
 *
 * It never decides that a file is wrong. The moment it meets anything else (anchors, aliases,
 * tags, multi-line scalars, escapes, duplicate keys, keys that are not strings, tabs, several
 * documents, odd indentation, any syntax error), it gives up and the caller parses the file
 * with js-yaml, which has the last word on what is valid and on every error message. What it
 * does return is what js-yaml would give for the same text: the same data under the core
 * schema, and the same position tree. Tests hold the two side by side on generated documents.
 *
 * On large files it is several times faster than going through js-yaml's event stream and
 * leaves far less garbage, which is what keeps `decide` on a 10,000-interaction file fast.
 */
import { CORE_SCHEMA, EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents } from 'js-yaml';
import type { ScalarEvent } from 'js-yaml';
import type { Child, PositionNode } from './yaml-source.js';

export interface PlainDocument {
  root: PositionNode;
  data: unknown;
}

/** Characters that send a file to js-yaml: tabs, carriage returns, control and non-BMP characters, BOM, line separators. */
const OUT_OF_SCOPE = /[^\n\x20-\x7E\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]/;
/** Nesting beyond this is left to js-yaml, which enforces its own limit. */
const MAX_DEPTH = 60;
/** A first character that makes a plain scalar or key something else, or that is better left to js-yaml. */
const INDICATORS = codeTable('-?:,[]{}#&*!|>\'"%@`');
/** Characters that end or complicate a plain scalar inside a flow collection. */
const FLOW_SPECIAL = codeTable(',[]{}#:"\'');
const BLOCK_HEADER = /^[|>][+-]? *(#.*)?$/;

/** Thrown inside the reader to give up; never escapes parsePlainYaml. */
class OutOfScope extends Error {}

/** The data and position tree of a plain YAML file, or undefined when the file needs js-yaml. */
export function parsePlainYaml(text: string): PlainDocument | undefined {
  if (OUT_OF_SCOPE.test(text)) return undefined;
  try {
    return new PlainReader(text).read();
  } catch (error) {
    if (error instanceof OutOfScope) return undefined;
    throw error;
  }
}

function giveUp(): never {
  throw new OutOfScope();
}

/**
 * Each read method returns the value's data and leaves its position (a node, or a scalar's
 * offset) in `child`: no wrapper object per value, on files with hundreds of thousands.
 */
class PlainReader {
  child: Child = 0;
  private readonly text: string;
  /** The current content line: where its content starts, its column, and where it ends. */
  private start = 0;
  private indent = 0;
  private end = 0;
  /** Offset of the next line to look at. */
  private next = 0;
  private atEnd = false;
  private depth = 0;

  constructor(text: string) {
    this.text = text;
  }

  read(): PlainDocument {
    this.advance();
    if (this.atEnd || this.indent !== 0) giveUp();
    const data = this.readBlock();
    if (!this.atEnd || typeof this.child === 'number') giveUp();
    return { root: this.child, data };
  }

  /** Moves to the next line that holds more than spaces and a comment. */
  private advance(): void {
    const text = this.text;
    while (this.next < text.length) {
      const lineStart = this.next;
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline === -1 ? text.length : newline;
      this.next = lineEnd + 1;
      let index = lineStart;
      while (index < lineEnd && text.charCodeAt(index) === 32) index += 1;
      if (index === lineEnd || text.charCodeAt(index) === 35) continue;
      this.start = index;
      this.indent = index - lineStart;
      this.end = lineEnd;
      return;
    }
    this.atEnd = true;
    this.start = text.length;
    this.end = text.length;
    this.indent = -1;
  }

  /** Whether the current content starts a list entry: a dash followed by a space or the line end. */
  private isEntry(): boolean {
    return this.text.charCodeAt(this.start) === 45 && (this.start + 1 === this.end || this.text.charCodeAt(this.start + 1) === 32);
  }

  /** A block map or list starting at the current content. */
  private readBlock(): unknown {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) giveUp();
    const data = this.isEntry() ? this.readList() : this.readMap();
    this.depth -= 1;
    return data;
  }

  private readList(): unknown[] {
    const column = this.indent;
    const node: PositionNode = { kind: 'seq', start: this.start, items: [] };
    const items = node.items!;
    const data: unknown[] = [];
    while (!this.atEnd && this.indent === column && this.isEntry()) {
      let content = this.start + 1;
      while (content < this.end && this.text.charCodeAt(content) === 32) content += 1;
      let item: unknown;
      if (content === this.end || this.text.charCodeAt(content) === 35) {
        this.advance();
        if (this.indent > column) {
          item = this.readBlock();
        } else {
          item = null;
          this.child = node.start;
        }
      } else {
        // The entry's content stands in for a line of its own at that column (`- id: x`).
        this.indent = content - (this.start - column);
        this.start = content;
        if (this.isEntry() || this.findKeyEnd() !== -1) {
          item = this.readBlock();
        } else {
          item = this.readInline(column, node.start);
        }
      }
      items.push(this.child);
      data.push(item);
    }
    // A key at the list's own column may follow: the list was the value of a key there (`a:\n- x\nb: 1`).
    if (!this.atEnd && this.indent > column) giveUp();
    this.child = node;
    return data;
  }

  private readMap(): Record<string, unknown> {
    const column = this.indent;
    const node: PositionNode = { kind: 'map', start: this.start, entries: [] };
    const entries = node.entries!;
    const data: Record<string, unknown> = {};
    while (!this.atEnd && this.indent === column && !this.isEntry()) {
      const keyStart = this.start;
      const colon = this.findKeyEnd();
      if (colon === -1) giveUp();
      const key = this.readKey(keyStart, colon);
      if (Object.prototype.hasOwnProperty.call(data, key)) giveUp();
      let valueStart = colon + 1;
      while (valueStart < this.end && this.text.charCodeAt(valueStart) === 32) valueStart += 1;
      let value: unknown;
      if (valueStart === this.end || this.text.charCodeAt(valueStart) === 35) {
        this.advance();
        if (this.indent > column || (this.indent === column && this.isEntry())) {
          value = this.readBlock();
        } else {
          value = null;
          this.child = keyStart;
        }
      } else {
        this.start = valueStart;
        value = this.readInline(column, keyStart);
      }
      entries.push({ key, keyStart, value: this.child });
      setProperty(data, key, value);
    }
    if (!this.atEnd && this.indent >= column) giveUp();
    this.child = node;
    return data;
  }

  /**
   * The offset of the colon that ends the key at the current content, or -1 when the content
   * is not a key: a colon followed by a space or the line end.
   */
  private findKeyEnd(): number {
    const text = this.text;
    const first = text.charCodeAt(this.start);
    // A flow collection is a value here; one used as a key is left to js-yaml by readInline.
    if (first === 91 || first === 123) return -1;
    if (first === 34 || first === 39) {
      const close = this.findQuoteEnd(this.start);
      if (close === -1) return -1;
      return text.charCodeAt(close + 1) === 58 && (close + 2 === this.end || text.charCodeAt(close + 2) === 32) ? close + 1 : -1;
    }
    let colon = text.indexOf(':', this.start);
    while (colon !== -1 && colon < this.end) {
      if (colon + 1 === this.end || text.charCodeAt(colon + 1) === 32) return colon;
      colon = text.indexOf(':', colon + 1);
    }
    return -1;
  }

  private readKey(keyStart: number, colon: number): string {
    const text = this.text;
    const first = text.charCodeAt(keyStart);
    if (first === 34 || first === 39) return this.quotedValue(keyStart, colon - 1);
    if (isIndicator(first)) giveUp();
    const raw = text.slice(keyStart, colon);
    // Flow indicators, comments and trailing spaces in a key are left to js-yaml.
    if (/[[\]{},#]| $/.test(raw)) giveUp();
    // A key such as `1` or `null` becomes a string the way js-yaml does it; that too is left to it.
    if (typeof resolvePlain(raw) !== 'string') giveUp();
    return raw;
  }

  /**
   * A value that starts on the current line at this.start: a scalar, a one-line flow
   * collection or a block scalar. `column` is the indentation of the collection it belongs to;
   * `emptyStart` is where an empty value is said to stand (as js-yaml's positions do).
   */
  private readInline(column: number, emptyStart: number): unknown {
    const text = this.text;
    const start = this.start;
    const first = text.charCodeAt(start);
    let data: unknown;
    let after: number;
    if (first === 124 || first === 62) {
      return this.readBlockScalar(column, emptyStart);
    } else if (first === 34 || first === 39) {
      const close = this.findQuoteEnd(start);
      if (close === -1) giveUp();
      data = this.quotedValue(start, close);
      this.child = start;
      after = close + 1;
    } else if (first === 91 || first === 123) {
      const flow = new FlowLine(this, text, start, this.end);
      data = first === 91 ? flow.readList() : flow.readMap();
      this.child = flow.child;
      after = flow.position;
    } else {
      if (isIndicator(first) && !startsPlain(text, start, this.end)) giveUp();
      let stop = text.indexOf(' #', start);
      if (stop === -1 || stop > this.end) stop = this.end;
      while (text.charCodeAt(stop - 1) === 32) stop -= 1;
      const raw = text.slice(start, stop);
      // A `: ` or a final colon would start a nested map (an error); js-yaml reports it.
      if (raw.includes(': ') || raw.endsWith(':')) giveUp();
      data = resolvePlain(raw);
      this.child = start;
      after = stop;
    }
    this.expectLineEnd(after);
    this.advance();
    // A more indented line after a scalar would continue it (or be an error): left to js-yaml.
    if (!this.atEnd && this.indent > column) giveUp();
    return data;
  }

  /** Nothing but spaces and a comment may follow a value on its line. */
  expectLineEnd(from: number): void {
    let index = from;
    while (index < this.end && this.text.charCodeAt(index) === 32) index += 1;
    if (index === this.end) return;
    if (this.text.charCodeAt(index) !== 35 || index === from) giveUp();
  }

  /** The offset of the closing quote of a one-line quoted scalar starting at `open`, or -1. */
  findQuoteEnd(open: number): number {
    const text = this.text;
    const quote = text.charCodeAt(open);
    let index = open + 1;
    while (index < this.end) {
      const code = text.charCodeAt(index);
      if (code === 92 && quote === 34) return -1; // escapes are left to js-yaml
      if (code === quote) {
        if (quote === 39 && text.charCodeAt(index + 1) === 39) {
          index += 2;
          continue;
        }
        return index;
      }
      index += 1;
    }
    return -1;
  }

  quotedValue(open: number, close: number): string {
    const inner = this.text.slice(open + 1, close);
    return this.text.charCodeAt(open) === 39 && inner.includes("''") ? inner.replaceAll("''", "'") : inner;
  }

  /**
   * A literal or folded block scalar. Its lines run until the first line with content at or
   * left of `column`; that stretch is handed to js-yaml on its own, so chomping, folding and
   * indentation follow js-yaml to the letter.
   */
  private readBlockScalar(column: number, emptyStart: number): unknown {
    const text = this.text;
    const header = this.start;
    if (!BLOCK_HEADER.test(text.slice(header, this.end))) giveUp();
    // Inside a block scalar a `#` line is content, so lines are looked at here without
    // advance(): the stretch ends at the first line with anything at or left of `column`.
    let stop = this.next;
    while (stop < text.length) {
      let index = stop;
      while (text.charCodeAt(index) === 32) index += 1;
      const blank = index >= text.length || text.charCodeAt(index) === 10;
      if (!blank && index - stop <= column) break;
      const newline = text.indexOf('\n', index);
      stop = newline === -1 ? text.length : newline + 1;
    }
    this.next = stop;
    this.advance();
    const prefix = 'x: ';
    const fragment = prefix + text.slice(header, stop);
    let scalar: ScalarEvent | undefined;
    try {
      const events = parseEvents(fragment, {});
      scalar = events.filter((event) => event.type === EVENT_ID.SCALAR)[1] as ScalarEvent | undefined;
    } catch {
      giveUp();
    }
    if (scalar === undefined || (scalar.style !== SCALAR_STYLE.LITERAL_BLOCK && scalar.style !== SCALAR_STYLE.FOLDED_BLOCK)) giveUp();
    this.child = scalar.valueStart < 0 ? emptyStart : scalar.valueStart - prefix.length + header;
    return getScalarValue(fragment, scalar);
  }
}

/** A flow list or map that opens and closes on one line, holding scalars only. */
class FlowLine {
  position: number;
  /** As in PlainReader: the position of the value just read. */
  child: Child = 0;
  private depth = 0;

  constructor(
    private readonly reader: PlainReader,
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.position = start;
  }

  readList(): unknown[] {
    const node: PositionNode = { kind: 'seq', start: this.position, items: [] };
    const items = node.items!;
    const data: unknown[] = [];
    this.position += 1;
    this.skipSpaces();
    if (this.text.charCodeAt(this.position) !== 93) {
      do {
        data.push(this.readItem(93));
        items.push(this.child);
      } while (!this.closes(93));
    } else {
      this.position += 1;
    }
    this.child = node;
    return data;
  }

  readMap(): Record<string, unknown> {
    const node: PositionNode = { kind: 'map', start: this.position, entries: [] };
    const entries = node.entries!;
    const data: Record<string, unknown> = {};
    this.position += 1;
    this.skipSpaces();
    if (this.text.charCodeAt(this.position) !== 125) {
      do {
        const keyStart = this.position;
        const key = this.readScalar(58);
        if (typeof key !== 'string' || Object.prototype.hasOwnProperty.call(data, key)) giveUp();
        if (this.text.charCodeAt(this.position) !== 58 || this.text.charCodeAt(this.position + 1) !== 32) giveUp();
        this.position += 1;
        this.skipSpaces();
        const value = this.readItem(125);
        entries.push({ key, keyStart, value: this.child });
        setProperty(data, key, value);
      } while (!this.closes(125));
    } else {
      this.position += 1;
    }
    this.child = node;
    return data;
  }

  /** After an item: `,` and more items (false), or the closing bracket (true). */
  private closes(close: number): boolean {
    this.skipSpaces();
    const code = this.text.charCodeAt(this.position);
    if (code === close) {
      this.position += 1;
      return true;
    }
    if (code !== 44 || this.position >= this.end) giveUp();
    this.position += 1;
    this.skipSpaces();
    // A trailing comma and an empty item are left to js-yaml.
    const next = this.text.charCodeAt(this.position);
    if (this.position >= this.end || next === 44 || next === close) giveUp();
    return false;
  }

  /** A scalar or a nested flow collection, as an item or a map value. */
  private readItem(stop: number): unknown {
    const first = this.text.charCodeAt(this.position);
    if (first !== 91 && first !== 123) return this.readScalar(stop);
    this.depth += 1;
    if (this.depth > MAX_DEPTH) giveUp();
    const data = first === 91 ? this.readList() : this.readMap();
    this.depth -= 1;
    this.skipSpaces();
    return data;
  }

  /** A quoted or plain scalar inside the flow collection, ending before `stop` or `,`. */
  private readScalar(stop: number): unknown {
    const text = this.text;
    const start = this.position;
    if (start >= this.end) giveUp();
    const first = text.charCodeAt(start);
    this.child = start;
    if (first === 34 || first === 39) {
      const close = this.reader.findQuoteEnd(start);
      if (close === -1) giveUp();
      this.position = close + 1;
      this.skipSpaces();
      return this.reader.quotedValue(start, close);
    }
    if (isIndicator(first) && !startsPlain(text, start, this.end)) giveUp();
    let index = start;
    while (index < this.end) {
      const code = text.charCodeAt(index);
      if (code < 128 && FLOW_SPECIAL[code] === 1) {
        if (code === 44 || code === stop) break;
        giveUp();
      }
      index += 1;
    }
    if (index >= this.end) giveUp();
    let last = index;
    while (text.charCodeAt(last - 1) === 32) last -= 1;
    this.position = index;
    return resolvePlain(text.slice(start, last));
  }

  private skipSpaces(): void {
    while (this.position < this.end && this.text.charCodeAt(this.position) === 32) this.position += 1;
  }
}

/**
 * The characters a null, boolean, integer or float of the core schema can start with
 * (`~`, null, true, false, signs, digits, `.inf`, `.nan`). A plain scalar starting with any
 * other character is a string, and is taken as it is without asking the schema.
 */
const CORE_FIRST = codeTable('~nNtTfF+-.0123456789');

/** A plain scalar's value under the core schema, as js-yaml resolves it. */
export function resolvePlain(raw: string): unknown {
  const first = raw.charCodeAt(0);
  return first >= 128 || CORE_FIRST[first] === 0 ? raw : CORE_SCHEMA.resolveImplicitScalarTag(raw).value;
}

/** `-`, `?` and `:` start a plain scalar when a visible character follows (`-1`, `-x`). */
function startsPlain(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  return (first === 45 || first === 63 || first === 58) && start + 1 < end && text.charCodeAt(start + 1) !== 32;
}

function isIndicator(code: number): boolean {
  return code < 128 && INDICATORS[code] === 1;
}

/** A lookup table over ASCII codes: 1 for each character of `chars`. */
function codeTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const char of chars) table[char.charCodeAt(0)] = 1;
  return table;
}

/** As js-yaml's object maps do: `__proto__` becomes an own property, never the prototype. */
export function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  else target[key] = value;
}

/**
 * Mutations of a YAML file as text: what a careless edit, a bad merge, an editor with odd
 * settings or a hostile author does to a file. Each takes the text and returns a new one; a
 * mutation that finds nothing to work on returns the text unchanged. Byte-level damage (invalid
 * UTF-8) comes last, as a separate step, since the file is then no longer text.
 */
import type { Random } from './random.js';

export interface TextMutation {
  name: string;
  weight: number;
  apply(text: string, random: Random, others: readonly string[]): string;
}

/** Characters YAML gives a meaning to, and a few that editors and terminals do. */
const INDICATORS = [':', '-', '?', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '#', "'", '"', ',', '\\', ': ', '- ', '? ', '#', ' #'];

/** Whitespace, line breaks, controls and Unicode that trip readers and renderers. */
const SPECIALS = [
  '\t',
  '\r\n',
  '\r',
  '\n',
  '\uFEFF',
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u000B',
  '\u000C',
  '\u001B[31m',
  '\u007F',
  '\u0085',
  '\u00A0',
  '\u2028',
  '\u2029',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202E',
  '\u2066',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uD83D\uDE00',
  '\uD834\uDD1E',
  'e\u0301',
  '\u0301',
  '\uFF1A',
  '\uFE58',
  '\uFFFD',
  '\uFFFF',
  '\uFFFE',
  'İ',
  'ß',
  '\u0130\u0131',
  '<script>',
  '{{',
  '}}',
  '{{{x}}}',
  '{{#a}}',
  '{{/a}}',
  '{{>p}}',
  '$(id)',
  '%s',
  '../',
  '|',
];

const HUGE_NUMBERS = [
  '0',
  '-0',
  '-1',
  '0.0',
  '1e309',
  '-1e309',
  '1e-400',
  '1.7976931348623157e308',
  '5e-324',
  '9007199254740993',
  '-9007199254740993',
  '123456789012345678901234567890',
  '0x7FFFFFFF',
  '0xFFFFFFFFFFFFFFFFFF',
  '0o777',
  '0b101',
  '1_000',
  '.inf',
  '-.inf',
  '.nan',
  '.NaN',
  '+12',
  '1.',
  '.5',
  '1e3',
  '2026-11-22',
  '2026-02-30',
  '12:30:00',
  '~',
  'null',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
];

const TAGS = ['!!str ', '!!int ', '!!float ', '!!bool ', '!!null ', '!!binary ', '!!timestamp ', '!!set ', '!!omap ', '!!pairs ', '!!map ', '!!seq ', '!custom ', '!<tag:yaml.org,2002:str> ', '!!python/object ', '!!js/function ', '! '];

const DIRECTIVES = ['---', '...', '--- |', '--- >', '---\n---', '%YAML 1.2\n---', '%YAML 1.1\n---', '%TAG ! tag:example.com,2000:\n---', '%FOO bar\n---', '--- !!map', '--- # comment'];

const WEIRD_KEYS = [
  '__proto__: { polluted: yes }',
  '__proto__: x',
  'constructor: x',
  'prototype: x',
  'toString: x',
  'hasOwnProperty: x',
  'valueOf: [x]',
  '? complex key\n: value',
  '? [a, b]\n: value',
  '[a, b]: c',
  '{a: b}: c',
  '1: one',
  '1.5: x',
  'null: x',
  '~: x',
  'true: x',
  '"": empty',
  "'': empty",
  '<<: { summary: merged }',
  '<<: *nowhere',
  '<<: [*a, *b]',
  'x: &a { y: *a }',
];

const LONG_UNITS = ['x', 'é', '\u{1F600}', 'word ', 'a-b_', '{{x}}', '|', '\u202E', ' '];

function randomPosition(text: string, random: Random): number {
  return random.below(text.length + 1);
}

function splitLines(text: string): string[] {
  return text.split('\n');
}

/** A position just after a `: ` (a value's start), when there is one; else anywhere. */
function valuePosition(text: string, random: Random): number {
  const starts: number[] = [];
  const pattern = /: /g;
  for (let match = pattern.exec(text); match !== null && starts.length < 2000; match = pattern.exec(text)) starts.push(match.index + 2);
  return starts.length > 0 ? random.pick(starts) : randomPosition(text, random);
}

/** The [start, end) of a value after `: ` up to the end of its line, when there is one. */
function valueSpan(text: string, random: Random): [number, number] | undefined {
  const start = valuePosition(text, random);
  if (start > text.length) return undefined;
  const newline = text.indexOf('\n', start);
  return [start, newline < 0 ? text.length : newline];
}

function insertAt(text: string, position: number, insert: string): string {
  return text.slice(0, position) + insert + text.slice(position);
}

function replaceSpan(text: string, [start, end]: [number, number], replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end);
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** Nested flow or block collections, `depth` levels deep. */
function deepNesting(random: Random): string {
  const depth = random.weighted([
    [4, random.between(20, 120)],
    [2, random.between(120, 2000)],
    [1, random.between(2000, 20000)],
  ] as const);
  switch (random.below(4)) {
    case 0:
      return `${'['.repeat(depth)}x${']'.repeat(depth)}`;
    case 1:
      return `${'{a: '.repeat(depth)}x${'}'.repeat(depth)}`;
    case 2: {
      const levels = Math.min(depth, 400);
      const lines: string[] = [];
      for (let level = 0; level < levels; level += 1) lines.push(`${' '.repeat(level)}a${level}:`);
      lines.push(`${' '.repeat(levels)}x`);
      return `\n${lines.join('\n')}\n`;
    }
    default: {
      const levels = Math.min(depth, 400);
      return `\n${Array.from({ length: levels }, (_, level) => `${'  '.repeat(level)}- `).join('\n')}x\n`;
    }
  }
}

/** The classic billion-laughs file, with a size that may or may not pass the caps. */
function aliasBomb(random: Random): string {
  const width = random.between(2, 10);
  const levels = random.between(2, 12);
  const lines = [`b0: &b0 [${Array(width).fill('lol').join(', ')}]`];
  for (let level = 1; level <= levels; level += 1) lines.push(`b${level}: &b${level} [${Array(width).fill(`*b${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

export const TEXT_MUTATIONS: readonly TextMutation[] = [
  {
    name: 'replace-char',
    weight: 6,
    apply: (text, random) => {
      if (text.length === 0) return text;
      const at = random.below(text.length);
      const replacement = random.chance(0.5) ? random.pick(INDICATORS) : random.pick(SPECIALS);
      return text.slice(0, at) + replacement + text.slice(at + 1);
    },
  },
  {
    name: 'insert-indicator',
    weight: 8,
    apply: (text, random) => insertAt(text, random.chance(0.6) ? valuePosition(text, random) : randomPosition(text, random), random.pick(INDICATORS)),
  },
  {
    name: 'insert-special',
    weight: 8,
    apply: (text, random) => insertAt(text, random.chance(0.5) ? valuePosition(text, random) : randomPosition(text, random), random.pick(SPECIALS)),
  },
  {
    name: 'delete-range',
    weight: 4,
    apply: (text, random) => {
      const start = randomPosition(text, random);
      return text.slice(0, start) + text.slice(start + random.between(1, 40));
    },
  },
  {
    name: 'truncate',
    weight: 3,
    apply: (text, random) => text.slice(0, randomPosition(text, random)),
  },
  {
    name: 'duplicate-line',
    weight: 4,
    apply: (text, random) => {
      const lines = splitLines(text);
      const at = random.below(lines.length);
      lines.splice(at, 0, lines[at] ?? '');
      return lines.join('\n');
    },
  },
  {
    name: 'delete-line',
    weight: 4,
    apply: (text, random) => {
      const lines = splitLines(text);
      lines.splice(random.below(lines.length), random.chance(0.8) ? 1 : random.between(2, 8));
      return lines.join('\n');
    },
  },
  {
    name: 'swap-lines',
    weight: 3,
    apply: (text, random) => {
      const lines = splitLines(text);
      const a = random.below(lines.length);
      const b = random.chance(0.5) ? Math.min(lines.length - 1, a + 1) : random.below(lines.length);
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    },
  },
  {
    name: 'indent',
    weight: 5,
    apply: (text, random) => {
      const lines = splitLines(text);
      const at = random.below(lines.length);
      const line = lines[at] ?? '';
      const indent = indentOf(line);
      const rest = line.slice(indent.length);
      const choice = random.below(5);
      const next =
        choice === 0
          ? indent + ' '.repeat(random.between(1, 4)) + rest
          : choice === 1
            ? indent.slice(random.between(1, 4)) + rest
            : choice === 2
              ? indent.replace(/ {2}/g, '\t') + rest
              : choice === 3
                ? `\t${line}`
                : ' '.repeat(random.between(40, 200)) + rest;
      lines[at] = next;
      return lines.join('\n');
    },
  },
  {
    name: 'splice-seed',
    weight: 5,
    apply: (text, random, others) => {
      if (others.length === 0) return text;
      const donor = splitLines(random.pick(others));
      const from = random.below(donor.length);
      const block = donor.slice(from, from + random.between(1, 12));
      const lines = splitLines(text);
      lines.splice(random.below(lines.length + 1), 0, ...block);
      return lines.join('\n');
    },
  },
  {
    name: 'huge-number',
    weight: 5,
    apply: (text, random) => {
      const numbers = [...text.matchAll(/(?<=[:\[,] *)-?\d[\d.]*/g)];
      const number = numbers.length > 0 ? random.pick(numbers) : undefined;
      const replacement = random.pick(HUGE_NUMBERS);
      if (number?.index !== undefined && random.chance(0.7)) return text.slice(0, number.index) + replacement + text.slice(number.index + number[0].length);
      const span = valueSpan(text, random);
      return span ? replaceSpan(text, span, replacement) : text;
    },
  },
  {
    name: 'long-string',
    weight: 3,
    apply: (text, random) => {
      const length = random.weighted([
        [5, random.between(200, 5_000)],
        [2, random.between(5_000, 100_000)],
        [1, random.between(100_000, 600_000)],
      ] as const);
      const unit = random.pick(LONG_UNITS);
      const long = unit.repeat(Math.ceil(length / unit.length));
      if (random.chance(0.2)) return insertAt(text, 0, `${long}: x\n`);
      const span = valueSpan(text, random);
      return span ? replaceSpan(text, span, random.chance(0.5) ? long : JSON.stringify(long)) : text + long;
    },
  },
  {
    name: 'deep-nesting',
    weight: 3,
    apply: (text, random) => {
      const nested = deepNesting(random);
      if (nested.startsWith('\n')) {
        const lines = splitLines(text);
        lines.splice(random.below(lines.length + 1), 0, nested.slice(1, -1));
        return lines.join('\n');
      }
      const span = valueSpan(text, random);
      return span ? replaceSpan(text, span, nested) : `${text}\nnested: ${nested}\n`;
    },
  },
  {
    name: 'anchor-alias',
    weight: 4,
    apply: (text, random) => {
      const first = valuePosition(text, random);
      const withAnchor = insertAt(text, first, '&a ');
      const span = valueSpan(withAnchor, random);
      if (!span) return withAnchor;
      const alias = random.pick(['*a', '*a', '*b', '*', '&a *a', '*a ]', '[*a, *a, *a]']);
      return replaceSpan(withAnchor, span, alias);
    },
  },
  {
    name: 'alias-bomb',
    weight: 2,
    apply: (text, random) => {
      const bomb = aliasBomb(random);
      if (random.chance(0.5)) return bomb + text;
      const span = valueSpan(text, random);
      const levels = (bomb.match(/^b\d+:/gm) ?? []).length - 1;
      return span ? `${bomb}${replaceSpan(text, span, `*b${levels}`)}` : bomb + text;
    },
  },
  {
    name: 'documents',
    weight: 3,
    apply: (text, random) => {
      const lines = splitLines(text);
      lines.splice(random.chance(0.3) ? 0 : random.below(lines.length + 1), 0, random.pick(DIRECTIVES));
      return lines.join('\n');
    },
  },
  {
    name: 'tag',
    weight: 3,
    apply: (text, random) => insertAt(text, valuePosition(text, random), random.pick(TAGS)),
  },
  {
    name: 'weird-key',
    weight: 4,
    apply: (text, random) => {
      const lines = splitLines(text);
      const at = random.below(lines.length + 1);
      const indent = indentOf(lines[at] ?? lines[at - 1] ?? '').replace(/- /, '  ');
      lines.splice(at, 0, ...random.pick(WEIRD_KEYS).split('\n').map((line) => indent + line));
      return lines.join('\n');
    },
  },
  {
    name: 'line-endings',
    weight: 2,
    apply: (text, random) => {
      switch (random.below(4)) {
        case 0:
          return text.replace(/\n/g, '\r\n');
        case 1:
          return text.replace(/\n/g, '\r');
        case 2:
          return text.replace(/\n/g, () => (random.chance(0.5) ? '\r\n' : '\n'));
        default:
          return text.replace(/\n/g, '\u2028');
      }
    },
  },
  {
    name: 'bom',
    weight: 1,
    apply: (text, random) => (random.chance(0.7) ? `\uFEFF${text}` : `\uFEFF\uFEFF${text}`),
  },
  {
    name: 'comment',
    weight: 2,
    apply: (text, random) => insertAt(text, random.chance(0.5) ? valuePosition(text, random) : randomPosition(text, random), random.pick([' # note', '#', ' #', '# ---', '#\u202E'])),
  },
  {
    name: 'quote',
    weight: 3,
    apply: (text, random) => {
      const span = valueSpan(text, random);
      if (!span) return text;
      const value = text.slice(...span);
      const quoted = random.pick([`"${value}"`, `'${value}'`, `"${value}`, `'${value}`, `"${value.replace(/./g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`, `"\\x${value}"`, `"\\ud800"`, `"\\U0010FFFF"`, `"\\U00110000"`, `'it''s'`]);
      return replaceSpan(text, span, quoted);
    },
  },
  {
    name: 'block-scalar',
    weight: 2,
    apply: (text, random) => {
      const span = valueSpan(text, random);
      if (!span) return text;
      const header = random.pick(['|', '>', '|-', '>+', '|2', '>9', '|0', '| # c', '|\n', '>\n  folded\n   more']);
      return replaceSpan(text, span, header);
    },
  },
  {
    name: 'repeat-block',
    weight: 2,
    apply: (text, random) => {
      const lines = splitLines(text);
      const from = random.below(lines.length);
      const block = lines.slice(from, from + random.between(1, 10));
      const copies = random.weighted([
        [4, random.between(2, 50)],
        [1, random.between(50, 3000)],
      ] as const);
      const repeated: string[] = [];
      for (let copy = 0; copy < copies; copy += 1) repeated.push(...block);
      lines.splice(from, 0, ...repeated);
      return lines.join('\n');
    },
  },
  {
    name: 'replace-whole',
    weight: 1,
    apply: (_text, random) =>
      random.pick(['', ' ', '\n', '\n\n\n', '# only a comment\n', '---\n', '...\n', '~\n', 'null\n', '[]\n', '{}\n', '- a\n- b\n', 'just a string\n', '42\n', '"quoted"\n', '|\n  block\n', '&a x\n', '*a\n', '!!binary aGVsbG8=\n', '\uFEFF', '\u0000', '---\n---\n', 'a: 1\n---\nb: 2\n']),
  },
];

export interface ByteMutation {
  name: string;
  apply(bytes: Uint8Array, random: Random): Uint8Array;
}

/** Damage to the bytes of the file: what a wrong encoding or a cut-off copy leaves behind. */
export const BYTE_MUTATIONS: readonly ByteMutation[] = [
  {
    name: 'flip-byte',
    apply: (bytes, random) => {
      const copy = Uint8Array.from(bytes);
      if (copy.length > 0) copy[random.below(copy.length)] = random.below(256);
      return copy;
    },
  },
  {
    name: 'invalid-utf8',
    apply: (bytes, random) => {
      const bad = random.pick([[0xff], [0xfe], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]);
      const at = random.below(bytes.length + 1);
      return Uint8Array.from([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at)]);
    },
  },
  {
    name: 'utf16',
    apply: (bytes) => {
      const text = new TextDecoder().decode(bytes);
      const out = new Uint8Array(2 + text.length * 2);
      out[0] = 0xff;
      out[1] = 0xfe;
      for (let index = 0; index < text.length; index += 1) {
        const code = text.charCodeAt(index);
        out[2 + index * 2] = code & 0xff;
        out[3 + index * 2] = code >> 8;
      }
      return out;
    },
  },
  {
    name: 'cut-multibyte',
    apply: (bytes, random) => {
      const starts: number[] = [];
      for (let index = 0; index < bytes.length; index += 1) if ((bytes[index]! & 0xc0) === 0xc0) starts.push(index);
      if (starts.length === 0) return Uint8Array.from([...bytes, 0xe2, 0x82]);
      return bytes.subarray(0, random.pick(starts) + 1);
    },
  },
];

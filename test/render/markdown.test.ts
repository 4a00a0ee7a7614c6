import { describe, expect, it } from 'vitest';
import {
  endSentence,
  escapeInline,
  escapeLineStart,
  escapeMermaidLabel,
  escapeTableCell,
  formatCode,
  formatYamlScalar,
  joinWords,
  normaliseDocument,
} from '../../src/render/markdown.js';

describe('escapeTableCell', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['line one\nline two', 'line one line two'],
    ['  padded\r\n\r\n  text  ', 'padded text'],
    ['`x|y`', '`x\\|y`'],
    ['', '—'],
    ['   ', '—'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeTableCell(input)).toBe(expected);
  });
});

describe('escapeInline', () => {
  it('keeps text that looks like an HTML tag visible', () => {
    expect(escapeInline('call <legacy> and <!-- x')).toBe('call \\<legacy> and \\<!-- x');
  });

  it('leaves comparisons and arrows alone', () => {
    expect(escapeInline('p99 < 800 ms, a -> b')).toBe('p99 < 800 ms, a -> b');
  });
});

describe('escapeLineStart', () => {
  it.each([
    ['# not a heading', '\\# not a heading'],
    ['- not a list', '\\- not a list'],
    ['1. not a list', '1\\. not a list'],
    ['> not a quote', '\\> not a quote'],
    ['--- not a rule', '\\--- not a rule'],
    ['plain text', 'plain text'],
    ['-1 degrees', '-1 degrees'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeLineStart(input)).toBe(expected);
  });
});

describe('escapeMermaidLabel', () => {
  it.each([
    ['crm "legacy" | v2', 'crm #quot;legacy#quot; | v2'],
    ['<b>bold</b>', '#lt;b#gt;bold#lt;/b#gt;'],
    ['`md`', '#96;md#96;'],
    ['a #quot; b', 'a #35;quot; b'],
    ['C# service', 'C# service'],
    ['two\nlines', 'two lines'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeMermaidLabel(input)).toBe(expected);
  });
});

describe('formatCode', () => {
  it.each([
    ['plain', '`plain`'],
    ['a`b', '``a`b``'],
    ['`edge`', '`` `edge` ``'],
  ])('%j becomes %j', (input, expected) => {
    expect(formatCode(input)).toBe(expected);
  });
});

describe('formatYamlScalar', () => {
  it.each([
    ['payments team, platform team', 'payments team, platform team'],
    ['security: fraud desk', '"security: fraud desk"'],
    ['#ops', '"#ops"'],
    ['yes', '"yes"'],
    ['2026', '"2026"'],
    ['Zoë (QA)', 'Zoë (QA)'],
    ['say "hi"', '"say \\"hi\\""'],
  ])('%j becomes %j', (input, expected) => {
    expect(formatYamlScalar(input)).toBe(expected);
  });
});

describe('small text helpers', () => {
  it('joins words for prose', () => {
    expect(joinWords([])).toBe('');
    expect(joinWords(['a'])).toBe('a');
    expect(joinWords(['a', 'b'])).toBe('a and b');
    expect(joinWords(['a', 'b', 'c'], 'or')).toBe('a, b or c');
  });

  it('ends a sentence once', () => {
    expect(endSentence('done')).toBe('done.');
    expect(endSentence('done.')).toBe('done.');
    expect(endSentence('really?')).toBe('really?');
  });
});

describe('normaliseDocument', () => {
  it('strips trailing spaces, folds blank-line runs and ends with one newline', () => {
    expect(normaliseDocument('\n\n# T  \n\n\n\ntext\t\r\n\n\n')).toBe('# T\n\ntext\n');
  });
});

import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import {
  createMarkdownFormatter,
  endSentence,
  escapeHeadingEnd,
  escapeInline,
  escapeLineStart,
  escapeMermaidLabel,
  escapeTableCell,
  foldLines,
  formatCode,
  formatTableCell,
  formatYamlScalar,
  joinWords,
  normaliseBlock,
  normaliseDocument,
  normalisePieces,
  plainFormatter,
  replaceControlCharacters,
} from '../../src/render/markdown.js';

/** Whitespace and markup pieces; every string of up to three of them is a case below. */
const PIECES = ['', 'a', 'b c', ' ', '  ', '\t', '\n', '\r\n', '\r', '\n\n\n', '\u00a0', '\u2028', '|', '`', '<b', '# x', '1. y'];

function combinations(): string[] {
  const out: string[] = [];
  for (const a of PIECES) for (const b of PIECES) for (const c of PIECES) out.push(a + b + c);
  return out;
}

describe('escapeTableCell', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['a \\| b', 'a \\\\| b'],
    ['line one\nline two', 'line one line two'],
    ['  padded\r\n\r\n  text  ', 'padded text'],
    ['`x|y`', '`x\\|y`'],
    ['', '-'],
    ['   ', '-'],
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

  it.each([
    ['[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
    ['![img](x.png) and [^1]', '!\\[img\\](x.png) and \\[^1\\]'],
    ['*a* **b** ~c~ `d`', '\\*a\\* \\*\\*b\\*\\* \\~c\\~ \\`d\\`'],
    ['_leading and trailing_', '\\_leading and trailing\\_'],
    ['snake_case_name and größe_ü', 'snake_case_name and größe_ü'],
    ['C:\\dir\\file', 'C:\\dir\\file'],
    ['ends with \\', 'ends with \\\\'],
    ['a \\* b', 'a \\\\\\* b'],
    ['&amp; &#60; &#x3c; &x R&D', '\\&amp; \\&#60; \\&#x3c; &x R&D'],
    ['<https://example.com>', '\\<https://example.com>'],
    ['nul\u0000 bel\u0007 del\u007f nel\u0085', 'nul\ufffd bel\ufffd del\ufffd nel\ufffd'],
    ['Zahlungen 💳 עברית \u200b', 'Zahlungen 💳 עברית \u200b'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeInline(input)).toBe(expected);
  });
});

describe('replaceControlCharacters', () => {
  it('marks every C0 and C1 control character but tab and line breaks, and nothing else', () => {
    for (let code = 0; code <= 0xa0; code += 1) {
      const char = String.fromCharCode(code);
      const control = (code < 0x20 && ![0x09, 0x0a, 0x0b, 0x0c, 0x0d].includes(code)) || (code >= 0x7f && code <= 0x9f);
      expect(replaceControlCharacters(`a${char}b`), `U+${code.toString(16)}`).toBe(control ? 'a\ufffdb' : `a${char}b`);
    }
  });
});

/**
 * Plain text must read back exactly as written once a real renderer has read the Markdown: a
 * missing escape turns it into markup, an extra one shows a backslash.
 */
describe('plain text through a GFM renderer', () => {
  const marked = new Marked({ gfm: true });
  const TEXTS = [
    '[x](javascript:alert(1))',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<!-- hidden',
    '*a* _b_ ~c~ ~~d~~ `e` **f** __g__',
    'snake_case and _edge_',
    'back\\slash \\* \\| and trailing \\',
    '&amp; &lt;script&gt; &#60; R&D',
    'a | b || c',
    '[^1] [ref][] ![alt](src)',
    'x]]> y',
    '# not a heading',
    '1. not a list',
    '- not a list',
    '> not a quote',
    '---',
    '===',
    '    indented',
    '```',
    '~~~',
    '<https://example.com> <mailto:a@b.c> www.example.com',
    'C #',
  ];
  // GFM turns bare web and mail addresses into links, as it does anywhere on GitHub: a link
  // to such an address is the one element plain text may become.
  const unlink = (html: string): string => html.replace(/<a href="(?:https?:\/\/|mailto:)[^"]*">|<\/a>/g, '');
  const decode = (html: string): string =>
    unlink(html).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

  it.each(TEXTS)('%j shows as written in a paragraph, at the start of a line', (text) => {
    const html = marked.parse(`${escapeLineStart(text)}\n`, { async: false }) as string;
    expect(html).toBe(`<p>${html.slice(3, -5)}</p>\n`);
    expect(decode(html.slice(3, -5))).toBe(foldLines(text));
    expect(unlink(html.slice(3, -5))).not.toMatch(/</);
  });

  it.each(TEXTS)('%j shows as written in a table cell', (text) => {
    const html = marked.parse(`| a | b |\n|---|---|\n| ${escapeTableCell(escapeInline(text))} | z |\n`, { async: false }) as string;
    const cells = [...html.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((match) => match[1]!);
    expect(cells).toHaveLength(2);
    expect(decode(cells[0]!)).toBe(foldLines(text));
    expect(cells[1]).toBe('z');
  });

  it.each(TEXTS)('%j shows as written at the end of a heading', (text) => {
    const html = marked.parse(`# ${escapeHeadingEnd(escapeInline(text))}\n`, { async: false }) as string;
    expect(html.startsWith('<h1>') && html.endsWith('</h1>\n'), html).toBe(true);
    expect(decode(html.slice(4, -6))).toBe(foldLines(text));
  });
});

describe('escapeHeadingEnd', () => {
  it.each([
    ['C #', 'C \\#'],
    ['a ##', 'a \\##'],
    ['##', '\\##'],
    ['C#', 'C#'],
    ['a #b', 'a #b'],
    ['a \\#', 'a \\#'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeHeadingEnd(input)).toBe(expected);
  });
});

describe('escapeLineStart', () => {
  it.each([
    ['# not a heading', '\\# not a heading'],
    ['- not a list', '\\- not a list'],
    ['1. not a list', '1\\. not a list'],
    ['> not a quote', '\\> not a quote'],
    ['--- not a rule', '\\--- not a rule'],
    ['===', '\\==='],
    ['+ not a list', '\\+ not a list'],
    ['2) not a list', '2\\) not a list'],
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
    ['%%{init: {"theme": "dark"}}%%', '#37;#37;{init: {#quot;theme#quot;: #quot;dark#quot;}}#37;#37;'],
    ['R&D &amp; &#60;', 'R&D #38;amp; #38;#35;60;'],
    ['style n1 fill:#f00;', '#115;tyle n1 fill:#35;f00;'],
    ['classDef x fill:#f00;', '#99;lassDef x fill:#35;f00;'],
    ['lifestyle: #1 team', 'lifestyle: #1 team'],
    ['nul\u0000', 'nul\ufffd'],
    [' \t', '#160;'],
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
    ['nul\u0000', '"nul\ufffd"'],
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

describe('foldLines', () => {
  it('agrees with folding every whitespace run and trimming, on any mix of whitespace', () => {
    for (const text of combinations()) {
      expect(foldLines(text), JSON.stringify(text)).toBe(text.replace(/\s+/g, ' ').trim());
    }
  });

  it('folds every character JavaScript counts as whitespace', () => {
    for (let code = 0; code <= 0xffff; code += 1) {
      const char = String.fromCharCode(code);
      if (!/\s/.test(char) || char === ' ') continue;
      expect(foldLines(`a${char}b`), `U+${code.toString(16)}`).toBe('a b');
    }
  });
});

/** The definition normaliseDocument keeps to, written the obvious way. */
function normaliseByLines(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.replace(/[ \t]+$/, ''));
  const kept: string[] = [];
  for (const line of lines) {
    if (line === '' && (kept.length === 0 || kept[kept.length - 1] === '')) continue;
    kept.push(line);
  }
  while (kept[kept.length - 1] === '') kept.pop();
  return `${kept.join('\n')}\n`;
}

describe('normaliseDocument', () => {
  it('strips trailing spaces, folds blank-line runs and ends with one newline', () => {
    expect(normaliseDocument('\n\n# T  \n\n\n\ntext\t\r\n\n\n')).toBe('# T\n\ntext\n');
  });

  it('agrees with the line-by-line definition', () => {
    for (const piece of combinations()) {
      const text = `${piece}\n# T \n${piece}\n\n${piece}`;
      expect(normaliseDocument(text), JSON.stringify(text)).toBe(normaliseByLines(text));
    }
  });

  it('leaves a normal document as it is', () => {
    const text = '# T\n\n* a\n* b\n\ntext\n';
    expect(normaliseDocument(text)).toBe(text);
    expect(normaliseDocument('')).toBe('\n');
    expect(normaliseDocument(' \t\n\n')).toBe('\n');
    expect(normaliseDocument('no newline')).toBe('no newline\n');
  });

  it('holds a multi-line block to the same rules, without the final newline', () => {
    expect(normaliseBlock('a  \r\n\r\n\r\nb\t')).toBe('a\n\nb');
  });
});

describe('normalisePieces', () => {
  it('gives, joined, what the line-by-line definition gives for the whole text, wherever it is cut', () => {
    const wrong: string[] = [];
    for (const piece of combinations()) {
      const text = `${piece}\n# T \n${piece}\n\n${piece}`;
      const expected = normaliseByLines(text);
      const cuts = [[...text], ['', text, ''], ...[...text].map((_, at) => [text.slice(0, at), text.slice(at)])];
      for (const pieces of cuts) {
        if ([...normalisePieces(pieces)].join('') !== expected) wrong.push(JSON.stringify(pieces));
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('hands on each finished line as soon as its piece arrives, holding back the blank lines at its end', () => {
    const pieces = normalisePieces(['# T\n\ntext', ' more\n\n', '\n* a  \n', '\n\n']);
    expect([...pieces]).toEqual(['# T\n', '\ntext more\n', '\n* a\n', '']);
  });
});

describe('createMarkdownFormatter', () => {
  it('gives what the plain escapers give, also when asked again', () => {
    const format = createMarkdownFormatter();
    for (const text of combinations()) {
      for (const round of [1, 2]) {
        const label = `${JSON.stringify(text)}, round ${round}`;
        expect(format.inline(text), label).toBe(plainFormatter.inline(text));
        expect(format.lineStart(text), label).toBe(escapeLineStart(text));
        expect(format.code(text), label).toBe(formatCode(text));
        expect(format.sentence(text), label).toBe(endSentence(escapeInline(text)));
      }
    }
  });

  it('remembers only within one formatter', () => {
    const first = createMarkdownFormatter();
    const second = createMarkdownFormatter();
    expect(first.code('a b')).toBe('`a b`');
    expect(second).not.toBe(first);
    expect(second.code('a b')).toBe('`a b`');
  });
});

describe('formatTableCell', () => {
  it('is escapeTableCell for text already on one line', () => {
    for (const text of combinations()) {
      expect(formatTableCell(foldLines(text)), JSON.stringify(text)).toBe(escapeTableCell(text));
    }
  });
});

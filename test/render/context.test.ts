import { describe, expect, it } from 'vitest';
import { isUnsafeUrl, sanitiseContext } from '../../src/render/context.js';

const sanitise = (markdown: string): string => sanitiseContext(markdown, { minHeadingLevel: 3 });

describe('sanitiseContext: headings', () => {
  it.each([
    ['# A\n\n## B\n\n###### F', '### A\n\n#### B\n\n###### F'],
    ['## A\n\n### B', '### A\n\n#### B'],
    ['### A\n\n#### B', '### A\n\n#### B'],
    ['# A #\n\ntext', '### A #\n\ntext'],
    ['> # Quoted\n\n- ## Listed', '> ### Quoted\n\n- #### Listed'],
  ])('%j moves its headings below the section: %j', (input, expected) => {
    expect(sanitise(input)).toBe(expected);
  });

  it.each([
    ['Title\n===\n\nSub\n---', '### Title\n\n#### Sub'],
    ['one\ntwo\n===', '### one two'],
    ['> one\n> two\n> ===', '> ### one two'],
    ['#tag\n===', '### #tag'],
  ])('turns the setext heading %j into an ATX heading: %j', (input, expected) => {
    expect(sanitise(input)).toBe(expected);
  });

  it('writes thematic breaks with stars, which cannot make the text above a heading', () => {
    expect(sanitise('a\n\n---\n\n- - -\n\n***')).toBe('a\n\n***\n\n* * *\n\n***');
  });
});

describe('sanitiseContext: code fences', () => {
  it.each([
    ['```js\ncode', '```js\ncode\n```'],
    ['text\n\n````\na ``` inside', 'text\n\n````\na ``` inside\n````'],
    ['~~~~\nx\n~~~', '~~~~\nx\n~~~\n~~~~'],
    ['- ```\n  x', '- ```\n  x\n  ```'],
    ['> ```\n> x', '> ```\n> x\n> ```'],
    ['```', '```\n```'],
  ])('closes the open fence in %j: %j', (input, expected) => {
    expect(sanitise(input)).toBe(expected);
  });

  it('leaves closed fences and indented code as they are', () => {
    const text = '```js\n# not a heading\n<script>\n```\n\n    <b>indented</b>';
    expect(sanitise(text)).toBe(text);
  });
});

describe('sanitiseContext: raw HTML', () => {
  it.each([
    ['<script>alert(1)</script>', '```html\n<script>alert(1)</script>\n```'],
    ['<div>\n```\n</div>', '````html\n<div>\n```\n</div>\n````'],
    ['<!-- hides\n\n## the rest', '```html\n<!-- hides\n\n## the rest\n```'],
    ['- <div>\n  x\n  </div>', '- ```html\n  <div>\n  x\n  </div>\n  ```'],
    ['> <p>\n> x', '> ```html\n> <p>\n> x\n> ```'],
  ])('shows the HTML block %j as code: %j', (input, expected) => {
    expect(sanitise(input)).toBe(expected);
  });

  it.each([
    ['a <img src=x onerror=alert(1)> b', 'a \\<img src=x onerror=alert(1)> b'],
    ['a <b>x</b> <!-- c --> d', 'a \\<b>x\\</b> \\<!-- c --> d'],
    ['x<y and a < b and `<code>`', 'x\\<y and a < b and `<code>`'],
    ['already \\<b> and \\\\<i>', 'already \\<b> and \\\\\\<i>'],
  ])('escapes the inline HTML in %j: %j', (input, expected) => {
    expect(sanitise(input)).toBe(expected);
  });
});

describe('sanitiseContext: links', () => {
  it.each([
    ['[a](javascript:alert(1))', '\\[a](javascript:alert(1))'],
    ['[a](JaVa&#x09;ScRiPt:x)', '\\[a](JaVa&#x09;ScRiPt:x)'],
    ['![a](data:image/png;base64,x)', '!\\[a](data:image/png;base64,x)'],
    ['<javascript:alert(1)> <vbscript:x>', '\\<javascript:alert(1)> \\<vbscript:x>'],
    ['[r]: javascript:x\n\n[r]', '\\[r]: javascript:x\n\n[r]'],
    ['[a [b](javascript:x)](https://ok)', '\\[a \\[b](javascript:x)](https://ok)'],
  ])('neutralises %j: %j', (input, expected) => {
    expect(sanitise(input)).toBe(expected);
  });

  it('keeps links to safe places as links', () => {
    const text = '[a](https://example.com) <https://example.com> ![i](img/map.png) [r]\n\n[r]: ./other.md';
    expect(sanitise(text)).toBe(text);
  });

  it.each([
    ['javascript:alert(1)', true],
    ['JAVASCRIPT:x', true],
    [' java\tscript:x', true],
    ['\u0000javascript:x', true],
    ['vbscript:x', true],
    ['data:text/html,x', true],
    ['https://example.com/javascript:x', false],
    ['javascript-guide.html', false],
    ['./data:x', false],
  ])('isUnsafeUrl(%j) is %s', (url, unsafe) => {
    expect(isUnsafeUrl(url)).toBe(unsafe);
  });
});

describe('sanitiseContext: constructs that renderers read differently', () => {
  it('escapes a line of = or - marks that a renderer without footnotes would take for an underline', () => {
    expect(sanitise('[^1]: note\n===\n\n> a\nb\n---')).toBe('[^1]: note\n\\===\n\n> a\nb\n***');
  });

  it('neutralises a footnote that is a javascript: link where footnotes are unknown', () => {
    expect(sanitise('[^f]: javascript:alert(1)\n\n[^f]')).toBe('\\[^f]: javascript:alert(1)\n\n[^f]');
  });

  it('shows the whole context as code when the parsers disagree on where a fence is', () => {
    // micromark reads `- ` after indented code as a paragraph and the `~~~` as a fence that runs
    // to the end; marked and markdown-it read a list item, so the backtick fence would stay open.
    const text = '    code\n- \n  ~~~\n- ```\nswallowed';
    expect(sanitise(text)).toBe(`\`\`\`\`text\n${text}\n\`\`\`\``);
  });
});

describe('sanitiseContext: the rest', () => {
  it('keeps ordinary Markdown byte for byte', () => {
    const text = [
      'Why we decide this **now**: the _checkout_ team moves to `payments-v2`.',
      '',
      '### Background',
      '',
      '* one',
      '* two [link](https://example.com)',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      '> a quote',
      '',
      'A footnote[^1].',
      '',
      '[^1]: The note.',
    ].join('\n');
    expect(sanitise(text)).toBe(text);
  });

  it('turns line endings into LF and control characters into U+FFFD', () => {
    expect(sanitise('a\u0000b\r\nc\rd\u001b[31m\u007f')).toBe('a\ufffdb\nc\nd\ufffd[31m\ufffd');
  });

  it('gives the same text when run on its own output', () => {
    const inputs = ['# A\n\nText\n---\n\n<div>\n# x\n</div>\n\n[a](javascript:x)', '> # q\n> ===\n\n```\nopen', 'a <b> [x]: javascript:y'];
    for (const input of inputs) {
      const once = sanitise(input);
      expect(sanitise(once), input).toBe(once);
    }
  });
});

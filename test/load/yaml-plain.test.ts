import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_SCHEMA } from 'js-yaml';
import { parsePlainYaml, resolvePlain } from '../../src/load/yaml-plain.js';
import { parseYamlDocument } from '../../src/load/yaml-source.js';
import { seededRandom } from '../engine/helpers.js';

/**
 * The fast reader either gives up or agrees with the js-yaml path on the data and on every
 * position. It may give up on valid YAML; it must never accept what js-yaml refuses.
 */
function compare(text: string): 'plain' | 'gave up' {
  let reference: ReturnType<typeof parseYamlDocument> | undefined;
  try {
    reference = parseYamlDocument(text, 'x.yaml', { plainReader: false });
  } catch {
    reference = undefined;
  }
  const plain = parsePlainYaml(text);
  if (plain === undefined) return 'gave up';
  expect(reference, `js-yaml refuses what the fast reader accepted:\n${text}`).toBeDefined();
  expect(plain.data, text).toStrictEqual(reference!.data);
  expect(plain.root, text).toStrictEqual(reference!.root);
  return 'plain';
}

describe('resolvePlain', () => {
  it('resolves every kind of plain scalar as the core schema does', () => {
    const suffixes = ['', 'rue', 'ull', 'alse', 'es', '1', '.5', 'e3', 'x1F', 'o7', 'inf', 'nan', 'NaN', ' text', '-x'];
    const firsts = Array.from({ length: 0x7e - 0x20 }, (_, index) => String.fromCharCode(0x21 + index)).concat(['é', 'ß']);
    for (const first of firsts) {
      for (const suffix of suffixes) {
        const raw = first + suffix;
        expect(resolvePlain(raw), raw).toStrictEqual(CORE_SCHEMA.resolveImplicitScalarTag(raw).value);
      }
    }
    expect(resolvePlain('')).toBeNull();
  });
});

describe('the plain YAML reader', () => {
  const accepted: Record<string, string> = {
    'maps, lists and scalars': 'version: 1\ntitle: Checkout and order\nitems:\n  - a\n  - 2\n  - true\n  - ~\nempty:\nlast: x\n',
    'maps in list entries': 'interactions:\n  - id: a\n    from: b\n    answers:\n      intent: query\n      ok: yes\n  - id: c\n    to: d\n',
    'a list at its key\'s column': 'a:\n- x\n- y\nb: 1\n',
    'empty entries and values': 'a:\n  -\n  - x\n  -\nb:\nc: []\nd: {}\n',
    'flow lists and maps': 'steps: [a, b, "c d", \'e\']\nlatency: { budget_ms: 800, p99_ms: 300 }\nn: [1, 2.5, .inf, null, "x, y"]\n',
    'quotes': 'a: "double"\nb: \'single \'\'quoted\'\'\'\n"quoted key": 1\n\'other key\': two\nc: ""\n',
    'comments': '# head\na: 1 # one\n\n  # indented comment\nb: # two\n  - x # item\n# tail\n',
    'block scalars': 'context: |\n  Line one\n\n  # not a comment\n  Line two\nfolded: >-\n  one\n  two\n\n  three\nkeep: |+\n  a\n\nnext: 1\nlist:\n  - |\n    in a list\n  - after\n',
    'an empty block scalar': 'a: |\nb: 1\n',
    'plain scalars with colons and hashes': 'url: http://example.com/a#b\ntime: 12:30\nnote: a, b [c] {d}\n',
    'nested lists': 'a:\n  - - x\n    - y\n  - - z\n',
    'core schema values': 'a: [0x1F, 0o17, 1e3, -.5e1, .NaN, True, NULL, yes, no, on, 2026-11-22]\nb: 007\n',
  };
  for (const [name, text] of Object.entries(accepted)) {
    it(`reads ${name} as js-yaml does`, () => {
      expect(compare(text)).toBe('plain');
    });
  }

  const leftToJsYaml: Record<string, string> = {
    'anchors and aliases': 'a: &x 1\nb: *x\n',
    'tags': 'a: !!str 1\n',
    'multi-line plain scalars': 'a: one\n  two\n',
    'multi-line quoted scalars': 'a: "one\n  two"\n',
    'escapes': 'a: "tab\\t"\n',
    'duplicate keys': 'a: 1\na: 2\n',
    'keys that are not strings': '1: one\n',
    'tabs': 'a:\n\t- x\n',
    'carriage returns': 'a: 1\r\nb: 2\r\n',
    'several documents': 'a: 1\n---\nb: 2\n',
    'an explicit document start': '---\na: 1\n',
    'a nested map on one line': 'a: b: c\n',
    'a scalar at the top': 'just text\n',
    'an empty file': '# nothing\n',
    'a list entry after a map at its column': 'a: 1\n- x\n',
    'a flow list over two lines': 'a: [1,\n  2]\n',
    'a trailing comma': 'a: [1, 2, ]\n',
    'an explicit indentation indicator': 'a: |2\n   x\n',
    'deep nesting': `${Array.from({ length: 70 }, (_, depth) => `${'  '.repeat(depth)}k:`).join('\n')} 1\n`,
    'a bad indentation': 'a:\n    b: 1\n  c: 2\n',
    'characters outside the basic plane': 'a: "🙂"\n',
    // Valid YAML (only a scalar's first character matters), but the reader leaves quotes in flow collections to js-yaml.
    'a quote inside a plain scalar of a flow map': "web-shop: { kind: client, summary: The customer's browser }\n",
  };
  for (const [name, text] of Object.entries(leftToJsYaml)) {
    it(`leaves ${name} to js-yaml`, () => {
      expect(parsePlainYaml(text)).toBeUndefined();
    });
  }

  it('reads every built-in rule file and the version 2 decide fixture, as js-yaml does', async () => {
    const files = ['test/fixtures/decide/answers.yaml', ...(await readdir('rules')).filter((name) => name.endsWith('.yaml')).map((name) => `rules/${name}`)];
    for (const file of files) {
      expect(compare(await readFile(file, 'utf8')), file).toBe('plain');
    }
  });

  it('agrees with js-yaml on the bundled example and the answers files of the reference systems', async () => {
    const corpus = 'test/fixtures/reference-systems';
    const files = ['examples/checkout/answers.yaml', ...(await readdir(corpus)).map((name) => join(corpus, name, 'answers.yaml'))];
    // Their service summaries hold apostrophes inside flow maps, which the reader may leave to js-yaml;
    // whatever it does read must be what js-yaml reads.
    for (const file of files) expect(['plain', 'gave up']).toContain(compare(await readFile(file, 'utf8')));
  });

  it('never disagrees with js-yaml on random documents, valid or not', () => {
    const random = seededRandom(Number(process.env.YAML_SEED ?? 20261123));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const scalars = [
      'x', 'a b', '1', '-2', '2.5', '.inf', '~', 'null', 'true', 'yes', 'No', '0x1A', '0o17', '1e3', '2026-11-22',
      '"q"', '"a: b"', "'s'", "'it''s'", '""', 'a: b', 'a:b', 'a #c', 'a#c', 'http://x/y', '[1, 2]', '[]', '{}',
      '{a: 1, b: "2"}', '[a, [b]]', '"open', '&anchor x', '*alias', '!!str x', '|', '>-', '- x', ': x', '? x',
      '%x', '@x', '`x`', '{a: 1', '[a,', 'x ', '"x" y', "'x'#c", '[a, b] c', 'a, b', '-x', '-1', ':x', '?x', '[-1, :x, ?y]',
      '{a: [1, {b: c}], d: []}', '[{a: 1}, [2]]', '{a: 1}: x', '[a]: b', '{ k: -v }', '["a", \'b\']', 'a:', 'a: ',
    ];
    const keys = ['a', 'b', 'c d', '"e"', "'f'", 'yes', '1', 'null', 'g:h', '-i', 'j #k', '"l" m', 'a'];
    const block = (depth: number, indent: string): string[] => {
      const lines: string[] = [];
      const asList = random() < 0.4;
      const count = 1 + Math.floor(random() * 3);
      for (let index = 0; index < count; index += 1) {
        const lead = asList ? `${indent}- ` : `${indent}${pick(keys)}:`;
        const roll = random();
        if (depth < 4 && roll < 0.3) {
          lines.push(asList ? `${indent}-` : lead);
          const step = pick(['  ', '  ', ' ', '    ', asList ? '  ' : '']);
          lines.push(...block(depth + 1, indent + step));
        } else if (asList && depth < 4 && roll < 0.45) {
          // A map that starts on the entry's line.
          const inner = block(depth + 1, `${indent}  `);
          lines.push(`${indent}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
        } else if (roll < 0.55) {
          lines.push(`${lead}${asList ? '' : ' '}${pick(['|', '>', '|-', '>+'])}`);
          for (let line = 0; line < 1 + Math.floor(random() * 3); line += 1) {
            lines.push(random() < 0.2 ? '' : `${indent}${pick(['  ', '   ', ' ', ''])}${pick(['text', '# hash', 'more text', '  deeper'])}`);
          }
        } else {
          lines.push(`${lead}${asList ? '' : ' '}${pick(scalars)}${random() < 0.15 ? ' # note' : ''}`);
        }
        if (random() < 0.1) lines.push(pick(['', '# comment', `${indent}  # indented`, '   ']));
        if (random() < 0.05) lines.push(`${indent}  continued`);
      }
      return lines;
    };
    const outcomes = { plain: 0, 'gave up': 0 };
    for (let round = 0; round < Number(process.env.YAML_ROUNDS ?? 3000); round += 1) {
      outcomes[compare(`${block(0, '').join('\n')}\n`)] += 1;
    }
    if (process.env.YAML_ROUNDS) console.log(outcomes);
    // Both paths must be exercised for this test to mean anything.
    expect(outcomes.plain).toBeGreaterThan(300);
    expect(outcomes['gave up']).toBeGreaterThan(300);
  });
});

import { readFile, readdir } from 'node:fs/promises';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { formatYamlPath, locate, parseYamlDocument } from '../../src/load/yaml-source.js';
import { InputError } from '../../src/model/errors.js';
import type { Problem } from '../../src/model/errors.js';
import { seededRandom } from '../engine/helpers.js';

function problemsOf(text: string): Problem[] {
  try {
    parseYamlDocument(text, 'in.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected the YAML to be refused');
}

/** Nine levels of nine aliases: a billion expansions if a parser followed them. */
function makeAliasBomb(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level <= 9; level += 1) {
    const alias = `*a${level - 1}`;
    lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => alias).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

describe('parseYamlDocument', () => {
  it('keeps yes, no and dates as strings (YAML 1.2 core schema)', () => {
    const source = parseYamlDocument('a: yes\nb: no\nc: 2026-11-22\nd: true\ne: 0.999\n', 'in.yaml');
    expect(source.data).toEqual({ a: 'yes', b: 'no', c: '2026-11-22', d: true, e: 0.999 });
  });

  it('treats an empty file as null', () => {
    expect(parseYamlDocument('# nothing here\n', 'in.yaml').data).toBeNull();
  });

  it('reports a syntax error with file:line:col', () => {
    const [problem, ...rest] = problemsOf('title: ok\nlist: [a, b\nnext: 1\n');
    expect(rest).toEqual([]);
    expect(problem?.location).toEqual({ file: 'in.yaml', line: 3, column: 1 });
    expect(problem?.message).toMatch(/^YAML syntax: /);
  });

  it('reports a duplicate key at the second one, naming the line of the first', () => {
    const problems = problemsOf('title: a\ncontext: b\ntitle: c\n');
    expect(problems).toEqual([
      {
        message: 'duplicate key "title"',
        location: { file: 'in.yaml', line: 3, column: 1 },
        hint: 'first given at line 1; each key may appear only once in a map',
      },
    ]);
  });

  it('collects every syntax problem of the file', () => {
    const problems = problemsOf('a: 1\na: 2\nb: 1\nb: 2\n');
    expect(problems.map((problem) => problem.location?.line)).toEqual([2, 4]);
  });

  it('refuses an alias bomb quickly with a clear message', () => {
    const started = performance.now();
    const problems = problemsOf(makeAliasBomb());
    expect(performance.now() - started).toBeLessThan(1000);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^aliases expand to more than 1,000,000 nodes; a file like this can exhaust memory/);
    expect(problems[0]?.location).toEqual({ file: 'in.yaml', line: 2, column: 10 });
  });

  it('refuses more than 100 aliases even when they expand to little', () => {
    const lines = ['base: &b x', ...Array.from({ length: 101 }, (_, index) => `k${index}: *b`)];
    const problems = problemsOf(`${lines.join('\n')}\n`);
    expect(problems[0]?.message).toMatch(/^the file uses more than 100 aliases/);
    expect(problems[0]?.location).toEqual({ file: 'in.yaml', line: 2, column: 5 });
  });

  it('keeps aliases that stay small, sharing the anchored value', () => {
    const source = parseYamlDocument('defaults: &d { intent: query }\nuse: *d\n', 'in.yaml');
    expect(source.data).toEqual({ defaults: { intent: 'query' }, use: { intent: 'query' } });
    expect(locate(source, ['use', 'intent'])).toEqual({ file: 'in.yaml', line: 1, column: 16 });
  });

  it('reports an alias without its anchor', () => {
    const problems = problemsOf('a: *missing\n');
    expect(problems[0]?.message).toMatch(/alias/);
    expect(problems[0]?.location?.line).toBe(1);
  });

  it('refuses tabs as indentation and several documents', () => {
    expect(problemsOf('a:\n\t- 1\n')[0]?.message).toBe('a tab is used for indentation');
    expect(problemsOf('a: 1\n---\nb: 2\n')[0]?.message).toBe('the file holds more than one YAML document');
  });
});

describe('locate', () => {
  const source = parseYamlDocument(
    ['interactions:', '  - id: a', '    answers:', '      when_down: fail_close', '    latency: { budget_ms: 800 }', ''].join('\n'),
    'in.yaml',
  );

  it('points at the key of a map entry, or at its value when asked', () => {
    expect(locate(source, ['interactions', 0, 'answers', 'when_down'])).toEqual({ file: 'in.yaml', line: 4, column: 7 });
    expect(locate(source, ['interactions', 0, 'answers', 'when_down'], { value: true })).toEqual({ file: 'in.yaml', line: 4, column: 18 });
  });

  it('points at a list item and into flow maps', () => {
    expect(locate(source, ['interactions', 0])).toEqual({ file: 'in.yaml', line: 2, column: 5 });
    expect(locate(source, ['interactions', 0, 'latency', 'budget_ms'])).toEqual({ file: 'in.yaml', line: 5, column: 16 });
  });

  it('falls back to the nearest existing parent', () => {
    expect(locate(source, ['interactions', 0, 'missing', 'deeper'])).toEqual({ file: 'in.yaml', line: 2, column: 5 });
    expect(locate(source, ['interactions', 7])).toEqual({ file: 'in.yaml', line: 2, column: 3 });
    expect(locate(source, [])).toEqual({ file: 'in.yaml', line: 1, column: 1 });
  });
});

describe('formatYamlPath', () => {
  it('writes paths as users read them', () => {
    expect(formatYamlPath(['interactions', 2, 'answers', 'when_down'])).toBe('interactions[2].answers.when_down');
    expect(formatYamlPath(['answers', 'odd key'])).toBe('answers["odd key"]');
    expect(formatYamlPath([])).toBe('');
  });
});

describe('the data of a parsed document', () => {
  // Plain files are built alongside the position tree; the rest by js-yaml's constructor.
  // Either way the data must be what js-yaml's own load gives with the core schema.
  const expectSameAsJsYaml = (text: string) => {
    // loadAll, unlike load, accepts an empty file (no documents), which we read as null.
    const [expected = null] = loadAll(text, { schema: CORE_SCHEMA }) as unknown[];
    expect(parseYamlDocument(text, 'x.yaml').data).toStrictEqual(expected);
  };

  const snippets: Record<string, string> = {
    'core scalars': [
      'nulls: [~, null, Null, NULL, ]',
      'empty:',
      'bools: [true, True, TRUE, false, False, FALSE, yes, no, on, off, y, n]',
      'ints: [0, -1, +7, 0o17, 0x1F, 007, 1_000, 0b101]',
      'floats: [1.5, -0.5, .5, 1e3, 1.0e-3, .inf, -.Inf, +.INF, .nan, .NaN, 1.]',
      'dates: [2026-11-22, 2026-11-22T10:00:00Z]',
      'strings: [abc, "1", \'true\', "~", "", \'\', a b c, -x, 12ab]',
    ].join('\n'),
    'block scalars': 'literal: |\n  one\n  two\n\nfolded: >-\n  one\n  two\n\n  three\nkeep: |+\n  a\n\nnext: 1\n',
    'nested collections': 'a:\n  - b: 1\n    c: [1, {d: e}]\n  - - x\n    - y\n  - {}\n  - []\n',
    'quoted keys and odd keys': '"quoted key": 1\n\'single\': 2\nyes: 3\nno: 4\nnull key: 5\n"1": 6\n__proto__: 7\nconstructor: 8\n',
    'a top-level sequence': '- 1\n- two\n- [3]\n',
    'a single scalar': '42\n',
    'an empty document': '# only a comment\n',
    'explicit document markers': '---\na: 1\n...\n',
    'comments everywhere': 'a: 1 # one\n# between\nb: # two\n  - x # item\n',
    'multi-line plain and quoted scalars': 'a: one\n  two\nb: "x\n  y"\nc: \'p\n\n  q\'\n',
    'escapes in double quotes': 'a: "tab\\there \\u00e9 \\x41 \\\\ \\""\n',
    // The constructor's path: tags, anchors and aliases, and keys that are not strings.
    'tags': 'a: !!str 1\nb: !!int "2"\nc: !!float 3\nd: ! 4\ne: !!seq []\n',
    'anchors and aliases': 'base: &b {x: 1}\nuse: *b\nlist: &l [1, 2]\nagain: *l\nscalar: &s hello\nref: *s\n',
    'keys that are not strings': '1: one\ntrue: yes\nnull: nothing\n1.5: x\n',
    'a sequence as a key': '? [a, b]\n: 1\n',
  };
  for (const [name, text] of Object.entries(snippets)) {
    it(`matches js-yaml for ${name}`, () => {
      let expectedError: unknown;
      try {
        loadAll(text, { schema: CORE_SCHEMA });
      } catch (error) {
        expectedError = error;
      }
      if (expectedError === undefined) expectSameAsJsYaml(text);
      else expect(() => parseYamlDocument(text, 'x.yaml')).toThrow();
    });
  }

  it('keeps __proto__ an own key, never the prototype', () => {
    const data = parseYamlDocument('__proto__: {polluted: 1}\n', 'x.yaml').data as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('matches js-yaml for the bundled example, the reference systems and every built-in rule file', async () => {
    const corpus = 'test/fixtures/reference-systems';
    const files = [
      'examples/checkout/answers.yaml',
      'test/fixtures/decide/answers.yaml',
      ...(await readdir(corpus)).map((name) => `${corpus}/${name}/answers.yaml`),
      ...(await readdir('rules')).filter((name) => name.endsWith('.yaml')).map((name) => `rules/${name}`),
    ];
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) expectSameAsJsYaml(await readFile(file, 'utf8'));
  });

  it('matches js-yaml for random documents', () => {
    const random = seededRandom(20261123);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const scalars = ['1', '-2.5', '.inf', '~', 'null', 'true', 'False', 'yes', 'no', '0x1a', '0o7', '"q"', "'s'", 'plain text', '""', '2026-01-01', '1e5', '+1', '.5'];
    const keys = ['a', 'b-c', 'd_e', '"f g"', 'yes', 'on', 'x1'];
    const node = (depth: number, indent: string): string => {
      const roll = random();
      if (depth > 3 || roll < 0.4) return ` ${pick(scalars)}`;
      if (roll < 0.55) return ` [${Array.from({ length: Math.floor(random() * 4) }, () => pick(scalars)).join(', ')}]`;
      if (roll < 0.75) {
        return Array.from({ length: 1 + Math.floor(random() * 3) }, () => `\n${indent}-${node(depth + 1, `${indent}  `)}`).join('');
      }
      const used = new Set<string>();
      const lines: string[] = [];
      for (let index = 0; index < 1 + Math.floor(random() * 4); index += 1) {
        const key = pick(keys);
        if (used.has(key)) continue;
        used.add(key);
        lines.push(`\n${indent}${key}:${node(depth + 1, `${indent}  `)}`);
      }
      return lines.join('');
    };
    for (let round = 0; round < 200; round += 1) {
      expectSameAsJsYaml(`root:${node(0, '  ')}\n`);
    }
  });
});

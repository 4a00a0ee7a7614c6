import { describe, expect, it } from 'vitest';
import { formatYamlPath, locate, parseYamlDocument } from '../../src/load/yaml-source.js';
import { InputError } from '../../src/model/errors.js';
import type { Problem } from '../../src/model/errors.js';

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

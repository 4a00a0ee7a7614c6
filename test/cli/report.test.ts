import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { formatProblem, reportError, shouldUseColor } from '../../src/cli/report.js';
import { InputError, UsageError } from '../../src/model/errors.js';
import { collectValues, parseSize } from '../../src/cli/options.js';

describe('shouldUseColor', () => {
  it.each([
    [{ isTTY: true, env: {}, flag: true }, true],
    [{ isTTY: false, env: {}, flag: true }, false],
    [{ isTTY: true, env: { NO_COLOR: '1' }, flag: true }, false],
    [{ isTTY: true, env: { NO_COLOR: '' }, flag: true }, true],
    [{ isTTY: false, env: { FORCE_COLOR: '1' }, flag: true }, true],
    [{ isTTY: false, env: { FORCE_COLOR: '' }, flag: true }, true],
    [{ isTTY: true, env: { FORCE_COLOR: '0' }, flag: true }, false],
    [{ isTTY: false, env: { FORCE_COLOR: '1', NO_COLOR: '1' }, flag: true }, true],
    [{ isTTY: true, env: { FORCE_COLOR: '1' }, flag: false }, false],
  ])('%j -> %s', (settings, expected) => {
    expect(shouldUseColor(settings)).toBe(expected);
  });
});

describe('formatProblem', () => {
  it('leaves out what the problem does not have', () => {
    expect(formatProblem({ message: 'cannot find answers file a.yaml', hint: 'check the path' })).toEqual([
      'error: cannot find answers file a.yaml',
      '  hint: check the path',
    ]);
    expect(formatProblem({ message: 'bad', path: 'flows[0].steps[1]' })).toEqual(['error flows[0].steps[1]: bad']);
  });

  it('keeps a problem on one line whatever the file put in it', () => {
    const lines = formatProblem({
      message: 'unknown key "a\nb\u001b[31m\u202Ec"',
      path: 'interactions[0]["a\nb"]',
      hint: 'did you mean "a\tb"?',
      location: { file: 'a.yaml', line: 3, column: 1 },
    });
    expect(lines).toEqual(['a.yaml:3:1 error interactions[0]["a\\nb"]: unknown key "a\\nb\\u001b[31m\\u202ec"', '  hint: did you mean "a\\tb"?']);
  });

  it('cuts a very long key in the path short', () => {
    const key = `${'k'.repeat(70)}"`;
    const [line] = formatProblem({ message: 'unknown key', path: `interactions[0][${JSON.stringify(key)}].x`, location: { file: 'a.yaml', line: 3, column: 1 } });
    expect(line).toBe(`a.yaml:3:1 error interactions[0]["${'k'.repeat(50)}"...].x: unknown key`);
  });

  it('cuts whatever a message quotes at length, and a long plain key in the path', () => {
    const id = 'x'.repeat(70);
    const [line] = formatProblem({ message: `system rule "${id}" is listed twice`, path: `pack.${id}`, location: { file: 'a.yaml', line: 1, column: 1 } });
    expect(line).toBe(`a.yaml:1:1 error pack.${'x'.repeat(50)}...: system rule "${'x'.repeat(50)}"... (70 characters) is listed twice`);
    const between = `"a" is the key, and this sentence between two quoted words runs well past sixty characters, "b" too`;
    expect(formatProblem({ message: between })).toEqual([`error: ${between}`]);
  });

  it('colours the severity when asked to', () => {
    const [line] = formatProblem({ message: 'bad', location: { file: 'a.yaml', line: 1, column: 2 } }, new Chalk({ level: 1 }));
    expect(line).toContain('\u001b[31merror\u001b[39m');
  });
});

describe('reportError', () => {
  it('prints the summary of an input error without problems', () => {
    let text = '';
    const code = reportError(new InputError('answers.yaml is empty'), { write: (t) => (text += t), verbose: false, color: false });
    expect(code).toBe(2);
    expect(text).toBe('error: answers.yaml is empty\n');
  });

  it('prints a usage error', () => {
    let text = '';
    expect(reportError(new UsageError('--stdout needs markdown'), { write: (t) => (text += t), verbose: false, color: false })).toBe(2);
    expect(text).toBe('error: --stdout needs markdown\n');
  });

  it('reports a thrown non-error value as internal', () => {
    let text = '';
    expect(reportError('weird', { write: (t) => (text += t), verbose: false, color: false })).toBe(2);
    expect(text).toBe('internal error: weird (run with --verbose for the stack)\n');
  });
});

describe('parseSize', () => {
  it.each([
    ['4MB', 4 * 1024 * 1024],
    ['500KB', 500 * 1024],
    ['500kb', 500 * 1024],
    ['1.5 MB', 1.5 * 1024 * 1024],
    ['8m', 8 * 1024 * 1024],
    ['1GB', 1024 ** 3],
    ['4096', 4096],
    ['12B', 12],
  ])('%s -> %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'MB', '-1MB', '0', '4 parsecs', '1e6'])('rejects %j', (text) => {
    expect(parseSize(text)).toBeUndefined();
  });

  it('collects repeated values in order', () => {
    expect(collectValues('b', collectValues('a'))).toEqual(['a', 'b']);
  });
});

import { describe, expect, it } from 'vitest';
import { ProblemList } from '../../src/load/problems.js';

describe('ProblemList.has', () => {
  const list = new ProblemList();
  list.add('a.yaml', ['rules', 1, 'when'], { message: 'bad condition' });
  list.add('b.yaml', [], { message: 'not YAML' });

  it('finds a problem at the path itself', () => {
    expect(list.has('a.yaml', ['rules', 1, 'when'])).toBe(true);
    expect(list.has('a.yaml', ['rules', 1])).toBe(false);
    expect(list.has('c.yaml', ['rules', 1, 'when'])).toBe(false);
  });

  it('with orParents, finds one at any path that contains it, and only those', () => {
    expect(list.has('a.yaml', ['rules', 1, 'when', 'all', 0], true)).toBe(true);
    expect(list.has('a.yaml', ['rules', 10, 'when'], true)).toBe(false);
    expect(list.has('a.yaml', ['rules', 1, 'whenever'], true)).toBe(false);
    expect(list.has('a.yaml', ['rules', 1], true)).toBe(false);
    expect(list.has('b.yaml', ['questions', 3, 'id'], true)).toBe(true);
    expect(list.has('b.yaml', ['questions', 3, 'id'])).toBe(false);
  });

  it('answers at once with tens of thousands of problems (a file of repeated entries)', () => {
    // Each question used to walk every problem: thousands of duplicate rules took seconds.
    const many = new ProblemList();
    for (let index = 0; index < 30_000; index += 1) many.add('pack.yaml', ['rules', index, 'id'], { message: 'duplicate rule id' });
    const started = performance.now();
    let found = 0;
    for (let index = 0; index < 30_000; index += 1) if (many.has('pack.yaml', ['rules', index, 'id', 'x'], true)) found += 1;
    expect(found).toBe(30_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/paths.js';

describe('packagePath', () => {
  it('finds files at the package root', () => {
    expect(existsSync(packagePath('package.json'))).toBe(true);
    expect(existsSync(packagePath('schema', 'answers.schema.json'))).toBe(true);
  });
});

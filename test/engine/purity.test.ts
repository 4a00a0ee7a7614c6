import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const engineDir = fileURLToPath(new URL('../../src/engine/', import.meta.url));

describe('engine purity', () => {
  it('imports only the model and other engine files, and touches no process, clock or console', async () => {
    const files = (await readdir(engineDir)).filter((name) => name.endsWith('.ts')).sort();
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const source = await readFile(`${engineDir}${name}`, 'utf8');
      const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'/g)].map((match) => match[1] ?? match[2]);
      for (const specifier of specifiers) {
        expect(specifier, `${name} imports ${specifier}`).toMatch(/^(\.\/[a-z-]+\.js|\.\.\/model\/[a-z-]+\.js)$/);
      }
      expect(source, name).not.toMatch(/\b(process|console|Date|Math\.random|setTimeout)\b|\brequire\(/);
    }
  });
});

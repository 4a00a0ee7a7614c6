import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/io/memory.js';

describe('collectGarbage', () => {
  it('frees memory that nothing refers to any more, at once and on every call', () => {
    for (let round = 0; round < 2; round++) {
      let held: { index: number; text: string }[] | undefined = Array.from({ length: 400_000 }, (_, index) => ({ index, text: `item ${index}` }));
      const before = process.memoryUsage().heapUsed;
      expect(held.length).toBe(400_000);
      held = undefined;
      collectGarbage();
      // 400,000 small objects and strings take well over 20 MB.
      expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(20_000_000);
    }
  });
});

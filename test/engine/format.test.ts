import { describe, expect, it } from 'vitest';
import { endSentence, formatCount, formatNumber, joinShortened } from '../../src/engine/format.js';

describe('joinShortened', () => {
  it('joins up to twenty items as they are', () => {
    const items = Array.from({ length: 20 }, (_, index) => `s${index}`);
    expect(joinShortened(items, ' -> ')).toBe(items.join(' -> '));
  });

  it('keeps the first ten and last nine of a longer list', () => {
    const items = Array.from({ length: 25 }, (_, index) => `s${index}`);
    expect(joinShortened(items, ', ')).toBe('s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, ... (6 more), s16, s17, s18, s19, s20, s21, s22, s23, s24');
  });
});

describe('formatNumber, formatCount, endSentence', () => {
  it.each([
    [2300, '2300'],
    [0.1 + 0.2, '0.3'],
    [12.3456, '12.346'],
  ])('formatNumber(%s) = %s', (value, text) => {
    expect(formatNumber(value)).toBe(text);
  });

  it('shows exact counts, and a power of ten past exact integers', () => {
    expect(formatCount(27, Math.log10(27))).toBe('27');
    expect(formatCount(Number.POSITIVE_INFINITY, 3010.3)).toBe('about 10^3010');
  });

  it.each([
    ['done', 'done.'],
    ['done.', 'done.'],
    ['really? ', 'really?'],
  ])('endSentence(%j) = %j', (text, ended) => {
    expect(endSentence(text)).toBe(ended);
  });
});

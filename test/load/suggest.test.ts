import { describe, expect, it } from 'vitest';
import { hintNearest, suggestNearest } from '../../src/load/suggest.js';

describe('suggestNearest', () => {
  const answers = ['fail_closed', 'fail_fast', 'degrade', 'defer'];

  it.each([
    ['fail_close', answers, 'fail_closed'],
    ['FAIL_FAST', answers, 'fail_fast'],
    ['degrad', answers, 'degrade'],
    ['intnet', ['intent', 'caller_needs'], 'intent'],
    ['interactons', ['version', 'interactions', 'flows'], 'interactions'],
    ['retires', ['retries', 'timeout_ms'], 'retries'],
  ])('suggests %s -> %s', (word, candidates, expected) => {
    expect(suggestNearest(word, candidates)).toBe(expected);
  });

  it('suggests nothing when every candidate is far away', () => {
    expect(suggestNearest('banana', answers)).toBeUndefined();
    expect(suggestNearest('x', [])).toBeUndefined();
  });

  it('allows two edits for short words and a third of the length for long ones', () => {
    expect(suggestNearest('ab', ['xy'])).toBe('xy');
    expect(suggestNearest('abc', ['xyz'])).toBeUndefined();
    expect(suggestNearest('latency_budget', ['latency_budget_ms'])).toBe('latency_budget_ms');
  });

  it('prefers the earlier candidate on a tie', () => {
    expect(suggestNearest('cat', ['bat', 'hat'])).toBe('bat');
  });
});

describe('hintNearest', () => {
  it('names the nearest word, else lists the choices', () => {
    expect(hintNearest('defr', ['defer', 'degrade'])).toBe('did you mean "defer"?');
    expect(hintNearest('zzzzzz', ['defer', 'degrade'], 'allowed')).toBe('allowed: defer, degrade');
  });

  it('lists forty choices at most, each cut to its start', () => {
    const ids = Array.from({ length: 10_000 }, (_, index) => `call-${index}`);
    expect(hintNearest('zzzzzz', ids, 'interaction ids')).toBe(`interaction ids: ${ids.slice(0, 40).join(', ')} and 9960 more`);
    expect(hintNearest('zzzzzz', ['defer', '|'.repeat(3600)], 'ids')).toBe(`ids: defer, ${'|'.repeat(30)}...`);
  });
});

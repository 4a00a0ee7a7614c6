import { describe, expect, it } from 'vitest';
import { fillText, lookupIn } from '../../src/engine/text.js';

describe('fillText', () => {
  const vars = { from: 'checkout', to: 'payments', id: 'authorize', latency_p99_ms: 300, timeout_ms: undefined };

  it.each([
    ['{{from}} calls {{to}}', 'checkout calls payments'],
    ['{{ from }} waits {{latency_p99_ms}} ms', 'checkout waits 300 ms'],
    ['timeout {{timeout_ms}} ms', 'timeout n/a ms'],
    ['{{id}} and {{id}}', 'authorize and authorize'],
    ['keeps {{unheard_of}} as written', 'keeps {{unheard_of}} as written'],
    ['no escaping of <b> & "quotes" for {{to}}', 'no escaping of <b> & "quotes" for payments'],
    ['', ''],
  ])('%j -> %j', (text, expected) => {
    expect(fillText(text, lookupIn(vars))).toBe(expected);
  });

  it('does not read inherited properties', () => {
    expect(fillText('{{constructor}}', lookupIn({}))).toBe('{{constructor}}');
  });
});

import { describe, expect, it } from 'vitest';
import { sortFindings } from '../../src/engine/findings.js';
import type { Finding } from '../../src/model/decision.js';

const finding = (rule: string, severity: Finding['severity'], where?: [string, number, number], message = 'm'): Finding => ({
  rule,
  severity,
  message,
  ...(where === undefined ? {} : { location: { file: where[0], line: where[1], column: where[2] } }),
});

describe('sortFindings', () => {
  it('sorts by severity, file, line, column (none last), rule and message', () => {
    const sorted = sortFindings([
      finding('z', 'info', ['a.yaml', 1, 1]),
      finding('b', 'warning'),
      finding('b', 'warning', ['b.yaml', 1, 1]),
      finding('c', 'warning', ['a.yaml', 9, 1]),
      finding('c', 'warning', ['a.yaml', 2, 7]),
      finding('d', 'warning', ['a.yaml', 2, 3], 'second'),
      finding('d', 'warning', ['a.yaml', 2, 3], 'first'),
      finding('a', 'warning', ['a.yaml', 2, 3]),
      finding('y', 'error'),
    ]);
    expect(sorted.map((item) => `${item.severity} ${item.location?.file ?? '-'}:${item.location?.line ?? ''}:${item.location?.column ?? ''} ${item.rule} ${item.message}`)).toEqual([
      'error -:: y m',
      'warning a.yaml:2:3 a m',
      'warning a.yaml:2:3 d first',
      'warning a.yaml:2:3 d second',
      'warning a.yaml:2:7 c m',
      'warning a.yaml:9:1 c m',
      'warning b.yaml:1:1 b m',
      'warning -:: b m',
      'info a.yaml:1:1 z m',
    ]);
  });

  it('returns a copy', () => {
    const input = [finding('b', 'info'), finding('a', 'error')];
    sortFindings(input);
    expect(input.map((item) => item.rule)).toEqual(['b', 'a']);
  });
});

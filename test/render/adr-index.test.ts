import { describe, expect, it } from 'vitest';
import { ADR_INDEX_MARKER, orderAdrIndex, renderAdrIndex } from '../../src/render/adr-index.js';
import type { AdrIndexEntry } from '../../src/render/adr-index.js';

const entries: AdrIndexEntry[] = [
  { name: '20261201-later.md', title: 'Later', status: 'proposed', date: '2026-12-01' },
  { name: '0010-ten.md', number: 10, title: 'Ten', status: 'accepted', date: '2026-11-30' },
  { name: '0002-two.md', number: 2, title: 'Two', status: 'Superseded by ADR-0010', date: '2026-11-23' },
  { name: '20250105-earlier.md', title: 'Earlier' },
  { name: '0002-also-two.md', number: 2, title: 'Also two', status: 'accepted' },
];

describe('renderAdrIndex', () => {
  it('lists numbered ADRs by number, then date-named ones by date, each with status and date', () => {
    expect(renderAdrIndex(entries)).toBe(
      [
        '# Architecture Decision Records',
        '',
        `${ADR_INDEX_MARKER} Run it again after adding or changing an ADR; edits made here are replaced. -->`,
        '',
        '* [2. Also two](0002-also-two.md) - accepted',
        '* [2. Two](0002-two.md) - superseded by ADR-0010, 2026-11-23',
        '* [10. Ten](0010-ten.md) - accepted, 2026-11-30',
        '* [Earlier](20250105-earlier.md)',
        '* [Later](20261201-later.md) - proposed, 2026-12-01',
        '',
      ].join('\n'),
    );
  });

  it('does not depend on the order it is given', () => {
    expect(renderAdrIndex([...entries].reverse())).toBe(renderAdrIndex(entries));
    expect(orderAdrIndex(entries).map((entry) => entry.name)).toEqual([
      '0002-also-two.md',
      '0002-two.md',
      '0010-ten.md',
      '20250105-earlier.md',
      '20261201-later.md',
    ]);
  });

  it('keeps a title on one line inside the link, and encodes a file name that would break the link', () => {
    const text = renderAdrIndex([{ name: '0001-a (draft).md', number: 1, title: 'Use [new]\nbroker', status: 'accepted\n' }]);
    expect(text).toContain('* [1. Use \\[new\\] broker](0001-a%20%28draft%29.md) - accepted\n');
  });

  it('says so when there is no ADR yet', () => {
    expect(renderAdrIndex([])).toMatch(/\n\nNo ADRs yet\.\n$/);
  });
});

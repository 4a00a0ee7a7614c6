import { describe, expect, it } from 'vitest';
import { createMarkdownFormatter } from '../../src/render/markdown.js';
import { renderMapTable } from '../../src/render/table.js';
import { buildDecision, buildMinimalCase } from './fixture.js';

describe('renderMapTable', () => {
  it('golden table of the checkout decision', async () => {
    await expect(`${renderMapTable(buildDecision())}\n`).toMatchFileSnapshot('../golden/checkout-map-table.md');
  });

  it('has one row per interaction and the same number of cells in every row', () => {
    const lines = renderMapTable(buildDecision()).split('\n');
    expect(lines).toHaveLength(2 + 10);
    const cellCounts = lines.map((line) => line.replace(/\\\|/g, '').split('|').length);
    expect(new Set(cellCounts).size).toBe(1);
  });

  it('escapes pipes in names and shows a dash when nothing was declared', () => {
    const row = renderMapTable(buildDecision())
      .split('\n')
      .find((line) => line.startsWith('| `copy-to-legacy-crm`'));
    expect(row).toBe(
      '| `copy-to-legacy-crm` | checkout -> crm "legacy" \\| v2 | async | `queue` | low | The order must succeed while crm "legacy" \\| v2 is down; the work can happen later. | - |',
    );
  });

  it('renders the same table with the memoising escapers of an ADR render', () => {
    const decision = buildDecision();
    const format = createMarkdownFormatter();
    expect(renderMapTable(decision, format)).toBe(renderMapTable(decision));
    expect(renderMapTable(decision, format)).toBe(renderMapTable(decision));
  });

  it('keeps the names cell tidy when a name is empty', () => {
    const { decision } = buildMinimalCase();
    decision.interactions[0]!.from = '  ';
    expect(renderMapTable(decision).split('\n')[2]).toContain('| `get-price` | -> pricing |');
  });

  it('shows the declared style', () => {
    const { decision } = buildMinimalCase();
    decision.interactions[0]!.declared = 'async';
    expect(renderMapTable(decision).split('\n')[2]).toMatch(/\| async \|$/);
  });
});

import { describe, expect, it } from 'vitest';
import type { InteractionDecision } from '../../src/model/decision.js';
import { createMarkdownFormatter } from '../../src/render/markdown.js';
import { findMainReason, renderMapTable } from '../../src/render/table.js';
import { buildDecision, buildMinimalCase, buildPack } from './fixture.js';

function titlesOf(): Map<string, string> {
  return new Map(buildPack().rules.map((rule) => [rule.id, rule.title]));
}

function interactionOf(id: string): InteractionDecision {
  return buildDecision().interactions.find((interaction) => interaction.id === id)!;
}

describe('renderMapTable', () => {
  it('golden table of the checkout decision', async () => {
    await expect(`${renderMapTable(buildDecision())}\n`).toMatchFileSnapshot('../golden/checkout-map-table.md');
  });

  it('has one row per interaction and the same number of cells in every row', () => {
    for (const titles of [undefined, titlesOf()]) {
      const lines = renderMapTable(buildDecision(), undefined, titles).split('\n');
      expect(lines).toHaveLength(2 + 10);
      const cellCounts = lines.map((line) => line.replace(/\\\|/g, '').split('|').length);
      expect(new Set(cellCounts).size).toBe(1);
    }
  });

  it('escapes pipes in names and reasons and shows a dash when nothing was declared', () => {
    const decision = buildDecision();
    decision.interactions.find((interaction) => interaction.id === 'copy-to-legacy-crm')!.main_reasons = ['strong-freshness-ask-owner'];
    const row = renderMapTable(decision)
      .split('\n')
      .find((line) => line.startsWith('| `copy-to-legacy-crm`'));
    expect(row).toBe(
      '| `copy-to-legacy-crm` | checkout -> crm "legacy" \\| v2 | async | `queue` | medium | The answer must reflect the current state of crm "legacy" \\| v2. | - |',
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

  it('escapes markup in a rule title in the main reason cell', () => {
    const { decision } = buildMinimalCase();
    const titles = new Map([['result-needed-now', 'Wait | for <result>']]);
    expect(renderMapTable(decision, undefined, titles).split('\n')[2]).toContain('| Wait \\| for \\<result> (result-needed-now) |');
  });
});

describe('findMainReason', () => {
  it.each([
    ['place-order', 'A caller that needs the result waits for it in a call (result-needed-now)'],
    ['authorize-payment', 'An outcome others react to is decided synchronously, then announced (decide-then-announce)'],
    [
      'transcode-video',
      'Clients, gateways and partners hand work over through an endpoint (endpoint-for-callers-without-broker) + ' +
        'A client that needs only an acknowledgement follows the outcome through a status (acknowledge-now-complete-later)',
    ],
  ])('names the rules of %s by title and id, one for each part of a hybrid', (id, expected) => {
    expect(findMainReason(interactionOf(id), titlesOf())).toBe(expected);
  });

  it('gives the reason text where no title is known: the engine\'s own reasons, or a renderer given no titles', () => {
    const crm = interactionOf('copy-to-legacy-crm');
    expect(findMainReason(crm, titlesOf())).toBe(crm.reasons[0]!.text);
    expect(findMainReason(crm, titlesOf())).toMatch(/^Not every answer is known \(caller_needs\)\./);
    const session = interactionOf('close-session');
    expect(findMainReason(session, titlesOf())).toBe(session.reasons[0]!.text);
    expect(findMainReason(interactionOf('place-order'))).toBe('web cannot carry on without the result, so it waits for checkout in a call.');
  });

  it('falls back to the rule id, and to nothing when there is no main reason', () => {
    const interaction = interactionOf('place-order');
    interaction.main_reasons = ['team-rule'];
    expect(findMainReason(interaction)).toBe('team-rule');
    interaction.main_reasons = [];
    expect(findMainReason(interaction, titlesOf())).toBeUndefined();
  });
});

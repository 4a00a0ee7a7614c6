import Mustache from 'mustache';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAdrTemplates } from '../../src/io/templates.js';
import { ADR_PROFILES, renderAdr } from '../../src/render/adr.js';
import type { AdrInput, AdrProfile, AdrTemplates } from '../../src/render/adr.js';
import { buildAdrView } from '../../src/render/adr-view.js';
import { normaliseDocument } from '../../src/render/markdown.js';
import { buildAnswers, buildDecision, buildMinimalCase, buildPack } from './fixture.js';

let templates: AdrTemplates;

beforeAll(async () => {
  templates = await readAdrTemplates();
});

function checkoutInput(profile: AdrProfile): AdrInput {
  const pack = buildPack();
  return {
    answers: buildAnswers(),
    decision: buildDecision(pack),
    pack,
    profile,
    number: 7,
    date: '2026-11-22',
    source: 'examples/checkout/answers.yaml',
    templates,
  };
}

function minimalInput(profile: AdrProfile): AdrInput {
  return { ...buildMinimalCase(), profile, number: 1, date: '2026-01-05', source: 'answers.yaml', templates };
}

function sectionOf(document: string, heading: string): string {
  const start = document.indexOf(`${heading}\n`);
  expect(start, `missing ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = document.slice(start + heading.length + 1);
  const level = heading.split(' ')[0]!;
  const next = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
  return next === -1 ? rest : rest.slice(0, next);
}

describe('renderAdr golden documents', () => {
  it.each(ADR_PROFILES)('renders the checkout decision as %s', async (profile) => {
    await expect(renderAdr(checkoutInput(profile))).toMatchFileSnapshot(`../golden/adr-${profile}.md`);
  });
});

describe('renderAdr document shape', () => {
  it.each(ADR_PROFILES)('%s ends with one newline and has no trailing spaces or blank-line runs', (profile) => {
    const text = renderAdr(checkoutInput(profile));
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text).not.toMatch(/[ \t]$/m);
    expect(text).not.toMatch(/\n\n\n/);
    expect(text.startsWith('\n')).toBe(false);
  });

  it.each(ADR_PROFILES)('%s renders the same text twice', (profile) => {
    expect(renderAdr(checkoutInput(profile))).toBe(renderAdr(checkoutInput(profile)));
  });

  it.each(ADR_PROFILES)('%s carries no absolute paths', (profile) => {
    expect(renderAdr(checkoutInput(profile))).not.toContain('/opt/sync-or-async');
  });

  it('puts the MADR title on the line right after the front matter', () => {
    const lines = renderAdr(checkoutInput('madr')).split('\n');
    const closing = lines.indexOf('---', 1);
    expect(lines[0]).toBe('---');
    expect(lines.slice(1, closing)).toEqual([
      'status: proposed',
      'date: 2026-11-22',
      'decision-makers: payments team, platform team',
      'consulted: "security: fraud desk"',
      'decision-id: checkout-and-order-communication',
    ]);
    expect(lines[closing + 1]).toBe('# Checkout and order communication');
  });

  it('has the MADR sections in order', () => {
    const text = renderAdr(checkoutInput('madr'));
    const headings = text.split('\n').filter((line) => /^##? /.test(line));
    expect(headings).toEqual([
      '# Checkout and order communication',
      '## Context and Problem Statement',
      '## Decision Drivers',
      '## Considered Options',
      '## Decision Outcome',
      '## Pros and Cons of the Options',
      '## More Information',
    ]);
    expect(text).toContain(
      'Chosen option: "A per-interaction map of synchronous, asynchronous and hybrid communication", because',
    );
  });

  it('starts nygard with the number, the date and the status, and ends with the decision id', () => {
    const lines = renderAdr(checkoutInput('nygard')).trimEnd().split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '# 7. Checkout and order communication',
      '',
      'Date: 2026-11-22',
      '',
      '## Status',
      '',
      'Proposed',
    ]);
    expect(lines[lines.length - 1]).toBe('<!-- decision-id: checkout-and-order-communication -->');
    expect(lines).not.toContain('---');
  });

  it('starts log4brains with the title and the status list, and ends with the decision id', () => {
    const lines = renderAdr(checkoutInput('log4brains')).trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '# Checkout and order communication',
      '',
      '- Status: proposed',
      '- Deciders: payments team, platform team',
      '- Date: 2026-11-22',
    ]);
    expect(lines[lines.length - 1]).toBe('<!-- decision-id: checkout-and-order-communication -->');
  });

  it('lists a driver only for questions that backed a recommendation, in pack order', () => {
    const drivers = sectionOf(renderAdr(checkoutInput('madr')), '## Decision Drivers');
    const ids = [...drivers.matchAll(/^\* .*?\(`([a-z_]+)`\)/gm)].map((match) => match[1]);
    expect(ids).toEqual([
      'intent',
      'needs_answer_now',
      'tolerates_pending',
      'fits_latency_budget',
      'multiple_consumers',
      'when_down',
      'freshness',
      'critical_decision',
      'duration',
      'caller_reachable',
    ]);
    expect(drivers).toContain('Its answer backed the recommendation for 4 of the 10 interactions.');
  });

  it('marks items that hold only while an answer is unknown', () => {
    const text = renderAdr(checkoutInput('madr'));
    expect(text).toContain('- [ ] Ordering key (`ordering-key`) (required until `ordering` is answered)');
    expect(text).toContain(
      '* **Ordering key** (`ordering-key`): Order holds only per key. Verify: Messages carry the key | partition used. ' +
        'Needed by 2 of the 10 interactions: `feed-analytics` and `reserve-stock` (only until open questions are answered).',
    );
  });

  it.each(ADR_PROFILES)('%s leaves the final pass nothing to cut', (profile) => {
    // User text is normalised when the view is built and the templates leave no gaps, so the
    // final pass hands the text back without copying it: that matters for a document of tens of
    // megabytes. A blank line added after a list partial breaks this.
    const { templates: _, ...viewInput } = checkoutInput(profile);
    const raw = Mustache.render(templates[profile], buildAdrView(viewInput), templates.partials, { escape: String });
    expect(normaliseDocument(raw)).toBe(raw);
  });

  it('explains derived answers with the numbers they came from', () => {
    const reasons = sectionOf(renderAdr(checkoutInput('madr')), '#### `screen-fraud`: checkout -> fraud');
    expect(reasons).toContain(
      '`fits_latency_budget` is **no**, derived from the numbers: p99 1200 ms is over the budget of 800 ms.',
    );
  });
});

/** The item list at the top of the checklist section: one `* **title** (`id`): ...` line per item. */
function describedItems(document: string): string[] {
  return sectionOf(document, '#### Checklist items')
    .split('\n')
    .filter((line) => line.startsWith('* '))
    .map((line) => /^\* \*\*.*?\*\* \(`([^`]+)`\)/.exec(line)?.[1] ?? line);
}

function countOccurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('renderAdr checklist', () => {
  it.each(ADR_PROFILES)('%s describes every item the decision uses exactly once, in pack order', (profile) => {
    const input = checkoutInput(profile);
    const text = renderAdr(input);
    const used = new Set(input.decision.interactions.flatMap((interaction) => interaction.checklist.map((item) => item.id)));
    expect(describedItems(text)).toEqual(input.pack.checklist.map((item) => item.id).filter((id) => used.has(id)));
    for (const item of input.pack.checklist.filter((candidate) => used.has(candidate.id))) {
      expect(countOccurrences(text, item.why), item.id).toBe(1);
      expect(countOccurrences(text, `Verify: ${item.verify}`), item.id).toBe(1);
    }
  });

  it('leaves out an item that no interaction needs', () => {
    const input = checkoutInput('madr');
    for (const interaction of input.decision.interactions) {
      interaction.checklist = interaction.checklist.filter((item) => item.id !== 'deny-on-error');
    }
    const text = renderAdr(input);
    expect(input.pack.checklist.map((item) => item.id)).toContain('deny-on-error');
    expect(describedItems(text)).not.toContain('deny-on-error');
    expect(text).not.toContain('deny-on-error');
    expect(text).not.toContain('A gate that fails open is no gate.');
  });

  it('says which interactions need each item', () => {
    const items = sectionOf(renderAdr(checkoutInput('madr')), '#### Checklist items');
    expect(items).toContain(
      '* **Timeout budget per hop** (`timeout-budget`): A call without a deadline holds its caller hostage. ' +
        'Verify: Every client sets a timeout below the remaining budget. Needed by 6 of the 10 interactions: ' +
        '`place-order`, `authorize-payment`, `screen-fraud`, `check-access`, `close-session` and `transcode-video`.',
    );
  });

  it.each(ADR_PROFILES)('%s keeps one task list of titles and ids per interaction', (profile) => {
    const input = checkoutInput(profile);
    const text = renderAdr(input);
    for (const interaction of input.decision.interactions) {
      const heading = `#### \`${interaction.id}\` (${interaction.style}, \`${interaction.mechanism}\`)`;
      const tasks = sectionOf(text, heading)
        .split('\n')
        .filter((line) => line.startsWith('- [ ] '));
      expect(tasks.map((line) => /\(`([^`]+)`\)/.exec(line)?.[1]), interaction.id).toEqual(
        interaction.checklist.map((item) => item.id),
      );
      for (const [index, item] of interaction.checklist.entries()) {
        expect(tasks[index]!.startsWith(`- [ ] ${item.title} (\`${item.id}\`)`)).toBe(true);
      }
    }
  });
});

describe('renderAdr with empty lists', () => {
  it.each(ADR_PROFILES)('%s says so when there are no findings and no open questions', (profile) => {
    const text = renderAdr(minimalInput(profile));
    expect(text).toContain('No whole-system findings.');
    expect(text).toContain('None: no unanswered question could change a recommendation or its checklist.');
    expect(text).toContain('Nothing is required for this interaction.');
    expect(text).not.toContain('#### Checklist items');
  });

  it('leaves out empty people lists from the MADR front matter', () => {
    const text = renderAdr(minimalInput('madr'));
    expect(text.split('\n').slice(0, 6)).toEqual([
      '---',
      'status: accepted',
      'date: 2026-01-05',
      'decision-id: price-lookup',
      '---',
      '# Price lookup',
    ]);
  });

  it('leaves out the deciders line from log4brains when nobody is named', () => {
    const text = renderAdr(minimalInput('log4brains'));
    expect(text).not.toContain('Deciders');
    expect(text.split('\n').slice(0, 4)).toEqual(['# Price lookup', '', '- Status: accepted', '- Date: 2026-01-05']);
  });

  it('describes a single-style decision without claiming a mix', () => {
    const text = renderAdr(minimalInput('madr'));
    expect(text).toContain('the only interaction was decided on its own answers and came out synchronous');
    expect(text).toContain('Neutral, because every interaction came out synchronous');
    expect(text).not.toContain('asynchronous path');
  });

  it('shows the profile in the re-run command when it is not the default', () => {
    expect(renderAdr(minimalInput('nygard'))).toContain('`npx sync-or-async decide answers.yaml --profile nygard`');
    expect(renderAdr(minimalInput('madr'))).toContain('`npx sync-or-async decide answers.yaml`;');
  });
});

describe('renderAdr with hostile text', () => {
  it('keeps user text literal: no template syntax, no stray markup, no broken lines', () => {
    const input = minimalInput('madr');
    input.answers.title = 'Prices {{title}} and <b>bold</b>';
    input.answers.context = 'Uses {{#options}}mustache{{/options}} braces.';
    input.answers.decision_makers = ['ops #1'];
    const interaction = input.decision.interactions[0]!;
    interaction.summary = '# not a heading\nsecond line';
    interaction.from = '<script>';
    const text = renderAdr(input);
    expect(text).toContain('# Prices {{title}} and \\<b>bold\\</b>\n');
    expect(text).toContain('Uses {{#options}}mustache{{/options}} braces.');
    expect(text).toContain('decision-makers: "ops #1"');
    expect(text).toContain('#### `get-price`: \\<script> -> pricing\n\n\\# not a heading second line. **sync**');
  });

  it('leaves the global Mustache escaping untouched', async () => {
    const { default: Mustache } = await import('mustache');
    renderAdr(minimalInput('madr'));
    expect(Mustache.render('{{x}}', { x: '<a>' })).toBe('&lt;a&gt;');
  });
});

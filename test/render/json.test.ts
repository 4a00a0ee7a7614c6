import { describe, expect, it } from 'vitest';
import type { Reason } from '../../src/model/decision.js';
import { JSON_OUTPUT_VERSION, renderJson, renderJsonPieces } from '../../src/render/json.js';
import { buildAnswers, buildDecision, buildMinimalCase } from './fixture.js';

/** The documented keys of an interaction, in the order they are written. */
const INTERACTION_KEYS = [
  'id',
  'from',
  'to',
  'summary',
  'style',
  'mechanism',
  'parts',
  'confidence',
  'support',
  'main_reasons',
  'reasons',
  'options',
  'checklist',
  'declared',
  'open_questions',
  'derived',
  'location',
];

function reverseKeys<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).reverse()) as T;
}

/** The checkout decision as a script reads it. */
function parseCheckout(): { interactions: Record<string, unknown>[]; findings: Record<string, unknown>[] } {
  return JSON.parse(renderJson(buildAnswers(), buildDecision()));
}

function interactionOf(parsed: { interactions: Record<string, unknown>[] }, id: string): Record<string, unknown> {
  const found = parsed.interactions.find((interaction) => interaction['id'] === id);
  if (found === undefined) throw new Error(`no interaction ${id}`);
  return found;
}

describe('renderJson', () => {
  it('golden document of the checkout decision', async () => {
    await expect(renderJson(buildAnswers(), buildDecision())).toMatchFileSnapshot('../golden/checkout-decision.json');
  });

  it('is one JSON document of version 2 with a 2-space indent and a final newline', () => {
    const text = renderJson(buildAnswers(), buildDecision());
    expect(JSON_OUTPUT_VERSION).toBe(2);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "version": 2,');
    expect(Object.keys(JSON.parse(text))).toEqual([
      'version',
      'decision_id',
      'title',
      'status',
      'interactions',
      'findings',
      'summary',
    ]);
  });

  it('gives every interaction exactly the documented keys, in a fixed order, with declared null when absent', () => {
    const { answers, decision } = buildMinimalCase();
    const parsed = JSON.parse(renderJson(answers, decision));
    expect(Object.keys(parsed.interactions[0])).toEqual(INTERACTION_KEYS);
    expect(parsed.interactions[0].declared).toBeNull();
    expect(parsed.findings).toEqual([]);
    expect(parsed.summary).toEqual({
      interactions: 1,
      styles: { sync: 1, async: 0, hybrid: 0 },
      findings: { error: 0, warning: 0, info: 0 },
    });
  });

  it('writes the same keys in the same order for every interaction, whatever order the decision holds them in', () => {
    const decision = buildDecision();
    const first = decision.interactions[0]!;
    decision.interactions[0] = {
      ...reverseKeys(first),
      parts: reverseKeys(first.parts),
      reasons: first.reasons.map(reverseKeys),
      options: first.options.map(reverseKeys),
    };
    const parsed = JSON.parse(renderJson(buildAnswers(), decision));
    for (const interaction of parsed.interactions) {
      expect(Object.keys(interaction), interaction.id).toEqual(INTERACTION_KEYS);
      expect(Object.keys(interaction.parts), interaction.id).toEqual(['sync', 'async', 'reply']);
      for (const reason of interaction.reasons) {
        expect(Object.keys(reason).slice(0, 5), interaction.id).toEqual(['rule', 'stance', 'vote', 'weight', 'text']);
      }
      for (const option of interaction.options) {
        expect(Object.keys(option), interaction.id).toEqual(['style', 'mechanism', 'chosen', 'pros', 'cons']);
      }
    }
  });

  it('gives each interaction its parts, with null for a part it does not have', () => {
    const parsed = parseCheckout();
    expect(interactionOf(parsed, 'place-order')['parts']).toEqual({ sync: 'call', async: null, reply: null });
    expect(interactionOf(parsed, 'reserve-stock')['parts']).toEqual({ sync: null, async: 'queue', reply: null });
    expect(interactionOf(parsed, 'authorize-payment')['parts']).toEqual({ sync: 'call', async: 'event', reply: null });
    expect(interactionOf(parsed, 'transcode-video')['parts']).toEqual({ sync: 'call', async: 'request-reply', reply: 'polling' });
  });

  it('gives the support, the main reasons and the considered options as the engine decided them', () => {
    const parsed = parseCheckout();
    const crm = interactionOf(parsed, 'copy-to-legacy-crm');
    expect(crm['support']).toBe(0.667);
    expect(crm['main_reasons']).toEqual(['possible-answers']);
    expect(interactionOf(parsed, 'transcode-video')['main_reasons']).toEqual(['endpoint-for-callers-without-broker', 'acknowledge-now-complete-later']);
    expect(interactionOf(parsed, 'authorize-payment')['options']).toEqual([
      { style: 'hybrid', mechanism: 'call+event', chosen: true, pros: ['decide-then-announce', 'result-needed-now', 'strong-freshness-ask-owner'], cons: [] },
      { style: 'sync', mechanism: 'call', chosen: false, pros: ['result-needed-now', 'strong-freshness-ask-owner'], cons: ['decide-then-announce'] },
      { style: 'async', mechanism: 'event', chosen: false, pros: [], cons: ['decide-then-announce', 'result-needed-now', 'strong-freshness-ask-owner'] },
    ]);
  });

  it('gives each reason its vote and, only when it holds under assumed answers, what was assumed, last', () => {
    const parsed = parseCheckout();
    const reasons = interactionOf(parsed, 'copy-to-legacy-crm')['reasons'] as Record<string, unknown>[];
    expect(reasons.map((reason) => Object.keys(reason))).toEqual([
      ['rule', 'stance', 'vote', 'weight', 'text'],
      ['rule', 'stance', 'vote', 'weight', 'text', 'assuming'],
      ['rule', 'stance', 'vote', 'weight', 'text', 'assuming'],
      ['rule', 'stance', 'vote', 'weight', 'text'],
    ]);
    expect(reasons[0]).toMatchObject({ rule: 'possible-answers', vote: {} });
    expect(reasons[1]).toMatchObject({ rule: 'defer-when-down', vote: { sync: 'no', async: 'yes' }, assuming: { caller_needs: 'acknowledgement' } });
    expect(reasons[3]).toMatchObject({ rule: 'strong-freshness-ask-owner', stance: 'against', vote: { sync: 'yes' } });
  });

  it('writes the keys of a vote in a fixed order and leaves out those the rule did not vote on', () => {
    const { answers, decision } = buildMinimalCase();
    const reason: Reason = {
      rule: 'live-updates-stream',
      stance: 'against',
      vote: { reply: 'stream', mechanism: 'request-reply', async: 'yes', sync: 'no' },
      weight: 'strong',
      text: 'Many watch live.',
      assuming: { realtime_updates: 'yes' },
    };
    decision.interactions[0]!.reasons.push(reason, { ...reason, vote: { reply: 'callback' }, assuming: undefined });
    const [, , full, replyOnly] = JSON.parse(renderJson(answers, decision)).interactions[0].reasons;
    expect(Object.keys(full.vote)).toEqual(['sync', 'async', 'mechanism', 'reply']);
    expect(full.assuming).toEqual({ realtime_updates: 'yes' });
    expect(replyOnly.vote).toEqual({ reply: 'callback' });
    expect(Object.keys(replyOnly)).toEqual(['rule', 'stance', 'vote', 'weight', 'text']);
  });

  it('leaves absent finding keys out', () => {
    const parsed = parseCheckout();
    expect(Object.keys(parsed.findings[0]!)).toEqual(['rule', 'severity', 'message', 'flow', 'location']);
    expect(Object.keys(parsed.findings[1]!)).toEqual(['rule', 'severity', 'message', 'interaction', 'location']);
  });

  it('renders the same text twice', () => {
    expect(renderJson(buildAnswers(), buildDecision())).toBe(renderJson(buildAnswers(), buildDecision()));
  });
});

describe('renderJsonPieces', () => {
  /** The layout JSON.stringify gives the whole document: what the output was before it came in pieces. */
  const relaidOut = (text: string): string => `${JSON.stringify(JSON.parse(text), null, 2)}\n`;

  it('gives one piece per interaction, which joined are the document as JSON.stringify lays it out', () => {
    const answers = buildAnswers();
    const decision = buildDecision();
    const pieces = [...renderJsonPieces(answers, decision)];
    expect(pieces).toHaveLength(decision.interactions.length + 2);
    expect(pieces.join('')).toBe(renderJson(answers, decision));
    expect(pieces.join('')).toBe(relaidOut(pieces.join('')));
  });

  it('keeps the layout with no interactions, no findings, and texts that look like its own keys', () => {
    const { answers, decision } = buildMinimalCase();
    answers.title = 'x",\n  "interactions": [],\n  "findings": []';
    answers.id = '\n  "interactions": []';
    decision.interactions[0]!.summary = '\n    }\n  ],';
    const text = renderJson(answers, decision);
    expect(text).toBe(relaidOut(text));
    expect(JSON.parse(text).title).toBe(answers.title);
    const empty = renderJson(answers, { ...decision, interactions: [] });
    expect(empty).toBe(relaidOut(empty));
    expect(JSON.parse(empty).interactions).toEqual([]);
  });
});

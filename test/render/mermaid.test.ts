import { describe, expect, it } from 'vitest';
import type { Style } from '../../src/model/answers.js';
import type { Decision, InteractionDecision } from '../../src/model/decision.js';
import { assignNodeIds, renderMermaid } from '../../src/render/mermaid.js';
import { buildDecision, partsOf, summarise } from './fixture.js';

function interaction(id: string, from: string, to: string, style: Style, mechanism: string): InteractionDecision {
  return {
    id,
    from,
    to,
    summary: id,
    style,
    mechanism,
    parts: partsOf(mechanism),
    confidence: 'high',
    support: 1,
    main_reasons: [],
    reasons: [],
    options: [],
    checklist: [],
    open_questions: [],
    answers: {},
    derived: [],
    location: { file: 'answers.yaml', line: 1, column: 1 },
  };
}

function decisionOf(interactions: InteractionDecision[]): Decision {
  return { interactions, findings: [], summary: summarise(interactions, []) };
}

describe('renderMermaid', () => {
  it('golden diagram of the checkout decision', async () => {
    await expect(`${renderMermaid(buildDecision())}\n`).toMatchFileSnapshot('../golden/checkout-map.mmd');
  });

  it.each([
    ['sync', 'call', '  n1 -->|"a: call"| n2'],
    ['async', 'event', '  n1 -.->|"a: event"| n2'],
    ['hybrid', 'call+event', '  n1 ==>|"a: call+event"| n2'],
    ['async', 'webhook', '  n1 -.->|"a: webhook"| n2'],
    ['hybrid', 'call+request-reply:callback', '  n1 ==>|"a: call+request-reply:callback"| n2'],
  ] as const)('draws %s as its own arrow', (style, mechanism, edge) => {
    const lines = renderMermaid(decisionOf([interaction('a', 'x', 'y', style, mechanism)])).split('\n');
    expect(lines).toEqual(['flowchart LR', '  n1["x"]', '  n2["y"]', edge]);
  });

  it('never uses a service name as a node id', () => {
    const text = renderMermaid(
      decisionOf([
        interaction('stop', 'a b', 'end', 'sync', 'call'),
        interaction('quote', 'end', 'say "hi" | bye', 'async', 'event'),
      ]),
    );
    expect(text).toBe(
      [
        'flowchart LR',
        '  n1["a b"]',
        '  n2["end"]',
        '  n3["say #quot;hi#quot; | bye"]',
        '  n1 -->|"stop: call"| n2',
        '  n2 -.->|"quote: event"| n3',
      ].join('\n'),
    );
  });

  it('numbers nodes in sorted name order, not in order of appearance', () => {
    const ids = assignNodeIds(decisionOf([interaction('a', 'zeta', 'alpha', 'sync', 'call'), interaction('b', 'Beta', 'alpha', 'sync', 'call')]));
    expect([...ids]).toEqual([
      ['Beta', 'n1'],
      ['alpha', 'n2'],
      ['zeta', 'n3'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { assignNodeIds, MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, renderMermaid, renderMermaidDiagrams } from '../../src/render/mermaid.js';
import { buildDecision, decisionOf, mapInteraction as interaction } from './fixture.js';

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

/** The edge lines of a diagram, and the node ids it declares. */
function readDiagram(source: string): { edges: string[]; declared: string[]; used: string[] } {
  const lines = source.split('\n').slice(1);
  const edges = lines.filter((line) => line.includes('|"'));
  const declared = lines.filter((line) => !line.includes('|"')).map((line) => line.trim().split('[')[0] as string);
  const used = [...new Set(edges.flatMap((line) => [line.trim().split(' ')[0] as string, line.trim().split(' ').pop() as string]))];
  return { edges, declared, used };
}

describe('renderMermaidDiagrams', () => {
  it('draws a map Mermaid can hold as the one diagram renderMermaid gives', () => {
    const decision = buildDecision();
    expect(renderMermaidDiagrams(decision)).toEqual([{ source: renderMermaid(decision) }]);
  });

  it('keeps exactly MERMAID_MAX_EDGES interactions in one diagram, and splits one more by calling service', () => {
    const many = (count: number) =>
      decisionOf(Array.from({ length: count }, (_, index) => interaction(`i${index}`, `caller-${index % 7}`, `callee-${index % 13}`, 'sync', 'call')));
    expect(renderMermaidDiagrams(many(MERMAID_MAX_EDGES))).toHaveLength(1);

    const decision = many(MERMAID_MAX_EDGES + 1);
    const diagrams = renderMermaidDiagrams(decision);
    expect(diagrams).toHaveLength(2);
    const ids = assignNodeIds(decision);
    const whole = readDiagram(renderMermaid(decision));
    const drawn: string[] = [];
    for (const diagram of diagrams) {
      const { edges, declared, used } = readDiagram(diagram.source);
      expect(edges.length).toBeLessThanOrEqual(MERMAID_MAX_EDGES);
      // A part declares exactly the services it draws, with the ids of the whole map.
      expect([...declared].sort()).toEqual([...used].sort());
      for (const id of declared) expect([...ids.values()]).toContain(id);
      drawn.push(...edges);
    }
    // Every interaction is drawn once, grouped by caller: caller-0's interactions come first.
    expect([...drawn].sort()).toEqual([...whole.edges].sort());
    expect(drawn[0]).toBe(whole.edges[0]);
    expect(diagrams.map((diagram) => diagram.callers)).toEqual([
      { first: 'caller-0', last: 'caller-6' },
      { first: 'caller-6', last: 'caller-6' },
    ]);
  });

  it('starts a new part before a diagram passes MERMAID_MAX_TEXT characters', () => {
    const long = 'x'.repeat(900);
    const decision = decisionOf(
      Array.from({ length: 120 }, (_, index) => interaction(`${long}-${String(index).padStart(3, '0')}`, `caller-${index % 3}`, 'callee', 'async', 'event')),
    );
    expect(renderMermaid(decision).length).toBeGreaterThan(MERMAID_MAX_TEXT);
    const diagrams = renderMermaidDiagrams(decision);
    expect(diagrams.length).toBeGreaterThan(1);
    for (const diagram of diagrams) expect(diagram.source.length).toBeLessThanOrEqual(MERMAID_MAX_TEXT);
    // Filled as far as the limit allows: no two neighbouring parts could have been one.
    for (let index = 1; index < diagrams.length; index += 1) {
      expect((diagrams[index - 1] as { source: string }).source.length + 1000).toBeGreaterThan(MERMAID_MAX_TEXT);
    }
    expect(diagrams.flatMap((diagram) => readDiagram(diagram.source).edges)).toHaveLength(120);
  });
});

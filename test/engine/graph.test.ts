import { describe, expect, it } from 'vitest';
import type { DirectedGraph } from '../../src/engine/graph.js';
import {
  buildAdjacency,
  findCycleThrough,
  findStronglyConnectedComponents,
  isCyclicComponent,
  orderTopologically,
} from '../../src/engine/graph.js';

const graphOf = (nodeCount: number, pairs: [number, number][]): DirectedGraph => ({
  nodeCount,
  edges: pairs.map(([from, to]) => ({ from, to })),
});

function componentIndex(components: number[][], nodeCount: number): Int32Array {
  const componentOf = new Int32Array(nodeCount);
  components.forEach((component, index) => component.forEach((node) => (componentOf[node] = index)));
  return componentOf;
}

describe('findStronglyConnectedComponents', () => {
  it.each([
    ['no edges, in node order', graphOf(3, []), [[0], [1], [2]]],
    ['a chain, sinks first', graphOf(3, [[0, 1], [1, 2]]), [[2], [1], [0]]],
    ['a triangle', graphOf(3, [[0, 1], [1, 2], [2, 0]]), [[0, 1, 2]]],
    ['two loops joined by an edge', graphOf(4, [[0, 1], [1, 0], [1, 2], [2, 3], [3, 2]]), [[2, 3], [0, 1]]],
    ['a self-loop', graphOf(2, [[0, 0], [0, 1]]), [[1], [0]]],
  ] as const)('%s', (_, graph, expected) => {
    expect(findStronglyConnectedComponents(graph)).toEqual(expected);
  });

  it('orders components so that every edge between them points forward', () => {
    const graph = graphOf(6, [[5, 4], [4, 3], [3, 4], [3, 2], [2, 1], [0, 1], [1, 0], [5, 0]]);
    const ordered = orderTopologically(findStronglyConnectedComponents(graph));
    const position = componentIndex(ordered, graph.nodeCount);
    for (const edge of graph.edges) {
      if (position[edge.from] !== position[edge.to]) expect(position[edge.from]).toBeLessThan(position[edge.to] as number);
    }
  });

  it('handles a chain of 100,000 nodes and a ring of 100,000 without recursion', () => {
    const size = 100_000;
    const chain = graphOf(size, Array.from({ length: size - 1 }, (_, index) => [index, index + 1] as [number, number]));
    expect(findStronglyConnectedComponents(chain)).toHaveLength(size);
    const ring = graphOf(size, Array.from({ length: size }, (_, index) => [index, (index + 1) % size] as [number, number]));
    const components = findStronglyConnectedComponents(ring);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(size);
  });
});

describe('isCyclicComponent and findCycleThrough', () => {
  it('tells single nodes with and without a self-loop apart', () => {
    const graph = graphOf(2, [[0, 0], [0, 1]]);
    const adjacency = buildAdjacency(graph);
    expect(isCyclicComponent([0], graph, adjacency)).toBe(true);
    expect(isCyclicComponent([1], graph, adjacency)).toBe(false);
  });

  it('finds a shortest cycle through the start inside its component', () => {
    // 0 -> 1 -> 2 -> 3 -> 0 and the shortcut 1 -> 3; 3 -> 4 leaves the component.
    const graph = graphOf(5, [[0, 1], [1, 2], [2, 3], [3, 0], [1, 3], [3, 4]]);
    const adjacency = buildAdjacency(graph);
    const componentOf = componentIndex(findStronglyConnectedComponents(graph), graph.nodeCount);
    expect(findCycleThrough(0, graph, adjacency, componentOf)).toEqual([0, 4, 3]);
    expect(findCycleThrough(4, graph, adjacency, componentOf)).toBeUndefined();
  });
});

/**
 * Small graph algorithms for the service graph. All iterative: a chain of 10,000 services
 * must not overflow the call stack.
 */

/** A directed graph over nodes 0..nodeCount-1; adjacency[v] lists edge indices leaving v. */
export interface DirectedGraph {
  nodeCount: number;
  edges: readonly { from: number; to: number }[];
}

/** Edge indices leaving each node, in edge order. */
export function buildAdjacency(graph: DirectedGraph): number[][] {
  const adjacency: number[][] = Array.from({ length: graph.nodeCount }, () => []);
  graph.edges.forEach((edge, index) => adjacency[edge.from]?.push(index));
  return adjacency;
}

/**
 * Tarjan's strongly connected components without recursion. Components come out in reverse
 * topological order (a component before every component that reaches it), each listing its
 * nodes in ascending order. O(V + E).
 */
export function findStronglyConnectedComponents(graph: DirectedGraph): number[][] {
  const { nodeCount, edges } = graph;
  const adjacency = buildAdjacency(graph);
  const index = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const onStack = new Uint8Array(nodeCount);
  const nextEdge = new Int32Array(nodeCount);
  const stack: number[] = [];
  const calls: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  const visit = (node: number): void => {
    index[node] = counter;
    low[node] = counter;
    counter += 1;
    stack.push(node);
    onStack[node] = 1;
    calls.push(node);
  };

  for (let root = 0; root < nodeCount; root += 1) {
    if (index[root] !== -1) continue;
    visit(root);
    while (calls.length > 0) {
      const node = calls[calls.length - 1] as number;
      const out = adjacency[node] as number[];
      const position = nextEdge[node] as number;
      if (position < out.length) {
        nextEdge[node] = position + 1;
        const target = (edges[out[position] as number] as { to: number }).to;
        if (index[target] === -1) visit(target);
        else if (onStack[target] === 1) low[node] = Math.min(low[node] as number, index[target] as number);
        continue;
      }
      calls.pop();
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component.sort((a, b) => a - b));
      }
      const caller = calls[calls.length - 1];
      if (caller !== undefined) low[caller] = Math.min(low[caller] as number, low[node] as number);
    }
  }
  return components;
}

/** A component is cyclic when it has more than one node or a node that calls itself. */
export function isCyclicComponent(component: readonly number[], graph: DirectedGraph, adjacency: readonly number[][]): boolean {
  if (component.length > 1) return true;
  const only = component[0] as number;
  return (adjacency[only] ?? []).some((edgeIndex) => graph.edges[edgeIndex]?.to === only);
}

/**
 * A shortest cycle through `start` using only edges inside its component (breadth-first, so
 * iterative). Returns the edge indices of the cycle in order, or undefined if there is none.
 */
export function findCycleThrough(
  start: number,
  graph: DirectedGraph,
  adjacency: readonly number[][],
  componentOf: ArrayLike<number>,
): number[] | undefined {
  const component = componentOf[start];
  const arrivedBy = new Map<number, number>();
  const queue: number[] = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head] as number;
    for (const edgeIndex of adjacency[node] ?? []) {
      const target = (graph.edges[edgeIndex] as { to: number }).to;
      if (componentOf[target] !== component) continue;
      if (target === start) {
        const path = [edgeIndex];
        let cursor = node;
        while (cursor !== start) {
          const back = arrivedBy.get(cursor) as number;
          path.push(back);
          cursor = (graph.edges[back] as { from: number }).from;
        }
        return path.reverse();
      }
      if (!arrivedBy.has(target)) {
        arrivedBy.set(target, edgeIndex);
        queue.push(target);
      }
    }
  }
  return undefined;
}

/**
 * The order in which components can be processed so that every edge between components
 * points forward: the reverse of Tarjan's output.
 */
export function orderTopologically(components: readonly number[][]): number[][] {
  return [...components].reverse();
}

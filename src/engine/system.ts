/**
 * Whole-system findings: what no single interaction shows. Latency adds up and availability
 * multiplies along a flow, retries multiply along call chains, synchronous cycles and
 * fan-outs couple services, and facts can be announced before the decision they imply.
 * Every check is linear (or linear times the flow length) in the size of the input.
 */
import type { AnswersFile, Flow, Interaction, Style } from '../model/answers.js';
import type { Finding, InteractionDecision } from '../model/decision.js';
import type { Pack, SystemRule, SystemRuleId } from '../model/pack.js';
import { endSentence, formatCount, formatNumber, joinShortened } from './format.js';
import type { DirectedGraph } from './graph.js';
import { buildAdjacency, findCycleThrough, findStronglyConnectedComponents, isCyclicComponent, orderTopologically } from './graph.js';

const ARROW = ' -> ';

/**
 * The answers the whole-system checks read to decide whether a finding is raised (a fact
 * before a decision, a query over events, a slow callee whose answer is needed now). An
 * interaction's recommendation may not depend on them, yet a flow's findings do, so the
 * interview asks them wherever they apply. (freshness and when_down only colour messages.)
 */
export const SYSTEM_QUESTIONS: readonly string[] = ['intent', 'caller_needs', 'critical_decision', 'fits_latency_budget', 'tolerates_pending', 'load_profile'];

/** One interaction as the system checks see it. */
interface Edge {
  interaction: Interaction;
  decision: InteractionDecision;
  /** declared ?? recommended. */
  effective: Style;
  /** The effective style makes the caller wait for a synchronous part (see isSynchronous). */
  synchronous: boolean;
  /**
   * The synchronous part carries the result: false for a hybrid that accepts now and completes
   * later (request-reply), where the caller waits only for the acceptance.
   */
  waitsForResult: boolean;
  numbers: Interaction['numbers'];
  /** The answers after derivation. */
  answers: Record<string, string | undefined>;
}

interface SystemContext {
  answers: AnswersFile;
  pack: Pack;
  /** In file order, only interactions that have a decision. */
  edges: Edge[];
  byId: Map<string, Edge>;
  /** Per flow (same index as answers.flows), once a check asks for it. */
  flows: (ResolvedFlow | undefined)[];
  /** The synchronous service graph and its components, once a check asks for them. */
  graph: AnalysedGraph | undefined;
}

/** A flow's steps that name an interaction, in step order; several checks walk them. */
interface ResolvedFlow {
  steps: Edge[];
  /** Per step: its 1-based number in the flow as written. */
  numbers: number[];
  /** The synchronous steps alone. */
  synchronous: Edge[];
}

type Check = (rule: SystemRule, context: SystemContext) => Finding[];

const CHECKS: Readonly<Record<SystemRuleId, Check>> = {
  'latency-budget-exceeded': checkLatencyBudgets,
  'availability-below-target': checkAvailabilityTargets,
  'retry-amplification': checkRetryAmplification,
  'sync-fan-out': checkSyncFanOut,
  'sync-cycle': checkSyncCycles,
  'fact-before-decision': checkFactBeforeDecision,
  'query-over-events': checkQueryOverEvents,
  'async-hides-latency': checkAsyncHidesLatency,
  'stale-read-for-strong-decision': checkStaleReads,
  'declared-style-drift': checkDeclaredDrift,
};

/** Runs the system rules the pack contains, in pack order. The caller sorts the findings. */
export function analyseSystem(answers: AnswersFile, decisions: InteractionDecision[], pack: Pack): Finding[] {
  let edges = buildEdges(answers.interactions, decisions, false);
  let byId = indexEdges(edges);
  // Repeated ids (which validation rejects) all take the last decision of their id.
  if (byId.size < edges.length) {
    edges = buildEdges(answers.interactions, decisions, true);
    byId = indexEdges(edges);
  }
  const flows = new Array<ResolvedFlow | undefined>(answers.flows.length).fill(undefined);
  const context: SystemContext = { answers, pack, edges, byId, flows, graph: undefined };
  const findings: Finding[] = [];
  for (const rule of pack.systemRules) {
    const check = CHECKS[rule.id];
    if (check === undefined) continue;
    for (const finding of check(rule, context)) findings.push(finding);
  }
  return findings;
}

/**
 * Each interaction that has a decision, in file order, with the decision of its id. The
 * loops over all interactions are indexed: they run once per decide(), mostly before the
 * optimising compiler has taken over, where for-of costs noticeably more per element.
 */
function buildEdges(interactions: readonly Interaction[], decisions: readonly InteractionDecision[], byIdOnly: boolean): Edge[] {
  // decide() passes one decision per interaction, in file order; only other callers need the lookup.
  let inFileOrder = !byIdOnly && decisions.length === interactions.length;
  for (let index = 0; inFileOrder && index < decisions.length; index += 1) {
    inFileOrder = (decisions[index] as InteractionDecision).id === (interactions[index] as Interaction).id;
  }
  let decisionById: Map<string, InteractionDecision> | undefined;
  if (!inFileOrder) {
    decisionById = new Map();
    for (const decision of decisions) decisionById.set(decision.id, decision);
  }
  const edges: Edge[] = [];
  for (let index = 0; index < interactions.length; index += 1) {
    const interaction = interactions[index] as Interaction;
    const decision = decisionById === undefined ? decisions[index] : decisionById.get(interaction.id);
    if (decision === undefined) continue;
    const effective = interaction.declared ?? decision.style;
    const synchronous = isSynchronous(effective);
    // Only the recommendation says what a hybrid's parts are; a declared hybrid that differs
    // from it is taken to wait for its result.
    const acceptsOnly = effective === decision.style && decision.parts.async === 'request-reply';
    edges.push({
      interaction,
      decision,
      effective,
      synchronous,
      waitsForResult: synchronous && !acceptsOnly,
      numbers: interaction.numbers,
      answers: decision.answers,
    });
  }
  return edges;
}

function indexEdges(edges: readonly Edge[]): Map<string, Edge> {
  const byId = new Map<string, Edge>();
  for (let index = 0; index < edges.length; index += 1) {
    const edge = edges[index] as Edge;
    byId.set(edge.interaction.id, edge);
  }
  return byId;
}

/** A synchronous edge makes the caller wait: sync, or the synchronous part of a hybrid. */
function isSynchronous(style: Style): boolean {
  return style === 'sync' || style === 'hybrid';
}

function compose(rule: SystemRule, sentence: string): string {
  const advice = rule.advice.trim();
  return advice.length === 0 ? endSentence(sentence) : `${endSentence(sentence)} ${advice}`;
}

function flowFinding(rule: SystemRule, flow: Flow, sentence: string): Finding {
  return { rule: rule.id, severity: rule.severity, message: compose(rule, sentence), flow: flow.id, location: flow.location };
}

function interactionFinding(rule: SystemRule, edge: Edge, sentence: string, severity = rule.severity): Finding {
  return {
    rule: rule.id,
    severity,
    message: compose(rule, sentence),
    interaction: edge.interaction.id,
    location: edge.interaction.location,
  };
}

/** A flow's steps resolved to their edges (steps naming no interaction are skipped), once. */
function resolveFlow(flowIndex: number, context: SystemContext): ResolvedFlow {
  let resolved = context.flows[flowIndex];
  if (resolved === undefined) {
    resolved = { steps: [], numbers: [], synchronous: [] };
    const ids = (context.answers.flows[flowIndex] as Flow).steps;
    for (let index = 0; index < ids.length; index += 1) {
      const edge = context.byId.get(ids[index] as string);
      if (edge === undefined) continue;
      resolved.steps.push(edge);
      resolved.numbers.push(index + 1);
      if (edge.synchronous) resolved.synchronous.push(edge);
    }
    context.flows[flowIndex] = resolved;
  }
  return resolved;
}

/**
 * cart -> payments -> fraud for a chain; hops that do not continue the chain start a new
 * segment (checkout -> cart, checkout -> fraud), so the path never claims a call that is not there.
 */
function describeServicePath(steps: readonly Edge[]): string {
  const segments: string[][] = [];
  let current: string[] | undefined;
  for (const step of steps) {
    const { from, to } = step.interaction;
    if (current === undefined || current[current.length - 1] !== from) {
      current = [from];
      segments.push(current);
    }
    if (current[current.length - 1] !== to) current.push(to);
  }
  return joinShortened(
    segments.map((segment) => joinShortened(segment, ARROW)),
    ', ',
  );
}

function checkLatencyBudgets(rule: SystemRule, context: SystemContext): Finding[] {
  const findings: Finding[] = [];
  context.answers.flows.forEach((flow, flowIndex) => {
    if (flow.budget_ms === undefined) return;
    // A hybrid that accepts now and completes later keeps its caller waiting only for the acceptance.
    const synchronous = resolveFlow(flowIndex, context).synchronous.filter((step) => step.waitsForResult);
    let sum = 0;
    const missing: string[] = [];
    for (const step of synchronous) {
      const p99 = step.numbers.latency_p99_ms;
      if (p99 === undefined) missing.push(step.interaction.id);
      else sum += p99;
    }
    if (sum <= flow.budget_ms) return;
    const terms = synchronous.filter((step) => step.numbers.latency_p99_ms !== undefined).map((step) => `${step.interaction.id} ${formatNumber(step.numbers.latency_p99_ms as number)}`);
    let sentence =
      `p99 sum ${formatNumber(sum)} ms over budget ${formatNumber(flow.budget_ms)} ms along ${flow.id}: ` +
      `${describeServicePath(synchronous)} (${joinShortened(terms, ' + ')} ms).`;
    if (missing.length > 0) {
      sentence += ` Synchronous steps without a p99 (not counted, so the real sum is higher): ${joinShortened(missing, ', ')}.`;
    }
    findings.push(flowFinding(rule, flow, sentence));
  });
  return findings;
}

function checkAvailabilityTargets(rule: SystemRule, context: SystemContext): Finding[] {
  const findings: Finding[] = [];
  context.answers.flows.forEach((flow, flowIndex) => {
    if (flow.availability_target === undefined) return;
    let product = 1;
    const counted: Edge[] = [];
    for (const step of resolveFlow(flowIndex, context).synchronous) {
      const availability = step.numbers.availability;
      if (availability === undefined) continue;
      product *= availability;
      counted.push(step);
    }
    if (product >= flow.availability_target) return;
    const factors = counted.map((step) => `${step.numbers.availability} (${step.interaction.id})`);
    findings.push(
      flowFinding(
        rule,
        flow,
        `availability ${product.toFixed(4)} along ${flow.id} is below the target ${flow.availability_target}: ` +
          `${joinShortened(factors, ' x ')}.`,
      ),
    );
  });
  return findings;
}

/** The synchronous service graph: services as nodes (in order of first mention), edges in file order. */
interface ServiceGraph extends DirectedGraph {
  services: string[];
  edges: { from: number; to: number; edge: Edge }[];
}

function buildServiceGraph(context: SystemContext): ServiceGraph {
  const indexOf = new Map<string, number>();
  const services: string[] = [];
  const nodeFor = (name: string): number => {
    let index = indexOf.get(name);
    if (index === undefined) {
      index = services.length;
      indexOf.set(name, index);
      services.push(name);
    }
    return index;
  };
  const edges: ServiceGraph['edges'] = [];
  for (const edge of context.edges) {
    if (!edge.synchronous) continue;
    edges.push({ from: nodeFor(edge.interaction.from), to: nodeFor(edge.interaction.to), edge });
  }
  return { nodeCount: services.length, services, edges };
}

function componentIndex(graph: DirectedGraph, components: readonly number[][]): Int32Array {
  const componentOf = new Int32Array(graph.nodeCount);
  components.forEach((component, index) => {
    for (const node of component) componentOf[node] = index;
  });
  return componentOf;
}

/** The service graph with what both graph checks derive from it. */
interface AnalysedGraph {
  graph: ServiceGraph;
  components: number[][];
  componentOf: Int32Array;
  adjacency: number[][];
}

function analyseGraph(context: SystemContext): AnalysedGraph {
  if (context.graph === undefined) {
    const graph = buildServiceGraph(context);
    const components = findStronglyConnectedComponents(graph);
    context.graph = { graph, components, componentOf: componentIndex(graph, components), adjacency: buildAdjacency(graph) };
  }
  return context.graph;
}

/**
 * Worst number of attempts reaching each service for one request entering a chain, by
 * dynamic programming over the condensation in topological order. Edges inside a cycle are
 * skipped: the cycle is reported on its own and would make the product unbounded.
 */
function checkRetryAmplification(rule: SystemRule, context: SystemContext): Finding[] {
  const { graph, components, componentOf, adjacency } = analyseGraph(context);
  const factorOf = (edgeIndex: number): number => 1 + ((graph.edges[edgeIndex]?.edge.numbers.retries) ?? 0);

  const worst = new Float64Array(graph.nodeCount).fill(1);
  // log10 of worst, so that products past 2^53 can still be shown as a power of ten.
  const worstLog = new Float64Array(graph.nodeCount);
  const arrivedBy = new Int32Array(graph.nodeCount).fill(-1);
  for (const component of orderTopologically(components)) {
    for (const node of component) {
      for (const edgeIndex of adjacency[node] ?? []) {
        const target = (graph.edges[edgeIndex] as { to: number }).to;
        if (componentOf[target] === componentOf[node]) continue;
        const factor = factorOf(edgeIndex);
        const candidate = (worst[node] as number) * factor;
        const candidateLog = (worstLog[node] as number) + Math.log10(factor);
        const better = Number.isFinite(candidate) ? candidate > (worst[target] as number) : candidateLog > (worstLog[target] as number);
        if (better) {
          worst[target] = candidate;
          worstLog[target] = candidateLog;
          arrivedBy[target] = edgeIndex;
        }
      }
    }
  }

  const extended = new Uint8Array(graph.nodeCount);
  for (let node = 0; node < graph.nodeCount; node += 1) {
    const edgeIndex = arrivedBy[node] as number;
    if (edgeIndex >= 0) extended[(graph.edges[edgeIndex] as { from: number }).from] = 1;
  }

  const threshold = context.pack.settings.retry_amplification_threshold;
  const findings: Finding[] = [];
  for (let node = 0; node < graph.nodeCount; node += 1) {
    const reached = worst[node] as number;
    if (arrivedBy[node] === -1 || extended[node] === 1) continue;
    if (Number.isFinite(reached) && reached < threshold) continue;
    const path: number[] = [];
    for (let cursor = node; arrivedBy[cursor] !== -1; ) {
      const edgeIndex = arrivedBy[cursor] as number;
      path.push(edgeIndex);
      cursor = (graph.edges[edgeIndex] as { from: number }).from;
    }
    path.reverse();
    const first = graph.edges[path[0] as number] as ServiceGraph['edges'][number];
    const last = graph.edges[path[path.length - 1] as number] as ServiceGraph['edges'][number];
    const services = [graph.services[first.from] as string, ...path.map((edgeIndex) => graph.services[(graph.edges[edgeIndex] as { to: number }).to] as string)];
    const factors = path.map((edgeIndex) => String(factorOf(edgeIndex)));
    findings.push(
      interactionFinding(
        rule,
        last.edge,
        `up to ${formatCount(reached, worstLog[node] as number)} attempts reach ${graph.services[node]} for one request into ` +
          `${services[0]} along ${joinShortened(services, ARROW)} (${joinShortened(factors, ' x ')}).`,
      ),
    );
  }
  return findings;
}

/** One caller waiting on several services that recommend async: reactions in the request path. */
function checkSyncFanOut(rule: SystemRule, context: SystemContext): Finding[] {
  const byCaller = new Map<string, Edge[]>();
  for (const edge of context.edges) {
    if (!edge.synchronous || edge.decision.style !== 'async') continue;
    const list = byCaller.get(edge.interaction.from);
    if (list === undefined) byCaller.set(edge.interaction.from, [edge]);
    else list.push(edge);
  }
  const findings: Finding[] = [];
  for (const [caller, edges] of byCaller) {
    if (edges.length < context.pack.settings.fan_out_threshold) continue;
    const callees = [...new Set(edges.map((edge) => edge.interaction.to))];
    findings.push(
      interactionFinding(
        rule,
        edges[0] as Edge,
        `${caller} waits on ${edges.length} synchronous calls whose recommended style is async: ` +
          `${joinShortened(callees, ', ')} (${joinShortened(
            edges.map((edge) => edge.interaction.id),
            ', ',
          )}).`,
      ),
    );
  }
  return findings;
}

function checkSyncCycles(rule: SystemRule, context: SystemContext): Finding[] {
  const { graph, components, componentOf, adjacency } = analyseGraph(context);
  const findings: Finding[] = [];
  for (const component of components) {
    if (!isCyclicComponent(component, graph, adjacency)) continue;
    // The service mentioned first in the file starts the cycle, so the output is stable.
    const start = component[0] as number;
    const cycle = findCycleThrough(start, graph, adjacency, componentOf);
    if (cycle === undefined) continue;
    const cycleEdges = cycle.map((edgeIndex) => graph.edges[edgeIndex] as ServiceGraph['edges'][number]);
    const services = [graph.services[start] as string, ...cycleEdges.map((edge) => graph.services[edge.to] as string)];
    const ids = cycleEdges.map((edge) => edge.edge.interaction.id);
    const extra = component.length > services.length - 1 ? ` (${component.length} services in this cycle group)` : '';
    findings.push(
      interactionFinding(
        rule,
        (cycleEdges[0] as ServiceGraph['edges'][number]).edge,
        `synchronous cycle ${joinShortened(services, ARROW)} through ${joinShortened(ids, ', ')}${extra}.`,
      ),
    );
  }
  return findings;
}

function checkFactBeforeDecision(rule: SystemRule, context: SystemContext): Finding[] {
  const findings: Finding[] = [];
  const found: Finding[] = [];
  const { flows } = context.answers;
  for (let flowIndex = 0; flowIndex < flows.length; flowIndex += 1) {
    const flow = flows[flowIndex] as Flow;
    const { steps, numbers } = resolveFlow(flowIndex, context);
    // Walk backwards remembering the nearest later decision: one pass per flow.
    let nextDecision: Edge | undefined;
    let nextNumber = 0;
    found.length = 0;
    for (let index = steps.length - 1; index >= 0; index -= 1) {
      const edge = steps[index] as Edge;
      const number = numbers[index] as number;
      if (edge.answers['intent'] === 'fact' && nextDecision !== undefined) {
        const sentence =
          `in flow ${flow.id}, step ${number} (${edge.interaction.id}) announces a fact before step ` +
          `${nextNumber} (${nextDecision.interaction.id}) makes the decision it depends on.`;
        const { id, location } = edge.interaction;
        found.push({ rule: rule.id, severity: rule.severity, message: compose(rule, sentence), interaction: id, location, flow: flow.id });
      }
      if (edge.answers['critical_decision'] === 'yes') {
        nextDecision = edge;
        nextNumber = number;
      }
    }
    for (let index = found.length - 1; index >= 0; index -= 1) findings.push(found[index] as Finding);
  }
  return findings;
}

/** The answers that say a read must reflect the owner's current state. */
function listCurrentNeeds(answers: Edge['answers']): string[] {
  const needs: string[] = [];
  if (answers['freshness'] === 'strong') needs.push('strong freshness');
  if (answers['when_down'] === 'fail_closed') needs.push('it fails closed');
  if (answers['critical_decision'] === 'yes') needs.push('a critical decision');
  return needs;
}

function checkQueryOverEvents(rule: SystemRule, context: SystemContext): Finding[] {
  const findings: Finding[] = [];
  for (const edge of context.edges) {
    const { answers, interaction, decision } = edge;
    if (answers['intent'] !== 'query' || answers['caller_needs'] !== 'result' || interaction.declared !== 'async') continue;
    // The recommendation itself is asynchronous (a copy the caller reads): nothing to warn about.
    if (decision.style === 'async' || answers['load_profile'] === 'spiky') continue;
    // A read that needs current data is reported by stale-read-for-strong-decision instead.
    if (listCurrentNeeds(answers).length > 0) continue;
    findings.push(
      interactionFinding(
        rule,
        edge,
        `${interaction.id} is declared async, yet ${interaction.from} waits for the answer to this query; ` +
          'a request event and a reply event need correlation ids, a reply channel, timeouts and handling of duplicate replies.',
      ),
    );
  }
  return findings;
}

function checkAsyncHidesLatency(rule: SystemRule, context: SystemContext): Finding[] {
  const findings: Finding[] = [];
  for (const edge of context.edges) {
    const { answers, decision } = edge;
    if (answers['caller_needs'] !== 'result' || answers['tolerates_pending'] !== 'no' || answers['fits_latency_budget'] !== 'no') continue;
    // Only beside a recommendation that keeps the caller waiting: a read served from a copy
    // has no latency to hide.
    if (decision.parts.sync === null) continue;
    const { latency_p99_ms: p99, latency_budget_ms: budget } = edge.numbers;
    const measured: string[] = [];
    if (p99 !== undefined) measured.push(`p99 ${formatNumber(p99)} ms`);
    if (budget !== undefined) measured.push(`budget ${formatNumber(budget)} ms`);
    const numbers = measured.length === 0 ? '' : ` (${measured.join(' over ')})`;
    findings.push(
      interactionFinding(
        rule,
        edge,
        `${edge.interaction.id} needs the answer now, cannot show a pending state and does not fit its latency budget${numbers}; ` +
          'going asynchronous would hide the latency, not remove it.',
      ),
    );
  }
  return findings;
}

function checkStaleReads(rule: SystemRule, context: SystemContext): Finding[] {
  const findings: Finding[] = [];
  for (const edge of context.edges) {
    const { answers } = edge;
    // Only a read whose answer is needed now can come from a copy: a command or fact sent
    // asynchronously still reaches the owner, and so does a question sent as a request whose
    // reply the caller does not wait for.
    if (edge.effective !== 'async' || answers['intent'] !== 'query' || answers['caller_needs'] !== 'result') continue;
    const needs = listCurrentNeeds(answers);
    if (needs.length === 0) continue;
    findings.push(
      interactionFinding(
        rule,
        edge,
        `${edge.interaction.id} is asynchronous although it needs a current answer (${needs.join(', ')}); ` +
          'a decision taken from a stale copy may be wrong.',
      ),
    );
  }
  return findings;
}

function checkDeclaredDrift(rule: SystemRule, context: SystemContext): Finding[] {
  const findings: Finding[] = [];
  for (const edge of context.edges) {
    const { declared } = edge.interaction;
    const { decision } = edge;
    if (declared === undefined || declared === decision.style) continue;
    const main = decision.main_reasons
      .map((id) => decision.reasons.find((reason) => reason.rule === id)?.text)
      .filter((text): text is string => text !== undefined);
    const because = main.length > 0 ? `, mainly because: ${main.map(endSentence).join(' ')}` : '.';
    const severity = decision.confidence === 'low' ? 'info' : rule.severity;
    findings.push(
      interactionFinding(
        rule,
        edge,
        `${edge.interaction.id} is declared ${declared}, but the rules recommend ${decision.style} ` +
          `(${decision.mechanism}, ${decision.confidence} confidence)${because}`,
        severity,
      ),
    );
  }
  return findings;
}

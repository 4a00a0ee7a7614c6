/**
 * Where the running system, as traces show it, and the recorded decision part ways: a style
 * other than the recommended one, a synchronous dependency the answers file does not know,
 * latency over a budget, more retries than the answered policy, a flow less available than its
 * target. Pure: the traces come in already read.
 */
import type { AnswersFile, ObservedInteraction, SourceLocation } from '../model/answers.js';
import type { Decision, Finding } from '../model/decision.js';
import type { ObservedCall, ObservedSystem, TraceRuleId } from '../model/trace.js';
import { TRACE_RULES } from '../model/trace.js';
import { placeFinding } from './findings.js';
import type { FindingPlace } from './findings.js';

/**
 * The positions of the interactions an observed call is about: same caller and callee, not
 * claimed by another observed call already (a sync call and a hand-over between the same two
 * services are two interactions), told apart by the destination or the style traces showed
 * before when there are several.
 */
export function matchInteractions(
  interactions: readonly { from?: string; to?: string; observed?: ObservedInteraction }[],
  call: ObservedCall,
  claimed: ReadonlySet<number> = new Set(),
): number[] {
  const candidates = interactions.flatMap((interaction, index) => (interaction.from === call.from && interaction.to === call.to && !claimed.has(index) ? [index] : []));
  if (candidates.length <= 1) return candidates;
  if (call.destination !== undefined) {
    const byDestination = candidates.filter((index) => interactions[index]!.observed?.destination === call.destination);
    if (byDestination.length === 1) return byDestination;
  }
  const byStyle = candidates.filter((index) => interactions[index]!.observed?.style === call.style);
  return byStyle.length === 1 ? byStyle : candidates;
}

/**
 * The interactions each observed call is about (see matchInteractions). Synchronous calls are
 * matched first: they claim the interactions a hand-over between the same services would also match.
 */
export function matchCalls(
  interactions: readonly { from?: string; to?: string; observed?: ObservedInteraction }[],
  calls: readonly ObservedCall[],
): Map<ObservedCall, number[]> {
  const claimed = new Set<number>();
  const matched = new Map<ObservedCall, number[]>();
  for (const call of [...calls].sort((a, b) => (a.style === b.style ? 0 : a.style === 'sync' ? -1 : 1))) {
    const positions = matchInteractions(interactions, call, claimed);
    for (const position of positions) claimed.add(position);
    matched.set(call, positions);
  }
  return matched;
}

export function checkTraces(answers: AnswersFile, decision: Decision, observed: ObservedSystem): Finding[] {
  const findings: Finding[] = [];
  const decided = new Map(decision.interactions.map((interaction) => [interaction.id, interaction]));
  const fileStart: SourceLocation = { file: answers.interactions[0]?.location.file ?? '', line: 1, column: 1 };
  /** Observed availability of each interaction, for the flows. */
  const availabilityOf = new Map<string, { availability: number; calls: number }>();
  for (const [call, positions] of matchCalls(answers.interactions, observed.calls)) {
    const matches = positions.map((index) => answers.interactions[index]!);
    if (matches.length === 0) {
      if (call.style === 'sync') {
        const near = answers.interactions.find((interaction) => interaction.from === call.from) ?? answers.interactions[0];
        findings.push(
          finding('trace-unknown-call', `${call.from} calls ${call.to} synchronously (${describeNumbers(call)}), but no interaction of the answers file describes it`, {
            location: near?.location ?? fileStart,
          }),
        );
      }
      continue;
    }
    for (const interaction of matches) {
      const recommendation = decided.get(interaction.id);
      if (call.style === 'sync') availabilityOf.set(interaction.id, { availability: 1 - call.errorRate, calls: call.calls });
      const where = { interaction: interaction.id, location: interaction.location };
      // A recommendation of low confidence is not yet a decision to hold the code to: its open questions come first.
      const settled = recommendation !== undefined && recommendation.confidence !== 'low';
      if (settled && recommendation.style !== 'hybrid' && recommendation.style !== call.style) {
        const how = call.style === 'sync' ? 'a synchronous call' : `an asynchronous hand-over through ${call.destination ?? 'a broker'}`;
        findings.push(
          finding(
            'trace-style-drift',
            `${interaction.id} is recommended ${recommendation.style} (${recommendation.mechanism}), but traces show ${how} from ${call.from} to ${call.to} (${describeNumbers(call)})`,
            where,
          ),
        );
      }
      const budget = interaction.numbers.latency_budget_ms;
      if (call.style === 'sync' && budget !== undefined && call.calls > 0 && call.p99Ms > budget) {
        findings.push(finding('trace-p99-over-budget', `${interaction.id}: observed p99 ${formatMs(call.p99Ms)} over ${call.calls} calls is over its latency budget of ${formatMs(budget)}`, where));
      }
      const policy = interaction.numbers.retries;
      if (call.style === 'sync' && policy !== undefined && call.retries > policy) {
        findings.push(
          finding('trace-retries-over-policy', `${interaction.id}: a call was attempted ${call.retries + 1} times (${call.retries} retries), but retries is ${policy} in the answers file`, where),
        );
      }
    }
  }
  for (const flow of answers.flows) {
    const target = flow.availability_target;
    const entry = flow.observed?.entry === undefined ? undefined : observed.flows.find((candidate) => `${candidate.service}: ${candidate.operation}` === flow.observed?.entry);
    const where = { flow: flow.id, location: flow.location };
    if (entry !== undefined && flow.budget_ms !== undefined && entry.calls > 0 && entry.p99Ms > flow.budget_ms) {
      findings.push(finding('trace-p99-over-budget', `flow ${flow.id}: observed p99 ${formatMs(entry.p99Ms)} of ${flow.observed?.entry} over ${entry.calls} runs is over its budget of ${formatMs(flow.budget_ms)}`, where));
    }
    if (target === undefined) continue;
    let availability: number | undefined;
    let basis: string;
    if (entry !== undefined && entry.calls > 0) {
      availability = 1 - entry.errorRate;
      basis = `${entry.calls} runs of ${flow.observed?.entry}`;
    } else {
      // Without its entry operation in the traces, the flow is as available as all its steps together.
      const steps = flow.steps.map((step) => availabilityOf.get(step));
      if (steps.length === 0 || steps.some((step) => step === undefined)) continue;
      availability = steps.reduce((product, step) => product * step!.availability, 1);
      basis = `the product of its ${steps.length} steps' observed availability`;
    }
    if (availability < target) {
      findings.push(finding('trace-availability-below-target', `flow ${flow.id}: observed availability ${formatFraction(availability)} (${basis}) is below its target of ${formatFraction(target)}`, where));
    }
  }
  return findings;
}

function finding(rule: TraceRuleId, message: string, where: FindingPlace): Finding {
  return placeFinding(rule, TRACE_RULES[rule].severity, message, where);
}

function describeNumbers(call: ObservedCall): string {
  const parts = [`${call.calls} ${call.style === 'sync' ? 'calls' : 'messages'}`];
  if (call.calls > 0) parts.push(`p99 ${formatMs(call.p99Ms)}`);
  if (call.errorRate > 0) parts.push(`${formatPercent(call.errorRate)} failed`);
  return parts.join(', ');
}

function formatMs(value: number): string {
  return `${Math.round(value * 10) / 10} ms`;
}

function formatFraction(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

function formatPercent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

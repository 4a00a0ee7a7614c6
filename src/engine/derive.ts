/**
 * Answers the engine reads from elsewhere when an interaction leaves them unanswered: whether
 * the callee fits the latency budget (from the numbers), and what the parties are (from the
 * answers file's `services` section, where each service is described once).
 */
import type { Boundary, Interaction, Service, ServiceKind } from '../model/answers.js';
import { BOUNDARIES, UNKNOWN } from '../model/answers.js';
import type { Derivation, Question } from '../model/pack.js';

/** Whether a party of each kind can receive a callback, unless its service says otherwise. */
const REACHABLE_BY_KIND: Readonly<Record<ServiceKind, 'yes' | 'no' | undefined>> = {
  client: 'no',
  edge: 'no',
  service: 'yes',
  read_model: 'yes',
  // Another organisation's system may or may not expose an endpoint: its service says so.
  partner: undefined,
};

/** Where a party of each kind stands, unless its service says otherwise. */
const BOUNDARY_BY_KIND: Readonly<Record<ServiceKind, Boundary>> = {
  client: 'public',
  edge: 'internal',
  service: 'internal',
  read_model: 'internal',
  partner: 'partner',
};

export interface DerivedAnswers {
  /** The interaction's answers with the derived ones filled in. */
  answers: Record<string, string>;
  /** Question ids whose answer was derived, in pack order. */
  derived: string[];
}

/** Copies the answers and fills in, for each unanswered question with `derive`, what its source tells. */
export function deriveAnswers(
  interaction: Interaction,
  services: ReadonlyMap<string, Service>,
  questions: readonly Question[],
): DerivedAnswers {
  const answers: Record<string, string> = { ...interaction.answers };
  const derived: string[] = [];
  for (const question of questions) {
    if (question.derive === undefined || derived.includes(question.id)) continue;
    const given = answers[question.id];
    if (given !== undefined && given !== UNKNOWN) continue;
    const value = readDerivation(question.derive, interaction, services);
    if (value === undefined) continue;
    answers[question.id] = value;
    derived.push(question.id);
  }
  return { answers, derived };
}

/** The value a derivation gives for one interaction, or undefined when its source does not tell. */
export function readDerivation(derivation: Derivation, interaction: Interaction, services: ReadonlyMap<string, Service>): string | undefined {
  const caller = services.get(interaction.from);
  const callee = services.get(interaction.to);
  switch (derivation) {
    case 'latency': {
      const { latency_p99_ms: p99, latency_budget_ms: budget } = interaction.numbers;
      if (p99 === undefined || budget === undefined) return undefined;
      return p99 <= budget ? 'yes' : 'no';
    }
    case 'caller.kind':
      return caller?.kind;
    case 'callee.kind':
      return callee?.kind;
    case 'caller.reachable':
      return readReachable(caller);
    case 'boundary':
      return outermost(readBoundary(caller), readBoundary(callee));
  }
}

export function readReachable(service: Service | undefined): 'yes' | 'no' | undefined {
  if (service === undefined) return undefined;
  if (service.reachable !== undefined) return service.reachable;
  return service.kind === undefined ? undefined : REACHABLE_BY_KIND[service.kind];
}

export function readBoundary(service: Service | undefined): Boundary | undefined {
  if (service === undefined) return undefined;
  if (service.boundary !== undefined) return service.boundary;
  return service.kind === undefined ? undefined : BOUNDARY_BY_KIND[service.kind];
}

/**
 * The boundary an interaction crosses is the outermost of its two parties'. One unknown party
 * leaves it unknown, except next to a public party: nothing is further out than public.
 */
function outermost(a: Boundary | undefined, b: Boundary | undefined): Boundary | undefined {
  if (a === 'public' || b === 'public') return 'public';
  if (a === undefined || b === undefined) return undefined;
  return BOUNDARIES.indexOf(a) >= BOUNDARIES.indexOf(b) ? a : b;
}

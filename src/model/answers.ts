/**
 * The answers file (version 2): the contract users write and the interview saves.
 * These are the types after loading: booleans are normalised to 'yes' / 'no', numbers are
 * checked, and every element remembers where it stood in its file.
 */

/** A place in a source file. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type AdrStatus = 'proposed' | 'accepted' | 'rejected' | 'deprecated' | 'superseded';
export const ADR_STATUSES: readonly AdrStatus[] = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'];

/** The answers file format this version reads; `sync-or-async upgrade` converts version 1. */
export const ANSWERS_VERSION = 2;

export type Style = 'sync' | 'async' | 'hybrid';
export const STYLES: readonly Style[] = ['sync', 'async', 'hybrid'];

/** The value `unknown` is accepted for every question. */
export const UNKNOWN = 'unknown';

/** Names of the optional numbers an interaction may carry; conditions compare them by name. */
export type NumberName = 'latency_budget_ms' | 'latency_p99_ms' | 'availability' | 'timeout_ms' | 'retries';
export const NUMBER_NAMES: readonly NumberName[] = [
  'latency_budget_ms',
  'latency_p99_ms',
  'availability',
  'timeout_ms',
  'retries',
];

/** What kind of party a service is; rules read it as caller_kind and callee_kind. */
export type ServiceKind = 'client' | 'edge' | 'service' | 'partner' | 'read_model';
export const SERVICE_KINDS: readonly ServiceKind[] = ['client', 'edge', 'service', 'partner', 'read_model'];

/** Where a service stands: inside the organisation, at a partner, or open to the public. */
export type Boundary = 'internal' | 'partner' | 'public';
export const BOUNDARIES: readonly Boundary[] = ['internal', 'partner', 'public'];

/**
 * A party of the system, described once in the answers file's `services` section. Absent
 * attributes are unknown (kind) or follow from the kind (reachable, boundary).
 */
export interface Service {
  name: string;
  kind?: ServiceKind;
  /** Can it receive a callback on an endpoint it exposes? */
  reachable?: 'yes' | 'no';
  boundary?: Boundary;
  summary?: string;
  location: SourceLocation;
}

export interface Interaction {
  id: string;
  from: string;
  to: string;
  summary: string;
  /**
   * Question id -> answer, as strings: 'yes' / 'no' for yes/no questions, one of the
   * question's answers for choice questions, or 'unknown'. Questions that are not in the map
   * were not answered.
   */
  answers: Record<string, string>;
  /** Optional numbers, flattened: latency.budget_ms becomes latency_budget_ms. */
  numbers: Partial<Record<NumberName, number>>;
  declared?: Style;
  location: SourceLocation;
  /** The interaction's `checklist`: acknowledged items by id (absent when it has none). */
  acknowledged?: Record<string, ChecklistAck>;
  /** What traces of the running system showed (`observed`, written by import traces). */
  observed?: ObservedInteraction;
}

/** How traces showed an interaction being carried out. */
export type ObservedMechanism = 'call' | 'queue' | 'event';

/** An interaction as traces showed it: the answers file's `observed`. */
export interface ObservedInteraction {
  style?: 'sync' | 'async';
  mechanism?: ObservedMechanism;
  /** The queue or topic of a hand-over. */
  destination?: string;
  /** How many services consumed the destination. */
  consumers?: number;
  calls?: number;
  p50_ms?: number;
  p99_ms?: number;
  error_rate?: number;
  /** Most extra attempts seen for one call. */
  retries?: number;
  operations?: string[];
}

/** A flow's entry operation as traces showed it: the flow's `observed`. */
export interface ObservedFlow {
  entry?: string;
  calls?: number;
  p50_ms?: number;
  p99_ms?: number;
  error_rate?: number;
}

/** A checklist item marked in the answers file: in place, or knowingly left out. */
export type ChecklistAck =
  | { kind: 'done'; location: SourceLocation }
  | { kind: 'waived'; reason: string; until?: string; location: SourceLocation };

/** A checklist item acknowledged once for many interactions (the answers file's `platform_checklist`). */
export interface PlatformAck {
  item: string;
  /** What it covers; every interaction when none is given. */
  style?: Style;
  mechanism?: string;
  service?: string;
  ack: ChecklistAck;
}

/** The context `init` writes for the team to replace; check reports it while it is still there. */
export const STARTER_CONTEXT = 'Describe the system, the services involved and what prompts this decision.';

/** The ADR formats. */
export type AdrProfile = 'madr' | 'nygard' | 'log4brains';

/** What an answers file remembers about its ADR (its `adr` section). */
export interface AdrSettings {
  /** The ADR directory, as written: relative to the folder of the answers file. */
  dir?: string;
  profile?: AdrProfile;
  /** Where `adr.dir` stands in the file, when it is given. */
  dirLocation?: SourceLocation;
}

/** A finding the team accepts for now (the answers file's `waivers`). */
export interface Waiver {
  rule: string;
  interaction?: string;
  flow?: string;
  reason: string;
  /** YYYY-MM-DD: the last day it holds. */
  until?: string;
  location: SourceLocation;
}

export interface Flow {
  id: string;
  summary: string;
  budget_ms?: number;
  availability_target?: number;
  /** Interaction ids, in order. */
  steps: string[];
  location: SourceLocation;
  observed?: ObservedFlow;
}

export interface AnswersFile {
  version: 2;
  /** Stable id of the decision; kept in the ADR so that re-running updates the same ADR. */
  id: string;
  title: string;
  status: AdrStatus;
  /** YYYY-MM-DD, when given in the file. */
  date?: string;
  context: string;
  decision_makers: string[];
  consulted: string[];
  informed: string[];
  /** The `services` section, in file order; services not listed there are undescribed. */
  services: Service[];
  interactions: Interaction[];
  flows: Flow[];
  /** Where `context` stands in the file. */
  contextLocation?: SourceLocation;
  /** The `adr` section: where the ADR is kept and its format, when the file remembers them. */
  adr?: AdrSettings;
  /** The `platform_checklist` section, in file order. */
  platform_checklist?: PlatformAck[];
  /** `require_checklist: true`: check reports required checklist items that are not acknowledged. */
  require_checklist?: boolean;
  waivers?: Waiver[];
  /** The file it was read from, as the user named it (relative paths stay relative). */
  source: string;
}

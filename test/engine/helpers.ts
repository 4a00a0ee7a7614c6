/**
 * In-memory packs and answers for engine tests: no YAML, no built-in rules, so each test
 * states exactly the rules it relies on.
 */
import type { AnswersFile, Flow, Interaction, NumberName, Service, SourceLocation, Style } from '../../src/model/answers.js';
import type {
  ChecklistItem,
  Condition,
  Pack,
  PackSettings,
  Question,
  Recommendation,
  Rule,
  RuleFinding,
  Severity,
  SystemRule,
  SystemRuleId,
  Weight,
} from '../../src/model/pack.js';
import { DEFAULT_SETTINGS, SYSTEM_RULE_IDS } from '../../src/model/pack.js';

export const at = (line: number, file = 'answers.yaml', column = 3): SourceLocation => ({ file, line, column });

const KINDS = ['client', 'edge', 'service', 'partner', 'read_model'];

/** The driver questions of the domain, in ask order. */
export const STANDARD_QUESTIONS: Record<string, string[]> = {
  caller_kind: KINDS,
  callee_kind: KINDS,
  intent: ['query', 'command', 'fact'],
  caller_needs: ['result', 'acknowledgement', 'nothing'],
  tolerates_pending: ['yes', 'no'],
  fits_latency_budget: ['yes', 'no'],
  multiple_consumers: ['yes', 'no'],
  when_down: ['fail_closed', 'fail_fast', 'degrade', 'defer'],
  freshness: ['strong', 'eventual'],
  critical_decision: ['yes', 'no'],
  joins_owners: ['yes', 'no'],
  ordering: ['none', 'per_key', 'global'],
  safe_to_repeat: ['yes', 'no'],
  duration: ['instant', 'seconds', 'long'],
  caller_reachable: ['yes', 'no'],
  realtime_updates: ['yes', 'no'],
  trust_boundary: ['internal', 'partner', 'public'],
  load_profile: ['steady', 'spiky'],
};

/** Where the standard questions are read from when unanswered, as in the built-in pack. */
const DERIVED: Readonly<Record<string, Question['derive']>> = {
  fits_latency_budget: 'latency',
  caller_kind: 'caller.kind',
  callee_kind: 'callee.kind',
  caller_reachable: 'caller.reachable',
  trust_boundary: 'boundary',
};

export function makeQuestion(id: string, extra: Partial<Question> = {}): Question {
  const answers = extra.answers ?? STANDARD_QUESTIONS[id] ?? ['yes', 'no'];
  const isYesNo = answers.length === 2 && answers[0] === 'yes' && answers[1] === 'no';
  return {
    id,
    prompt: `Prompt for ${id}?`,
    help: `Why ${id} matters.`,
    type: isYesNo ? 'yes_no' : 'choice',
    answers,
    answer_help: {},
    ...(DERIVED[id] === undefined ? {} : { derive: DERIVED[id] }),
    location: at(1, 'rules/questions.yaml'),
    pack: 'test',
    ...extra,
  };
}

export function makeStandardQuestions(): Question[] {
  return Object.keys(STANDARD_QUESTIONS).map((id) => makeQuestion(id));
}

export interface RuleSpec {
  id: string;
  when: Condition;
  recommend?: Recommendation;
  weight?: Weight;
  reason?: string;
  checklist?: string[];
  finding?: RuleFinding;
  phase?: 'style' | 'obligation';
}

/** Phase is derived as the loader does: a rule reading an outcome is an obligation rule. */
export function makeRule(spec: RuleSpec): Rule {
  return {
    id: spec.id,
    title: `Title of ${spec.id}`,
    when: spec.when,
    phase: spec.phase ?? (readsOutcome(spec.when) ? 'obligation' : 'style'),
    ...(spec.recommend === undefined ? {} : { recommend: spec.recommend }),
    weight: spec.weight ?? 'normal',
    reason: spec.reason ?? `Reason of ${spec.id}.`,
    checklist: spec.checklist ?? [],
    ...(spec.finding === undefined ? {} : { finding: spec.finding }),
    location: at(1, 'rules/rules.yaml'),
    pack: 'test',
  };
}

function readsOutcome(condition: Condition): boolean {
  if ('all' in condition) return condition.all.some(readsOutcome);
  if ('any' in condition) return condition.any.some(readsOutcome);
  if ('not' in condition) return readsOutcome(condition.not);
  return 'outcome' in condition;
}

export interface ItemSpec {
  id: string;
  styles?: Style[];
  mechanisms?: ChecklistItem['needed_by']['mechanisms'];
  when?: Condition;
}

export function makeItem(spec: ItemSpec): ChecklistItem {
  return {
    id: spec.id,
    title: `Title of ${spec.id}`,
    why: `Why ${spec.id}.`,
    verify: `Verify ${spec.id}.`,
    needed_by: { styles: spec.styles ?? [], mechanisms: spec.mechanisms ?? [] },
    ...(spec.when === undefined ? {} : { when: spec.when }),
    location: at(1, 'rules/checklist.yaml'),
    pack: 'test',
  };
}

export function makeSystemRule(id: SystemRuleId, severity: Severity = 'warning', advice = `Advice for ${id}.`): SystemRule {
  return { id, title: `Title of ${id}`, severity, advice, location: at(1, 'rules/system-rules.yaml'), pack: 'test' };
}

export interface PackSpec {
  questions?: Question[];
  rules?: (Rule | RuleSpec)[];
  checklist?: (ChecklistItem | ItemSpec)[];
  /** Defaults to none; pass 'all' for every system rule at warning severity. */
  systemRules?: SystemRule[] | 'all';
  settings?: Partial<PackSettings>;
}

export function makePack(spec: PackSpec = {}): Pack {
  const systemRules =
    spec.systemRules === 'all' ? SYSTEM_RULE_IDS.map((id) => makeSystemRule(id)) : (spec.systemRules ?? []);
  return {
    packs: [{ name: 'test', description: 'Test pack', dir: 'rules' }],
    questions: spec.questions ?? makeStandardQuestions(),
    rules: (spec.rules ?? []).map((rule) => ('phase' in rule && 'location' in rule ? rule : makeRule(rule as RuleSpec))),
    checklist: (spec.checklist ?? []).map((item) => ('needed_by' in item ? item : makeItem(item))),
    systemRules,
    settings: { ...DEFAULT_SETTINGS, ...spec.settings },
    disabled: [],
  };
}

export interface InteractionSpec {
  id?: string;
  from?: string;
  to?: string;
  summary?: string;
  answers?: Record<string, string>;
  numbers?: Partial<Record<NumberName, number>>;
  declared?: Style;
  line?: number;
}

export function makeInteraction(spec: InteractionSpec = {}): Interaction {
  const id = spec.id ?? 'a-to-b';
  return {
    id,
    from: spec.from ?? 'a',
    to: spec.to ?? 'b',
    summary: spec.summary ?? `Summary of ${id}`,
    answers: { ...spec.answers },
    numbers: { ...spec.numbers },
    ...(spec.declared === undefined ? {} : { declared: spec.declared }),
    location: at(spec.line ?? 10),
  };
}

/** A call edge from one service to another, with the id 'from-to' and an explicit line. */
export function makeEdge(from: string, to: string, line: number, extra: InteractionSpec = {}): Interaction {
  return makeInteraction({ id: `${from}-${to}`, from, to, line, ...extra });
}

export interface FlowSpec {
  id: string;
  steps: string[];
  budget_ms?: number;
  availability_target?: number;
  line?: number;
}

export function makeFlow(spec: FlowSpec): Flow {
  return {
    id: spec.id,
    summary: `Summary of ${spec.id}`,
    ...(spec.budget_ms === undefined ? {} : { budget_ms: spec.budget_ms }),
    ...(spec.availability_target === undefined ? {} : { availability_target: spec.availability_target }),
    steps: spec.steps,
    location: at(spec.line ?? 500, 'answers.yaml', 5),
  };
}

export function makeAnswers(interactions: Interaction[], flows: Flow[] = [], services: Service[] = []): AnswersFile {
  return {
    version: 2,
    id: 'test-decision',
    title: 'Test decision',
    status: 'proposed',
    context: 'Context.',
    decision_makers: [],
    consulted: [],
    informed: [],
    services,
    interactions,
    flows,
    source: 'answers.yaml',
  };
}

/** A described service, as the answers file's services section gives it. */
export function makeService(name: string, extra: Partial<Omit<Service, 'name' | 'location'>> = {}): Service {
  return { name, location: at(2), ...extra };
}

/** A small deterministic generator (mulberry32), for generated test cases that repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

import type { AdrSettings, AdrStatus, AnswersFile, Boundary, ChecklistAck, Flow, Interaction, NumberName, ObservedFlow, ObservedInteraction, PlatformAck, Service, ServiceKind, SourceLocation, Style, Waiver } from '../model/answers.js';
import { ANSWERS_VERSION, UNKNOWN } from '../model/answers.js';
import { TRACE_RULES } from '../model/trace.js';
import type { Pack, Question } from '../model/pack.js';
import { collectGarbage } from '../io/memory.js';
import { readTextFile } from './read-text.js';
import { ProblemList, countProblems } from './problems.js';
import { describeValue, validateSchema } from './schemas.js';
import { hintNearest, suggestNearest } from './suggest.js';
import { locate, parseYamlDocument } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/** The shape the schema guarantees once validation passed. */
interface RawInteraction {
  id: string;
  from: string;
  to: string;
  summary: string;
  answers?: Record<string, string | boolean>;
  latency?: { budget_ms?: number; p99_ms?: number };
  availability?: number;
  timeout_ms?: number;
  retries?: number;
  declared?: Style;
  checklist?: Record<string, 'done' | { waived: string; until?: string }>;
  observed?: ObservedInteraction;
}

/** A service as an answers file writes it, after validation. */
export interface RawService {
  kind?: ServiceKind | 'unknown';
  reachable?: 'yes' | 'no' | boolean | 'unknown';
  boundary?: Boundary | 'unknown';
  summary?: string;
}

interface RawPlatformAck {
  item: string;
  style?: Style;
  mechanism?: string;
  service?: string;
  done?: true;
  waived?: string;
  until?: string;
}

interface RawWaiver {
  rule: string;
  interaction?: string;
  flow?: string;
  reason: string;
  until?: string;
}

interface RawFlow {
  id: string;
  summary?: string;
  budget_ms?: number;
  availability_target?: number;
  steps: string[];
  observed?: ObservedFlow;
}

interface RawAnswersFile {
  version: 2;
  id?: string;
  title: string;
  status?: AdrStatus;
  date?: string;
  context: string;
  decision_makers?: string[];
  consulted?: string[];
  informed?: string[];
  services?: Record<string, RawService>;
  interactions: RawInteraction[];
  flows?: RawFlow[];
  adr?: AdrSettings;
  platform_checklist?: RawPlatformAck[];
  require_checklist?: boolean;
  waivers?: RawWaiver[];
}

/** From this size on (about 2,500 interactions), reading a file leaves enough garbage to collect at once. */
const LARGE_FILE_CHARS = 1_000_000;

/**
 * Reads and validates an answers file against the schema and the loaded pack. `shown` is the
 * name messages, locations and the ADR give the file (by default its path as given).
 */
export async function loadAnswers(path: string, pack: Pack, options: { maxBytes: number; shown?: string }): Promise<AnswersFile> {
  const text = await readTextFile(path, { maxBytes: options.maxBytes, what: 'answers file' });
  const answers = parseAnswers(text, options.shown ?? path, pack);
  // What the parser left behind is collected before the decisions are made (see collectGarbage).
  if (text.length >= LARGE_FILE_CHARS) collectGarbage();
  return answers;
}

/**
 * Parses an answers file: YAML, then the shape (schema), then the checks that need the pack
 * and the whole file (question ids, allowed answers, unique ids, flow steps, dates). Every
 * problem of the file is collected into one InputError. Booleans given to yes/no questions
 * become 'yes' / 'no'; latency numbers are flattened into `numbers`.
 */
export function parseAnswers(text: string, file: string, pack: Pack): AnswersFile {
  const source = parseYamlDocument(text, file);
  const problems = new ProblemList();
  const summary = (count: number): string => `invalid answers file ${file} (${countProblems(count)})`;
  if (source.data === null || source.data === undefined) {
    problems.report(source, [], 'the file is empty', { hint: 'an answers file needs version, title, context and interactions' });
    problems.throwIfAny(summary);
  }
  if (asRecord(source.data)?.['draft'] === true) {
    problems.report(source, ['draft'], 'the answers are an unfinished interview (draft: true)', {
      hint: `run sync-or-async interview ${file} to finish it`,
    });
    problems.throwIfAny(summary);
  }
  checkVersion(source, problems);
  problems.throwIfAny(summary);
  checkAnswers(source, pack, problems, []);
  problems.throwIfAny(summary);
  return buildAnswersFile(source.data as RawAnswersFile, source);
}

/**
 * A version 1 file is refused with one message, not a list of the keys that changed: what its
 * answers mean is not the same in version 2, so it is converted explicitly, by `upgrade`.
 */
function checkVersion(source: YamlSource, problems: ProblemList): void {
  const version = asRecord(source.data)?.['version'];
  if (version !== 1) return;
  problems.report(source, ['version'], `this answers file is version 1; sync-or-async now reads version ${ANSWERS_VERSION}`, {
    value: true,
    hint: `run sync-or-async upgrade ${source.file}: it converts the file in place, keeps its comments and lists every answer it could not carry over`,
  });
}

/**
 * Checks an interview draft (`draft: true`) as far as it goes: what is there must be valid,
 * but keys the interview has not asked for yet (title, context, an interaction's callee...)
 * may be missing. Throws an InputError as parseAnswers does.
 */
export function checkDraftAnswers(text: string, file: string, pack: Pack): void {
  const source = parseYamlDocument(text, file);
  const problems = new ProblemList();
  if (asRecord(source.data) === undefined) {
    problems.report(source, [], 'the file does not hold an answers map', { hint: 'start a new interview with another file name' });
  } else {
    checkVersion(source, problems);
    if (problems.size === 0) checkAnswers(source, pack, problems, ['required', 'minItems']);
  }
  problems.throwIfAny((count) => `invalid answers file ${file} (${countProblems(count)})`);
}

/** The schema, then the checks that need the pack and the whole file. */
function checkAnswers(source: YamlSource, pack: Pack, problems: ProblemList, ignore: readonly string[]): void {
  // Answers are checked against the loaded pack below, which knows custom questions too; the
  // schema's list of built-in answers is there for editors, and left out of this validator.
  const shapeProblems = validateSchema('answersShape', source.data, source, { ignore }).filter(
    ({ path }) => !(path.length >= 4 && path[0] === 'interactions' && path[2] === 'answers'),
  );
  problems.addAll(source.file, shapeProblems);
  checkAnswersFile(source, pack, problems);
}

function checkAnswersFile(source: YamlSource, pack: Pack, problems: ProblemList): void {
  const data = asRecord(source.data);
  if (!data) return;
  checkDateValue(source, problems, data['date'], ['date']);
  if (data['id'] === undefined && typeof data['title'] === 'string' && slugify(data['title']) === '') {
    problems.report(source, ['title'], 'cannot derive a decision id from this title', {
      hint: 'add id: with a kebab-case id such as checkout-communication',
    });
  }

  checkPlatformChecklist(source, pack, problems, data['platform_checklist']);
  const questions = new Map(pack.questions.map((question) => [question.id, question]));
  const questionIds = pack.questions.map((question) => question.id);
  const interactionIds = new Map<string, (string | number)[]>();
  const interactions = Array.isArray(data['interactions']) ? (data['interactions'] as unknown[]) : [];
  interactions.forEach((item, index) => {
    const interaction = asRecord(item);
    if (!interaction) return;
    const id = interaction['id'];
    if (typeof id === 'string') checkUnique(source, problems, interactionIds, id, ['interactions', index], 'interaction');
    checkAcknowledgements(source, pack, problems, asRecord(interaction['checklist']), ['interactions', index, 'checklist']);
    const answers = asRecord(interaction['answers']);
    if (!answers) return;
    for (const [questionId, value] of Object.entries(answers)) {
      const question = questions.get(questionId);
      if (question !== undefined && checkAnswerValue(question, value) === undefined) continue;
      const path = ['interactions', index, 'answers', questionId];
      if (!question) {
        const nearest = suggestNearest(questionId, questionIds);
        problems.report(source, path, `unknown question "${questionId}"`, {
          hint:
            replacedQuestionHint(questionId) ??
            (nearest !== undefined
              ? `did you mean "${nearest}"?`
              : `if a team's rule pack asks it, pass that pack with --rules DIR; known questions: ${questionIds.join(', ')}`),
        });
        continue;
      }
      const problem = checkAnswerValue(question, value);
      if (problem) problems.report(source, path, problem.message, { value: true, hint: problem.hint });
    }
  });

  checkServices(source, problems, data['services'], interactions);

  const flowIds = new Map<string, (string | number)[]>();
  const knownInteractions = [...interactionIds.keys()];
  const flows = Array.isArray(data['flows']) ? (data['flows'] as unknown[]) : [];
  flows.forEach((item, index) => {
    const flow = asRecord(item);
    if (!flow) return;
    if (typeof flow['id'] === 'string') checkUnique(source, problems, flowIds, flow['id'], ['flows', index], 'flow');
    const steps = Array.isArray(flow['steps']) ? (flow['steps'] as unknown[]) : [];
    steps.forEach((step, stepIndex) => {
      if (typeof step !== 'string' || interactionIds.has(step)) return;
      problems.report(source, ['flows', index, 'steps', stepIndex], `no interaction has the id "${step}"`, {
        value: true,
        hint: hintNearest(step, knownInteractions, 'interaction ids'),
      });
    });
  });
  checkWaivers(source, pack, problems, data['waivers'], { interactions: knownInteractions, flows: [...flowIds.keys()] });
}

/** Version 2 replaced needs_answer_now; say with what, wherever the old key still appears. */
export function replacedQuestionHint(questionId: string): string | undefined {
  if (questionId !== 'needs_answer_now') return undefined;
  return 'version 2 asks caller_needs instead: yes becomes result; no becomes acknowledgement (the caller needs an id or status to follow) or nothing';
}

/** Every service described must be the caller or callee of some interaction: a misspelt name describes nobody. */
function checkServices(source: YamlSource, problems: ProblemList, services: unknown, interactions: readonly unknown[]): void {
  const described = asRecord(services);
  if (described === undefined) return;
  const used = new Set<string>();
  for (const item of interactions) {
    const interaction = asRecord(item);
    for (const key of ['from', 'to']) {
      const name = interaction?.[key];
      if (typeof name === 'string') used.add(name);
    }
  }
  const names = [...used].sort();
  for (const name of Object.keys(described)) {
    if (used.has(name)) continue;
    const nearest = suggestNearest(name, names);
    problems.report(source, ['services', name], `no interaction has "${name}" as its caller or callee`, {
      hint: nearest !== undefined ? `did you mean "${nearest}"?` : 'describe only the services that interactions name in from and to',
    });
  }
}

/** Checklist item ids must exist in the packs; expiry dates must be real dates. */
function checkAcknowledgements(source: YamlSource, pack: Pack, problems: ProblemList, checklist: Record<string, unknown> | undefined, path: (string | number)[]): void {
  if (checklist === undefined) return;
  const itemIds = pack.checklist.map((item) => item.id);
  for (const [itemId, value] of Object.entries(checklist)) {
    if (!itemIds.includes(itemId)) {
      problems.report(source, [...path, itemId], `unknown checklist item "${itemId}"`, { hint: hintNearest(itemId, itemIds, 'checklist items') });
    }
    checkDateValue(source, problems, asRecord(value)?.['until'], [...path, itemId, 'until']);
  }
}

/** A platform acknowledgement names a known item and says either done or waived, with a date only for a waiver. */
function checkPlatformChecklist(source: YamlSource, pack: Pack, problems: ProblemList, entries: unknown): void {
  if (!Array.isArray(entries)) return;
  const itemIds = pack.checklist.map((item) => item.id);
  entries.forEach((value, index) => {
    const entry = asRecord(value);
    if (!entry) return;
    const path = ['platform_checklist', index];
    const item = entry['item'];
    if (typeof item === 'string' && !itemIds.includes(item)) {
      problems.report(source, [...path, 'item'], `unknown checklist item "${item}"`, { hint: hintNearest(item, itemIds, 'checklist items') });
    }
    const done = entry['done'] !== undefined;
    const waived = entry['waived'] !== undefined;
    if (done === waived) {
      problems.report(source, path, done ? 'an entry is either done or waived, not both' : 'the entry says neither done nor waived', {
        hint: 'write done: true when the item is in place, or waived: with the reason it is left out',
      });
    }
    if (entry['until'] !== undefined && !waived) {
      problems.report(source, [...path, 'until'], 'until dates a waiver, and this entry waives nothing', { hint: 'remove until, or waive the item with a reason' });
    }
    checkDateValue(source, problems, entry['until'], [...path, 'until']);
  });
}

/** A waiver names a rule that exists, and an interaction or a flow of this file (not both). */
function checkWaivers(
  source: YamlSource,
  pack: Pack,
  problems: ProblemList,
  waivers: unknown,
  known: { interactions: string[]; flows: string[] },
): void {
  if (!Array.isArray(waivers)) return;
  const ruleIds = [...pack.rules.map((rule) => rule.id), ...pack.systemRules.map((rule) => rule.id), ...Object.keys(TRACE_RULES)];
  waivers.forEach((item, index) => {
    const waiver = asRecord(item);
    if (!waiver) return;
    const path = ['waivers', index];
    const rule = waiver['rule'];
    if (typeof rule === 'string' && !ruleIds.includes(rule)) {
      problems.report(source, [...path, 'rule'], `no rule has the id "${rule}"`, { value: true, hint: hintNearest(rule, ruleIds, 'rule ids') });
    }
    const interaction = waiver['interaction'];
    if (typeof interaction === 'string' && !known.interactions.includes(interaction)) {
      problems.report(source, [...path, 'interaction'], `no interaction has the id "${interaction}"`, {
        value: true,
        hint: hintNearest(interaction, known.interactions, 'interaction ids'),
      });
    }
    const flow = waiver['flow'];
    if (typeof flow === 'string' && !known.flows.includes(flow)) {
      problems.report(source, [...path, 'flow'], `no flow has the id "${flow}"`, { value: true, hint: hintNearest(flow, known.flows, 'flow ids') });
    }
    if (interaction !== undefined && flow !== undefined) {
      problems.report(source, path, 'a waiver names an interaction or a flow, not both', { hint: 'split it into two waivers' });
    }
    checkDateValue(source, problems, waiver['until'], [...path, 'until']);
  });
}

function checkDateValue(source: YamlSource, problems: ProblemList, value: unknown, path: (string | number)[]): void {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isCalendarDate(value)) {
    problems.report(source, path, `"${value}" is not a calendar date`, { value: true, hint: 'check the month (01-12) and the day of that month' });
  }
}

/** Reports a repeated id, naming the line of its first use. */
function checkUnique(
  source: YamlSource,
  problems: ProblemList,
  seen: Map<string, (string | number)[]>,
  id: string,
  itemPath: (string | number)[],
  kind: string,
): void {
  const first = seen.get(id);
  if (first === undefined) {
    seen.set(id, itemPath);
    return;
  }
  const firstLine = locate(source, [...first, 'id'], { value: true }).line;
  problems.report(source, [...itemPath, 'id'], `duplicate ${kind} id "${id}"`, {
    value: true,
    hint: `the first ${kind} with this id is at line ${firstLine}; ${kind} ids must be unique`,
  });
}

/** Why an answer is not allowed for a question, or undefined when it is. */
function checkAnswerValue(question: Question, value: unknown): { message: string; hint: string } | undefined {
  if (typeof value === 'string' && (value === UNKNOWN || question.answers.includes(value))) return undefined;
  const allowed = [...question.answers, UNKNOWN];
  if (typeof value === 'boolean') {
    if (question.type === 'yes_no') return undefined;
    return {
      message: `${String(value)} is not an answer to ${question.id}; allowed: ${allowed.join(', ')}`,
      hint: `${question.id} is a choice, not a yes/no question`,
    };
  }
  if (typeof value !== 'string') {
    return {
      message: `expected one of ${allowed.join(', ')} for ${question.id}, found ${describeValue(value)}`,
      hint: 'write the answer as a word',
    };
  }
  if (allowed.includes(value)) return undefined;
  const nearest = suggestNearest(value, allowed);
  return {
    message: `${describeValue(value)} is not an answer to ${question.id}; allowed: ${allowed.join(', ')}`,
    hint: nearest === undefined ? `answer with one of: ${allowed.join(', ')}` : `did you mean "${nearest}"?`,
  };
}

function buildAnswersFile(raw: RawAnswersFile, source: YamlSource): AnswersFile {
  const interactions = raw.interactions.map((item, index) => buildInteraction(item, index, source));
  const flows = (raw.flows ?? []).map((item, index): Flow => {
    const flow: Flow = {
      id: item.id,
      summary: item.summary ?? '',
      steps: [...item.steps],
      location: locate(source, ['flows', index]),
    };
    if (item.budget_ms !== undefined) flow.budget_ms = item.budget_ms;
    if (item.availability_target !== undefined) flow.availability_target = item.availability_target;
    if (item.observed !== undefined) flow.observed = { ...item.observed };
    return flow;
  });
  const services = Object.entries(raw.services ?? {}).map(([name, item]) => buildService(name, item, locate(source, ['services', name])));
  const answers: AnswersFile = {
    version: 2,
    id: raw.id ?? slugify(raw.title),
    title: raw.title,
    status: raw.status ?? 'proposed',
    context: raw.context,
    decision_makers: [...(raw.decision_makers ?? [])],
    consulted: [...(raw.consulted ?? [])],
    informed: [...(raw.informed ?? [])],
    services,
    interactions,
    flows,
    source: source.file,
  };
  if (raw.date !== undefined) answers.date = raw.date;
  answers.contextLocation = locate(source, ['context']);
  if (raw.adr !== undefined) {
    answers.adr = { ...raw.adr };
    if (raw.adr.dir !== undefined) answers.adr.dirLocation = locate(source, ['adr', 'dir']);
  }
  if (raw.platform_checklist !== undefined) {
    answers.platform_checklist = raw.platform_checklist.map((entry, index) => {
      const location = locate(source, ['platform_checklist', index]);
      const ack: ChecklistAck = entry.waived === undefined ? { kind: 'done', location } : { kind: 'waived', reason: entry.waived, location };
      if (ack.kind === 'waived' && entry.until !== undefined) ack.until = entry.until;
      const platform: PlatformAck = { item: entry.item, ack };
      if (entry.style !== undefined) platform.style = entry.style;
      if (entry.mechanism !== undefined) platform.mechanism = entry.mechanism;
      if (entry.service !== undefined) platform.service = entry.service;
      return platform;
    });
  }
  if (raw.require_checklist !== undefined) answers.require_checklist = raw.require_checklist;
  if (raw.waivers !== undefined) {
    answers.waivers = raw.waivers.map((item, index) => {
      const waiver: Waiver = { rule: item.rule, reason: item.reason, location: locate(source, ['waivers', index]) };
      if (item.interaction !== undefined) waiver.interaction = item.interaction;
      if (item.flow !== undefined) waiver.flow = item.flow;
      if (item.until !== undefined) waiver.until = item.until;
      return waiver;
    });
  }
  return answers;
}

/** A service as the engine reads it: `unknown` is left out, and reachable is yes or no. */
export function buildService(name: string, raw: RawService, location: SourceLocation): Service {
  const service: Service = { name, location };
  if (raw.kind !== undefined && raw.kind !== UNKNOWN) service.kind = raw.kind;
  if (raw.reachable !== undefined && raw.reachable !== UNKNOWN) service.reachable = normaliseAnswer(raw.reachable) as 'yes' | 'no';
  if (raw.boundary !== undefined && raw.boundary !== UNKNOWN) service.boundary = raw.boundary;
  if (raw.summary !== undefined) service.summary = raw.summary;
  return service;
}

function buildAcknowledgements(raw: NonNullable<RawInteraction['checklist']>, index: number, source: YamlSource): Record<string, ChecklistAck> {
  const acknowledged: Record<string, ChecklistAck> = {};
  for (const [itemId, value] of Object.entries(raw)) {
    const location = locate(source, ['interactions', index, 'checklist', itemId]);
    if (value === 'done') {
      acknowledged[itemId] = { kind: 'done', location };
    } else {
      const ack: ChecklistAck = { kind: 'waived', reason: value.waived, location };
      if (value.until !== undefined) ack.until = value.until;
      acknowledged[itemId] = ack;
    }
  }
  return acknowledged;
}

function buildInteraction(
  raw: RawInteraction,
  index: number,
  source: YamlSource,
): Interaction {
  const answers: Record<string, string> = {};
  for (const [questionId, value] of Object.entries(raw.answers ?? {})) {
    answers[questionId] = normaliseAnswer(value);
  }
  const numbers: Partial<Record<NumberName, number>> = {};
  if (raw.latency?.budget_ms !== undefined) numbers.latency_budget_ms = raw.latency.budget_ms;
  if (raw.latency?.p99_ms !== undefined) numbers.latency_p99_ms = raw.latency.p99_ms;
  if (raw.availability !== undefined) numbers.availability = raw.availability;
  if (raw.timeout_ms !== undefined) numbers.timeout_ms = raw.timeout_ms;
  if (raw.retries !== undefined) numbers.retries = raw.retries;
  const interaction: Interaction = {
    id: raw.id,
    from: raw.from,
    to: raw.to,
    summary: raw.summary,
    answers,
    numbers,
    location: locate(source, ['interactions', index]),
  };
  if (raw.declared !== undefined) interaction.declared = raw.declared;
  if (raw.checklist !== undefined) interaction.acknowledged = buildAcknowledgements(raw.checklist, index, source);
  if (raw.observed !== undefined) interaction.observed = { ...raw.observed };
  return interaction;
}

/** true / false become yes / no, the words every yes/no question uses. */
export function normaliseAnswer(value: string | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

/**
 * The id a title gives when no id is written: lower-case runs of a-z and 0-9 joined by '-',
 * accents dropped, at most 60 characters, cut at a dash so no word is split.
 */
export function slugify(title: string): string {
  const plain = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const slug = (plain.match(/[a-z0-9]+/g) ?? []).join('-');
  if (slug.length <= 60) return slug;
  if (slug[60] === '-') return slug.slice(0, 60);
  const cut = slug.slice(0, 60);
  const dash = cut.lastIndexOf('-');
  return dash > 0 ? cut.slice(0, dash) : cut;
}

/** `base`, or the first of base-2, base-3... that is not taken. */
export function firstFreeId(base: string, taken: ReadonlySet<string>): string {
  let id = base;
  for (let suffix = 2; taken.has(id); suffix += 1) id = `${base}-${suffix}`;
  return id;
}

function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

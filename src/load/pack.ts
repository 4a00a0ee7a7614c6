import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { packagePath } from '../io/paths.js';
import type { NumberName, Style } from '../model/answers.js';
import { BOUNDARIES, NUMBER_NAMES, SERVICE_KINDS, STYLES, UNKNOWN } from '../model/answers.js';
import { InputError, formatLocation } from '../model/errors.js';
import type { Problem } from '../model/errors.js';
import { ASYNC_MECHANISMS, BASE_MECHANISMS, DERIVATIONS, DEFAULT_SETTINGS, REPLIES } from '../model/pack.js';
import type {
  AsyncMechanism,
  ChecklistItem,
  Condition,
  Derivation,
  MechanismPart,
  PartVote,
  NeededBy,
  Pack,
  PackInfo,
  PackSettings,
  Question,
  QuestionType,
  Recommendation,
  Reply,
  Rule,
  RuleFinding,
  Severity,
  SystemRule,
  SystemRuleId,
  Weight,
} from '../model/pack.js';
import { replacedQuestionHint } from './answers.js';
import { readTextFile } from './read-text.js';
import { ProblemList, countProblems } from './problems.js';
import { describeValue, validateSchema } from './schemas.js';
import { hintNearest, suggestNearest } from './suggest.js';
import { locate, parseYamlDocument } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/** One YAML file of a rule pack, as read from disk. */
export interface PackSourceFile {
  /** The pack folder, as given (its base name is the default pack name). */
  dir: string;
  /** The file, as shown in messages. */
  file: string;
  text: string;
}

/** Pack files above this size are refused; the built-in pack is a few kilobytes. */
const DEFAULT_PACK_FILE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Loads the built-in pack (rules/ of the package) and then each folder of `dirs`, in order.
 * A folder's pack is every *.yaml / *.yml file directly inside it, in file-name order;
 * *.test.yaml files and sub-folders are not part of it.
 */
export async function loadPacks(
  dirs: string[],
  options: { builtinDir?: string; maxBytes?: number } = {},
): Promise<Pack> {
  const folders = [options.builtinDir ?? packagePath('rules'), ...dirs];
  const maxBytes = options.maxBytes ?? DEFAULT_PACK_FILE_MAX_BYTES;
  const problems: Problem[] = [];
  const packs: PackSourceFile[][] = [];
  for (const dir of folders) {
    try {
      packs.push(await readPackFolder(dir, maxBytes));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(`cannot read the rule packs (${countProblems(problems.length)})`, problems);
  return buildPack(packs);
}

async function readPackFolder(dir: string, maxBytes: number): Promise<PackSourceFile[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name) && !/\.test\.ya?ml$/.test(name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `cannot find rule pack folder ${dir}`
        : code === 'ENOTDIR'
          ? `${dir} is a file, not a rule pack folder`
          : `cannot read rule pack folder ${dir}: ${(error as Error).message}`;
    throw new InputError(message, [{ message, hint: 'a rule pack is a folder of .yaml files (pass it with --rules DIR)' }]);
  }
  // Code-point order, so every platform and locale reads the files in the same order.
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: PackSourceFile[] = [];
  for (const name of entries) {
    const file = join(dir, name);
    // A folder named like a YAML file is not part of the pack.
    if (!(await stat(file)).isFile()) continue;
    files.push({ dir, file, text: await readTextFile(file, { maxBytes, what: 'rule pack file' }) });
  }
  if (files.length === 0) {
    const message = `rule pack folder ${dir} holds no .yaml files`;
    throw new InputError(message, [{ message, hint: 'put questions, rules and checklist items in *.yaml files directly in the folder' }]);
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Building the pack (pure)

type Kind = 'question' | 'rule' | 'checklist item' | 'system rule';

/** One element of a pack file, before it is checked. */
interface Entry {
  kind: Kind;
  id: string;
  raw: Record<string, unknown>;
  source: YamlSource;
  path: (string | number)[];
  packIndex: number;
}

interface PackBlock {
  raw: Record<string, unknown>;
  source: YamlSource;
}

interface QuestionShape {
  type: QuestionType;
  answers: string[];
}

const SECTIONS: readonly { key: string; kind: Kind }[] = [
  { key: 'questions', kind: 'question' },
  { key: 'rules', kind: 'rule' },
  { key: 'checklist', kind: 'checklist item' },
  { key: 'system_rules', kind: 'system rule' },
];

const OPERATORS = ['eq', 'ne', 'in', 'nin', 'lt', 'lte', 'gt', 'gte', 'exists'] as const;
type Operator = (typeof OPERATORS)[number];
const NUMERIC_OPERATORS: readonly Operator[] = ['lt', 'lte', 'gt', 'gte'];
const SUBJECTS = ['answer', 'number', 'outcome'] as const;
const COMBINATORS = ['all', 'any', 'not'] as const;
const OUTCOME_VALUES: Readonly<Record<string, readonly string[]>> = {
  style: STYLES,
  mechanism: BASE_MECHANISMS,
  reply: REPLIES,
};

/**
 * Merges pack folders (one inner array per folder, files in reading order, built-in first)
 * into one Pack, checking every file and every cross-reference. All problems of all files are
 * collected into one InputError.
 */
export function buildPack(files: PackSourceFile[][]): Pack {
  const problems = new ProblemList();
  problems.orderFiles(files.flat().map((file) => file.file));
  const entries: Entry[] = [];
  const blocks: (PackBlock | undefined)[] = [];
  const dirs: string[] = [];

  files.forEach((packFiles, packIndex) => {
    dirs.push(packFiles[0]?.dir ?? '');
    for (const file of packFiles) {
      const source = parseFile(file, problems);
      if (!source) continue;
      collectFile(source, packIndex, entries, blocks, problems);
    }
  });

  const infos = describePacks(files, blocks, problems);
  const questionShapes = collectQuestionShapes(entries);
  const checklistIds = new Set(entries.filter((entry) => entry.kind === 'checklist item').map((entry) => entry.id));
  checkDuplicates(entries, problems);

  const questions: Question[] = [];
  const rules: Rule[] = [];
  const checklist: ChecklistItem[] = [];
  for (const entry of entries) {
    const pack = infos[entry.packIndex]?.name ?? '';
    if (entry.kind === 'question') {
      const question = buildQuestion(entry, pack, questionShapes, problems);
      if (question) questions.push(question);
    } else if (entry.kind === 'rule') {
      const rule = buildRule(entry, pack, questionShapes, checklistIds, problems);
      if (rule) rules.push(rule);
    } else if (entry.kind === 'checklist item') {
      const item = buildChecklistItem(entry, pack, questionShapes, problems);
      if (item) checklist.push(item);
    }
  }
  const { systemRules, disabled } = applyPacksInOrder(entries, blocks, infos, problems);
  const settings = mergeSettings(blocks);

  problems.throwIfAny((count) => `invalid rule pack (${countProblems(count)})`);

  const off = new Set(disabled.map((entry) => entry.id));
  return {
    packs: infos,
    questions,
    rules: rules
      .filter((rule) => !off.has(rule.id))
      // A switched-off checklist item is switched off for every rule that listed it.
      .map((rule) => ({ ...rule, checklist: rule.checklist.filter((id) => !off.has(id)) })),
    checklist: checklist.filter((item) => !off.has(item.id)),
    systemRules,
    settings,
    disabled,
  };
}

function parseFile(file: PackSourceFile, problems: ProblemList): YamlSource | undefined {
  try {
    return parseYamlDocument(file.text, file.file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const problem of error.problems) problems.add(file.file, [], problem);
    return undefined;
  }
}

function collectFile(
  source: YamlSource,
  packIndex: number,
  entries: Entry[],
  blocks: (PackBlock | undefined)[],
  problems: ProblemList,
): void {
  // An empty file (or one holding only comments) adds nothing.
  if (source.data === null || source.data === undefined) return;
  // A version 1 vote (recommend: { style, mechanism: call+event }) gets one message saying what
  // to write instead, from checkRecommendation, rather than the schema's unknown key or value.
  const schemaProblems = validateSchema('rules', source.data, source).filter(({ path }) => !isVersionOneVote(path, source.data));
  problems.addAll(source.file, schemaProblems);
  const data = asRecord(source.data);
  if (!data) return;

  const block = asRecord(data['pack']);
  if (block) {
    const first = blocks[packIndex];
    if (first) {
      problems.report(source, ['pack'], 'a pack folder has one `pack` block', {
        hint: `the first is at ${formatLocation(locate(first.source, ['pack']))}; merge the two`,
      });
    } else {
      blocks[packIndex] = { raw: block, source };
    }
  }
  for (const { key, kind } of SECTIONS) {
    const list = data[key];
    if (!Array.isArray(list)) continue;
    list.forEach((item: unknown, index) => {
      const raw = asRecord(item);
      if (raw && typeof raw['id'] === 'string') {
        entries.push({ kind, id: raw['id'], raw, source, path: [key, index], packIndex });
      }
    });
  }
}

/** A schema problem at a version 1 vote: recommend.style, or a mechanism that names the call. */
function isVersionOneVote(path: YamlPath, data: unknown): boolean {
  if (path.length !== 4 || path[0] !== 'rules' || path[2] !== 'recommend') return false;
  if (path[3] === 'style') return true;
  if (path[3] !== 'mechanism') return false;
  const rules = asRecord(data)?.['rules'];
  const rule = Array.isArray(rules) ? asRecord(rules[path[1] as number]) : undefined;
  return namesTheCall(asRecord(rule?.['recommend'])?.['mechanism']);
}

/** A version 1 mechanism: it named the call of a synchronous part (call, call+event, call+queue...). */
function namesTheCall(mechanism: unknown): boolean {
  return typeof mechanism === 'string' && (mechanism === 'call' || mechanism.startsWith('call+'));
}

function describePacks(
  files: PackSourceFile[][],
  blocks: (PackBlock | undefined)[],
  problems: ProblemList,
): PackInfo[] {
  const infos: PackInfo[] = [];
  const byName = new Map<string, number>();
  files.forEach((packFiles, index) => {
    const dir = packFiles[0]?.dir ?? '';
    const block = blocks[index];
    const named = typeof block?.raw['name'] === 'string' ? block.raw['name'] : undefined;
    const name = named ?? basename(resolve(dir));
    const description = typeof block?.raw['description'] === 'string' ? block.raw['description'] : '';
    infos.push({ name, description, dir });
    const first = byName.get(name);
    if (first === undefined) {
      byName.set(name, index);
      return;
    }
    const message = `two rule packs are named "${name}" (${infos[first]?.dir ?? ''} and ${dir})`;
    const hint = 'give each pack its own name with pack: { name: ... }';
    if (block && named !== undefined) problems.report(block.source, ['pack', 'name'], message, { value: true, hint });
    else problems.add(dir, [], { message, hint });
  });
  return infos;
}

function collectQuestionShapes(entries: Entry[]): Map<string, QuestionShape> {
  const shapes = new Map<string, QuestionShape>();
  for (const entry of entries) {
    if (entry.kind !== 'question' || shapes.has(entry.id)) continue;
    const type: QuestionType = entry.raw['type'] === 'choice' ? 'choice' : 'yes_no';
    const answers = type === 'yes_no' ? ['yes', 'no'] : stringList(entry.raw['answers']);
    shapes.set(entry.id, { type, answers });
  }
  return shapes;
}

/** Question, rule and checklist ids are unique across all packs; system rules are overridden instead. */
function checkDuplicates(entries: Entry[], problems: ProblemList): void {
  const first = new Map<string, Entry>();
  for (const entry of entries) {
    const key = `${entry.kind}\u0000${entry.id}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, entry);
      continue;
    }
    if (entry.kind === 'system rule') {
      if (earlier.packIndex === entry.packIndex) {
        problems.report(entry.source, [...entry.path, 'id'], `system rule "${entry.id}" is listed twice in this pack`, {
          value: true,
          hint: `first at ${formatLocation(locate(earlier.source, [...earlier.path, 'id'], { value: true }))}; merge the two`,
        });
      } else {
        first.set(key, entry);
      }
      continue;
    }
    const where = formatLocation(locate(earlier.source, [...earlier.path, 'id'], { value: true }));
    const hint =
      earlier.packIndex === entry.packIndex
        ? `ids must be unique; choose another id`
        : entry.kind === 'question'
          ? 'question ids must be unique across packs; choose another id'
          : `to replace it, list "${entry.id}" under pack.disable and add yours under a new id`;
    problems.report(entry.source, [...entry.path, 'id'], `duplicate ${entry.kind} id "${entry.id}", also defined at ${where}`, {
      value: true,
      hint,
    });
  }
}

function buildQuestion(
  entry: Entry,
  pack: string,
  shapes: Map<string, QuestionShape>,
  problems: ProblemList,
): Question | undefined {
  const { raw, source, path } = entry;
  const type: QuestionType = raw['type'] === 'choice' ? 'choice' : 'yes_no';
  const given = raw['answers'];
  let answers = type === 'yes_no' ? ['yes', 'no'] : stringList(given);
  if (type === 'choice' && given === undefined) {
    problems.report(source, path, `choice question "${entry.id}" needs answers`, {
      hint: 'list the allowed answers, e.g. answers: [steady, spiky]',
    });
  }
  if (type === 'yes_no' && given !== undefined) {
    const list = stringList(given);
    if (!(list.length === 2 && list.includes('yes') && list.includes('no'))) {
      problems.report(source, [...path, 'answers'], 'a yes_no question always has the answers yes and no', {
        hint: 'remove answers, or make the question type: choice',
      });
    }
  }
  if (answers.includes(UNKNOWN)) {
    problems.report(source, [...path, 'answers', answers.indexOf(UNKNOWN)], '"unknown" is accepted by every question and cannot be listed', {
      value: true,
      hint: 'remove it from answers',
    });
    answers = answers.filter((answer) => answer !== UNKNOWN);
  }
  const answerHelp: Record<string, string> = {};
  for (const [answer, help] of Object.entries(asRecord(raw['answer_help']) ?? {})) {
    if (typeof help !== 'string') continue;
    if (![...answers, UNKNOWN].includes(answer)) {
      problems.report(source, [...path, 'answer_help', answer], `"${answer}" is not an answer of this question`, {
        hint: hintNearest(answer, answers, 'answers'),
      });
      continue;
    }
    answerHelp[answer] = help;
  }
  const derive = isOneOf<Derivation>(raw['derive'], DERIVATIONS) ? raw['derive'] : undefined;
  if (derive !== undefined) checkDerivation(derive, type, answers, source, [...path, 'derive'], problems);
  const checker = new ConditionChecker(source, problems, shapes, 'ask_when');
  const askWhen = raw['ask_when'] === undefined ? undefined : checker.check(raw['ask_when'], [...path, 'ask_when']);
  if (typeof raw['prompt'] !== 'string' || typeof raw['help'] !== 'string') return undefined;
  const question: Question = {
    id: entry.id,
    prompt: raw['prompt'],
    help: raw['help'],
    type,
    answers,
    answer_help: answerHelp,
    location: locate(source, path),
    pack,
  };
  if (askWhen) question.ask_when = askWhen;
  if (derive !== undefined) question.derive = derive;
  return question;
}

/** The answers each derivation gives; the question must offer exactly these. */
const DERIVED_ANSWERS: Readonly<Record<Derivation, readonly string[]>> = {
  latency: ['yes', 'no'],
  'caller.reachable': ['yes', 'no'],
  'caller.kind': SERVICE_KINDS,
  'callee.kind': SERVICE_KINDS,
  boundary: BOUNDARIES,
};

function checkDerivation(derive: Derivation, type: QuestionType, answers: readonly string[], source: YamlSource, path: YamlPath, problems: ProblemList): void {
  const given = DERIVED_ANSWERS[derive];
  if (given.length === 2 && given[0] === 'yes') {
    if (type !== 'yes_no') problems.report(source, path, `derive: ${derive} gives yes or no, so the question must be type: yes_no`, { value: true });
    return;
  }
  const same = answers.length === given.length && given.every((answer) => answers.includes(answer));
  if (type !== 'choice' || !same) {
    problems.report(source, path, `derive: ${derive} gives one of ${given.join(', ')}, so the question must be a choice with exactly these answers`, {
      value: true,
    });
  }
}

function buildRule(
  entry: Entry,
  pack: string,
  shapes: Map<string, QuestionShape>,
  checklistIds: Set<string>,
  problems: ProblemList,
): Rule | undefined {
  const { raw, source, path } = entry;
  const checker = new ConditionChecker(source, problems, shapes, 'rule');
  const when = checker.check(raw['when'], [...path, 'when']);
  const recommendRaw = asRecord(raw['recommend']);
  if (checker.readsOutcome && recommendRaw) {
    problems.report(source, [...path, 'recommend'], 'a rule that reads the outcome cannot recommend', {
      hint: 'it runs after the style is chosen; split it into a rule that recommends and one that adds checklist items or a finding',
    });
  }
  const recommend = recommendRaw ? checkRecommendation(recommendRaw, source, [...path, 'recommend'], problems) : undefined;

  const checklist = stringList(raw['checklist']);
  checklist.forEach((id, index) => {
    if (checklistIds.has(id)) return;
    problems.report(source, [...path, 'checklist', index], `no checklist item has the id "${id}"`, {
      value: true,
      hint: hintNearest(id, [...checklistIds], 'checklist ids'),
    });
  });
  const findingRaw = asRecord(raw['finding']);
  if (!recommendRaw && checklist.length === 0 && !findingRaw) {
    problems.report(source, path, `rule "${entry.id}" does nothing when it fires`, {
      hint: 'give it recommend, checklist or finding',
    });
  }
  if (recommendRaw && typeof raw['reason'] !== 'string') {
    problems.report(source, path, `rule "${entry.id}" recommends but gives no reason`, {
      hint: 'add reason: the sentence the ADR shows when the rule fires',
    });
  }
  if (!when || typeof raw['title'] !== 'string') return undefined;
  const rule: Rule = {
    id: entry.id,
    title: raw['title'],
    when,
    phase: checker.readsOutcome ? 'obligation' : 'style',
    weight: isOneOf<Weight>(raw['weight'], ['weak', 'normal', 'strong']) ? raw['weight'] : 'normal',
    reason: typeof raw['reason'] === 'string' ? raw['reason'] : '',
    checklist,
    location: locate(source, path),
    pack,
  };
  if (recommend && !checker.readsOutcome) rule.recommend = recommend;
  if (findingRaw && isOneOf<Severity>(findingRaw['severity'], ['error', 'warning', 'info']) && typeof findingRaw['message'] === 'string') {
    const finding: RuleFinding = { severity: findingRaw['severity'], message: findingRaw['message'] };
    rule.finding = finding;
  }
  return rule;
}

/** What a version 1 vote means in version 2, as the text to write instead. */
function describeVersionOneVote(style: unknown, mechanism: unknown): string {
  // A version 1 mechanism named the call for a synchronous part: call, call+event, call+queue...
  const text = typeof mechanism === 'string' ? mechanism : '';
  const names = text.split('+');
  const withCall = names[0] === 'call';
  const asyncPart = withCall ? names[1] : names[0] === '' ? undefined : names[0];
  let hasSync: boolean;
  let hasAsync: boolean;
  if (style === 'sync' || style === 'async' || style === 'hybrid') {
    hasSync = style !== 'async';
    hasAsync = style !== 'sync';
  } else {
    hasSync = withCall;
    hasAsync = asyncPart !== undefined;
  }
  const parts = [`sync: ${hasSync ? 'yes' : 'no'}`, `async: ${hasAsync ? 'yes' : 'no'}`];
  if (hasAsync && asyncPart !== undefined && (ASYNC_MECHANISMS as readonly string[]).includes(asyncPart)) parts.push(`mechanism: ${asyncPart}`);
  return `{ ${parts.join(', ')} }`;
}

function checkRecommendation(
  raw: Record<string, unknown>,
  source: YamlSource,
  path: YamlPath,
  problems: ProblemList,
): Recommendation | undefined {
  const mechanismRaw = raw['mechanism'];
  if (raw['style'] !== undefined || namesTheCall(mechanismRaw)) {
    const key = raw['style'] !== undefined ? 'style' : 'mechanism';
    problems.report(source, [...path, key], 'a rule now votes on the parts of an interaction, not on a style', {
      hint:
        `write recommend: ${describeVersionOneVote(raw['style'], mechanismRaw)} (and keep reply if it has one): ` +
        'sync is the call the caller waits for, async the work that comes later, and a hybrid has both',
    });
    return undefined;
  }
  const recommendation: Recommendation = {};
  const sync = readPartVote(raw['sync']);
  const asyncVote = readPartVote(raw['async']);
  if (sync !== undefined) recommendation.sync = sync;
  if (asyncVote !== undefined) recommendation.async = asyncVote;
  if (isOneOf<AsyncMechanism>(mechanismRaw, ASYNC_MECHANISMS)) recommendation.mechanism = mechanismRaw;
  if (isOneOf<Reply>(raw['reply'], REPLIES)) recommendation.reply = raw['reply'];
  if (asyncVote === 'no' && (recommendation.mechanism !== undefined || recommendation.reply !== undefined)) {
    problems.report(source, [...path, 'async'], 'a vote against the asynchronous part cannot also say how it travels', {
      hint: 'remove mechanism and reply, or vote async: yes',
    });
    return undefined;
  }
  if (recommendation.reply !== undefined && recommendation.mechanism !== undefined && recommendation.mechanism !== 'request-reply') {
    problems.report(source, [...path, 'reply'], 'a reply channel applies only to request-reply', {
      hint: 'use mechanism: request-reply, or remove reply',
    });
    return undefined;
  }
  return Object.keys(recommendation).length === 0 ? undefined : recommendation;
}

/** yes / no, or true / false as YAML may read them. */
function readPartVote(value: unknown): PartVote | undefined {
  if (value === true || value === 'yes') return 'yes';
  if (value === false || value === 'no') return 'no';
  return undefined;
}

function buildChecklistItem(
  entry: Entry,
  pack: string,
  shapes: Map<string, QuestionShape>,
  problems: ProblemList,
): ChecklistItem | undefined {
  const { raw, source, path } = entry;
  const checker = new ConditionChecker(source, problems, shapes, 'checklist');
  const when = raw['when'] === undefined ? undefined : checker.check(raw['when'], [...path, 'when']);
  const neededRaw = asRecord(raw['needed_by']);
  const neededBy: NeededBy = {
    styles: stringList(neededRaw?.['styles']).filter((style): style is Style => isOneOf<Style>(style, STYLES)),
    mechanisms: stringList(neededRaw?.['mechanisms']) as MechanismPart[],
  };
  const { title, why, verify } = raw;
  if (typeof title !== 'string' || typeof why !== 'string' || typeof verify !== 'string') return undefined;
  const item: ChecklistItem = { id: entry.id, title, why, verify, needed_by: neededBy, location: locate(source, path), pack };
  if (when) item.when = when;
  return item;
}

/**
 * Walks the packs in load order: each pack's `disable` reaches only earlier packs, and each
 * system rule listed again replaces only the keys it gives.
 */
function applyPacksInOrder(
  entries: Entry[],
  blocks: (PackBlock | undefined)[],
  infos: PackInfo[],
  problems: ProblemList,
): { systemRules: SystemRule[]; disabled: Pack['disabled'] } {
  const active = new Map<string, SystemRule>();
  const disabled: Pack['disabled'] = [];
  const disableable = entries.filter((entry) => entry.kind !== 'question');
  infos.forEach((info, packIndex) => {
    const block = blocks[packIndex];
    const list = block ? block.raw['disable'] : undefined;
    if (block && Array.isArray(list)) {
      list.forEach((id: unknown, index) => {
        if (typeof id !== 'string') return;
        const path = ['pack', 'disable', index];
        const earlier = disableable.filter((entry) => entry.packIndex < packIndex);
        if (earlier.some((entry) => entry.id === id)) {
          active.delete(id);
          disabled.push({ id, location: locate(block.source, path, { value: true }), pack: info.name });
          return;
        }
        problems.report(block.source, path, `no earlier pack has a rule, checklist item or system rule "${id}"`, {
          value: true,
          hint: describeMissedDisable(id, packIndex, entries, earlier),
        });
      });
    }
    for (const entry of entries) {
      if (entry.packIndex !== packIndex || entry.kind !== 'system rule') continue;
      const rule = mergeSystemRule(entry, active.get(entry.id), info.name, problems);
      if (rule) active.set(entry.id, rule);
    }
  });
  // Stable order: the order in which system rules were first defined.
  const order = entries.filter((entry) => entry.kind === 'system rule').map((entry) => entry.id);
  const systemRules = [...active.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { systemRules, disabled };
}

function describeMissedDisable(id: string, packIndex: number, entries: Entry[], earlier: Entry[]): string {
  const elsewhere = entries.find((entry) => entry.id === id);
  if (elsewhere?.kind === 'question') return 'questions cannot be switched off; disable the rules that read them';
  if (elsewhere && elsewhere.packIndex === packIndex) {
    return `"${id}" is defined in this pack (${formatLocation(locate(elsewhere.source, elsewhere.path))}); remove it there instead`;
  }
  if (elsewhere) return `"${id}" comes from a later pack; disable reaches only packs loaded before this one`;
  return hintNearest(id, [...new Set(earlier.map((entry) => entry.id))], 'ids of earlier packs');
}

function mergeSystemRule(entry: Entry, base: SystemRule | undefined, pack: string, problems: ProblemList): SystemRule | undefined {
  const { raw, source, path } = entry;
  const title = typeof raw['title'] === 'string' ? raw['title'] : base?.title;
  const severity = isOneOf<Severity>(raw['severity'], ['error', 'warning', 'info']) ? raw['severity'] : base?.severity;
  const advice = typeof raw['advice'] === 'string' ? raw['advice'] : base?.advice;
  if (title === undefined || severity === undefined || advice === undefined) {
    const missing = ['title', 'severity', 'advice'].filter((key) => raw[key] === undefined);
    if (missing.length > 0) {
      problems.report(source, path, `system rule "${entry.id}" is not set up by an earlier pack, so it needs ${missing.join(', ')}`, {
        hint: 'give title, severity and advice where a system rule is first listed',
      });
    }
    return undefined;
  }
  return { id: entry.id as SystemRuleId, title, severity, advice, location: locate(source, path), pack };
}

function mergeSettings(blocks: (PackBlock | undefined)[]): PackSettings {
  const settings: PackSettings = { ...DEFAULT_SETTINGS };
  for (const block of blocks) {
    const given = asRecord(block?.raw['settings']);
    if (!given) continue;
    const retry = given['retry_amplification_threshold'];
    if (typeof retry === 'number' && retry > 1) settings.retry_amplification_threshold = retry;
    const fanOut = given['fan_out_threshold'];
    if (typeof fanOut === 'number' && Number.isInteger(fanOut) && fanOut >= 2) settings.fan_out_threshold = fanOut;
  }
  return settings;
}

// ---------------------------------------------------------------------------------------------
// Conditions

/**
 * Checks one condition tree against the loaded questions and returns it normalised (true/false
 * become yes/no on yes/no questions). Problems the schema already reported are not repeated.
 */
class ConditionChecker {
  /** Set once any leaf reads the outcome. */
  readsOutcome = false;

  constructor(
    private readonly source: YamlSource,
    private readonly problems: ProblemList,
    private readonly questions: Map<string, QuestionShape>,
    private readonly owner: 'ask_when' | 'rule' | 'checklist',
  ) {}

  check(node: unknown, path: YamlPath): Condition | undefined {
    const raw = asRecord(node);
    if (!raw || this.problems.has(this.source.file, path, true)) return undefined;
    const keys = Object.keys(raw);
    // The schema already named what is wrong with this node (an unknown key, a misspelt number
    // name...); a second message about the same leaf would only repeat it.
    const leafKeys = keys.filter((key) => !(COMBINATORS as readonly string[]).includes(key));
    if (leafKeys.some((key) => this.problems.has(this.source.file, [...path, key]))) return undefined;
    const combinators = keys.filter((key) => (COMBINATORS as readonly string[]).includes(key));
    const subjects = keys.filter((key) => (SUBJECTS as readonly string[]).includes(key));
    const operators = keys.filter((key): key is Operator => (OPERATORS as readonly string[]).includes(key));

    if (combinators.length > 0) {
      const others = [...combinators.slice(1), ...subjects, ...operators];
      if (others.length > 0) {
        this.report([...path, others[0] ?? ''], `a condition is one of all, any, not or a single leaf; found ${[combinators[0], ...others].join(' and ')}`, {
          hint: 'put the parts in a list under all: or any:',
        });
        return undefined;
      }
      return this.checkCombinator(raw, combinators[0] as (typeof COMBINATORS)[number], path);
    }
    if (subjects.length !== 1) {
      if (subjects.length === 0) {
        this.report(path, 'a condition needs all, any, not, or a leaf reading answer, number or outcome');
      } else {
        this.report([...path, subjects[1] ?? ''], `a leaf reads one thing; found ${subjects.join(' and ')}`, {
          hint: 'combine two leaves with all: or any:',
        });
      }
      return undefined;
    }
    if (operators.length !== 1) {
      if (operators.length === 0) {
        this.report(path, 'a leaf needs one operator', { hint: `add one of ${OPERATORS.join(', ')}` });
      } else {
        this.report([...path, operators[1] ?? ''], `a leaf takes exactly one operator; found ${operators.join(' and ')}`, {
          hint: 'combine two leaves with all: or any:',
        });
      }
      return undefined;
    }
    const subject = subjects[0] as (typeof SUBJECTS)[number];
    const operator = operators[0] as Operator;
    if (subject === 'answer') return this.checkAnswerLeaf(raw, operator, path);
    if (subject === 'number') return this.checkNumberLeaf(raw, operator, path);
    return this.checkOutcomeLeaf(raw, operator, path);
  }

  private checkCombinator(raw: Record<string, unknown>, combinator: (typeof COMBINATORS)[number], path: YamlPath): Condition | undefined {
    if (combinator === 'not') {
      const inner = this.check(raw['not'], [...path, 'not']);
      return inner ? { not: inner } : undefined;
    }
    const list = raw[combinator];
    if (!Array.isArray(list)) return undefined;
    const parts = list.map((item: unknown, index) => this.check(item, [...path, combinator, index]));
    if (parts.some((part) => part === undefined)) return undefined;
    return combinator === 'all' ? { all: parts as Condition[] } : { any: parts as Condition[] };
  }

  private checkAnswerLeaf(raw: Record<string, unknown>, operator: Operator, path: YamlPath): Condition | undefined {
    const name = raw['answer'];
    if (typeof name !== 'string') return undefined;
    const question = this.questions.get(name);
    if (!question) {
      this.report([...path, 'answer'], `unknown question "${name}"`, {
        value: true,
        hint: replacedQuestionHint(name) ?? hintNearest(name, [...this.questions.keys()], 'questions'),
      });
      return undefined;
    }
    if (NUMERIC_OPERATORS.includes(operator)) {
      this.report([...path, operator], `${operator} compares numbers; an answer takes eq, ne, in, nin or exists`);
      return undefined;
    }
    if (operator === 'exists') return { answer: name, exists: raw['exists'] === true };
    const value = raw[operator];
    if (operator === 'in' || operator === 'nin') {
      if (!Array.isArray(value)) return undefined;
      const values = value.map((item: unknown, index) => this.checkAnswerValue(item, name, question, operator, [...path, operator, index]));
      if (values.some((item) => item === undefined)) return undefined;
      return { answer: name, [operator]: values as string[] } as Condition;
    }
    const checked = this.checkAnswerValue(value, name, question, operator, [...path, operator]);
    return checked === undefined ? undefined : ({ answer: name, [operator]: checked } as Condition);
  }

  private checkAnswerValue(
    value: unknown,
    name: string,
    question: QuestionShape,
    operator: Operator,
    path: YamlPath,
  ): string | undefined {
    let answer: unknown = value;
    if (typeof value === 'boolean' && question.type === 'yes_no') answer = value ? 'yes' : 'no';
    if (answer === UNKNOWN) {
      const exists = operator === 'eq' || operator === 'in' ? 'exists: false' : 'exists: true';
      this.report(path, `"unknown" cannot be compared: an unknown answer leaves the leaf unknown`, {
        value: true,
        hint: `use ${exists} to match an answer that is missing or unknown`,
      });
      return undefined;
    }
    if (typeof answer === 'string' && question.answers.includes(answer)) return answer;
    const nearest = typeof answer === 'string' ? suggestNearest(answer, question.answers) : undefined;
    this.report(path, `${describeValue(value)} is not an answer to ${name}; allowed: ${question.answers.join(', ')}`, {
      value: true,
      hint: nearest ? `did you mean "${nearest}"?` : undefined,
    });
    return undefined;
  }

  private checkNumberLeaf(raw: Record<string, unknown>, operator: Operator, path: YamlPath): Condition | undefined {
    const name = raw['number'];
    if (!isOneOf<NumberName>(name, NUMBER_NAMES)) return undefined;
    if (operator === 'in' || operator === 'nin') {
      this.report([...path, operator], `${operator} does not apply to numbers`, { hint: 'use lt, lte, gt, gte, eq, ne or exists' });
      return undefined;
    }
    const value = raw[operator];
    if (operator === 'exists') return { number: name, exists: value === true };
    if (typeof value !== 'number') {
      this.report([...path, operator], `${name} is a number; compare it with a number, found ${describeValue(value)}`, { value: true });
      return undefined;
    }
    return { number: name, [operator]: value } as Condition;
  }

  private checkOutcomeLeaf(raw: Record<string, unknown>, operator: Operator, path: YamlPath): Condition | undefined {
    const name = raw['outcome'];
    if (typeof name !== 'string' || !(name in OUTCOME_VALUES)) return undefined;
    if (this.owner === 'ask_when') {
      this.report([...path, 'outcome'], 'ask_when cannot read the outcome', {
        hint: 'questions are asked before anything is decided; read answers or numbers',
      });
      return undefined;
    }
    this.readsOutcome = true;
    if (NUMERIC_OPERATORS.includes(operator)) {
      this.report([...path, operator], `${operator} compares numbers; an outcome takes eq, ne, in, nin or exists`);
      return undefined;
    }
    if (operator === 'exists') return { outcome: name, exists: raw['exists'] === true } as Condition;
    const allowed = OUTCOME_VALUES[name] ?? [];
    const check = (value: unknown, where: YamlPath): boolean => {
      if (typeof value === 'string' && allowed.includes(value)) return true;
      const nearest = typeof value === 'string' ? suggestNearest(value, allowed) : undefined;
      const extra = name === 'mechanism' && typeof value === 'string' && value.includes(':') ? '; compare the reply with outcome: reply' : '';
      this.report(where, `${describeValue(value)} is not a ${name}; allowed: ${allowed.join(', ')}${extra}`, {
        value: true,
        hint: nearest ? `did you mean "${nearest}"?` : undefined,
      });
      return false;
    };
    const value = raw[operator];
    if (operator === 'in' || operator === 'nin') {
      if (!Array.isArray(value)) return undefined;
      const results = value.map((item: unknown, index) => check(item, [...path, operator, index]));
      return results.every(Boolean) ? ({ outcome: name, [operator]: value as string[] } as Condition) : undefined;
    }
    return check(value, [...path, operator]) ? ({ outcome: name, [operator]: value } as Condition) : undefined;
  }

  private report(path: YamlPath, message: string, options: { hint?: string | undefined; value?: boolean } = {}): void {
    this.problems.report(this.source, path, message, options);
  }
}

// ---------------------------------------------------------------------------------------------

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}


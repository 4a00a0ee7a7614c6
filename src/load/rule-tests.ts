/**
 * Rule test files: every *.test.yaml / *.test.yml directly inside a pack folder. Reading them
 * is one function, checking one file against the loaded packs another (pure); every problem
 * of every file is reported at once, with file:line:col and a hint.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Boundary, NumberName, Service, ServiceKind, Style } from '../model/answers.js';
import { BOUNDARIES, NUMBER_NAMES, SERVICE_KINDS, STYLES, UNKNOWN } from '../model/answers.js';
import type { Confidence } from '../model/decision.js';
import { CONFIDENCES } from '../model/decision.js';
import { InputError, formatLocation } from '../model/errors.js';
import type { Problem } from '../model/errors.js';
import { ASYNC_MECHANISMS, CALL, REPLIES } from '../model/pack.js';
import type { Pack, Question } from '../model/pack.js';
import type { RuleTestCase, RuleTestExpectation, RuleTestFile } from '../model/rule-test.js';
import { buildService, normaliseAnswer, replacedQuestionHint } from './answers.js';
import type { RawService } from './answers.js';
import { ProblemList, countProblems } from './problems.js';
import { readTextFile } from './read-text.js';
import { describeValue } from './schemas.js';
import { hintNearest, suggestNearest } from './suggest.js';
import { locate, parseYamlDocument } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/** The names rule test files end with: the files the pack loader leaves out of a pack. */
const RULE_TEST_FILE = /\.test\.ya?ml$/;

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

const FILE_KEYS = ['cases'] as const;
const CASE_KEYS = ['name', 'services', 'answers', 'numbers', 'expect'] as const;
const PARTY_KEYS = ['caller', 'callee'] as const;
const SERVICE_KEYS = ['kind', 'reachable', 'boundary'] as const;
const EXPECT_KEYS = ['style', 'mechanism', 'confidence', 'fires', 'does_not_fire', 'checklist'] as const;

/** The asynchronous mechanisms as a decision states them: request-reply always with its reply channel. */
const ASYNC_DECIDED: readonly string[] = ASYNC_MECHANISMS.flatMap((mechanism) =>
  mechanism === 'request-reply' ? REPLIES.map((reply) => `${mechanism}:${reply}`) : [mechanism],
);

/** Every mechanism a decision of each style can have. */
const MECHANISMS_OF_STYLE: Readonly<Record<Style, readonly string[]>> = {
  sync: [CALL],
  async: ASYNC_DECIDED,
  hybrid: ASYNC_DECIDED.map((mechanism) => `${CALL}+${mechanism}`),
};
const DECIDED_MECHANISMS: readonly string[] = STYLES.flatMap((style) => MECHANISMS_OF_STYLE[style]);

/** One pack folder's rule test files, as read from disk. */
export interface RuleTestSource {
  /** The file, as messages show it. */
  file: string;
  text: string;
}

/**
 * Reads the rule test files of each folder, in file-name order. `display` names a file for
 * messages (relative to the working directory, say). A folder without test files is an error:
 * the caller asked for its tests.
 */
export async function readRuleTestFiles(
  dirs: readonly string[],
  options: { display: (path: string) => string; maxBytes?: number },
): Promise<RuleTestSource[]> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const problems: Problem[] = [];
  const sources: RuleTestSource[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => RULE_TEST_FILE.test(name));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message =
        code === 'ENOENT'
          ? `cannot find rule pack folder ${options.display(dir)}`
          : code === 'ENOTDIR'
            ? `${options.display(dir)} is a file, not a rule pack folder`
            : `cannot read rule pack folder ${options.display(dir)}: ${(error as Error).message}`;
      problems.push({ message, hint: 'name the folder that holds the pack and its *.test.yaml files' });
      continue;
    }
    // Code-point order, so every platform and locale runs the files in the same order.
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let found = 0;
    for (const name of names) {
      const path = join(dir, name);
      if (!(await stat(path)).isFile()) continue;
      found += 1;
      try {
        sources.push({ file: options.display(path), text: await readTextFile(path, { maxBytes, what: 'rule test file' }) });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems.push(...error.problems);
      }
    }
    if (found === 0) {
      problems.push({
        message: `rule pack folder ${options.display(dir)} holds no rule tests`,
        hint: 'add a file named <something>.test.yaml beside the pack files (see docs/rule-packs.md)',
      });
    }
  }
  if (problems.length > 0) throw new InputError(`cannot read the rule tests (${countProblems(problems.length)})`, problems);
  return sources;
}

/** How messages name the pack files they point at (relative to the working directory, say). */
export interface ParseRuleTestOptions {
  display?: (path: string) => string;
}

/** Parses and checks several rule test files; one InputError holds the problems of all of them. */
export function parseRuleTestFiles(sources: readonly RuleTestSource[], pack: Pack, options: ParseRuleTestOptions = {}): RuleTestFile[] {
  const problems: Problem[] = [];
  const files: RuleTestFile[] = [];
  for (const source of sources) {
    try {
      files.push(parseRuleTests(source.text, source.file, pack, options));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(`invalid rule tests (${countProblems(problems.length)})`, problems);
  return files;
}

/**
 * Parses one rule test file and checks it against the loaded packs: known keys only, answers
 * the questions allow, numbers in range, and ids of rules and checklist items that exist.
 */
export function parseRuleTests(text: string, file: string, pack: Pack, options: ParseRuleTestOptions = {}): RuleTestFile {
  const source = parseYamlDocument(text, file);
  const problems = new ProblemList();
  const checker = new CaseChecker(source, problems, pack, options.display ?? ((path) => path));
  const data = asRecord(source.data);
  if (!data) {
    problems.report(source, [], source.data === null ? 'the file holds no cases' : `expected a map with cases, found ${describeValue(source.data)}`, {
      hint: 'start the file with `cases:` and list one case per interaction',
    });
  } else {
    checker.checkKeys(data, [], FILE_KEYS, 'a rule test file');
    const list = data['cases'];
    if (list === undefined || list === null) {
      problems.report(source, [], 'the file needs `cases`', { hint: 'list the cases under `cases:`, each with name, answers and expect' });
    } else if (!Array.isArray(list)) {
      problems.report(source, ['cases'], `cases must be a list, found ${describeValue(list)}`, { value: true, hint: 'start each case with `- name:`' });
    } else if (list.length === 0) {
      problems.report(source, ['cases'], 'cases is empty', { value: true, hint: 'add at least one case, or remove the file' });
    }
  }
  const cases = Array.isArray(data?.['cases']) ? (data['cases'] as unknown[]) : [];
  const seen = new Map<string, number>();
  const built = cases.map((item, index) => checker.checkCase(item, index, seen));
  problems.throwIfAny((count) => `invalid rule test file ${file} (${countProblems(count)})`);
  return { file, cases: built.filter((entry): entry is RuleTestCase => entry !== undefined) };
}

class CaseChecker {
  private readonly questions: Map<string, Question>;
  private readonly ruleIds: string[];
  private readonly checklistIds: string[];
  private readonly disabled: Map<string, Pack['disabled'][number]>;

  constructor(
    private readonly source: YamlSource,
    private readonly problems: ProblemList,
    pack: Pack,
    private readonly display: (path: string) => string,
  ) {
    this.questions = new Map(pack.questions.map((question) => [question.id, question]));
    this.ruleIds = [...pack.rules.map((rule) => rule.id), ...pack.systemRules.map((rule) => rule.id)];
    this.checklistIds = pack.checklist.map((item) => item.id);
    this.disabled = new Map(pack.disabled.map((entry) => [entry.id, entry]));
  }

  checkCase(item: unknown, index: number, seen: Map<string, number>): RuleTestCase | undefined {
    const path = ['cases', index];
    const raw = asRecord(item);
    if (!raw) {
      this.report(path, `a case is a map with name, answers and expect, found ${describeValue(item)}`, { value: true });
      return undefined;
    }
    const before = this.problems.size;
    this.checkKeys(raw, path, CASE_KEYS, 'a case');
    const name = this.checkName(raw, path, seen);
    for (const key of ['answers', 'expect'] as const) {
      if (raw[key] === undefined) this.report(path, `the case needs \`${key}\``, { hint: key === 'answers' ? 'give the answers of one interaction, e.g. answers: { intent: query }' : 'say what must come out, e.g. expect: { style: sync }' });
    }
    const services = raw['services'] === undefined ? [] : this.checkServices(raw['services'], [...path, 'services']);
    const answers = raw['answers'] === undefined ? {} : this.checkAnswers(raw['answers'], [...path, 'answers']);
    const numbers = raw['numbers'] === undefined ? {} : this.checkNumbers(raw['numbers'], [...path, 'numbers']);
    const expectation = raw['expect'] === undefined ? undefined : this.checkExpect(raw['expect'], [...path, 'expect']);
    if (this.problems.size > before || name === undefined || expectation === undefined) return undefined;
    return { name, services, answers, numbers, expect: expectation, location: locate(this.source, path) };
  }

  /** The two parties of the case, described as an answers file's services section describes them. */
  private checkServices(value: unknown, path: YamlPath): Service[] {
    const raw = asRecord(value);
    if (!raw) {
      this.report(path, `services must be a map with caller and callee, found ${describeValue(value)}`, {
        value: true,
        hint: 'e.g. services: { caller: { kind: client }, callee: { kind: service } }',
      });
      return [];
    }
    this.checkKeys(raw, path, PARTY_KEYS, 'services (a case has a caller and a callee)');
    const services: Service[] = [];
    for (const party of PARTY_KEYS) {
      const given = raw[party];
      if (given === undefined) continue;
      const at = [...path, party];
      const attributes = asRecord(given);
      if (!attributes) {
        this.report(at, `${party} must be a map, e.g. { kind: service }, found ${describeValue(given)}`, { value: true });
        continue;
      }
      this.checkKeys(attributes, at, SERVICE_KEYS, `a service`);
      const described: RawService = {};
      const kind = this.checkWord<ServiceKind | 'unknown'>(attributes['kind'], [...at, 'kind'], [...SERVICE_KINDS, UNKNOWN], 'service kind');
      if (kind !== undefined) described.kind = kind;
      const reachable = attributes['reachable'];
      const word = typeof reachable === 'boolean' ? normaliseAnswer(reachable) : reachable;
      const checked = this.checkWord<'yes' | 'no' | 'unknown'>(word, [...at, 'reachable'], ['yes', 'no', UNKNOWN], 'reachable answer');
      if (checked !== undefined) described.reachable = checked;
      const boundary = this.checkWord<Boundary | 'unknown'>(attributes['boundary'], [...at, 'boundary'], [...BOUNDARIES, UNKNOWN], 'boundary');
      if (boundary !== undefined) described.boundary = boundary;
      services.push(buildService(party, described, locate(this.source, at)));
    }
    return services;
  }

  /** Reports every key that is not one of `allowed`, suggesting the nearest. */
  checkKeys(raw: Record<string, unknown>, path: YamlPath, allowed: readonly string[], what: string): void {
    for (const key of Object.keys(raw)) {
      if (allowed.includes(key)) continue;
      this.report([...path, key], `unknown key "${key}" in ${what}`, { hint: hintNearest(key, allowed, 'allowed keys') });
    }
  }

  private checkName(raw: Record<string, unknown>, path: YamlPath, seen: Map<string, number>): string | undefined {
    const name = raw['name'];
    if (name === undefined) {
      this.report(path, 'the case needs a `name`', { hint: 'name says what the case shows, e.g. name: a fact is announced as an event' });
      return undefined;
    }
    if (typeof name !== 'string' || name.trim() === '') {
      this.report([...path, 'name'], `name must be a sentence, found ${describeValue(name)}`, { value: true });
      return undefined;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      this.report([...path, 'name'], `two cases are named "${name}"`, {
        value: true,
        hint: `the first is at line ${locate(this.source, ['cases', first]).line}; give each case its own name`,
      });
      return undefined;
    }
    seen.set(name, path[1] as number);
    return name;
  }

  private checkAnswers(value: unknown, path: YamlPath): Record<string, string> {
    const raw = asRecord(value);
    if (!raw) {
      this.report(path, `answers must be a map of question ids to answers, found ${describeValue(value)}`, { value: true });
      return {};
    }
    const answers: Record<string, string> = {};
    const ids = [...this.questions.keys()];
    for (const [id, given] of Object.entries(raw)) {
      const question = this.questions.get(id);
      if (!question) {
        this.report([...path, id], `unknown question "${id}"`, {
          hint: replacedQuestionHint(id) ?? hintNearest(id, ids, 'questions of the loaded packs'),
        });
        continue;
      }
      const answer = typeof given === 'boolean' && question.type === 'yes_no' ? (given ? 'yes' : 'no') : given;
      const allowed = [...question.answers, UNKNOWN];
      if (typeof answer === 'string' && allowed.includes(answer)) {
        answers[id] = answer;
        continue;
      }
      const nearest = typeof answer === 'string' ? suggestNearest(answer, allowed) : undefined;
      this.report([...path, id], `${describeValue(given)} is not an answer to ${id}; allowed: ${allowed.join(', ')}`, {
        value: true,
        hint: nearest === undefined ? undefined : `did you mean "${nearest}"?`,
      });
    }
    return answers;
  }

  private checkNumbers(value: unknown, path: YamlPath): Partial<Record<NumberName, number>> {
    const raw = asRecord(value);
    if (!raw) {
      this.report(path, `numbers must be a map, e.g. { latency_budget_ms: 800 }, found ${describeValue(value)}`, { value: true });
      return {};
    }
    const numbers: Partial<Record<NumberName, number>> = {};
    for (const [name, given] of Object.entries(raw)) {
      if (!(NUMBER_NAMES as readonly string[]).includes(name)) {
        this.report([...path, name], `unknown number "${name}"`, { hint: hintNearest(name, NUMBER_NAMES, 'numbers') });
        continue;
      }
      const problem = checkNumber(name as NumberName, given);
      if (problem !== undefined) {
        this.report([...path, name], problem, { value: true });
        continue;
      }
      numbers[name as NumberName] = given as number;
    }
    return numbers;
  }

  private checkExpect(value: unknown, path: YamlPath): RuleTestExpectation | undefined {
    const raw = asRecord(value);
    if (!raw || Object.keys(raw).length === 0) {
      this.report(path, raw ? 'expect is empty' : `expect must be a map, found ${describeValue(value)}`, {
        value: true,
        hint: `say what must come out with any of ${EXPECT_KEYS.join(', ')}`,
      });
      return undefined;
    }
    this.checkKeys(raw, path, EXPECT_KEYS, 'expect');
    const expectation: RuleTestExpectation = { fires: [], does_not_fire: [], checklist: [] };
    const style = this.checkWord<Style>(raw['style'], [...path, 'style'], STYLES, 'style');
    if (style !== undefined) expectation.style = style;
    const confidence = this.checkWord<Confidence>(raw['confidence'], [...path, 'confidence'], CONFIDENCES, 'confidence');
    if (confidence !== undefined) expectation.confidence = confidence;
    const mechanism = this.checkMechanism(raw['mechanism'], [...path, 'mechanism'], style);
    if (mechanism !== undefined) expectation.mechanism = mechanism;
    expectation.fires = this.checkIds(raw['fires'], [...path, 'fires'], 'rule', this.ruleIds, false);
    expectation.does_not_fire = this.checkIds(raw['does_not_fire'], [...path, 'does_not_fire'], 'rule', this.ruleIds, true);
    expectation.checklist = this.checkIds(raw['checklist'], [...path, 'checklist'], 'checklist item', this.checklistIds, false);
    const both = expectation.fires.filter((id) => expectation.does_not_fire.includes(id));
    for (const id of both) {
      const index = (raw['does_not_fire'] as unknown[]).indexOf(id);
      this.report([...path, 'does_not_fire', index], `"${id}" is listed under both fires and does_not_fire`, {
        value: true,
        hint: 'keep it in one of the two lists',
      });
    }
    return expectation;
  }

  private checkWord<T extends string>(value: unknown, path: YamlPath, allowed: readonly T[], what: string): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const nearest = typeof value === 'string' ? suggestNearest(value, allowed) : undefined;
    this.report(path, `${describeValue(value)} is not a ${what}; allowed: ${allowed.join(', ')}`, {
      value: true,
      hint: nearest === undefined ? undefined : `did you mean "${nearest}"?`,
    });
    return undefined;
  }

  private checkMechanism(value: unknown, path: YamlPath, style: Style | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !DECIDED_MECHANISMS.includes(value)) {
      const text = typeof value === 'string' ? value : '';
      const missingReply = text.endsWith('request-reply') && DECIDED_MECHANISMS.includes(`${text}:polling`);
      const nearest = suggestNearest(text, DECIDED_MECHANISMS);
      this.report(path, `${describeValue(value)} is not a mechanism a decision can have; allowed: ${DECIDED_MECHANISMS.join(', ')}`, {
        value: true,
        hint: missingReply
          ? `a decided request-reply always names how the reply travels: ${REPLIES.map((reply) => `${text}:${reply}`).join(', ')}`
          : nearest === undefined
            ? undefined
            : `did you mean "${nearest}"?`,
      });
      return undefined;
    }
    if (style !== undefined && !MECHANISMS_OF_STYLE[style].includes(value)) {
      this.report(path, `${value} is not ${style === 'async' ? 'an' : 'a'} ${style} mechanism, so the case can never pass`, {
        value: true,
        hint: `${style} mechanisms: ${MECHANISMS_OF_STYLE[style].join(', ')}`,
      });
      return undefined;
    }
    return value;
  }

  /** A list of ids, each of which the loaded packs define (or, where allowed, switched off). */
  private checkIds(value: unknown, path: YamlPath, kind: 'rule' | 'checklist item', known: readonly string[], allowDisabled: boolean): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.report(path, `expected a list of ${kind} ids, found ${describeValue(value)}`, {
        value: true,
        // The value itself makes the example, unless it is too long to read as one.
        hint: typeof value === 'string' ? `write it as a list: [${value.length <= 60 ? value : 'id, ...'}]` : undefined,
      });
      return [];
    }
    const ids: string[] = [];
    value.forEach((id: unknown, index) => {
      const at = [...path, index];
      if (typeof id !== 'string') {
        this.report(at, `expected a ${kind} id, found ${describeValue(id)}`, { value: true });
        return;
      }
      if (ids.includes(id)) {
        this.report(at, `"${id}" is listed twice`, { value: true, hint: 'remove the repeated entry' });
        return;
      }
      if (known.includes(id)) {
        ids.push(id);
        return;
      }
      const off = this.disabled.get(id);
      if (off !== undefined && allowDisabled) {
        ids.push(id);
        return;
      }
      if (off !== undefined) {
        this.report(at, `${kind} "${id}" is switched off by pack ${off.pack} (${formatLocation({ ...off.location, file: this.display(off.location.file) })}), so it can never ${kind === 'rule' ? 'fire' : 'be required'}`, {
          value: true,
          hint: kind === 'rule' ? 'list it under does_not_fire, or remove it' : 'remove it from the list',
        });
        return;
      }
      this.report(at, `unknown ${kind} "${id}"`, {
        value: true,
        hint: hintNearest(id, known, `${kind} ids of the loaded packs`),
      });
    });
    return ids;
  }

  private report(path: YamlPath, message: string, options: { hint?: string | undefined; value?: boolean } = {}): void {
    this.problems.report(this.source, path, message, options);
  }
}

/** Why a number cannot stand, or undefined when it can; the same limits as in an answers file. */
function checkNumber(name: NumberName, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be a number, found ${describeValue(value)}`;
  if (name === 'retries') return Number.isInteger(value) && value >= 0 ? undefined : `retries must be a whole number of at least 0, found ${value}`;
  if (name === 'availability') return value > 0 && value <= 1 ? undefined : `availability is a fraction above 0 and at most 1 (e.g. 0.999), found ${value}`;
  return value > 0 ? undefined : `${name} must be greater than 0, found ${value}`;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

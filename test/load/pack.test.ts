import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/paths.js';
import { buildPack, loadPacks } from '../../src/load/pack.js';
import type { PackSourceFile } from '../../src/load/pack.js';
import { InputError } from '../../src/model/errors.js';
import type { Problem } from '../../src/model/errors.js';
import { DEFAULT_SETTINGS } from '../../src/model/pack.js';

const fixtures = fileURLToPath(new URL('../fixtures/packs/', import.meta.url));
const BASE = join(fixtures, 'base');
const TEAM = join(fixtures, 'team');

/** The base fixture pack as source files, in reading order, named base/<file>. */
const baseFiles: PackSourceFile[] = ['checklist.yaml', 'pack.yaml', 'questions.yaml', 'rules.yaml', 'system.yml'].map((name) => ({
  dir: 'base',
  file: `base/${name}`,
  text: readFileSync(join(BASE, name), 'utf8'),
}));

/** A second pack folder "extra" holding one file extra/extra.yaml. */
function extra(text: string, name = 'extra.yaml'): PackSourceFile {
  return { dir: 'extra', file: `extra/${name}`, text };
}

function problemsOf(...files: PackSourceFile[]): Problem[] {
  try {
    buildPack([baseFiles, files]);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected the pack to be refused');
}

/** One problem, as `line:col path: message (hint)`, for compact expectations. */
function show(problem: Problem | undefined): string {
  if (!problem) return '(none)';
  const where = problem.location ? `${problem.location.file}:${problem.location.line}:${problem.location.column}` : '-';
  return `${where} ${problem.path ?? ''}: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`;
}

function rule(...lines: string[]): string {
  return ['rules:', '  - id: extra-rule', '    title: An extra rule', ...lines, ''].join('\n');
}

describe('loading the fixture packs', () => {
  it('reads every *.yaml and *.yml file of the folder, ignoring rule tests and sub-folders', async () => {
    const pack = await loadPacks([], { builtinDir: BASE });
    expect(pack.packs).toEqual([{ name: 'base', description: 'Questions and rules used by the loader tests.', dir: BASE }]);
    expect(pack.questions.map((question) => question.id)).toEqual(['intent', 'needs_answer_now', 'fits_latency_budget', 'when_down']);
    expect(pack.rules.map((entry) => [entry.id, entry.phase, entry.weight])).toEqual([
      ['fact-as-event', 'style', 'strong'],
      ['query-now', 'style', 'normal'],
      ['slow-retries', 'style', 'normal'],
      ['async-needs-idempotency', 'obligation', 'normal'],
    ]);
    expect(pack.checklist.map((item) => item.id)).toEqual(['timeout-budget', 'idempotent-consumer', 'reply-expiry']);
    expect(pack.systemRules.map((entry) => [entry.id, entry.severity])).toEqual([
      ['sync-cycle', 'error'],
      ['retry-amplification', 'warning'],
    ]);
    expect(pack.settings).toEqual(DEFAULT_SETTINGS);
    expect(pack.disabled).toEqual([]);
  });

  it('keeps questions, rules and items as typed data with locations', async () => {
    const pack = await loadPacks([], { builtinDir: BASE });
    const [intent, needsAnswer, fits] = pack.questions;
    expect(intent).toMatchObject({
      type: 'choice',
      answers: ['query', 'command', 'fact'],
      answer_help: { query: 'Asks for information.' },
      pack: 'base',
      location: { file: join(BASE, 'questions.yaml'), line: 2, column: 5 },
    });
    expect(needsAnswer).toMatchObject({ type: 'yes_no', answers: ['yes', 'no'], ask_when: { not: { answer: 'intent', eq: 'fact' } } });
    expect(fits?.derive).toBe('latency');
    const queryNow = pack.rules[1];
    // `eq: true` on a yes/no question is read as yes.
    expect(queryNow?.when).toEqual({ all: [{ answer: 'intent', eq: 'query' }, { answer: 'needs_answer_now', eq: 'yes' }] });
    expect(queryNow?.recommend).toEqual({ style: 'sync', mechanism: 'call' });
    expect(queryNow?.checklist).toEqual(['timeout-budget']);
    expect(pack.rules[2]?.finding).toEqual({ severity: 'warning', message: '{{id}} retries a slow call.' });
    expect(pack.rules[2]?.reason).toBe('');
    expect(pack.checklist[0]?.needed_by).toEqual({ styles: ['sync'], mechanisms: [] });
    expect(pack.checklist[1]?.needed_by).toEqual({ styles: [], mechanisms: [] });
    expect(pack.checklist[2]?.when).toEqual({ outcome: 'reply', exists: true });
  });

  it('applies a later pack: disable, system rule override, settings override, added questions', async () => {
    const pack = await loadPacks([TEAM], { builtinDir: BASE });
    expect(pack.packs.map((info) => info.name)).toEqual(['base', 'payments-team']);
    expect(pack.questions.map((question) => question.id)).toEqual(['intent', 'needs_answer_now', 'fits_latency_budget', 'when_down', 'data_class']);
    expect(pack.rules.map((entry) => entry.id)).toEqual(['fact-as-event', 'query-now', 'async-needs-idempotency', 'personal-data-event']);
    expect(pack.rules[3]).toMatchObject({ phase: 'obligation', pack: 'payments-team' });
    expect(pack.checklist.map((item) => item.id)).toEqual(['timeout-budget', 'idempotent-consumer']);
    expect(pack.disabled).toEqual([
      { id: 'slow-retries', pack: 'payments-team', location: { file: join(TEAM, 'team.yaml'), line: 4, column: 13 } },
      { id: 'reply-expiry', pack: 'payments-team', location: { file: join(TEAM, 'team.yaml'), line: 4, column: 27 } },
    ]);
    expect(pack.systemRules.find((entry) => entry.id === 'retry-amplification')).toEqual({
      id: 'retry-amplification',
      title: 'Retries multiply',
      severity: 'error',
      advice: 'Retry at one layer only.',
      pack: 'payments-team',
      location: { file: join(TEAM, 'team.yaml'), line: 22, column: 5 },
    });
    expect(pack.settings).toEqual({ retry_amplification_threshold: 10, fan_out_threshold: 5 });
  });

  it('drops a switched-off checklist item from the rules that list it', () => {
    const pack = buildPack([baseFiles, [extra('pack:\n  disable: [timeout-budget]\n')]]);
    expect(pack.rules.find((entry) => entry.id === 'query-now')?.checklist).toEqual([]);
    expect(pack.packs[1]?.name).toBe('extra');
  });

  it('switches off a system rule, and a later pack may set it up again in full', () => {
    const off = buildPack([baseFiles, [extra('pack:\n  disable: [sync-cycle]\n')]]);
    expect(off.systemRules.map((entry) => entry.id)).toEqual(['retry-amplification']);
    const again = buildPack([
      baseFiles,
      [extra('pack:\n  disable: [sync-cycle]\n')],
      [{ dir: 'third', file: 'third/x.yaml', text: 'system_rules:\n  - { id: sync-cycle, title: T, severity: warning, advice: A. }\n' }],
    ]);
    expect(again.systemRules.find((entry) => entry.id === 'sync-cycle')).toMatchObject({ severity: 'warning', pack: 'third' });
  });

  const builtin = packagePath('rules');
  const builtinPresent = existsSync(builtin) && readdirSync(builtin).some((name) => /\.ya?ml$/.test(name));
  it.skipIf(!builtinPresent)('loads the built-in pack without error', async () => {
    const pack = await loadPacks([]);
    expect(pack.packs).toHaveLength(1);
    expect(pack.questions.length).toBeGreaterThanOrEqual(15);
    expect(pack.rules.length).toBeGreaterThan(0);
    expect(pack.checklist.length).toBeGreaterThan(0);
  });
});

describe('condition checks', () => {
  it.each([
    [
      'a leaf naming an unknown question',
      rule('    when: { answer: intnet, eq: fact }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:21 rules[0].when.answer: unknown question "intnet" (did you mean "intent"?)',
    ],
    [
      'an answer the question does not allow',
      rule('    when: { answer: when_down, eq: fail_close }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:36 rules[0].when.eq: "fail_close" is not an answer to when_down; allowed: fail_closed, fail_fast, degrade, defer (did you mean "fail_closed"?)',
    ],
    [
      'eq: unknown',
      rule('    when: { answer: intent, eq: unknown }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:33 rules[0].when.eq: "unknown" cannot be compared: an unknown answer leaves the leaf unknown (use exists: false to match an answer that is missing or unknown)',
    ],
    [
      'nin: [unknown]',
      rule('    when: { answer: intent, nin: [fact, unknown] }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:41 rules[0].when.nin[1]: "unknown" cannot be compared: an unknown answer leaves the leaf unknown (use exists: true to match an answer that is missing or unknown)',
    ],
    [
      'two operators on one leaf',
      rule('    when: { answer: intent, eq: fact, ne: query }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:39 rules[0].when.ne: a leaf takes exactly one operator; found eq and ne (combine two leaves with all: or any:)',
    ],
    [
      'two subjects on one leaf',
      rule('    when: { answer: intent, number: retries, eq: fact }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:29 rules[0].when.number: a leaf reads one thing; found answer and number (combine two leaves with all: or any:)',
    ],
    [
      'a leaf without an operator',
      rule('    when: { all: [ { answer: intent } ] }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:20 rules[0].when.all[0]: a leaf needs one operator (add one of eq, ne, in, nin, lt, lte, gt, gte, exists)',
    ],
    [
      'all mixed with a leaf',
      rule('    when: { all: [ { answer: intent, eq: fact } ], answer: intent }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:52 rules[0].when.answer: a condition is one of all, any, not or a single leaf; found all and answer (put the parts in a list under all: or any:)',
    ],
    [
      'lt on an answer',
      rule('    when: { answer: intent, lt: 3 }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:29 rules[0].when.lt: lt compares numbers; an answer takes eq, ne, in, nin or exists',
    ],
    [
      'in on a number',
      rule('    when: { number: retries, in: [1, 2] }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:30 rules[0].when.in: in does not apply to numbers (use lt, lte, gt, gte, eq, ne or exists)',
    ],
    [
      'a number compared with text',
      rule('    when: { number: retries, eq: many }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:34 rules[0].when.eq: retries is a number; compare it with a number, found "many"',
    ],
    [
      'a misspelt number name (schema)',
      rule('    when: { number: retires, gt: 0 }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:21 rules[0].when.number: "retires" is not allowed here; allowed: latency_budget_ms, latency_p99_ms, availability, timeout_ms, retries (did you mean "retries"?)',
    ],
    [
      'an outcome value that does not exist',
      rule('    when: { outcome: style, eq: asynch }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:33 rules[0].when.eq: "asynch" is not a style; allowed: sync, async, hybrid (did you mean "async"?)',
    ],
    [
      'a mechanism outcome with a reply',
      rule('    when: { outcome: mechanism, eq: "request-reply:polling" }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:37 rules[0].when.eq: "request-reply:polling" is not a mechanism; allowed: call, event, queue, request-reply, call+event, call+queue, call+request-reply; compare the reply with outcome: reply',
    ],
    [
      'an outcome leaf in a rule that also recommends',
      rule('    when: { outcome: style, eq: async }', '    recommend: { style: async, mechanism: queue }', '    reason: r'),
      'extra/extra.yaml:5:5 rules[0].recommend: a rule that reads the outcome cannot recommend (it runs after the style is chosen; split it into a rule that recommends and one that adds checklist items or a finding)',
    ],
    [
      'ask_when reading the outcome',
      'questions:\n  - id: extra_q\n    prompt: p\n    help: h\n    type: yes_no\n    ask_when: { outcome: style, eq: sync }\n',
      'extra/extra.yaml:6:17 questions[0].ask_when.outcome: ask_when cannot read the outcome (questions are asked before anything is decided; read answers or numbers)',
    ],
  ])('refuses %s', (_name, text, expected) => {
    const problems = problemsOf(extra(text));
    expect(problems.map(show)).toEqual([expected]);
  });

  it('accepts the questions of later packs and true/false on yes/no questions', () => {
    const pack = buildPack([
      baseFiles,
      [extra(rule('    when: { any: [ { answer: later_q, eq: false }, { answer: needs_answer_now, in: [true] } ] }', '    checklist: [timeout-budget]'))],
      [{ dir: 'later', file: 'later/q.yaml', text: 'questions:\n  - { id: later_q, prompt: p, help: h, type: yes_no }\n' }],
    ]);
    expect(pack.rules.find((entry) => entry.id === 'extra-rule')?.when).toEqual({
      any: [
        { answer: 'later_q', eq: 'no' },
        { answer: 'needs_answer_now', in: ['yes'] },
      ],
    });
  });
});

describe('rule, question and pack checks', () => {
  it.each([
    [
      'a mechanism that does not fit the style',
      rule('    when: { answer: intent, eq: command }', '    recommend: { style: sync, mechanism: queue }', '    reason: r'),
      'extra/extra.yaml:5:42 rules[0].recommend.mechanism: mechanism "queue" does not fit style sync; sync allows call ("queue" belongs to style async)',
    ],
    [
      'a mechanism without a style',
      rule('    when: { answer: intent, eq: command }', '    recommend: { mechanism: queue }', '    reason: r'),
      'extra/extra.yaml:5:18 rules[0].recommend.mechanism: a mechanism needs a style (add the style it belongs to, e.g. style: async)',
    ],
    [
      'a reply on a mechanism without request-reply',
      rule('    when: { answer: intent, eq: command }', '    recommend: { style: async, mechanism: event, reply: callback }', '    reason: r'),
      'extra/extra.yaml:5:50 rules[0].recommend.reply: a reply channel applies only to request-reply (use mechanism request-reply (async) or call+request-reply (hybrid), or remove reply)',
    ],
    [
      'a recommendation without a reason',
      rule('    when: { answer: intent, eq: command }', '    recommend: { style: async }'),
      'extra/extra.yaml:2:5 rules[0]: rule "extra-rule" recommends but gives no reason (add reason: the sentence the ADR shows when the rule fires)',
    ],
    [
      'a rule that does nothing',
      rule('    when: { answer: intent, eq: command }'),
      'extra/extra.yaml:2:5 rules[0]: rule "extra-rule" does nothing when it fires (give it recommend, checklist or finding)',
    ],
    [
      'a checklist id no pack defines',
      rule('    when: { answer: intent, eq: command }', '    checklist: [timeout-budgets]'),
      'extra/extra.yaml:5:17 rules[0].checklist[0]: no checklist item has the id "timeout-budgets" (did you mean "timeout-budget"?)',
    ],
    [
      'a misspelt key in a rule (schema)',
      rule('    when: { answer: intent, eq: command }', '    checklist: [timeout-budget]', '    wieght: strong'),
      'extra/extra.yaml:6:5 rules[0].wieght: unknown key "wieght" (did you mean "weight"?)',
    ],
    [
      'a misspelt top-level key (schema)',
      'rule:\n  - id: x\n',
      'extra/extra.yaml:1:1 rule: unknown key "rule" (did you mean "rules"?)',
    ],
    [
      'a choice question without answers',
      'questions:\n  - { id: extra_q, prompt: p, help: h, type: choice }\n',
      'extra/extra.yaml:2:5 questions[0]: choice question "extra_q" needs answers (list the allowed answers, e.g. answers: [steady, spiky])',
    ],
    [
      'unknown listed as an answer',
      'questions:\n  - { id: extra_q, prompt: p, help: h, type: choice, answers: [a, unknown] }\n',
      'extra/extra.yaml:2:67 questions[0].answers[1]: "unknown" is accepted by every question and cannot be listed (remove it from answers)',
    ],
    [
      'answer help for an answer the question lacks',
      'questions:\n  - id: extra_q\n    prompt: p\n    help: h\n    type: choice\n    answers: [fast, slow]\n    answer_help: { fats: quick }\n',
      'extra/extra.yaml:7:20 questions[0].answer_help.fats: "fats" is not an answer of this question (did you mean "fast"?)',
    ],
    [
      'derive on a choice question',
      'questions:\n  - { id: extra_q, prompt: p, help: h, type: choice, answers: [a, b], derive: latency }\n',
      'extra/extra.yaml:2:79 questions[0].derive: derive: latency gives yes or no, so the question must be type: yes_no',
    ],
    [
      'a new system rule without advice',
      'system_rules:\n  - { id: sync-fan-out, title: Fan-out, severity: warning }\n',
      'extra/extra.yaml:2:5 system_rules[0]: system rule "sync-fan-out" is not set up by an earlier pack, so it needs advice (give title, severity and advice where a system rule is first listed)',
    ],
    [
      'settings out of range (schema)',
      'pack:\n  settings: { fan_out_threshold: 1 }\n',
      'extra/extra.yaml:2:34 pack.settings.fan_out_threshold: must be at least 2, found 1',
    ],
    [
      'the disable of an unknown id',
      'pack:\n  disable: [slow-retry]\n',
      'extra/extra.yaml:2:13 pack.disable[0]: no earlier pack has a rule, checklist item or system rule "slow-retry" (did you mean "slow-retries"?)',
    ],
    [
      'the disable of a question',
      'pack:\n  disable: [intent]\n',
      'extra/extra.yaml:2:13 pack.disable[0]: no earlier pack has a rule, checklist item or system rule "intent" (questions cannot be switched off; disable the rules that read them)',
    ],
    [
      'the disable of an id of the same pack',
      `pack:\n  disable: [extra-rule]\n${rule('    when: { answer: intent, eq: command }', '    checklist: [timeout-budget]')}`,
      'extra/extra.yaml:2:13 pack.disable[0]: no earlier pack has a rule, checklist item or system rule "extra-rule" ("extra-rule" is defined in this pack (extra/extra.yaml:4:5); remove it there instead)',
    ],
  ])('refuses %s', (_name, text, expected) => {
    expect(problemsOf(extra(text)).map(show)).toEqual([expected]);
  });

  it('names both places of an id defined in two packs', () => {
    const problems = problemsOf(extra('rules:\n  - id: fact-as-event\n    title: Mine\n    when: { answer: intent, eq: fact }\n    checklist: [timeout-budget]\n'));
    expect(problems.map(show)).toEqual([
      'extra/extra.yaml:2:9 rules[0].id: duplicate rule id "fact-as-event", also defined at base/rules.yaml:2:9 (to replace it, list "fact-as-event" under pack.disable and add yours under a new id)',
    ]);
  });

  it('names both places of a question and checklist id repeated across and within packs', () => {
    const problems = problemsOf(
      extra(
        [
          'questions:',
          '  - { id: intent, prompt: p, help: h, type: yes_no }',
          'checklist:',
          '  - { id: mine, title: t, why: w, verify: v }',
          '  - { id: mine, title: t, why: w, verify: v }',
          '',
        ].join('\n'),
      ),
    );
    expect(problems.map(show)).toEqual([
      'extra/extra.yaml:2:11 questions[0].id: duplicate question id "intent", also defined at base/questions.yaml:2:9 (question ids must be unique across packs; choose another id)',
      'extra/extra.yaml:5:11 checklist[1].id: duplicate checklist item id "mine", also defined at extra/extra.yaml:4:11 (ids must be unique; choose another id)',
    ]);
  });

  it('refuses a second pack block in one folder and a second listing of a system rule', () => {
    const problems = problemsOf(
      extra('pack:\n  name: extra\n'),
      extra('pack:\n  description: again\nsystem_rules:\n  - { id: sync-cycle, severity: info }\n  - { id: sync-cycle, severity: warning }\n', 'more.yaml'),
    );
    expect(problems.map(show)).toEqual([
      'extra/more.yaml:1:1 pack: a pack folder has one `pack` block (the first is at extra/extra.yaml:1:1; merge the two)',
      'extra/more.yaml:5:11 system_rules[1].id: system rule "sync-cycle" is listed twice in this pack (first at extra/more.yaml:4:11; merge the two)',
    ]);
  });

  it('refuses two packs with the same name', () => {
    const problems = problemsOf(extra('pack:\n  name: base\n'));
    expect(problems.map(show)).toEqual([
      'extra/extra.yaml:2:9 pack.name: two rule packs are named "base" (base and extra) (give each pack its own name with pack: { name: ... })',
    ]);
  });

  it('collects the problems of every file of every pack, file by file', () => {
    const problems = problemsOf(
      extra(rule('    when: { answer: intnet, eq: fact }', '    checklist: [timeout-budget]')),
      extra('checklist:\n  - { id: x, title: t, why: w, verify: v, when: { answer: when_down, eq: degraded } }\nquestions: [ oops\n', 'broken.yaml'),
      extra('pack: { disable: [nothing-here] }\n', 'pack.yaml'),
    );
    expect(problems.map((problem) => `${problem.location?.file}:${problem.location?.line}`)).toEqual([
      'extra/extra.yaml:4',
      'extra/broken.yaml:4',
      'extra/pack.yaml:1',
    ]);
  });

  it('reports a YAML syntax error in a pack file with its position', () => {
    const [problem] = problemsOf(extra('rules:\n  - id: a\n   title: b\n'));
    expect(problem?.location).toMatchObject({ file: 'extra/extra.yaml', line: 3 });
  });

  it('treats an empty file as adding nothing', () => {
    const pack = buildPack([baseFiles, [extra('# nothing yet\n')]]);
    expect(pack.rules).toHaveLength(4);
  });
});

describe('loadPacks errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'packs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loadError(dirs: string[]): Promise<InputError> {
    const error: unknown = await loadPacks(dirs, { builtinDir: BASE }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }

  it('names a missing folder, a file given as folder and a folder without YAML files', async () => {
    const file = join(dir, 'file.yaml');
    await writeFile(file, 'rules: []\n');
    const empty = join(dir, 'empty');
    await mkdir(join(empty, 'nested.yaml'), { recursive: true });
    await writeFile(join(empty, 'only.test.yaml'), 'cases: []\n');
    const error = await loadError([join(dir, 'missing'), file, empty]);
    expect(error.problems.map((problem) => problem.message)).toEqual([
      `cannot find rule pack folder ${join(dir, 'missing')}`,
      `${file} is a file, not a rule pack folder`,
      `rule pack folder ${empty} holds no .yaml files`,
    ]);
  });

  it('points problems at the pack file on disk', async () => {
    const team = join(dir, 'team');
    await mkdir(team, { recursive: true });
    await writeFile(join(team, 'b.yml'), 'rules:\n  - { id: r, title: t, when: { answer: intnet, eq: fact }, checklist: [timeout-budget] }\n');
    await writeFile(join(team, 'a.yaml'), 'pack: { name: team }\n');
    const error = await loadError([team]);
    expect(error.message).toBe('invalid rule pack (1 problem)');
    expect(error.problems.map(show)).toEqual([
      `${join(team, 'b.yml')}:2:40 rules[0].when.answer: unknown question "intnet" (did you mean "intent"?)`,
    ]);
  });

  it('refuses a pack file over the size limit', async () => {
    const big = join(dir, 'big');
    await mkdir(big, { recursive: true });
    await writeFile(join(big, 'x.yaml'), `# ${'x'.repeat(2048)}\n`);
    const error: unknown = await loadPacks([big], { builtinDir: BASE, maxBytes: 1024 }).catch((caught: unknown) => caught);
    expect((error as InputError).problems[0]?.message).toMatch(/^rule pack file .*x\.yaml is 2\.0 KB, over the 1 KB limit$/);
  });
});

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
    expect(pack.questions.map((question) => question.id)).toEqual([
      'intent',
      'caller_needs',
      'fits_latency_budget',
      'when_down',
      'caller_kind',
      'caller_reachable',
      'trust_boundary',
    ]);
    expect(pack.rules.map((entry) => [entry.id, entry.phase, entry.weight])).toEqual([
      ['fact-as-event', 'style', 'strong'],
      ['query-now', 'style', 'normal'],
      ['slow-retries', 'style', 'normal'],
      ['async-needs-idempotency', 'obligation', 'normal'],
      ['acknowledged-request', 'style', 'normal'],
    ]);
    expect(pack.checklist.map((item) => item.id)).toEqual(['timeout-budget', 'idempotent-consumer', 'reply-expiry', 'signed-deliveries']);
    expect(pack.systemRules.map((entry) => [entry.id, entry.severity])).toEqual([
      ['sync-cycle', 'error'],
      ['retry-amplification', 'warning'],
    ]);
    expect(pack.settings).toEqual(DEFAULT_SETTINGS);
    expect(pack.disabled).toEqual([]);
  });

  it('keeps questions, rules and items as typed data with locations', async () => {
    const pack = await loadPacks([], { builtinDir: BASE });
    const [intent, callerNeeds, fits, , callerKind, callerReachable, trustBoundary] = pack.questions;
    expect(intent).toMatchObject({
      type: 'choice',
      answers: ['query', 'command', 'fact'],
      answer_help: { query: 'Asks for information.' },
      pack: 'base',
      location: { file: join(BASE, 'questions.yaml'), line: 2, column: 5 },
    });
    expect(callerNeeds).toMatchObject({
      type: 'choice',
      answers: ['result', 'acknowledgement', 'nothing'],
      ask_when: { not: { answer: 'intent', eq: 'fact' } },
    });
    expect(callerNeeds?.derive).toBeUndefined();
    expect([fits, callerKind, callerReachable, trustBoundary].map((question) => [question?.id, question?.type, question?.derive])).toEqual([
      ['fits_latency_budget', 'yes_no', 'latency'],
      ['caller_kind', 'choice', 'caller.kind'],
      ['caller_reachable', 'yes_no', 'caller.reachable'],
      ['trust_boundary', 'choice', 'boundary'],
    ]);
    const [factAsEvent, queryNow, , , acknowledged] = pack.rules;
    // `eq: true` on a yes/no question is read as yes.
    expect(queryNow?.when).toEqual({
      all: [
        { answer: 'intent', eq: 'query' },
        { answer: 'caller_needs', eq: 'result' },
        { answer: 'fits_latency_budget', eq: 'yes' },
      ],
    });
    expect(factAsEvent?.recommend).toEqual({ sync: 'no', async: 'yes', mechanism: 'event' });
    expect(queryNow?.recommend).toEqual({ sync: 'yes', async: 'no' });
    expect(acknowledged?.recommend).toEqual({ async: 'yes', mechanism: 'request-reply', reply: 'polling' });
    expect(queryNow?.checklist).toEqual(['timeout-budget']);
    expect(pack.rules[2]?.finding).toEqual({ severity: 'warning', message: '{{id}} retries a slow call.' });
    expect(pack.rules[2]?.reason).toBe('');
    expect(pack.checklist[0]?.needed_by).toEqual({ styles: ['sync'], mechanisms: [] });
    expect(pack.checklist[1]?.needed_by).toEqual({ styles: [], mechanisms: [] });
    expect(pack.checklist[2]?.when).toEqual({ outcome: 'reply', exists: true });
    expect(pack.checklist[3]?.needed_by).toEqual({ styles: [], mechanisms: ['webhook'] });
  });

  it('applies a later pack: disable, system rule override, settings override, added questions', async () => {
    const pack = await loadPacks([TEAM], { builtinDir: BASE });
    expect(pack.packs.map((info) => info.name)).toEqual(['base', 'payments-team']);
    expect(pack.questions.map((question) => question.id).slice(-2)).toEqual(['trust_boundary', 'data_class']);
    expect(pack.rules.map((entry) => entry.id)).toEqual(['fact-as-event', 'query-now', 'async-needs-idempotency', 'acknowledged-request', 'personal-data-event']);
    expect(pack.rules[4]).toMatchObject({ phase: 'obligation', pack: 'payments-team' });
    // Outcome leaves compare every decided mechanism without its reply, webhooks included.
    expect(pack.rules[4]?.when).toEqual({
      all: [
        { answer: 'data_class', eq: 'personal' },
        { outcome: 'mechanism', in: ['event', 'call+event', 'webhook', 'call+webhook'] },
      ],
    });
    expect(pack.checklist.map((item) => item.id)).toEqual(['timeout-budget', 'idempotent-consumer', 'signed-deliveries']);
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
    // Version 2: caller_needs replaced needs_answer_now, and the parties' questions are read from services.
    const ids = pack.questions.map((question) => question.id);
    expect(ids).toContain('caller_needs');
    expect(ids).not.toContain('needs_answer_now');
    expect(Object.fromEntries(pack.questions.filter((question) => question.derive !== undefined).map((question) => [question.id, question.derive]))).toEqual({
      caller_kind: 'caller.kind',
      callee_kind: 'callee.kind',
      fits_latency_budget: 'latency',
      caller_reachable: 'caller.reachable',
      trust_boundary: 'boundary',
    });
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
      'extra/extra.yaml:4:37 rules[0].when.eq: "request-reply:polling" is not a mechanism; allowed: call, event, queue, request-reply, webhook, call+event, call+queue, call+request-reply, call+webhook; compare the reply with outcome: reply',
    ],
    [
      'a mechanism outcome that no decision has',
      rule('    when: { outcome: mechanism, in: [webhook, call+call] }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:47 rules[0].when.in[1]: "call+call" is not a mechanism; allowed: call, event, queue, request-reply, webhook, call+event, call+queue, call+request-reply, call+webhook',
    ],
    [
      'needs_answer_now, which version 2 replaced, in a rule',
      rule('    when: { answer: needs_answer_now, eq: yes }', '    checklist: [timeout-budget]'),
      'extra/extra.yaml:4:21 rules[0].when.answer: unknown question "needs_answer_now" (version 2 asks caller_needs instead: yes becomes result; no becomes acknowledgement (the caller needs an id or status to follow) or nothing)',
    ],
    [
      'needs_answer_now, which version 2 replaced, in an ask_when',
      'questions:\n  - id: extra_q\n    prompt: p\n    help: h\n    type: yes_no\n    ask_when: { not: { answer: needs_answer_now, eq: no } }\n',
      'extra/extra.yaml:6:32 questions[0].ask_when.not.answer: unknown question "needs_answer_now" (version 2 asks caller_needs instead: yes becomes result; no becomes acknowledgement (the caller needs an id or status to follow) or nothing)',
    ],
    [
      'needs_answer_now, which version 2 replaced, in a checklist item',
      'checklist:\n  - id: x\n    title: t\n    why: w\n    verify: v\n    when: { any: [ { answer: intent, eq: query }, { answer: needs_answer_now, exists: true } ] }\n',
      'extra/extra.yaml:6:61 checklist[0].when.any[1].answer: unknown question "needs_answer_now" (version 2 asks caller_needs instead: yes becomes result; no becomes acknowledgement (the caller needs an id or status to follow) or nothing)',
    ],
    [
      'an outcome leaf in a rule that also recommends',
      rule('    when: { outcome: style, eq: async }', '    recommend: { async: yes, mechanism: queue }', '    reason: r'),
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
      [extra(rule('    when: { any: [ { answer: later_q, eq: false }, { answer: fits_latency_budget, in: [true] } ] }', '    checklist: [timeout-budget]'))],
      [{ dir: 'later', file: 'later/q.yaml', text: 'questions:\n  - { id: later_q, prompt: p, help: h, type: yes_no }\n' }],
    ]);
    expect(pack.rules.find((entry) => entry.id === 'extra-rule')?.when).toEqual({
      any: [
        { answer: 'later_q', eq: 'no' },
        { answer: 'fits_latency_budget', in: ['yes'] },
      ],
    });
  });
});

describe('rule, question and pack checks', () => {
  it.each([
    [
      'a vote against the asynchronous part that says how it travels',
      rule('    when: { answer: intent, eq: command }', '    recommend: { async: no, mechanism: event }', '    reason: r'),
      'extra/extra.yaml:5:18 rules[0].recommend.async: a vote against the asynchronous part cannot also say how it travels (remove mechanism and reply, or vote async: yes)',
    ],
    [
      'a vote against the asynchronous part that names a reply',
      rule('    when: { answer: intent, eq: command }', '    recommend: { async: false, reply: polling }', '    reason: r'),
      'extra/extra.yaml:5:18 rules[0].recommend.async: a vote against the asynchronous part cannot also say how it travels (remove mechanism and reply, or vote async: yes)',
    ],
    [
      'a reply on an event',
      rule('    when: { answer: intent, eq: command }', '    recommend: { async: yes, mechanism: event, reply: callback }', '    reason: r'),
      'extra/extra.yaml:5:48 rules[0].recommend.reply: a reply channel applies only to request-reply (use mechanism: request-reply, or remove reply)',
    ],
    [
      'a reply on a webhook',
      rule('    when: { answer: intent, eq: command }', '    recommend: { mechanism: webhook, reply: stream }', '    reason: r'),
      'extra/extra.yaml:5:38 rules[0].recommend.reply: a reply channel applies only to request-reply (use mechanism: request-reply, or remove reply)',
    ],
    [
      'an empty vote (schema)',
      rule('    when: { answer: intent, eq: command }', '    recommend: {}', '    reason: r'),
      'extra/extra.yaml:5:16 rules[0].recommend: must not be empty',
    ],
    [
      'a misspelt part (schema)',
      rule('    when: { answer: intent, eq: command }', '    recommend: { asnyc: yes }', '    reason: r'),
      'extra/extra.yaml:5:18 rules[0].recommend.asnyc: unknown key "asnyc" (did you mean "async"?)',
    ],
    [
      'a part vote that is not yes or no (schema)',
      rule('    when: { answer: intent, eq: command }', '    recommend: { sync: maybe }', '    reason: r'),
      'extra/extra.yaml:5:24 rules[0].recommend.sync: "maybe" is not allowed here; allowed: yes, no, true, false',
    ],
    [
      'a misspelt mechanism (schema)',
      rule('    when: { answer: intent, eq: command }', '    recommend: { mechanism: evnt }', '    reason: r'),
      'extra/extra.yaml:5:29 rules[0].recommend.mechanism: "evnt" is not allowed here; allowed: event, queue, request-reply, webhook (did you mean "event"?)',
    ],
    [
      'a recommendation without a reason',
      rule('    when: { answer: intent, eq: command }', '    recommend: { async: yes }'),
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
      'derive: latency on a choice question',
      'questions:\n  - { id: extra_q, prompt: p, help: h, type: choice, answers: [a, b], derive: latency }\n',
      'extra/extra.yaml:2:79 questions[0].derive: derive: latency gives yes or no, so the question must be type: yes_no',
    ],
    [
      'derive: caller.reachable on a choice question',
      'questions:\n  - { id: extra_q, prompt: p, help: h, type: choice, answers: [yes, no], derive: caller.reachable }\n',
      'extra/extra.yaml:2:82 questions[0].derive: derive: caller.reachable gives yes or no, so the question must be type: yes_no',
    ],
    [
      'derive: caller.kind on a yes_no question',
      'questions:\n  - { id: extra_q, prompt: p, help: h, type: yes_no, derive: caller.kind }\n',
      'extra/extra.yaml:2:62 questions[0].derive: derive: caller.kind gives one of client, edge, service, partner, read_model, so the question must be a choice with exactly these answers',
    ],
    [
      'derive: callee.kind on a choice question with other answers',
      'questions:\n  - { id: extra_q, prompt: p, help: h, type: choice, answers: [client, service], derive: callee.kind }\n',
      'extra/extra.yaml:2:90 questions[0].derive: derive: callee.kind gives one of client, edge, service, partner, read_model, so the question must be a choice with exactly these answers',
    ],
    [
      'derive: boundary on a choice question missing an answer',
      'questions:\n  - { id: extra_q, prompt: p, help: h, type: choice, answers: [internal, partner], derive: boundary }\n',
      'extra/extra.yaml:2:92 questions[0].derive: derive: boundary gives one of internal, partner, public, so the question must be a choice with exactly these answers',
    ],
    [
      'a misspelt derivation (schema)',
      'questions:\n  - { id: extra_q, prompt: p, help: h, type: yes_no, derive: caller.knd }\n',
      'extra/extra.yaml:2:62 questions[0].derive: "caller.knd" is not allowed here; allowed: latency, caller.kind, callee.kind, caller.reachable, boundary (did you mean "caller.kind"?)',
    ],
    [
      'a mechanism part that names a call and an asynchronous part together (schema)',
      'checklist:\n  - { id: x, title: t, why: w, verify: v, needed_by: { mechanisms: [webhook, call+event] } }\n',
      'extra/extra.yaml:2:78 checklist[0].needed_by.mechanisms[1]: "call+event" is not allowed here; allowed: call, event, queue, request-reply, webhook, polling, callback, stream',
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

  it.each([
    ['{ style: hybrid, mechanism: call+event }', '5:18 rules[0].recommend.style', '{ sync: yes, async: yes, mechanism: event }'],
    ['{ style: sync }', '5:18 rules[0].recommend.style', '{ sync: yes, async: no }'],
    ['{ style: sync, mechanism: call }', '5:18 rules[0].recommend.style', '{ sync: yes, async: no }'],
    ['{ style: async, mechanism: queue }', '5:18 rules[0].recommend.style', '{ sync: no, async: yes, mechanism: queue }'],
    ['{ style: async, mechanism: request-reply, reply: polling }', '5:18 rules[0].recommend.style', '{ sync: no, async: yes, mechanism: request-reply }'],
    ['{ style: async }', '5:18 rules[0].recommend.style', '{ sync: no, async: yes }'],
    ['{ style: hybrid }', '5:18 rules[0].recommend.style', '{ sync: yes, async: yes }'],
    ['{ mechanism: call+queue }', '5:18 rules[0].recommend.mechanism', '{ sync: yes, async: yes, mechanism: queue }'],
    ['{ mechanism: call+webhook }', '5:18 rules[0].recommend.mechanism', '{ sync: yes, async: yes, mechanism: webhook }'],
    ['{ mechanism: call }', '5:18 rules[0].recommend.mechanism', '{ sync: yes, async: no }'],
  ])('refuses the version 1 vote %s with one message that gives the version 2 vote', (vote, where, replacement) => {
    const problems = problemsOf(extra(rule('    when: { answer: intent, eq: command }', `    recommend: ${vote}`, '    reason: r')));
    expect(problems.map(show)).toEqual([
      `extra/extra.yaml:${where}: a rule now votes on the parts of an interaction, not on a style ` +
        `(write recommend: ${replacement} (and keep reply if it has one): sync is the call the caller waits for, async the work that comes later, and a hybrid has both)`,
    ]);
  });

  it('refuses each version 1 vote of a file at its own rule, and nothing else about them', () => {
    const text = [
      'rules:',
      '  - { id: a, title: A, when: { answer: intent, eq: fact }, recommend: { style: async, mechanism: event }, reason: r }',
      '  - { id: b, title: B, when: { answer: intent, eq: query }, recommend: { style: sync, mechanism: call }, reason: r }',
      '  - { id: c, title: C, when: { answer: intent, eq: command }, recommend: { mechanism: call+queue }, reason: r }',
      '  - { id: d, title: D, when: { answer: intent, eq: command }, recommend: { async: yes, mechanism: queue }, reason: r }',
      '',
    ].join('\n');
    const problems = problemsOf(extra(text));
    expect(problems.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.path}`)).toEqual([
      '2:73 rules[0].recommend.style',
      '3:74 rules[1].recommend.style',
      '4:76 rules[2].recommend.mechanism',
    ]);
    expect(problems.map((problem) => /write recommend: (\{[^}]*\})/.exec(problem.hint ?? '')?.[1])).toEqual([
      '{ sync: no, async: yes, mechanism: event }',
      '{ sync: yes, async: no }',
      '{ sync: yes, async: yes, mechanism: queue }',
    ]);
  });

  it('reads version 2 votes: any subset of the parts, true and false as yes and no', () => {
    const votes = ['{ sync: true, async: false }', '{ async: yes, mechanism: webhook }', '{ reply: stream }', '{ mechanism: request-reply, reply: callback }', '{ sync: no }'];
    const text = ['rules:', ...votes.map((vote, index) => `  - { id: r${index}, title: T, when: { answer: intent, eq: command }, recommend: ${vote}, reason: r }`), ''].join('\n');
    const pack = buildPack([baseFiles, [extra(text)]]);
    expect(pack.rules.filter((entry) => entry.pack === 'extra').map((entry) => entry.recommend)).toEqual([
      { sync: 'yes', async: 'no' },
      { async: 'yes', mechanism: 'webhook' },
      { reply: 'stream' },
      { mechanism: 'request-reply', reply: 'callback' },
      { sync: 'no' },
    ]);
  });

  it('accepts every derivation on a question of the right shape, answers in any order', () => {
    const questions = [
      '{ id: q1, prompt: p, help: h, type: choice, answers: [service, client, read_model, edge, partner], derive: caller.kind }',
      '{ id: q2, prompt: p, help: h, type: choice, answers: [client, edge, service, partner, read_model], derive: callee.kind }',
      '{ id: q3, prompt: p, help: h, type: yes_no, derive: caller.reachable }',
      '{ id: q4, prompt: p, help: h, type: choice, answers: [public, partner, internal], derive: boundary }',
      '{ id: q5, prompt: p, help: h, type: yes_no, derive: latency }',
    ];
    const pack = buildPack([baseFiles, [extra(['questions:', ...questions.map((question) => `  - ${question}`), ''].join('\n'))]]);
    expect(pack.questions.filter((question) => question.pack === 'extra').map((question) => [question.id, question.derive])).toEqual([
      ['q1', 'caller.kind'],
      ['q2', 'callee.kind'],
      ['q3', 'caller.reachable'],
      ['q4', 'boundary'],
      ['q5', 'latency'],
    ]);
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
    expect(pack.rules).toEqual(buildPack([baseFiles]).rules);
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
    await writeFile(join(big, 'x.yaml'), `# ${'x'.repeat(8192)}\n`);
    const error: unknown = await loadPacks([big], { builtinDir: BASE, maxBytes: 4096 }).catch((caught: unknown) => caught);
    expect((error as InputError).problems.map((problem) => problem.message)).toEqual([expect.stringMatching(/^rule pack file .*x\.yaml is 8\.0 KB, over the 4 KB limit$/)]);
  });
});

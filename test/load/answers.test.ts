import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDraftAnswers, loadAnswers, parseAnswers, slugify } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import { InputError } from '../../src/model/errors.js';
import type { Problem } from '../../src/model/errors.js';
import type { Pack } from '../../src/model/pack.js';

const fixtures = fileURLToPath(new URL('../fixtures/packs/', import.meta.url));
let pack: Pack;
let teamPack: Pack;
let dir: string;

beforeAll(async () => {
  pack = await loadPacks([], { builtinDir: join(fixtures, 'base') });
  teamPack = await loadPacks([join(fixtures, 'team')], { builtinDir: join(fixtures, 'base') });
  dir = await mkdtemp(join(tmpdir(), 'answers-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An answers file with one interaction; `extra` lines go below the interaction's summary. */
function withInteraction(...extra: string[]): string {
  return [
    'version: 2',
    'title: Checkout',
    'context: Orders.',
    'interactions:',
    '  - id: authorize',
    '    from: checkout',
    '    to: payments',
    '    summary: Authorize the card',
    ...extra,
    '',
  ].join('\n');
}

function problemsOf(text: string, withPack: Pack = pack): Problem[] {
  try {
    parseAnswers(text, 'answers.yaml', withPack);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected the answers file to be refused');
}

const VALID = `# yaml-language-server: $schema=../schema/answers.schema.json
version: 2
title: Checkout and order communication
date: 2026-11-22
context: |
  How checkout talks to the services behind it.
decision_makers: [payments team]
informed: [support]
services:
  checkout: { kind: service, summary: Takes the order }
  payments:
    kind: partner
    reachable: false
    boundary: partner
  orders: { kind: unknown, reachable: unknown, boundary: unknown }
  email: { reachable: yes }
interactions:
  - id: authorize-payment
    from: checkout
    to: payments
    summary: Authorize the card while the customer waits
    answers:
      intent: command
      caller_needs: result
      fits_latency_budget: false
      when_down: unknown
    latency: { budget_ms: 800, p99_ms: 300 }
    availability: 0.999
    timeout_ms: 700
    retries: 2
    declared: sync
  - id: order-created
    from: orders
    to: email
    summary: Tell email that an order exists
    answers: { intent: fact, caller_reachable: true }
flows:
  - id: checkout
    summary: Customer places an order
    budget_ms: 1500
    availability_target: 0.995
    steps: [authorize-payment, order-created]
`;

describe('parseAnswers', () => {
  it('reads a valid file, normalising answers and flattening numbers', () => {
    const answers = parseAnswers(VALID, 'answers.yaml', pack);
    expect(answers).toMatchObject({
      version: 2,
      id: 'checkout-and-order-communication',
      title: 'Checkout and order communication',
      status: 'proposed',
      date: '2026-11-22',
      context: 'How checkout talks to the services behind it.\n',
      decision_makers: ['payments team'],
      consulted: [],
      informed: ['support'],
      source: 'answers.yaml',
    });
    const [first, second] = answers.interactions;
    expect(first).toEqual({
      id: 'authorize-payment',
      from: 'checkout',
      to: 'payments',
      summary: 'Authorize the card while the customer waits',
      answers: { intent: 'command', caller_needs: 'result', fits_latency_budget: 'no', when_down: 'unknown' },
      numbers: { latency_budget_ms: 800, latency_p99_ms: 300, availability: 0.999, timeout_ms: 700, retries: 2 },
      declared: 'sync',
      location: { file: 'answers.yaml', line: 18, column: 5 },
    });
    expect(second?.answers).toEqual({ intent: 'fact', caller_reachable: 'yes' });
    expect(second?.numbers).toEqual({});
    expect(second?.declared).toBeUndefined();
    expect(answers.flows).toEqual([
      {
        id: 'checkout',
        summary: 'Customer places an order',
        budget_ms: 1500,
        availability_target: 0.995,
        steps: ['authorize-payment', 'order-created'],
        location: { file: 'answers.yaml', line: 38, column: 5 },
      },
    ]);
    // In file order; unknown attributes are left out, as if they were not given.
    expect(answers.services).toEqual([
      { name: 'checkout', kind: 'service', summary: 'Takes the order', location: { file: 'answers.yaml', line: 10, column: 3 } },
      { name: 'payments', kind: 'partner', reachable: 'no', boundary: 'partner', location: { file: 'answers.yaml', line: 11, column: 3 } },
      { name: 'orders', location: { file: 'answers.yaml', line: 15, column: 3 } },
      { name: 'email', reachable: 'yes', location: { file: 'answers.yaml', line: 16, column: 3 } },
    ]);
  });

  it('keeps an explicit id and status and allows a file without answers or flows', () => {
    const answers = parseAnswers(
      withInteraction().replace('title: Checkout', 'id: pay-2\ntitle: Checkout\nstatus: accepted'),
      'answers.yaml',
      pack,
    );
    expect(answers.id).toBe('pay-2');
    expect(answers.status).toBe('accepted');
    expect(answers.date).toBeUndefined();
    expect(answers.flows).toEqual([]);
    expect(answers.services).toEqual([]);
    expect(answers.interactions[0]?.answers).toEqual({});
  });

  it('accepts the questions of a custom pack', () => {
    const text = withInteraction('    answers: { data_class: personal, intent: query }');
    expect(parseAnswers(text, 'answers.yaml', teamPack).interactions[0]?.answers).toEqual({ data_class: 'personal', intent: 'query' });
    expect(problemsOf(text, pack)[0]?.message).toBe('unknown question "data_class"');
    expect(problemsOf(text, pack)[0]?.hint).toMatch(/^if a team's rule pack asks it, pass that pack with --rules DIR; known questions: intent, /);
  });

  it('reports a YAML syntax error with file:line:col', () => {
    const problems = problemsOf('version: 2\ntitle: "open\ncontext: x\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.location?.file).toBe('answers.yaml');
    expect(problems[0]?.location?.line).toBeGreaterThanOrEqual(2);
    expect(problems[0]?.message).toMatch(/^YAML syntax: /);
  });

  it('reports a duplicate key', () => {
    expect(problemsOf(withInteraction('    from: cart'))).toEqual([
      {
        message: 'duplicate key "from"',
        location: { file: 'answers.yaml', line: 9, column: 5 },
        hint: 'first given at line 6; each key may appear only once in a map',
      },
    ]);
  });

  it('refuses an alias bomb quickly', () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1) levels.push(`a${level}: &a${level} [${`*a${level - 1}, `.repeat(8)}*a${level - 1}]`);
    const started = performance.now();
    const problems = problemsOf(`${withInteraction()}${levels.join('\n')}\n`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(problems[0]?.message).toMatch(/aliases expand to more than 1,000,000 nodes/);
  });

  it('names an unknown top-level key at the key, with the nearest valid key', () => {
    expect(problemsOf(`${withInteraction()}flow:\n  - id: x\n    steps: [authorize]\n`)).toEqual([
      {
        message: 'unknown key "flow"',
        path: 'flow',
        location: { file: 'answers.yaml', line: 9, column: 1 },
        hint: 'did you mean "flows"?',
      },
    ]);
  });

  it('names an unknown key inside an interaction', () => {
    const [problem] = problemsOf(withInteraction('    latency: { budget_m: 800 }'));
    expect(problem).toEqual({
      message: 'unknown key "budget_m"',
      path: 'interactions[0].latency.budget_m',
      location: { file: 'answers.yaml', line: 9, column: 16 },
      hint: 'did you mean "budget_ms"?',
    });
  });

  it('suggests the nearest allowed answer for a misspelt one', () => {
    expect(problemsOf(withInteraction('    answers:', '      when_down: fail_close'))).toEqual([
      {
        message: '"fail_close" is not an answer to when_down; allowed: fail_closed, fail_fast, degrade, defer, unknown',
        path: 'interactions[0].answers.when_down',
        location: { file: 'answers.yaml', line: 10, column: 18 },
        hint: 'did you mean "fail_closed"?',
      },
    ]);
  });

  it('lists the allowed answers when nothing is close', () => {
    const [problem] = problemsOf(withInteraction('    answers: { intent: maybe }'));
    expect(problem?.hint).toBe('answer with one of: query, command, fact, unknown');
  });

  it('refuses true/false for a choice question and numbers anywhere', () => {
    const problems = problemsOf(withInteraction('    answers: { intent: true, fits_latency_budget: 1, caller_needs: false }'));
    expect(problems.map((problem) => problem.message)).toEqual([
      'true is not an answer to intent; allowed: query, command, fact, unknown',
      'expected one of yes, no, unknown for fits_latency_budget, found 1',
      'false is not an answer to caller_needs; allowed: result, acknowledgement, nothing, unknown',
    ]);
  });

  it('suggests the nearest question for an unknown question id', () => {
    expect(problemsOf(withInteraction('    answers:', '      intnet: query'))).toEqual([
      {
        message: 'unknown question "intnet"',
        path: 'interactions[0].answers.intnet',
        location: { file: 'answers.yaml', line: 10, column: 7 },
        hint: 'did you mean "intent"?',
      },
    ]);
  });

  it('names the line of the first interaction when an id repeats', () => {
    const text = withInteraction('  - id: authorize', '    from: a', '    to: b', '    summary: again');
    expect(problemsOf(text)).toEqual([
      {
        message: 'duplicate interaction id "authorize"',
        path: 'interactions[1].id',
        location: { file: 'answers.yaml', line: 9, column: 9 },
        hint: 'the first interaction with this id is at line 5; interaction ids must be unique',
      },
    ]);
  });

  it('names duplicate flow ids and flow steps that name no interaction', () => {
    const text = `${withInteraction()}flows:\n  - id: f\n    steps: [authorise]\n  - id: f\n    steps: [authorize]\n`;
    expect(problemsOf(text)).toEqual([
      {
        message: 'no interaction has the id "authorise"',
        path: 'flows[0].steps[0]',
        location: { file: 'answers.yaml', line: 11, column: 13 },
        hint: 'did you mean "authorize"?',
      },
      {
        message: 'duplicate flow id "f"',
        path: 'flows[1].id',
        location: { file: 'answers.yaml', line: 12, column: 9 },
        hint: 'the first flow with this id is at line 10; flow ids must be unique',
      },
    ]);
  });

  it.each([
    ['2026-02-30', '"2026-02-30" is not a calendar date'],
    ['2026-13-01', '"2026-13-01" is not a calendar date'],
    ['2026-2-3', '"2026-2-3" is not a date as YYYY-MM-DD'],
    ['"22.11.2026"', '"22.11.2026" is not a date as YYYY-MM-DD'],
  ])('refuses the date %s', (date, message) => {
    const [problem] = problemsOf(withInteraction().replace('title: Checkout', `title: Checkout\ndate: ${date}`));
    expect(problem?.message).toBe(message);
    expect(problem?.path).toBe('date');
    expect(problem?.location).toEqual({ file: 'answers.yaml', line: 3, column: 7 });
  });

  it.each([
    ['version: 3', 'version must be 2, found 3'],
    ['version: "2"', 'version must be 2, found "2"'],
  ])('refuses %s, naming the version this tool reads', (line, message) => {
    expect(problemsOf(withInteraction().replace('version: 2', line))).toEqual([
      { message, path: 'version', location: { file: 'answers.yaml', line: 1, column: 10 }, hint: 'this version of the tool reads version 2 files' },
    ]);
  });

  it('names a missing version and says how a version 1 file is converted', () => {
    const [problem] = problemsOf(withInteraction().replace('version: 2\n', ''));
    expect(problem?.message).toBe('missing key "version"');
    expect(problem?.hint).toContain('sync-or-async upgrade');
  });

  it('names missing keys, wrong types and out-of-range numbers', () => {
    const text = withInteraction('    retries: two', '    availability: 1.5', '    latency: { p99_ms: -3 }', '    declared: asynch').replace(
      '    summary: Authorize the card\n',
      '',
    );
    expect(problemsOf(text).map((problem) => [problem.path, problem.message, problem.hint])).toEqual([
      ['interactions[0].summary', 'missing key "summary"', 'add summary: what the caller wants from the callee, in one line.'],
      ['interactions[0].retries', 'expected a whole number, found "two"', undefined],
      ['interactions[0].availability', 'must be at most 1, found 1.5', undefined],
      ['interactions[0].latency.p99_ms', 'must be greater than 0, found -3', undefined],
      ['interactions[0].declared', '"asynch" is not allowed here; allowed: sync, async, hybrid', 'did you mean "async"?'],
    ]);
  });

  it('refuses ids that are not kebab-case and an empty interaction list', () => {
    const problems = problemsOf('version: 2\nid: Checkout Flow\ntitle: t\ncontext: c\ninteractions: []\n');
    expect(problems.map((problem) => [problem.path, problem.message, problem.hint])).toEqual([
      ['id', '"Checkout Flow" is not kebab-case', 'use lower-case letters and digits joined by "-", e.g. "checkout-flow"'],
      ['interactions', 'needs at least 1 entry', undefined],
    ]);
  });

  it('collects every problem of the file in reading order', () => {
    const text = withInteraction('    answers: { intnet: query, when_down: fail_close }', '  - id: authorize', '    form: a')
      .replace('version: 2', 'version: 3')
      .replace('interactions:', 'services:\n  chekout: { kind: servce }\ninteractions:');
    const lines = problemsOf(text).map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message}`);
    expect(lines).toEqual([
      '1:10 version must be 2, found 3',
      '5:3 no interaction has "chekout" as its caller or callee',
      '5:20 "servce" is not allowed here; allowed: client, edge, service, partner, read_model, unknown',
      '11:16 unknown question "intnet"',
      '11:42 "fail_close" is not an answer to when_down; allowed: fail_closed, fail_fast, degrade, defer, unknown',
      '12:5 missing key "to"',
      '12:5 missing key "summary"',
      '12:9 duplicate interaction id "authorize"',
      '13:5 unknown key "form"',
    ]);
  });

  it('refuses an empty file and a file that is not a map', () => {
    expect(problemsOf('# nothing\n')).toEqual([
      {
        message: 'the file is empty',
        location: { file: 'answers.yaml', line: 1, column: 1 },
        hint: 'an answers file needs version, title, context and interactions',
      },
    ]);
    expect(problemsOf('- a\n- b\n')[0]?.message).toBe('expected a map (key: value), found a list');
  });

  it('throws one InputError whose summary counts the problems', () => {
    expect(() => parseAnswers(withInteraction('    answers: { intent: maybe, when_down: later }'), 'answers.yaml', pack)).toThrow(
      'invalid answers file answers.yaml (2 problems)',
    );
  });
});

/** withInteraction() with a services section; `lines` are its entries, indented by two spaces. */
function withServices(...lines: string[]): string {
  return withInteraction().replace('interactions:', ['services:', ...lines.map((line) => `  ${line}`), 'interactions:'].join('\n'));
}

describe('version 1 files, and version 1 answers in a version 2 file', () => {
  const versionOne = withInteraction('    answers:', '      intent: command', '      needs_answer_now: yes', '    colour: red').replace('version: 2', 'version: 1');

  it('are refused with one message at the version, pointing at upgrade, whatever else the file holds', () => {
    expect(problemsOf(versionOne)).toEqual([
      {
        message: 'this answers file is version 1; sync-or-async now reads version 2',
        path: 'version',
        location: { file: 'answers.yaml', line: 1, column: 10 },
        hint: 'run sync-or-async upgrade answers.yaml: it converts the file in place, keeps its comments and lists every answer it could not carry over',
      },
    ]);
    expect(() => parseAnswers(versionOne, 'answers.yaml', pack)).toThrow('invalid answers file answers.yaml (1 problem)');
    const [below] = problemsOf(`# yaml-language-server: $schema=../schema/answers.schema.json\n# Checkout.\n${versionOne}`);
    expect(below?.location).toEqual({ file: 'answers.yaml', line: 3, column: 10 });
  });

  it('name the file as given in the upgrade command', () => {
    let hint: string | undefined;
    try {
      parseAnswers(versionOne, 'docs/sync-or-async.yaml', pack);
    } catch (error) {
      hint = (error as InputError).problems[0]?.hint;
    }
    expect(hint).toMatch(/^run sync-or-async upgrade docs\/sync-or-async\.yaml: /);
  });

  it('are refused as interview drafts too, with the same single message', () => {
    const draft = ['version: 1', 'draft: true', 'interactions:', '  - from: checkout', '    answers: { needs_answer_now: no }', ''].join('\n');
    let problems: Problem[] = [];
    try {
      checkDraftAnswers(draft, 'answers.yaml', pack);
    } catch (error) {
      problems = (error as InputError).problems;
    }
    expect(problems.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.path}: ${problem.message}`)).toEqual([
      '1:10 version: this answers file is version 1; sync-or-async now reads version 2',
    ]);
    expect(problems[0]?.hint).toContain('sync-or-async upgrade answers.yaml');
  });

  it.each([
    ['the fixture pack', () => pack],
    ['the pack with a team question', () => teamPack],
  ])('get a hint naming caller_needs where needs_answer_now is still answered (%s)', (_name, withPack) => {
    expect(problemsOf(withInteraction('    answers: { intent: command, needs_answer_now: yes }'), withPack())).toEqual([
      {
        message: 'unknown question "needs_answer_now"',
        path: 'interactions[0].answers.needs_answer_now',
        location: { file: 'answers.yaml', line: 9, column: 33 },
        hint: 'version 2 asks caller_needs instead: yes becomes result; no becomes acknowledgement (the caller needs an id or status to follow) or nothing',
      },
    ]);
  });
});

describe('the services section', () => {
  it('takes every kind, reachable as yes, no, true or false, every boundary, and unknown for each', () => {
    const kinds = ['client', 'edge', 'service', 'partner', 'read_model'];
    const names = [...kinds, 'other'];
    const interactions = names.map((name) => `  - { id: to-${name.replace('_', '-')}, from: checkout, to: ${name}, summary: s }`);
    const text = [
      'version: 2',
      'title: Checkout',
      'context: Orders.',
      'services:',
      '  checkout: { kind: service, reachable: yes, boundary: internal }',
      '  client: { kind: client, reachable: false, boundary: public }',
      '  edge: { kind: edge, reachable: "no" }',
      '  service: { kind: service, reachable: true }',
      '  partner: { kind: partner, boundary: partner, summary: A card network }',
      '  read_model: { kind: read_model, reachable: no }',
      '  other: { kind: unknown, reachable: unknown, boundary: unknown }',
      'interactions:',
      ...interactions,
      '',
    ].join('\n');
    const services = parseAnswers(text, 'answers.yaml', pack).services.map(({ location, ...service }) => ({ ...service, line: location.line }));
    expect(services).toEqual([
      { name: 'checkout', kind: 'service', reachable: 'yes', boundary: 'internal', line: 5 },
      { name: 'client', kind: 'client', reachable: 'no', boundary: 'public', line: 6 },
      { name: 'edge', kind: 'edge', reachable: 'no', line: 7 },
      { name: 'service', kind: 'service', reachable: 'yes', line: 8 },
      { name: 'partner', kind: 'partner', boundary: 'partner', summary: 'A card network', line: 9 },
      { name: 'read_model', kind: 'read_model', reachable: 'no', line: 10 },
      { name: 'other', line: 11 },
    ]);
  });

  it('accepts an empty section, and services that only some interactions name', () => {
    expect(parseAnswers(withServices('payments: {}'), 'answers.yaml', pack).services).toEqual([
      { name: 'payments', location: { file: 'answers.yaml', line: 5, column: 3 } },
    ]);
    expect(parseAnswers(withInteraction().replace('interactions:', 'services: {}\ninteractions:'), 'answers.yaml', pack).services).toEqual([]);
  });

  it('reports a service no interaction names at its key, with the nearest caller or callee', () => {
    expect(problemsOf(withServices('checkout: { kind: service }', 'payment: { kind: partner }', 'billing: { kind: service }'))).toEqual([
      {
        message: 'no interaction has "payment" as its caller or callee',
        path: 'services.payment',
        location: { file: 'answers.yaml', line: 6, column: 3 },
        hint: 'did you mean "payments"?',
      },
      {
        message: 'no interaction has "billing" as its caller or callee',
        path: 'services.billing',
        location: { file: 'answers.yaml', line: 7, column: 3 },
        hint: 'describe only the services that interactions name in from and to',
      },
    ]);
  });

  it('does not take an interaction id for a service name: only from and to name services', () => {
    const text = `${withServices('authorize: { kind: service }')}flows:\n  - { id: authorize-flow, steps: [authorize] }\n`;
    expect(problemsOf(text).map((problem) => problem.path)).toEqual(['services.authorize']);
  });

  it('reports a wrong kind, reachable or boundary at the value, suggesting the nearest word', () => {
    const problems = problemsOf(withServices('checkout: { kind: servce, reachable: maybe, boundary: privat }', 'payments: { kind: Partner, boundary: publc }'));
    expect(problems.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.path}: ${problem.message} (${problem.hint})`)).toEqual([
      '5:21 services.checkout.kind: "servce" is not allowed here; allowed: client, edge, service, partner, read_model, unknown (did you mean "service"?)',
      '5:40 services.checkout.reachable: "maybe" is not allowed here; allowed: yes, no, true, false, unknown (undefined)',
      '5:57 services.checkout.boundary: "privat" is not allowed here; allowed: internal, partner, public, unknown (undefined)',
      '6:21 services.payments.kind: "Partner" is not allowed here; allowed: client, edge, service, partner, read_model, unknown (did you mean "partner"?)',
      '6:40 services.payments.boundary: "publc" is not allowed here; allowed: internal, partner, public, unknown (did you mean "public"?)',
    ]);
  });

  it('reports an unknown key in a service, a service that is not a map, and a section that is not a map', () => {
    expect(problemsOf(withServices('payments: { kidn: partner }'))).toEqual([
      {
        message: 'unknown key "kidn"',
        path: 'services.payments.kidn',
        location: { file: 'answers.yaml', line: 5, column: 15 },
        hint: 'did you mean "kind"?',
      },
    ]);
    expect(problemsOf(withServices('payments: partner')).map((problem) => [problem.path, problem.message])).toEqual([
      ['services.payments', 'expected a map (key: value), found "partner"'],
    ]);
    expect(problemsOf(withInteraction().replace('interactions:', 'services: [checkout]\ninteractions:')).map((problem) => [problem.path, problem.message])).toEqual([
      ['services', 'expected a map (key: value), found a list'],
    ]);
  });

  it('checks the services of a draft as far as they go', () => {
    const draft = ['version: 2', 'draft: true', 'services:', '  checkout: { kind: client }', '  paymnts: { kind: servce }', 'interactions:', '  - { from: checkout, to: payments }', ''].join('\n');
    let problems: Problem[] = [];
    try {
      checkDraftAnswers(draft, 'answers.yaml', pack);
    } catch (error) {
      problems = (error as InputError).problems;
    }
    expect(problems.map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message} (${problem.hint})`)).toEqual([
      '5:3 no interaction has "paymnts" as its caller or callee (did you mean "payments"?)',
      '5:20 "servce" is not allowed here; allowed: client, edge, service, partner, read_model, unknown (did you mean "service"?)',
    ]);
  });
});

describe('loadAnswers', () => {
  it('reads a file from disk and keeps the path as given', async () => {
    const path = join(dir, 'answers.yaml');
    await writeFile(path, VALID);
    const answers = await loadAnswers(path, pack, { maxBytes: 1024 * 1024 });
    expect(answers.source).toBe(path);
    expect(answers.interactions[0]?.location.file).toBe(path);
  });

  it('names the file as told in its locations and messages, while reading it from its path', async () => {
    const path = join(dir, 'shown.yaml');
    await writeFile(path, VALID);
    const answers = await loadAnswers(path, pack, { maxBytes: 1024 * 1024, shown: 'docs/shown.yaml' });
    expect(answers.source).toBe('docs/shown.yaml');
    expect(answers.interactions[0]?.location.file).toBe('docs/shown.yaml');
    await writeFile(path, 'version: 2\ntitle: [\n');
    await expect(loadAnswers(path, pack, { maxBytes: 1024, shown: 'docs/shown.yaml' })).rejects.toThrow(/^docs\/shown\.yaml: invalid YAML/);
  });

  it('reports a missing file, a directory and a file over the limit', async () => {
    await expect(loadAnswers(join(dir, 'missing.yaml'), pack, { maxBytes: 1024 })).rejects.toThrow(/^cannot find answers file /);
    await expect(loadAnswers(dir, pack, { maxBytes: 1024 })).rejects.toThrow(/is a directory, not a file$/);
    const big = join(dir, 'big.yaml');
    await writeFile(big, VALID);
    await expect(loadAnswers(big, pack, { maxBytes: 100 })).rejects.toThrow(/over the 100 bytes limit$/);
  });
});

describe('slugify', () => {
  it.each([
    ['Checkout and order communication', 'checkout-and-order-communication'],
    ['  Café: Zahlung & Versand!  ', 'cafe-zahlung-versand'],
    ['ÜBER 9000', 'uber-9000'],
    ['日本語', ''],
    [`${'word '.repeat(11)}end`, 'word-word-word-word-word-word-word-word-word-word-word-end'],
    ['a'.repeat(70), 'a'.repeat(60)],
    [`${'abcdefghi '.repeat(7)}`, 'abcdefghi-abcdefghi-abcdefghi-abcdefghi-abcdefghi-abcdefghi'],
  ])('%s -> %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
});

describe('parseAnswers on a misspelt required key', () => {
  it('reports the misspelling once, not also the key it was meant to be', async () => {
    const pack = await loadPacks([], { builtinDir: join(fixtures, 'base') });
    const text = 'version: 2\ntitle: t\ncontxt: c\ninteractions:\n  - { id: a, from: b, to: c, sumary: d }\n';
    let problems: Problem[] = [];
    try {
      parseAnswers(text, 'answers.yaml', pack);
    } catch (error) {
      problems = (error as InputError).problems;
    }
    expect(problems.map((problem) => `${problem.path}: ${problem.message} (${problem.hint})`)).toEqual([
      'contxt: unknown key "contxt" (did you mean "context"?)',
      'interactions[0].sumary: unknown key "sumary" (did you mean "summary"?)',
    ]);
  });
});

describe('interview drafts', () => {
  const draft = ['version: 2', 'draft: true', 'context: Orders.', 'interactions:', '  - from: checkout', '    answers: { intent: command }', ''].join('\n');

  it('are refused by parseAnswers, pointing at the draft key and at the interview that finishes them', () => {
    expect(problemsOf(draft)).toEqual([
      {
        message: 'the answers are an unfinished interview (draft: true)',
        location: { file: 'answers.yaml', line: 2, column: 1 },
        path: 'draft',
        hint: 'run sync-or-async interview answers.yaml to finish it',
      },
    ]);
  });

  it('may lack what has not been asked yet, but what they hold must be valid', () => {
    expect(() => checkDraftAnswers(draft, 'answers.yaml', pack)).not.toThrow();
    const broken = draft.replace('{ intent: command }', '{ intent: comand }').replace('  - from: checkout', '  - from: checkout\n    colour: red');
    let problems: Problem[] = [];
    try {
      checkDraftAnswers(broken, 'answers.yaml', pack);
    } catch (error) {
      problems = (error as InputError).problems;
    }
    expect(problems.map((problem) => problem.message)).toEqual([expect.stringContaining('unknown key "colour"'), expect.stringContaining('"comand" is not an answer to intent')]);
  });

  it('only take `draft: true`', () => {
    expect(problemsOf(withInteraction().replace('version: 2', 'version: 2\ndraft: false')).map((problem) => problem.path)).toContain('draft');
  });
});

describe('platform_checklist', () => {
  const platform = (...entries: string[]): string =>
    ['version: 2', 'title: Checkout', 'context: Orders.', 'interactions:', '  - id: authorize', '    from: checkout', '    to: payments', '    summary: Authorize the card', 'platform_checklist:', ...entries, ''].join('\n');
  const located = (text: string) => problemsOf(text).map((problem) => `${problem.location?.line}:${problem.location?.column} ${problem.message}`);

  it('reads each entry with what it covers and whether it is done or waived, with its location', () => {
    const text = platform('  - { item: timeout-budget, mechanism: queue, done: true }', '  - item: idempotent-consumer', '    waived: set by the mesh', '    until: 2027-06-30', '    service: payments');
    const answers = parseAnswers(text, 'answers.yaml', pack);
    expect(answers.platform_checklist).toEqual([
      { item: 'timeout-budget', mechanism: 'queue', ack: { kind: 'done', location: { file: 'answers.yaml', line: 10, column: 5 } } },
      { item: 'idempotent-consumer', service: 'payments', ack: { kind: 'waived', reason: 'set by the mesh', until: '2027-06-30', location: { file: 'answers.yaml', line: 11, column: 5 } } },
    ]);
  });

  it('refuses an entry that says neither or both, a date without a waiver, and an unknown item, each where it stands', () => {
    expect(located(platform('  - { item: timeout-budget }'))).toEqual(['10:5 the entry says neither done nor waived']);
    expect(located(platform('  - { item: timeout-budget, done: true, waived: no broker }'))).toEqual(['10:5 an entry is either done or waived, not both']);
    expect(located(platform('  - { item: timeout-budget, done: true, until: 2027-01-01 }'))).toEqual(['10:41 until dates a waiver, and this entry waives nothing']);
    const unknown = problemsOf(platform('  - { item: timeout-budgets, done: true }'));
    expect(unknown[0]?.message).toBe('unknown checklist item "timeout-budgets"');
    expect(unknown[0]?.hint).toMatch(/timeout-budget/);
  });
});

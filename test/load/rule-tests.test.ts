import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPacks } from '../../src/load/pack.js';
import { parseRuleTestFiles, parseRuleTests, readRuleTestFiles } from '../../src/load/rule-tests.js';
import { InputError } from '../../src/model/errors.js';
import type { Problem } from '../../src/model/errors.js';
import type { Pack } from '../../src/model/pack.js';

const TEAM = fileURLToPath(new URL('../fixtures/rule-tests/team', import.meta.url));

let builtin: Pack;
let team: Pack;
let dir: string;

beforeAll(async () => {
  builtin = await loadPacks([]);
  team = await loadPacks([TEAM]);
  dir = await mkdtemp(join(tmpdir(), 'rule-tests-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function problemsOf(text: string, pack: Pack = builtin): Problem[] {
  try {
    parseRuleTests(text, 'pack/x.test.yaml', pack);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected the test file to be refused');
}

/** `line:col path: message (hint)`, for compact expectations. */
function show(problem: Problem): string {
  const where = problem.location ? `${problem.location.line}:${problem.location.column}` : '-';
  return `${where} ${problem.path ?? ''}: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`;
}

/** A file with one case; `lines` are the case's keys after its name, indented by four spaces. */
function oneCase(...lines: string[]): string {
  return ['cases:', '  - name: a case', ...lines.map((line) => `    ${line}`), ''].join('\n');
}

describe('parseRuleTests: a valid file', () => {
  it('reads every key, turns true/false into yes/no and remembers where each case starts', () => {
    const file = parseRuleTests(
      [
        'cases:',
        '  - name: a query waited for',
        '    services: { caller: { kind: client, reachable: false, boundary: public }, callee: { kind: service, reachable: yes, boundary: unknown } }',
        '    answers: { intent: query, caller_needs: result, fits_latency_budget: true, tolerates_pending: no, freshness: unknown }',
        '    numbers: { latency_budget_ms: 800, latency_p99_ms: 300, availability: 1, retries: 0, timeout_ms: 500 }',
        '    expect:',
        '      style: sync',
        '      mechanism: call',
        '      confidence: high',
        '      fires: [query-answered-now, async-hides-latency]',
        '      does_not_fire: [fact-as-event]',
        '      checklist: [timeout-budget]',
        '  - name: a fact',
        '    answers: {}',
        '    expect: { mechanism: call+webhook }',
        '',
      ].join('\n'),
      'pack/x.test.yaml',
      builtin,
    );
    expect(file.file).toBe('pack/x.test.yaml');
    expect(file.cases).toEqual([
      {
        name: 'a query waited for',
        // The two parties, as an answers file's services section describes them; unknown is left out.
        services: [
          { name: 'caller', kind: 'client', reachable: 'no', boundary: 'public', location: { file: 'pack/x.test.yaml', line: 3, column: 17 } },
          { name: 'callee', kind: 'service', reachable: 'yes', location: { file: 'pack/x.test.yaml', line: 3, column: 79 } },
        ],
        answers: { intent: 'query', caller_needs: 'result', fits_latency_budget: 'yes', tolerates_pending: 'no', freshness: 'unknown' },
        numbers: { latency_budget_ms: 800, latency_p99_ms: 300, availability: 1, retries: 0, timeout_ms: 500 },
        expect: {
          style: 'sync',
          mechanism: 'call',
          confidence: 'high',
          fires: ['query-answered-now', 'async-hides-latency'],
          does_not_fire: ['fact-as-event'],
          checklist: ['timeout-budget'],
        },
        location: { file: 'pack/x.test.yaml', line: 2, column: 5 },
      },
      {
        name: 'a fact',
        services: [],
        answers: {},
        numbers: {},
        expect: { mechanism: 'call+webhook', fires: [], does_not_fire: [], checklist: [] },
        location: { file: 'pack/x.test.yaml', line: 13, column: 5 },
      },
    ]);
  });

  it('describes only the parties given, and takes an empty services map', () => {
    const partial = parseRuleTests(oneCase('services: { callee: { kind: partner } }', 'answers: {}', 'expect: { style: sync }'), 't.test.yaml', builtin);
    expect(partial.cases[0]?.services).toEqual([{ name: 'callee', kind: 'partner', location: { file: 't.test.yaml', line: 3, column: 17 } }]);
    const unknown = parseRuleTests(oneCase('services: { caller: { kind: unknown, reachable: unknown, boundary: unknown } }', 'answers: {}', 'expect: { style: sync }'), 't.test.yaml', builtin);
    expect(unknown.cases[0]?.services).toEqual([{ name: 'caller', location: { file: 't.test.yaml', line: 3, column: 17 } }]);
    expect(parseRuleTests(oneCase('services: {}', 'answers: {}', 'expect: { style: sync }'), 't.test.yaml', builtin).cases[0]?.services).toEqual([]);
  });

  it("accepts a team pack's own question and a rule that pack switched off, under does_not_fire", () => {
    const file = parseRuleTests(oneCase('answers: { pci_scope: yes }', 'expect: { does_not_fire: [spiky-load-buffer] }'), 't.test.yaml', team);
    expect(file.cases[0]?.answers).toEqual({ pci_scope: 'yes' });
    expect(file.cases[0]?.expect.does_not_fire).toEqual(['spiky-load-buffer']);
  });
});

describe('parseRuleTests: invalid files are refused with file:line:col and a hint', () => {
  it('an empty file, a file that is not a map, no cases, and an empty list of cases', () => {
    expect(problemsOf('').map(show)).toEqual(['1:1 : the file holds no cases (start the file with `cases:` and list one case per interaction)']);
    expect(problemsOf('- a\n').map(show)[0]).toMatch(/^1:1 : expected a map with cases, found a list/);
    expect(problemsOf('tests: []\n').map(show)).toEqual([
      '1:1 tests: unknown key "tests" in a rule test file (allowed keys: cases)',
      '1:1 : the file needs `cases` (list the cases under `cases:`, each with name, answers and expect)',
    ]);
    expect(problemsOf('cases: []\n').map(show)).toEqual(['1:8 cases: cases is empty (add at least one case, or remove the file)']);
  });

  it('a YAML syntax error or a duplicate key names the line', () => {
    expect(problemsOf('cases:\n  - name: [unclosed\n')[0]?.location?.line).toBe(3);
    const duplicate = problemsOf(oneCase('answers: {}', 'expect: { style: sync }', 'expect: { style: async }'));
    expect(duplicate.map(show)[0]).toMatch(/^5:5 : duplicate key "expect" \(first given at line 4/);
    expect(duplicate[0]?.location?.file).toBe('pack/x.test.yaml');
  });

  it('unknown keys in a case and in expect, with the nearest key suggested', () => {
    expect(problemsOf(oneCase('answer: { intent: query }', 'expect: { style: sync }')).map(show)).toEqual([
      '2:5 cases[0]: the case needs `answers` (give the answers of one interaction, e.g. answers: { intent: query })',
      '3:5 cases[0].answer: unknown key "answer" in a case (did you mean "answers"?)',
    ]);
    expect(problemsOf(oneCase('answers: {}', 'expect: { style: sync, fire: [fact-as-event] }')).map(show)).toEqual([
      '4:28 cases[0].expect.fire: unknown key "fire" in expect (did you mean "fires"?)',
    ]);
  });

  it('a case without a name, or two cases with the same name', () => {
    expect(problemsOf('cases:\n  - answers: {}\n    expect: { style: sync }\n').map(show)).toEqual([
      '2:5 cases[0]: the case needs a `name` (name says what the case shows, e.g. name: a fact is announced as an event)',
    ]);
    const text = ['cases:', '  - name: same', '    answers: {}', '    expect: { style: sync }', '  - name: same', '    answers: {}', '    expect: { style: sync }', ''].join('\n');
    expect(problemsOf(text).map(show)).toEqual(['5:11 cases[1].name: two cases are named "same" (the first is at line 2; give each case its own name)']);
  });

  it('an unknown question, and an answer the question does not allow', () => {
    expect(problemsOf(oneCase('answers: { intnet: query, when_down: fail_close, duration: true }', 'expect: { style: sync }')).map(show)).toEqual([
      '3:16 cases[0].answers.intnet: unknown question "intnet" (did you mean "intent"?)',
      '3:42 cases[0].answers.when_down: "fail_close" is not an answer to when_down; allowed: fail_closed, fail_fast, degrade, defer, unknown (did you mean "fail_closed"?)',
      '3:64 cases[0].answers.duration: true is not an answer to duration; allowed: instant, seconds, long, unknown',
    ]);
    // Without a close match, the hint lists the questions of the loaded packs.
    expect(show(problemsOf(oneCase('answers: { pci_scope: yes }', 'expect: { style: sync }'))[0]!)).toMatch(
      /unknown question "pci_scope" \(questions of the loaded packs: caller_kind, callee_kind, intent, caller_needs, .*load_profile\)$/,
    );
  });

  it('services: a party other than caller and callee, with the nearest suggested', () => {
    expect(problemsOf(oneCase('services: { callr: { kind: client }, callee: { kind: service } }', 'answers: {}', 'expect: { style: sync }')).map(show)).toEqual([
      '3:17 cases[0].services.callr: unknown key "callr" in services (a case has a caller and a callee) (did you mean "caller"?)',
    ]);
    expect(problemsOf(oneCase('services: { payments: { kind: service } }', 'answers: {}', 'expect: { style: sync }')).map(show)).toEqual([
      '3:17 cases[0].services.payments: unknown key "payments" in services (a case has a caller and a callee) (allowed keys: caller, callee)',
    ]);
  });

  it('services: an unknown kind with the nearest kind suggested, and reachable or boundary words that do not exist', () => {
    expect(problemsOf(oneCase('services: { caller: { kind: clinet }, callee: { kind: readmodel } }', 'answers: {}', 'expect: { style: sync }')).map(show)).toEqual([
      '3:33 cases[0].services.caller.kind: "clinet" is not a service kind; allowed: client, edge, service, partner, read_model, unknown (did you mean "client"?)',
      '3:59 cases[0].services.callee.kind: "readmodel" is not a service kind; allowed: client, edge, service, partner, read_model, unknown (did you mean "read_model"?)',
    ]);
    expect(problemsOf(oneCase('services: { caller: { knd: client, reachable: maybe, boundary: pubic, summary: x } }', 'answers: {}', 'expect: { style: sync }')).map(show)).toEqual([
      '3:27 cases[0].services.caller.knd: unknown key "knd" in a service (did you mean "kind"?)',
      '3:51 cases[0].services.caller.reachable: "maybe" is not a reachable answer; allowed: yes, no, unknown',
      '3:68 cases[0].services.caller.boundary: "pubic" is not a boundary; allowed: internal, partner, public, unknown (did you mean "public"?)',
      '3:75 cases[0].services.caller.summary: unknown key "summary" in a service (allowed keys: kind, reachable, boundary)',
    ]);
  });

  it('services: not a map, or a party that is not a map', () => {
    expect(problemsOf(oneCase('services: [caller, callee]', 'answers: {}', 'expect: { style: sync }')).map(show)).toEqual([
      '3:15 cases[0].services: services must be a map with caller and callee, found a list (e.g. services: { caller: { kind: client }, callee: { kind: service } })',
    ]);
    expect(problemsOf(oneCase('services: { caller: client }', 'answers: {}', 'expect: { style: sync }')).map(show)).toEqual([
      '3:25 cases[0].services.caller: caller must be a map, e.g. { kind: service }, found "client"',
    ]);
  });

  it('numbers: an unknown name, a value out of range, a value that is not a number', () => {
    expect(
      problemsOf(oneCase('answers: {}', 'numbers: { latency_p99: 3, availability: 99.9, retries: 1.5, timeout_ms: 0, latency_p99_ms: fast }', 'expect: { style: sync }')).map(show),
    ).toEqual([
      '4:16 cases[0].numbers.latency_p99: unknown number "latency_p99" (did you mean "latency_p99_ms"?)',
      '4:46 cases[0].numbers.availability: availability is a fraction above 0 and at most 1 (e.g. 0.999), found 99.9',
      '4:61 cases[0].numbers.retries: retries must be a whole number of at least 0, found 1.5',
      '4:78 cases[0].numbers.timeout_ms: timeout_ms must be greater than 0, found 0',
      '4:97 cases[0].numbers.latency_p99_ms: latency_p99_ms must be a number, found "fast"',
    ]);
  });

  it('expect: missing, empty, or with a style, confidence or mechanism that cannot be decided', () => {
    expect(problemsOf(oneCase('answers: {}', 'expect: {}')).map(show)).toEqual([
      '4:13 cases[0].expect: expect is empty (say what must come out with any of style, mechanism, confidence, fires, does_not_fire, checklist)',
    ]);
    expect(problemsOf(oneCase('answers: {}')).map(show)).toEqual([
      '2:5 cases[0]: the case needs `expect` (say what must come out, e.g. expect: { style: sync })',
    ]);
    expect(problemsOf(oneCase('answers: {}', 'expect: { style: synchronous, confidence: certain }')).map(show)).toEqual([
      '4:22 cases[0].expect.style: "synchronous" is not a style; allowed: sync, async, hybrid',
      '4:47 cases[0].expect.confidence: "certain" is not a confidence; allowed: high, medium, low',
    ]);
    expect(show(problemsOf(oneCase('answers: {}', 'expect: { mechanism: call+request-reply }'))[0]!)).toMatch(
      /is not a mechanism a decision can have; .* \(a decided request-reply always names how the reply travels: call\+request-reply:polling, call\+request-reply:callback, call\+request-reply:stream\)$/,
    );
    expect(show(problemsOf(oneCase('answers: {}', 'expect: { mechanism: evnt }'))[0]!)).toMatch(/\(did you mean "event"\?\)$/);
    expect(problemsOf(oneCase('answers: {}', 'expect: { style: sync, mechanism: event }')).map(show)).toEqual([
      '4:39 cases[0].expect.mechanism: event is not a sync mechanism, so the case can never pass (sync mechanisms: call)',
    ]);
    // The mechanisms of a style: a hybrid's start with the call, an asynchronous one's do not.
    expect(problemsOf(oneCase('answers: {}', 'expect: { style: hybrid, mechanism: request-reply:stream }')).map(show)).toEqual([
      '4:41 cases[0].expect.mechanism: request-reply:stream is not a hybrid mechanism, so the case can never pass ' +
        '(hybrid mechanisms: call+event, call+queue, call+request-reply:polling, call+request-reply:callback, call+request-reply:stream, call+webhook)',
    ]);
    expect(show(problemsOf(oneCase('answers: {}', 'expect: { style: async, mechanism: call+event }'))[0]!)).toMatch(
      /^4:40 cases\[0\]\.expect\.mechanism: call\+event is not an? async mechanism, so the case can never pass \(async mechanisms: event, queue, request-reply:polling, request-reply:callback, request-reply:stream, webhook\)$/,
    );
  });

  it('rule and checklist ids: unknown, misspelt, repeated, not a list, or in both fires and does_not_fire', () => {
    expect(
      problemsOf(oneCase('answers: {}', 'expect:', '  fires: [fact-as-evnt, fact-as-event, fact-as-event]', '  does_not_fire: [fact-as-event]', '  checklist: [timeout-budgte, no-such-item]')).map(show),
    ).toEqual([
      '5:15 cases[0].expect.fires[0]: unknown rule "fact-as-evnt" (did you mean "fact-as-event"?)',
      '5:44 cases[0].expect.fires[2]: "fact-as-event" is listed twice (remove the repeated entry)',
      '6:23 cases[0].expect.does_not_fire[0]: "fact-as-event" is listed under both fires and does_not_fire (keep it in one of the two lists)',
      '7:19 cases[0].expect.checklist[0]: unknown checklist item "timeout-budgte" (did you mean "timeout-budget"?)',
      expect.stringMatching(/^7:35 cases\[0\]\.expect\.checklist\[1\]: unknown checklist item "no-such-item" \(checklist item ids of the loaded packs: timeout-budget, .*decision-boundary\)$/),
    ]);
    expect(problemsOf(oneCase('answers: {}', 'expect: { fires: fact-as-event }')).map(show)).toEqual([
      '4:22 cases[0].expect.fires: expected a list of rule ids, found "fact-as-event" (write it as a list: [fact-as-event])',
    ]);
  });

  it('a rule switched off by a pack cannot be expected to fire, and names where it was switched off', () => {
    expect(problemsOf(oneCase('answers: {}', 'expect: { fires: [spiky-load-buffer] }'), team).map(show)).toEqual([
      `4:23 cases[0].expect.fires[0]: rule "spiky-load-buffer" is switched off by pack payments-team (${join(TEAM, 'pack.yaml')}:4:13), so it can never fire (list it under does_not_fire, or remove it)`,
    ]);
  });

  it('collects the problems of several files into one error, file by file', () => {
    try {
      parseRuleTestFiles(
        [
          { file: 'a.test.yaml', text: 'cases: []\n' },
          { file: 'b.test.yaml', text: oneCase('answers: {}', 'expect: { style: sync }') },
          { file: 'c.test.yaml', text: 'case: []\n' },
        ],
        builtin,
      );
      expect.unreachable('the files should be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe('invalid rule tests (3 problems)');
      expect((error as InputError).problems.map((problem) => problem.location?.file)).toEqual(['a.test.yaml', 'c.test.yaml', 'c.test.yaml']);
    }
  });
});

describe('readRuleTestFiles', () => {
  const display = (path: string): string => relative(dir, path);

  it('reads *.test.yaml and *.test.yml directly in each folder, in code-point order, and nothing else', async () => {
    const pack = join(dir, 'pack');
    await mkdir(join(pack, 'sub'), { recursive: true });
    await mkdir(join(pack, 'folder.test.yaml'));
    await writeFile(join(pack, 'rules.yaml'), 'rules: []\n');
    await writeFile(join(pack, 'b.test.yml'), 'b\n');
    await writeFile(join(pack, 'B.test.yaml'), 'B\n');
    await writeFile(join(pack, 'a.test.yaml'), 'a\n');
    await writeFile(join(pack, 'sub', 'c.test.yaml'), 'c\n');
    expect(await readRuleTestFiles([pack], { display })).toEqual([
      { file: 'pack/B.test.yaml', text: 'B\n' },
      { file: 'pack/a.test.yaml', text: 'a\n' },
      { file: 'pack/b.test.yml', text: 'b\n' },
    ]);
  });

  it('refuses a folder without test files and a folder that does not exist, reporting both', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty, { recursive: true });
    await writeFile(join(empty, 'rules.yaml'), 'rules: []\n');
    const error = await readRuleTestFiles([empty, join(dir, 'missing')], { display }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((problem) => problem.message)).toEqual([
      'rule pack folder empty holds no rule tests',
      'cannot find rule pack folder missing',
    ]);
  });

  it('refuses a test file above the size limit', async () => {
    const big = join(dir, 'big');
    await mkdir(big, { recursive: true });
    await writeFile(join(big, 'x.test.yaml'), 'x'.repeat(2048));
    const error = await readRuleTestFiles([big], { display, maxBytes: 1024 }).catch((caught: unknown) => caught);
    expect((error as InputError).problems[0]?.message).toMatch(/^rule test file .*x\.test\.yaml is 2\.0 KB, over the 1 KB limit$/);
  });
});

import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { listFiredRules, runRuleTestCase, runRuleTests } from '../../src/engine/rule-tests.js';
import { loadPacks } from '../../src/load/pack.js';
import type { AnswersFile } from '../../src/model/answers.js';
import type { Pack } from '../../src/model/pack.js';
import type { RuleTestCase, RuleTestExpectation } from '../../src/model/rule-test.js';

const TEAM = fileURLToPath(new URL('../fixtures/rule-tests/team', import.meta.url));

let builtin: Pack;
let team: Pack;
beforeAll(async () => {
  builtin = await loadPacks([]);
  team = await loadPacks([TEAM]);
});

const location = { file: 'pack/x.test.yaml', line: 3, column: 5 };

function testCase(
  answers: Record<string, string>,
  expectation: Partial<RuleTestExpectation>,
  numbers: RuleTestCase['numbers'] = {},
  services: RuleTestCase['services'] = [],
): RuleTestCase {
  return { name: 'a case', services, answers, numbers, expect: { fires: [], does_not_fire: [], checklist: [], ...expectation }, location };
}

const party = (name: 'caller' | 'callee', kind: 'client' | 'edge' | 'service' | 'partner' | 'read_model') => ({ name, kind, location });

function decideOne(answers: Record<string, string>, numbers: RuleTestCase['numbers'] = {}, pack: Pack = builtin) {
  const file: AnswersFile = {
    version: 2,
    id: 'x',
    title: 'x',
    status: 'proposed',
    context: '',
    decision_makers: [],
    consulted: [],
    informed: [],
    // Both parties are backend services unless a test says otherwise.
    services: [
      { name: 'a', kind: 'service', location },
      { name: 'b', kind: 'service', location },
    ],
    flows: [],
    source: 'x.yaml',
    interactions: [{ id: 'i', from: 'a', to: 'b', summary: 's', answers, numbers, location }],
  };
  return decide(file, pack);
}

const waitedQuery = { intent: 'query', caller_needs: 'result', tolerates_pending: 'no', freshness: 'strong' };

describe('runRuleTestCase', () => {
  it('passes a case whose every expectation holds, and lists what fired in pack order', () => {
    const result = runRuleTestCase(
      testCase(waitedQuery, {
        style: 'sync',
        mechanism: 'call',
        // Unanswered questions that could change the outcome keep it below high.
        confidence: 'medium',
        fires: ['strong-freshness-ask-owner', 'query-answered-now'],
        does_not_fire: ['eventual-read-projection'],
        checklist: ['timeout-budget', 'circuit-breaker'],
      }),
      builtin,
    );
    expect(result).toEqual({
      name: 'a case',
      location,
      failures: [],
      fired: ['result-needed-now', 'query-answered-now', 'strong-freshness-ask-owner'],
    });
  });

  it('says what was expected and what came out, one line per expectation that failed', () => {
    const result = runRuleTestCase(
      testCase(waitedQuery, {
        style: 'async',
        mechanism: 'event',
        confidence: 'low',
        fires: ['fact-as-event', 'query-answered-now'],
        does_not_fire: ['result-needed-now'],
        checklist: ['dead-letter-queue', 'timeout-budget'],
      }),
      builtin,
    );
    expect(result.failures).toEqual([
      'expected style async, got sync',
      'expected mechanism event, got call',
      'expected confidence low, got medium',
      'rule fact-as-event did not fire; fired: result-needed-now, query-answered-now, strong-freshness-ask-owner',
      'rule result-needed-now fired, but the case says it must not',
      expect.stringMatching(/^checklist item dead-letter-queue is not required; required: timeout-budget, bounded-retries, .+$/),
    ]);
  });

  it('compares the full mechanism, reply channel included', () => {
    const answers = { intent: 'command', caller_needs: 'acknowledgement', duration: 'long', realtime_updates: 'no' };
    const parties = [party('caller', 'client'), party('callee', 'service')];
    expect(runRuleTestCase(testCase(answers, { mechanism: 'call+request-reply:polling' }, {}, parties), builtin).failures).toEqual([]);
    expect(runRuleTestCase(testCase(answers, { mechanism: 'call+request-reply:callback' }, {}, parties), builtin).failures).toEqual([
      'expected mechanism call+request-reply:callback, got call+request-reply:polling',
    ]);
  });

  it('decides with the parties the case describes', () => {
    const answers = { intent: 'fact', when_down: 'defer' };
    const fromService = runRuleTestCase(testCase(answers, { style: 'async', mechanism: 'event' }, {}, [party('caller', 'service'), party('callee', 'service')]), builtin);
    expect(fromService.failures).toEqual([]);
    const fromApp = runRuleTestCase(testCase(answers, { style: 'async' }, {}, [party('caller', 'client'), party('callee', 'service')]), builtin);
    expect(fromApp.failures).toEqual(['expected style async, got hybrid']);
    expect(fromApp.fired).toContain('endpoint-for-callers-without-broker');
  });

  it('says "fired: none" when no rule fired; the default reason is not a rule', () => {
    const result = runRuleTestCase(testCase({ intent: 'unknown' }, { fires: ['fact-as-event'] }), builtin);
    expect(result.fired).toEqual([]);
    expect(result.failures).toEqual(['rule fact-as-event did not fire; fired: none']);
  });

  it('derives fits_latency_budget from the numbers and sees whole-system findings on the one interaction', () => {
    const result = runRuleTestCase(
      testCase({ ...waitedQuery, when_down: 'fail_closed' }, { fires: ['slow-callee-keep-sync', 'async-hides-latency'] }, { latency_budget_ms: 800, latency_p99_ms: 1200 }),
      builtin,
    );
    expect(result.failures).toEqual([]);
    // Within the budget neither fires.
    const fast = runRuleTestCase(testCase(waitedQuery, {}, { latency_budget_ms: 800, latency_p99_ms: 300 }), builtin);
    expect(fast.fired).not.toContain('slow-callee-keep-sync');
    expect(fast.fired).not.toContain('async-hides-latency');
  });

  it("runs a team pack's rules on its own question", () => {
    const answers = { intent: 'command', pci_scope: 'yes', trust_boundary: 'internal' };
    const result = runRuleTestCase(testCase(answers, { style: 'sync', fires: ['pci-calls-stay-internal'], checklist: ['pci-transport-encryption'] }), team);
    expect(result.failures).toEqual([]);
  });
});

describe('listFiredRules', () => {
  it('counts a rule that only makes a checklist item required', () => {
    const decision = decideOne({ intent: 'fact', ordering: 'per_key' });
    expect(decision.interactions[0]?.reasons.map((reason) => reason.rule)).not.toContain('ordering-per-key');
    expect(listFiredRules(decision, builtin)).toContain('ordering-per-key');
  });

  it('does not count a rule whose items are required only until an unknown answer is given', () => {
    const decision = decideOne({ intent: 'fact', ordering: 'unknown' });
    const item = decision.interactions[0]?.checklist.find((entry) => entry.id === 'ordering-key');
    expect(item?.required_by).toContain('ordering-per-key');
    expect(item?.depends_on_unknown).toEqual(['ordering']);
    expect(listFiredRules(decision, builtin)).not.toContain('ordering-per-key');
  });

  it('counts a rule that raised a finding, and a rule that voted against the chosen style', () => {
    const global = decideOne({ intent: 'fact', ordering: 'global' });
    expect(global.findings.map((finding) => finding.rule)).toContain('ordering-global');
    expect(listFiredRules(global, builtin)).toContain('ordering-global');
    // Failing fast asks weakly for a synchronous part; a caller that needs nothing outvotes it.
    const against = decideOne({ intent: 'command', caller_needs: 'nothing', when_down: 'fail_fast' });
    expect(against.interactions[0]?.reasons.find((reason) => reason.rule === 'fail-fast-needs-to-know')?.stance).toBe('against');
    expect(listFiredRules(against, builtin)).toContain('fail-fast-needs-to-know');
  });

  it('does not count "style" as a rule when the style itself requires an item', () => {
    expect(listFiredRules(decideOne({ intent: 'unknown' }), builtin)).toEqual([]);
  });
});

describe('runRuleTests', () => {
  it('counts passed and failed cases per file and lists the tested packs\' rules no case fires', () => {
    const passing = testCase({ intent: 'command', pci_scope: 'yes', trust_boundary: 'internal' }, { fires: ['pci-calls-stay-internal'] });
    const failing = { ...testCase({ intent: 'fact' }, { style: 'sync' }), name: 'a failing case' };
    const report = runRuleTests(
      [
        { file: 'a.test.yaml', cases: [passing] },
        { file: 'b.test.yaml', cases: [failing] },
      ],
      team,
      ['payments-team'],
    );
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(1);
    expect(report.files.map((file) => [file.file, file.results.map((result) => [result.name, result.failures])])).toEqual([
      ['a.test.yaml', [['a case', []]]],
      // With its parties undescribed, both are taken to be backend services: a fact is an event.
      ['b.test.yaml', [['a failing case', ['expected style sync, got async']]]],
    ]);
    // Built-in rules that fired (fact-as-event) or not are not the tested pack's concern.
    expect(report.untested).toEqual(['pci-leaves-the-organisation']);
    expect(report.rules).toBe(2);
  });

  it('counts a rule fired by any case of any file, also one that failed', () => {
    const failing = testCase(
      { intent: 'command', caller_needs: 'result', pci_scope: 'yes', trust_boundary: 'partner' },
      { style: 'async' },
      {},
      [party('caller', 'service'), party('callee', 'service')],
    );
    const report = runRuleTests([{ file: 'a.test.yaml', cases: [failing] }], team, ['payments-team']);
    expect(report.failed).toBe(1);
    expect(report.untested).toEqual(['pci-calls-stay-internal']);
  });
});

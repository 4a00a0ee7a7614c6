/**
 * Running rule tests: each case is decided as a one-interaction system by the same decide()
 * that writes ADRs, and its expectations are compared with what came out. Pure.
 */
import type { AnswersFile, Interaction } from '../model/answers.js';
import type { Decision } from '../model/decision.js';
import type { Pack } from '../model/pack.js';
import type { RuleTestCase, RuleTestFile, RuleTestReport, RuleTestResult } from '../model/rule-test.js';
import { decide } from './decide.js';
import { DEFAULT_RULE_ID, POSSIBILITIES_RULE_ID } from '../model/decision.js';
import { STYLE_SOURCE } from './decide-interaction.js';

/**
 * Runs every case of every file. `testedPacks` names the packs whose rules should each be
 * fired by some case; those that are not are listed in `untested`.
 */
export function runRuleTests(files: readonly RuleTestFile[], pack: Pack, testedPacks: readonly string[]): RuleTestReport {
  const fired = new Set<string>();
  let passed = 0;
  let failed = 0;
  const results = files.map((file) => ({
    file: file.file,
    results: file.cases.map((testCase) => {
      const result = runRuleTestCase(testCase, pack);
      for (const id of result.fired) fired.add(id);
      if (result.failures.length === 0) passed += 1;
      else failed += 1;
      return result;
    }),
  }));
  const tested = pack.rules.filter((rule) => testedPacks.includes(rule.pack));
  const untested = tested.filter((rule) => !fired.has(rule.id)).map((rule) => rule.id);
  return { files: results, passed, failed, untested, rules: tested.length };
}

export function runRuleTestCase(testCase: RuleTestCase, pack: Pack): RuleTestResult {
  const decision = decide(toAnswersFile(testCase), pack);
  const decided = decision.interactions[0];
  if (decided === undefined) throw new Error('a one-interaction decision has no interaction');
  const fired = listFiredRules(decision, pack);
  const required = decided.checklist.map((item) => item.id);
  const { expect } = testCase;
  const failures: string[] = [];
  if (expect.style !== undefined && expect.style !== decided.style) failures.push(`expected style ${expect.style}, got ${decided.style}`);
  if (expect.mechanism !== undefined && expect.mechanism !== decided.mechanism) {
    failures.push(`expected mechanism ${expect.mechanism}, got ${decided.mechanism}`);
  }
  if (expect.confidence !== undefined && expect.confidence !== decided.confidence) {
    failures.push(`expected confidence ${expect.confidence}, got ${decided.confidence}`);
  }
  for (const id of expect.fires) {
    if (!fired.includes(id)) failures.push(`rule ${id} did not fire; fired: ${listOrNone(fired)}`);
  }
  for (const id of expect.does_not_fire) {
    if (fired.includes(id)) failures.push(`rule ${id} fired, but the case says it must not`);
  }
  for (const id of expect.checklist) {
    if (!required.includes(id)) failures.push(`checklist item ${id} is not required; required: ${listOrNone(required)}`);
  }
  return { name: testCase.name, location: testCase.location, failures, fired };
}

/**
 * The rules and system rules that fired, in pack order: a rule fires when it shows in the
 * decision, as a reason (for or against) that does not hold only under assumed answers, as a
 * finding, or as a source of a checklist item that does not merely depend on an unknown answer.
 */
export function listFiredRules(decision: Decision, pack: Pack): string[] {
  const seen = new Set<string>();
  for (const interaction of decision.interactions) {
    for (const reason of interaction.reasons) {
      if (reason.rule === DEFAULT_RULE_ID || reason.rule === POSSIBILITIES_RULE_ID || reason.assuming !== undefined) continue;
      seen.add(reason.rule);
    }
    for (const item of interaction.checklist) {
      if (item.depends_on_unknown !== undefined) continue;
      for (const source of item.required_by) if (source !== STYLE_SOURCE) seen.add(source);
    }
  }
  for (const finding of decision.findings) seen.add(finding.rule);
  return [...pack.rules.map((rule) => rule.id), ...pack.systemRules.map((rule) => rule.id)].filter((id) => seen.has(id));
}

/** A case as an answers file of one interaction, so that whole-system checks on it run too. */
function toAnswersFile(testCase: RuleTestCase): AnswersFile {
  const interaction: Interaction = {
    id: 'case',
    from: 'caller',
    to: 'callee',
    summary: testCase.name,
    answers: { ...testCase.answers },
    numbers: { ...testCase.numbers },
    location: testCase.location,
  };
  return {
    version: 2,
    id: 'rule-test',
    title: testCase.name,
    status: 'proposed',
    context: '',
    decision_makers: [],
    consulted: [],
    informed: [],
    services: testCase.services.map((service) => ({ ...service })),
    interactions: [interaction],
    flows: [],
    source: testCase.location.file,
  };
}

function listOrNone(ids: readonly string[]): string {
  return ids.length === 0 ? 'none' : ids.join(', ');
}

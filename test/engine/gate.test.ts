import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { applyGate, counts, holds, summariseGate } from '../../src/engine/gate.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import type { Pack } from '../../src/model/pack.js';
import { STARTER_CONTEXT } from '../../src/model/answers.js';

let pack: Pack;
beforeAll(async () => {
  pack = await loadPacks([]);
});

/** A file with one synchronous query (which requires a timeout budget, among others) and extra lines. */
function answersWith(options: { checklist?: string[]; top?: string[]; declared?: string } = {}): string {
  return [
    'version: 2',
    'title: Gate',
    'context: Checks.',
    ...(options.top ?? []),
    'interactions:',
    '  - id: price',
    '    from: checkout',
    '    to: pricing',
    '    summary: Look up the price',
    '    answers: { intent: query, caller_needs: result, tolerates_pending: no, fits_latency_budget: yes, when_down: fail_fast, freshness: strong, critical_decision: no, duration: instant, multiple_consumers: no }',
    ...(options.declared === undefined ? [] : [`    declared: ${options.declared}`]),
    ...(options.checklist === undefined ? [] : ['    checklist:', ...options.checklist.map((line) => `      ${line}`)]),
    '',
  ].join('\n');
}

function gate(text: string, options: { today?: string; requireChecklist?: boolean } = {}) {
  const answers = parseAnswers(text, 'answers.yaml', pack);
  const decision = decide(answers, pack);
  const findings = applyGate(answers, decision, { today: options.today ?? '2027-01-15', requireChecklist: options.requireChecklist ?? false });
  return { findings, decision, required: decision.interactions[0]!.checklist.map((item) => item.id) };
}

describe('acknowledged checklists', () => {
  it('adds nothing without --require-checklist when every acknowledgement is still required', () => {
    const { required } = gate(answersWith());
    expect(required).toContain('timeout-budget');
    const { findings } = gate(answersWith({ checklist: ['timeout-budget: done'] }));
    expect(findings.filter((finding) => finding.rule.startsWith('checklist'))).toEqual([]);
  });

  it('reports every required item that is neither done nor waived, as an error at the interaction', () => {
    const { findings, required } = gate(answersWith({ checklist: ['timeout-budget: done'] }), { requireChecklist: true });
    const missing = findings.filter((finding) => finding.rule === 'checklist-missing');
    expect(missing.map((finding) => finding.message.split(' ')[1]).sort()).toEqual(required.filter((id) => id !== 'timeout-budget').sort());
    expect(missing.every((finding) => finding.severity === 'error' && finding.interaction === 'price' && finding.location?.line === 5)).toBe(true);
  });

  it('takes require_checklist: true in the file like the option', () => {
    const { findings } = gate(answersWith({ top: ['require_checklist: true'] }));
    expect(findings.some((finding) => finding.rule === 'checklist-missing')).toBe(true);
  });

  it('shows a waived item as waived until its date, and as an error again after it', () => {
    const waiver = 'circuit-breaker: { waived: "read-only, a cached price will do", until: 2027-03-01 }';
    const before = gate(answersWith({ checklist: [waiver] }), { requireChecklist: true, today: '2027-03-01' }).findings;
    const waived = before.find((finding) => finding.message.includes('circuit-breaker'));
    expect(waived).toMatchObject({ rule: 'checklist-missing', waived: { reason: 'read-only, a cached price will do', until: '2027-03-01' } });
    expect(counts(waived!, 'info')).toBe(false);

    const after = gate(answersWith({ checklist: [waiver] }), { requireChecklist: true, today: '2027-03-02' }).findings;
    const expired = after.find((finding) => finding.message.includes('circuit-breaker'));
    expect(expired).toMatchObject({ rule: 'checklist-waiver-expired', severity: 'error', location: { line: 11 } });
    expect(expired?.waived).toBeUndefined();
    // Without --require-checklist an expired waiver is still worth a warning.
    const advisory = gate(answersWith({ checklist: [waiver] }), { today: '2027-03-02' }).findings;
    expect(advisory.find((finding) => finding.rule === 'checklist-waiver-expired')?.severity).toBe('warning');
  });

  it('warns about an acknowledged item the recommendation does not require', () => {
    const { findings } = gate(answersWith({ checklist: ['dead-letter-queue: done'] }));
    expect(findings.filter((finding) => finding.rule === 'checklist-not-required')).toEqual([
      expect.objectContaining({ severity: 'warning', interaction: 'price', location: expect.objectContaining({ line: 11, column: 7 }) }),
    ]);
  });
});

describe('waivers', () => {
  const drift = 'declared-style-drift';

  it('mark the matching finding as waived, which then does not fail the check', () => {
    const plain = gate(answersWith({ declared: 'async' })).findings.find((finding) => finding.rule === drift);
    expect(plain).toBeDefined();
    const text = answersWith({
      declared: 'async',
      top: [
        'waivers:',
        `  - { rule: ${drift}, interaction: price, reason: moving to a call next quarter, until: 2027-06-30 }`,
        // A read that must be current is reported as a stale read, not also as a query over events.
        '  - { rule: stale-read-for-strong-decision, interaction: price, reason: the same move }',
      ],
    });
    const { findings, decision } = gate(text);
    const waived = findings.find((finding) => finding.rule === drift);
    expect(waived?.waived).toMatchObject({ reason: 'moving to a call next quarter', until: '2027-06-30', location: { line: 5 } });
    const summary = summariseGate(decision, findings, 'warning');
    expect(findings.filter((finding) => finding.waived === undefined)).toEqual([]);
    expect(summary.waived).toBe(2);
    expect(summary.findings.warning).toBe(0);
    expect(summary.failed).toBe(false);
  });

  it('stop waiving after their date and say so', () => {
    const text = answersWith({ declared: 'async', top: ['waivers:', `  - { rule: ${drift}, interaction: price, reason: later, until: 2027-01-14 }`] });
    const { findings, decision } = gate(text, { today: '2027-01-15' });
    expect(findings.find((finding) => finding.rule === drift)?.waived).toBeUndefined();
    expect(findings.find((finding) => finding.rule === 'waiver-expired')).toMatchObject({ severity: 'warning', location: { line: 5 } });
    expect(summariseGate(decision, findings, 'warning').failed).toBe(true);
  });

  it('without a date hold for good; without a place they cover every finding of the rule', () => {
    const text = answersWith({ declared: 'async', top: ['waivers:', `  - { rule: ${drift}, reason: accepted for good }`] });
    expect(gate(text, { today: '2099-12-31' }).findings.find((finding) => finding.rule === drift)?.waived?.reason).toBe('accepted for good');
  });

  it('that match nothing are reported, so they do not hide a future finding', () => {
    const text = answersWith({ top: ['waivers:', `  - { rule: ${drift}, interaction: price, reason: stale }`] });
    expect(gate(text).findings.map((finding) => finding.rule)).toContain('waiver-unused');
  });
});

describe('holds', () => {
  it('includes the last day', () => {
    expect(holds('2027-01-15', '2027-01-15')).toBe(true);
    expect(holds('2027-01-14', '2027-01-15')).toBe(false);
    expect(holds(undefined, '2999-01-01')).toBe(true);
  });
});

describe('what is not answered yet', () => {
  const unanswered = (answers: string): string =>
    ['version: 2', 'title: Gate', 'context: Checks.', 'interactions:', '  - id: price', '    from: checkout', '    to: pricing', '    summary: Look up the price', ...(answers === '' ? [] : [`    answers: { ${answers} }`]), ''].join('\n');
  const run = (text: string, options: { openQuestions?: 'error' | 'warning' | 'info' | 'off'; minConfidence?: 'low' | 'medium' | 'high' } = {}) => {
    const answers = parseAnswers(text, 'answers.yaml', pack);
    const decision = decide(answers, pack);
    return { findings: applyGate(answers, decision, { today: '2027-01-15', requireChecklist: false, ...options }), decision };
  };

  it('reports an interaction with no answer at all once, naming the questions that could change its starting point', () => {
    const { findings, decision } = run(unanswered(''));
    expect(decision.interactions[0]?.support).toBe(0);
    const found = findings.filter((finding) => finding.rule === 'interaction-unanswered');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', interaction: 'price', location: { file: 'answers.yaml', line: 5 } });
    expect(found[0]?.message).toMatch(/^price: none of its questions is answered yet, so sync via call is only the starting point; on its own, caller_needs could change it$/);
    expect(findings.filter((finding) => finding.rule === 'question-open')).toEqual([]);
  });

  it('reports each unknown answer that could change a recommendation, with what its answers would give, and none that could not', () => {
    const { findings, decision } = run(unanswered('intent: command'));
    const changing = decision.interactions[0]!.open_questions.filter((question) => question.alternatives.length > 0);
    expect(changing.length).toBeGreaterThan(0);
    const open = findings.filter((finding) => finding.rule === 'question-open');
    expect(open.map((finding) => finding.message.split(' ')[1]).sort()).toEqual(changing.map((question) => question.question).sort());
    for (const question of changing) {
      const message = open.find((finding) => finding.message.startsWith(`price: ${question.question} `))?.message;
      for (const alternative of question.alternatives) expect(message).toContain(`${alternative.answer} gives ${alternative.style} via ${alternative.mechanism}`);
    }
    // Fully answered: nothing is open.
    expect(gate(answersWith()).findings.filter((finding) => finding.rule === 'question-open' || finding.rule === 'interaction-unanswered')).toEqual([]);
  });

  it('takes the severity --open-questions gives, or reports nothing with off', () => {
    expect(run(unanswered(''), { openQuestions: 'error' }).findings.find((finding) => finding.rule === 'interaction-unanswered')?.severity).toBe('error');
    const off = run(unanswered('intent: query'), { openQuestions: 'off' }).findings;
    expect(off.filter((finding) => finding.rule === 'question-open' || finding.rule === 'interaction-unanswered')).toEqual([]);
  });

  it('fails recommendations less certain than --min-confidence, and only those', () => {
    const { findings, decision } = run(unanswered(''), { minConfidence: 'medium' });
    expect(decision.interactions[0]?.confidence).toBe('low');
    expect(findings.find((finding) => finding.rule === 'confidence-below')).toMatchObject({ severity: 'error', interaction: 'price' });
    expect(run(unanswered(''), { minConfidence: 'low' }).findings.filter((finding) => finding.rule === 'confidence-below')).toEqual([]);
    const sure = gate(answersWith());
    expect(sure.decision.interactions[0]?.confidence).toBe('high');
  });

  it("reports init's placeholder context at its line, and nothing once it is replaced", () => {
    const text = ['version: 2', 'title: Gate', 'context: |', `  ${STARTER_CONTEXT}`, 'interactions:', '  - id: price', '    from: checkout', '    to: pricing', '    summary: Look up the price', ''].join('\n');
    expect(run(text).findings.find((finding) => finding.rule === 'context-placeholder')).toMatchObject({ severity: 'warning', location: { line: 3 } });
    expect(run(text.replace(STARTER_CONTEXT, 'The shop and its checkout.')).findings.filter((finding) => finding.rule === 'context-placeholder')).toEqual([]);
  });
});

describe('platform acknowledgements', () => {
  const withPlatform = (...entries: string[]): string => answersWith({ top: ['platform_checklist:', ...entries] });

  it('count for every interaction they cover, so --require-checklist no longer reports the item there', () => {
    const { findings } = gate(withPlatform('  - { item: timeout-budget, style: sync, done: true }'), { requireChecklist: true });
    const missing = findings.filter((finding) => finding.rule === 'checklist-missing').map((finding) => finding.message.split(' ')[1]);
    expect(missing).not.toContain('timeout-budget');
    expect(missing.length).toBeGreaterThan(0);
  });

  it('cover nothing outside their style, mechanism or service', () => {
    for (const scope of ['style: async', 'mechanism: queue', 'service: orders']) {
      const { findings } = gate(withPlatform(`  - { item: timeout-budget, ${scope}, done: true }`), { requireChecklist: true });
      expect(findings.some((finding) => finding.rule === 'checklist-missing' && finding.message.startsWith('price: timeout-budget ')), scope).toBe(true);
      expect(findings.find((finding) => finding.rule === 'checklist-not-required')?.message, scope).toMatch(/^platform_checklist: timeout-budget is acknowledged for the .*interactions.*, but none of them requires it$/);
    }
    const byService = gate(withPlatform('  - { item: timeout-budget, service: pricing, done: true }'), { requireChecklist: true }).findings;
    expect(byService.filter((finding) => finding.message.includes('timeout-budget'))).toEqual([]);
  });

  it('give way to the interaction\'s own entry, and a waiver of theirs is reported as waived, and as expired after its date', () => {
    const own = gate(answersWith({ top: ['platform_checklist:', '  - { item: timeout-budget, done: true }'], checklist: ['timeout-budget: { waived: behind the gateway }'] }), { requireChecklist: true });
    expect(own.findings.find((finding) => finding.message.startsWith('price: timeout-budget '))?.waived?.reason).toBe('behind the gateway');
    const waived = gate(withPlatform('  - { item: timeout-budget, waived: the mesh sets deadlines, until: 2027-01-31 }'), { requireChecklist: true });
    expect(waived.findings.find((finding) => finding.message.startsWith('price: timeout-budget '))).toMatchObject({ rule: 'checklist-missing', waived: { reason: 'the mesh sets deadlines', until: '2027-01-31' } });
    const expired = gate(withPlatform('  - { item: timeout-budget, waived: the mesh sets deadlines, until: 2027-01-01 }'), { requireChecklist: true });
    expect(expired.findings.find((finding) => finding.rule === 'checklist-waiver-expired')?.location?.line).toBe(5);
  });
});

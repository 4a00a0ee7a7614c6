import { describe, expect, it } from 'vitest';
import { createDecisionContext, decideInteraction, evaluateInteraction, partsOf } from '../../src/engine/decide-interaction.js';
import type { Condition, Recommendation, Weight } from '../../src/model/pack.js';
import type { RuleSpec } from './helpers.js';
import { makeInteraction, makePack, makeQuestion, makeRule, makeService, makeStandardQuestions } from './helpers.js';

const ALWAYS: Condition = { all: [] };
const is = (answer: string, eq: string): Condition => ({ answer, eq });

function vote(id: string, recommend: Recommendation, weight: Weight = 'normal', when: Condition = ALWAYS, reason?: string): RuleSpec {
  return { id, when, recommend, weight, ...(reason === undefined ? {} : { reason }) };
}

describe('partsOf', () => {
  it.each([
    ['call', { sync: 'call', async: null, reply: null }],
    ['event', { sync: null, async: 'event', reply: null }],
    ['call+queue', { sync: 'call', async: 'queue', reply: null }],
    ['request-reply:callback', { sync: null, async: 'request-reply', reply: 'callback' }],
    ['call+request-reply:stream', { sync: 'call', async: 'request-reply', reply: 'stream' }],
  ])('%s', (mechanism, parts) => {
    expect(partsOf(mechanism)).toEqual(parts);
  });
});

describe('decideInteraction: nothing said', () => {
  it('is a low-confidence synchronous call with one default reason', () => {
    const decision = decideInteraction(makeInteraction(), makePack());
    expect(decision).toMatchObject({ style: 'sync', mechanism: 'call', confidence: 'low', main_reasons: ['default'] });
    expect(decision.reasons).toEqual([expect.objectContaining({ rule: 'default', stance: 'for', vote: {} })]);
  });

  it('does not weigh the possibilities of an interaction that answers nothing, but names the first questions', () => {
    const pack = makePack({ rules: [vote('fact-async', { async: 'yes', mechanism: 'event' }, 'strong', is('intent', 'fact'))] });
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'unknown' } }), pack);
    expect(decision).toMatchObject({ style: 'sync', confidence: 'low', main_reasons: ['default'] });
    expect(decision.open_questions).toEqual([
      expect.objectContaining({ question: 'intent', alternatives: [{ answer: 'fact', style: 'async', mechanism: 'event' }] }),
    ]);
  });
});

describe('decideInteraction: reasons', () => {
  it('orders for before against, then by weight, then by pack order, and fills the text', () => {
    const pack = makePack({
      rules: [
        vote('weak-sync', { sync: 'yes' }, 'weak', ALWAYS, '{{from}} waits'),
        vote('against-async', { sync: 'no', async: 'yes' }, 'weak'),
        vote('no-async', { async: 'no' }, 'normal'),
        vote('strong-sync', { sync: 'yes' }, 'strong', ALWAYS, '{{to}} answers in {{latency_p99_ms}} ms; intent {{intent}}'),
      ],
    });
    const decision = decideInteraction(makeInteraction({ from: 'web', to: 'cart', numbers: { latency_p99_ms: 40 }, answers: { intent: 'query' } }), pack);
    expect(decision.style).toBe('sync');
    expect(decision.reasons.map((reason) => [reason.rule, reason.stance])).toEqual([
      ['strong-sync', 'for'],
      ['no-async', 'for'],
      ['weak-sync', 'for'],
      ['against-async', 'against'],
    ]);
    expect(decision.reasons[0]?.text).toBe('cart answers in 40 ms; intent query');
    expect(decision.reasons[2]?.text).toBe('web waits');
    expect(decision.reasons[0]?.vote).toEqual({ sync: 'yes' });
  });

  it('counts a vote for the synchronous part and one for the asynchronous part both for a hybrid', () => {
    const pack = makePack({ rules: [vote('sync-part', { sync: 'yes' }), vote('async-part', { async: 'yes', mechanism: 'event' })] });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.style).toBe('hybrid');
    expect(decision.reasons.every((reason) => reason.stance === 'for')).toBe(true);
  });

  it('counts a vote for the right part with another mechanism against', () => {
    const pack = makePack({
      rules: [vote('queue', { async: 'yes', mechanism: 'queue' }, 'strong'), vote('event', { async: 'yes', mechanism: 'event' }, 'weak')],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.mechanism).toBe('queue');
    expect(decision.reasons.find((reason) => reason.rule === 'event')?.stance).toBe('against');
  });

  it('leaves out votes on nothing the outcome has: a reply without request-reply, a mechanism without an asynchronous part', () => {
    const pack = makePack({ rules: [vote('sync', { sync: 'yes' }), vote('reply', { reply: 'callback' }), vote('hook', { mechanism: 'webhook' })] });
    expect(decideInteraction(makeInteraction(), pack).reasons.map((reason) => reason.rule)).toEqual(['sync']);
  });

  it('ignores fired rules that only add checklist items', () => {
    const pack = makePack({ rules: [vote('sync', { sync: 'yes' }), { id: 'items-only', when: ALWAYS, checklist: ['x'] }], checklist: [{ id: 'x' }] });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.reasons.map((reason) => reason.rule)).toEqual(['sync']);
    expect(decision.checklist.map((item) => item.id)).toEqual(['x']);
  });

  it('says which assumed answers a reason holds under, and adds the possible-answers reason', () => {
    const pack = makePack({
      rules: [
        vote('result', { sync: 'yes' }, 'normal', is('caller_needs', 'result')),
        vote('nothing', { sync: 'no', async: 'yes' }, 'normal', is('caller_needs', 'nothing')),
        vote('ack', { async: 'yes' }, 'strong', is('caller_needs', 'acknowledgement')),
      ],
    });
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'command' } }), pack);
    // result: sync; acknowledgement: async; nothing: async. Two answers of three give async.
    expect(decision).toMatchObject({ style: 'async', mechanism: 'queue', confidence: 'medium' });
    expect(decision.reasons[0]).toMatchObject({ rule: 'possible-answers', stance: 'for' });
    expect(decision.reasons[0]?.text).toContain('caller_needs');
    expect(decision.reasons.find((reason) => reason.rule === 'ack')?.assuming).toEqual({ caller_needs: 'acknowledgement' });
    expect(decision.main_reasons).toEqual(['possible-answers']);
    expect(decision.support).toBe(0.667);
  });
});

describe('decideInteraction: main reasons', () => {
  it('is the strongest reason for the part that makes the style', () => {
    const pack = makePack({ rules: [vote('weak', { sync: 'yes' }, 'weak'), vote('strong', { sync: 'yes' }, 'strong')] });
    expect(decideInteraction(makeInteraction(), pack).main_reasons).toEqual(['strong']);
  });

  it('is one rule for a hybrid when a rule asks for both parts', () => {
    const pack = makePack({
      rules: [vote('sync', { sync: 'yes' }, 'strong'), vote('both', { sync: 'yes', async: 'yes', mechanism: 'event' }), vote('async', { async: 'yes' })],
    });
    expect(decideInteraction(makeInteraction(), pack).main_reasons).toEqual(['both']);
  });

  it('is a reason for each part of a hybrid that no single rule explains, never one for another style', () => {
    const pack = makePack({ rules: [vote('async', { async: 'yes', mechanism: 'queue' }, 'strong'), vote('sync', { sync: 'yes' })] });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.style).toBe('hybrid');
    expect(decision.main_reasons).toEqual(['sync', 'async']);
  });
});

describe('decideInteraction: options', () => {
  it('lists the chosen option first, then each style some reason asks for, with pros and cons', () => {
    const pack = makePack({
      rules: [vote('needs-result', { sync: 'yes' }, 'normal'), vote('may-wait', { sync: 'no', async: 'yes', mechanism: 'queue' }, 'strong')],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.options).toEqual([
      { style: 'async', mechanism: 'queue', chosen: true, pros: ['may-wait'], cons: ['needs-result'] },
      { style: 'sync', mechanism: 'call', chosen: false, pros: ['needs-result'], cons: ['may-wait'] },
      { style: 'hybrid', mechanism: 'call+queue', chosen: false, pros: ['needs-result'], cons: ['may-wait'] },
    ]);
  });

  it('adds the other style when the reasons weigh only one', () => {
    const pack = makePack({ rules: [vote('sync', { sync: 'yes' })] });
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'fact' } }), pack);
    expect(decision.options.map((option) => [option.style, option.mechanism, option.chosen])).toEqual([
      ['sync', 'call', true],
      ['async', 'event', false],
    ]);
  });

  it('adds each outcome an open question could lead to', () => {
    const pack = makePack({ rules: [vote('sync', { sync: 'yes' }, 'strong'), vote('live', { async: 'yes', mechanism: 'request-reply', reply: 'stream' }, 'strong', is('realtime_updates', 'yes'))] });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.options.map((option) => option.mechanism)).toContain('call+request-reply:stream');
  });
});

describe('decideInteraction: confidence', () => {
  it('is high when every possibility agrees and no strong reason argues against', () => {
    const pack = makePack({ rules: [vote('sync', { sync: 'yes' }, 'strong'), vote('weak-async', { async: 'yes' }, 'weak')] });
    expect(decideInteraction(makeInteraction(), pack).confidence).toBe('high');
  });

  it('is medium when a strong reason argues against though everything is known', () => {
    const pack = makePack({ rules: [vote('sync', { sync: 'yes' }, 'strong'), vote('also-sync', { sync: 'yes' }), vote('strong-not', { sync: 'no', async: 'yes' }, 'strong')] });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.style).toBe('hybrid');
    expect(decision.confidence).toBe('medium');
  });

  it('is medium when an unknown answer could change the mechanism but not the style', () => {
    const pack = makePack({
      rules: [vote('later', { async: 'yes', mechanism: 'request-reply' }, 'strong'), vote('callback', { reply: 'callback' }, 'normal', is('caller_reachable', 'yes'))],
    });
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'query' } }), pack);
    expect(decision.style).toBe('async');
    expect(decision.confidence).toBe('medium');
    expect(decision.open_questions.map((question) => question.question)).toEqual(['caller_reachable']);
  });

  it('is low when the answers of an open question split evenly and the safer style is taken', () => {
    const pack = makePack({ rules: [vote('later', { async: 'yes', mechanism: 'event' }, 'strong', is('multiple_consumers', 'yes')), vote('now', { sync: 'yes' }, 'normal', is('multiple_consumers', 'no'))] });
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'fact' } }), pack);
    expect(decision).toMatchObject({ style: 'sync', confidence: 'low' });
    expect(decision.reasons[0]?.text).toContain('split evenly');
  });

  it('is low when unknowns could change the style and a strong reason argues against', () => {
    const pack = makePack({
      rules: [
        vote('strong-sync', { sync: 'yes' }, 'strong'),
        vote('async-a', { sync: 'no', async: 'yes', mechanism: 'event' }, 'strong'),
        vote('async-b', { sync: 'no' }, 'weak', is('when_down', 'defer')),
        vote('sync-c', { sync: 'yes' }, 'weak', is('when_down', 'fail_fast')),
      ],
    });
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'fact' } }), pack);
    expect(decision.confidence).toBe('low');
  });
});

describe('decideInteraction: open questions', () => {
  // As in the built-in pack, what the caller needs is not asked of a fact.
  const questions = makeStandardQuestions().map((question) =>
    question.id === 'caller_needs' ? { ...question, ask_when: { not: is('intent', 'fact') } } : question,
  );
  const pack = makePack({
    questions,
    rules: [
      vote('fact-event', { async: 'yes', mechanism: 'event' }, 'strong', is('intent', 'fact')),
      vote('needs-result', { sync: 'yes' }, 'normal', is('caller_needs', 'result')),
      vote('needs-nothing', { sync: 'no', async: 'yes' }, 'normal', is('caller_needs', 'nothing')),
    ],
  });

  it('reports each answer that would change the recommendation, in answer order', () => {
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'command', caller_needs: 'unknown' } }), pack);
    const open = decision.open_questions.find((question) => question.question === 'caller_needs');
    expect(decision.style).toBe('sync');
    expect(open?.alternatives).toEqual([{ answer: 'nothing', style: 'async', mechanism: 'queue' }]);
  });

  it('does not report an unknown that cannot change the outcome', () => {
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'fact', caller_needs: 'unknown' } }), pack);
    expect(decision.open_questions).toEqual([]);
    expect(decision.confidence).toBe('high');
  });

  it('never weighs a question whose ask_when does not hold', () => {
    const gated = makePack({
      questions: [makeQuestion('intent', { answers: ['query', 'command', 'fact'] }), makeQuestion('caller_needs', { answers: ['result', 'nothing'], ask_when: { not: is('intent', 'fact') } })],
      rules: [vote('nothing', { async: 'yes' }, 'strong', is('caller_needs', 'nothing')), vote('sync', { sync: 'yes' })],
    });
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'fact' } }), gated);
    expect(decision.open_questions).toEqual([]);
    expect(decision.style).toBe('sync');
  });

  it('still uses an answer given to a question whose ask_when does not hold', () => {
    const gated = makePack({
      questions: [makeQuestion('intent', { answers: ['query', 'command', 'fact'] }), makeQuestion('caller_needs', { answers: ['result', 'nothing'], ask_when: { not: is('intent', 'fact') } })],
      rules: [vote('nothing', { async: 'yes' }, 'strong', is('caller_needs', 'nothing'))],
    });
    expect(decideInteraction(makeInteraction({ answers: { intent: 'fact', caller_needs: 'nothing' } }), gated).style).toBe('async');
  });
});

describe('decideInteraction: derived answers', () => {
  const pack = makePack({
    rules: [
      vote('slow', { sync: 'yes', async: 'yes', mechanism: 'request-reply' }, 'strong', is('fits_latency_budget', 'no')),
      vote('client', { sync: 'yes' }, 'strong', is('caller_kind', 'client')),
      vote('polls', { reply: 'polling' }, 'normal', is('caller_reachable', 'no')),
    ],
  });

  it('decides with answers derived from the numbers and the services, and lists them', () => {
    const interaction = makeInteraction({ from: 'app', to: 'media', numbers: { latency_budget_ms: 100, latency_p99_ms: 900 } });
    const decision = decideInteraction(interaction, pack, [makeService('app', { kind: 'client' })]);
    expect(decision.mechanism).toBe('call+request-reply:polling');
    expect(decision.derived).toEqual(['caller_kind', 'fits_latency_budget', 'caller_reachable', 'trust_boundary']);
    expect(decision.answers).toMatchObject({ fits_latency_budget: 'no', caller_kind: 'client', caller_reachable: 'no', trust_boundary: 'public' });
    expect(decision.open_questions).toEqual([]);
  });

  it('does not touch the interaction it was given', () => {
    const interaction = makeInteraction({ numbers: { latency_budget_ms: 100, latency_p99_ms: 900 } });
    decideInteraction(interaction, pack);
    expect(interaction.answers).toEqual({});
  });
});

describe('decideInteraction: a party whose kind is unknown', () => {
  // A fact is an event, unless a caller without a broker needs an endpoint in front of it.
  const pack = makePack({
    rules: [
      vote('fact-as-event', { async: 'yes', mechanism: 'event' }, 'strong', is('intent', 'fact')),
      vote('endpoint', { sync: 'yes' }, 'strong', { answer: 'caller_kind', in: ['client', 'edge', 'partner'] }),
    ],
  });

  it('takes it to be a backend service instead of letting the rarer kinds outvote it', () => {
    const decision = decideInteraction(makeInteraction({ from: 'shop', to: 'ledger', answers: { intent: 'fact' } }), pack);
    expect(decision).toMatchObject({ style: 'async', mechanism: 'event', main_reasons: ['fact-as-event'] });
    const possible = decision.reasons.find((reason) => reason.rule === 'possible-answers');
    expect(possible?.text).toContain('The kind of shop is not known, so it is taken to be a backend service');
    expect(possible?.text).not.toContain('Not every answer is known');
  });

  it('lists what each other kind would change, and is not highly confident while one would', () => {
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'fact' } }), pack);
    expect(decision.open_questions).toEqual([
      expect.objectContaining({
        question: 'caller_kind',
        alternatives: ['client', 'edge', 'partner'].map((answer) => ({ answer, style: 'hybrid', mechanism: 'call+event' })),
      }),
    ]);
    expect(decision.confidence).toBe('medium');
    expect(decision.options.map((option) => `${option.style} ${option.mechanism}`)).toContain('hybrid call+event');
  });

  it('names the assumption on a reason that holds only because of it', () => {
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'query' } }), makePack({ rules: [vote('inside', { async: 'yes', mechanism: 'queue' }, 'normal', is('caller_kind', 'service'))] }));
    expect(decision.style).toBe('async');
    expect(decision.reasons.find((reason) => reason.rule === 'inside')?.assuming).toEqual({ caller_kind: 'service' });
  });

  it('makes no assumption and can be highly confident once the services say what the parties are', () => {
    const decision = decideInteraction(makeInteraction({ from: 'shop', answers: { intent: 'fact' } }), pack, [makeService('shop', { kind: 'service' })]);
    expect(decision).toMatchObject({ style: 'async', mechanism: 'event', confidence: 'high', open_questions: [] });
    expect(decision.reasons.map((reason) => reason.rule)).toEqual(['fact-as-event']);
  });

  it('weighs the other answers as before: only the kind is assumed', () => {
    const weighed = makePack({
      rules: [
        vote('fact-as-event', { async: 'yes', mechanism: 'event' }, 'strong', is('intent', 'fact')),
        vote('waits', { sync: 'yes', async: 'no' }, 'strong', { all: [is('caller_kind', 'service'), is('tolerates_pending', 'no')] }),
      ],
    });
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'fact' } }), weighed);
    // tolerates_pending splits the outcome evenly: the safer style is taken, with low confidence.
    expect(decision).toMatchObject({ style: 'sync', confidence: 'low' });
    expect(decision.reasons.find((reason) => reason.rule === 'possible-answers')?.text).toMatch(/Not every answer is known \(tolerates_pending\)\..* The kind of a is not known/);
  });
});

describe('evaluateInteraction: answers seen before in the same file', () => {
  const pack = makePack({
    checklist: [{ id: 'dedupe', mechanisms: ['queue' as const], when: is('safe_to_repeat', 'no') }],
    rules: [vote('queue', { async: 'yes', mechanism: 'queue' }, 'normal', is('intent', 'command')), vote('slow', { sync: 'yes' }, 'normal', is('duration', 'instant'))],
  });

  it('gives each interaction its own decision, equal to a fresh one, with nothing shared between them', () => {
    const context = createDecisionContext(pack);
    const interaction = makeInteraction({ answers: { intent: 'command' } });
    const first = evaluateInteraction({ ...interaction, id: 'one' }, context).decision;
    const second = evaluateInteraction({ ...interaction, id: 'two' }, context).decision;
    const fresh = decideInteraction({ ...interaction, id: 'two' }, pack);
    expect(second).toEqual(fresh);
    expect(first.open_questions).toEqual(second.open_questions);
    // Obligations add checklist items to open questions: a second use must not see the first's.
    const dedupe = second.open_questions.find((question) => question.question === 'safe_to_repeat');
    expect(dedupe?.checklist).toEqual(['dedupe']);
    expect(first.open_questions).not.toBe(second.open_questions);
    for (const [index, question] of first.open_questions.entries()) expect(question).not.toBe(second.open_questions[index]);
  });

  it('tells apart answers that differ only in their numbers', () => {
    const context = createDecisionContext(makePack({ rules: [vote('fits', { sync: 'yes' }, 'strong', is('fits_latency_budget', 'yes')), vote('slow', { async: 'yes', mechanism: 'queue' }, 'strong', is('fits_latency_budget', 'no'))] }));
    const fast = evaluateInteraction(makeInteraction({ answers: { intent: 'command' }, numbers: { latency_budget_ms: 100, latency_p99_ms: 50 } }), context).decision;
    const slow = evaluateInteraction(makeInteraction({ answers: { intent: 'command' }, numbers: { latency_budget_ms: 100, latency_p99_ms: 500 } }), context).decision;
    expect([fast.style, slow.style]).toEqual(['sync', 'async']);
  });
});

describe('decideInteraction: obligations', () => {
  const checklist = [
    { id: 'timeout', mechanisms: ['call' as const] },
    { id: 'dlq', mechanisms: ['event' as const, 'queue' as const] },
    { id: 'boundary', styles: ['hybrid' as const] },
    { id: 'outbox', mechanisms: ['event' as const], when: is('safe_to_repeat', 'no') },
    { id: 'key' },
    { id: 'shed' },
  ];

  it('requires the items of the style and of each mechanism part, in pack order', () => {
    const pack = makePack({ checklist, rules: [vote('both', { sync: 'yes', async: 'yes', mechanism: 'event' })] });
    const decision = decideInteraction(makeInteraction({ answers: { safe_to_repeat: 'no' } }), pack);
    expect(decision.checklist.map((item) => [item.id, item.required_by])).toEqual([
      ['timeout', ['style']],
      ['dlq', ['style']],
      ['boundary', ['style']],
      ['outbox', ['style']],
    ]);
  });

  it('keeps an item whose when is unknown, marked by the questions that decide it', () => {
    const pack = makePack({ checklist, rules: [vote('event', { async: 'yes', mechanism: 'event' })] });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.checklist.find((item) => item.id === 'outbox')?.depends_on_unknown).toEqual(['safe_to_repeat']);
    expect(decision.open_questions).toEqual([expect.objectContaining({ question: 'safe_to_repeat', alternatives: [], checklist: ['outbox'] })]);
  });

  it('adds the items and finding of a style rule that holds for certain', () => {
    const pack = makePack({
      checklist,
      rules: [{ ...vote('sync', { sync: 'yes' }), checklist: ['key'], finding: { severity: 'warning', message: '{{id}} from {{from}}' } }],
    });
    const { decision, findings } = evaluateInteraction(makeInteraction({ id: 'x', from: 'web' }), createDecisionContext(pack));
    expect(decision.checklist.find((item) => item.id === 'key')?.required_by).toEqual(['sync']);
    expect(findings).toEqual([expect.objectContaining({ rule: 'sync', severity: 'warning', message: 'x from web', interaction: 'x' })]);
  });

  it('marks the items of a style rule that the known answers leave open, and raises no finding for it', () => {
    const pack = makePack({
      checklist,
      rules: [
        vote('base', { sync: 'yes' }),
        { ...vote('maybe', { async: 'yes', mechanism: 'queue' }, 'strong', is('caller_needs', 'nothing')), checklist: ['key'], finding: { severity: 'info', message: 'raised' } },
        vote('ack', { async: 'yes', mechanism: 'queue' }, 'strong', is('caller_needs', 'acknowledgement')),
      ],
    });
    const { decision, findings } = evaluateInteraction(makeInteraction({ answers: { intent: 'command' } }), createDecisionContext(pack));
    expect(decision.style).toBe('hybrid');
    expect(decision.checklist.find((item) => item.id === 'key')?.depends_on_unknown).toEqual(['caller_needs']);
    expect(findings).toEqual([]);
  });

  it('runs rules that read the outcome: true adds items and the finding, unknown marks the items', () => {
    const pack = makePack({
      checklist,
      rules: [
        vote('event', { async: 'yes', mechanism: 'event' }),
        { id: 'async-shed', when: { all: [{ outcome: 'style', eq: 'async' }, is('load_profile', 'spiky')] }, checklist: ['shed'], finding: { severity: 'info', message: 'spiky' } },
      ],
    });
    const spiky = evaluateInteraction(makeInteraction({ answers: { load_profile: 'spiky' } }), createDecisionContext(pack));
    expect(spiky.decision.checklist.find((item) => item.id === 'shed')?.required_by).toEqual(['async-shed']);
    expect(spiky.findings.map((finding) => finding.rule)).toEqual(['async-shed']);
    const unknown = evaluateInteraction(makeInteraction(), createDecisionContext(pack));
    expect(unknown.decision.checklist.find((item) => item.id === 'shed')?.depends_on_unknown).toEqual(['load_profile']);
    expect(unknown.findings).toEqual([]);
  });

  it('treats an item required both for certain and conditionally as certain, naming both sources', () => {
    const pack = makePack({
      checklist,
      rules: [{ ...vote('sync', { sync: 'yes' }), checklist: ['key'] }, { id: 'maybe-key', when: is('ordering', 'global'), checklist: ['key'] }],
    });
    const item = decideInteraction(makeInteraction(), pack).checklist.find((entry) => entry.id === 'key');
    expect(item?.required_by).toEqual(['sync', 'maybe-key']);
    expect(item?.depends_on_unknown).toBeUndefined();
  });
});

describe('decideInteraction: output', () => {
  it('copies the interaction fields, keeps declared and is repeatable', () => {
    const pack = makePack({ rules: [vote('sync', { sync: 'yes' })] });
    const interaction = makeInteraction({ id: 'i', from: 'a', to: 'b', summary: 'S', declared: 'async', line: 42 });
    const first = decideInteraction(interaction, pack);
    expect(first).toMatchObject({ id: 'i', from: 'a', to: 'b', summary: 'S', declared: 'async', location: { line: 42 } });
    expect(decideInteraction(interaction, pack)).toEqual(first);
  });

  it('has no declared key when none was declared', () => {
    expect('declared' in decideInteraction(makeInteraction(), makePack())).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { combineVotes, decideInteraction, deriveAnswers, evaluateInteraction, splitMechanism } from '../../src/engine/decide-interaction.js';
import type { Condition, Recommendation, Weight } from '../../src/model/pack.js';
import type { RuleSpec } from './helpers.js';
import { makeInteraction, makePack, makeQuestion, makeRule, makeStandardQuestions } from './helpers.js';

const ALWAYS: Condition = { all: [] };

function vote(id: string, recommend: Recommendation, weight: Weight = 'normal', when: Condition = ALWAYS): RuleSpec {
  return { id, when, recommend, weight };
}

describe('combineVotes', () => {
  const rule = (id: string, recommend: Recommendation, weight: Weight = 'normal') => makeRule(vote(id, recommend, weight));

  const cases: {
    name: string;
    rules: ReturnType<typeof rule>[];
    intent?: string;
    style: string;
    mechanism: string;
    isDefault?: boolean;
    isTie?: boolean;
  }[] = [
    { name: 'no vote: plain synchronous call', rules: [], style: 'sync', mechanism: 'call', isDefault: true },
    {
      name: 'a reply vote alone is no style vote',
      rules: [rule('r', { reply: 'callback' }, 'strong')],
      style: 'sync',
      mechanism: 'call',
      isDefault: true,
    },
    {
      name: 'a weak hybrid vote beats strong sync and async votes',
      rules: [rule('s', { style: 'sync' }, 'strong'), rule('a', { style: 'async' }, 'strong'), rule('h', { style: 'hybrid' }, 'weak')],
      style: 'hybrid',
      mechanism: 'call+event',
    },
    { name: 'more sync points: sync', rules: [rule('s', { style: 'sync' }, 'strong'), rule('a', { style: 'async' })], style: 'sync', mechanism: 'call' },
    {
      name: 'more async points: async, fact defaults to event',
      rules: [rule('s', { style: 'sync' }, 'weak'), rule('a', { style: 'async' })],
      intent: 'fact',
      style: 'async',
      mechanism: 'event',
    },
    {
      name: 'async command defaults to a queue',
      rules: [rule('a', { style: 'async' })],
      intent: 'command',
      style: 'async',
      mechanism: 'queue',
    },
    { name: 'async without intent defaults to event', rules: [rule('a', { style: 'async' })], style: 'async', mechanism: 'event' },
    {
      name: 'a tie goes to sync and counts as a tie',
      rules: [rule('s', { style: 'sync' }), rule('a', { style: 'async' }, 'normal')],
      style: 'sync',
      mechanism: 'call',
      isTie: true,
    },
    {
      name: 'mechanism with the highest point sum wins',
      rules: [
        rule('q', { style: 'async', mechanism: 'queue' }, 'strong'),
        rule('e1', { style: 'async', mechanism: 'event' }, 'normal'),
        rule('e2', { style: 'async', mechanism: 'event' }, 'normal'),
      ],
      style: 'async',
      mechanism: 'event',
    },
    {
      name: 'mechanism tie: first in pack order',
      rules: [rule('q', { style: 'async', mechanism: 'queue' }), rule('e', { style: 'async', mechanism: 'event' })],
      style: 'async',
      mechanism: 'queue',
    },
    {
      name: 'mechanisms of the losing style are ignored',
      rules: [rule('s', { style: 'sync', mechanism: 'call' }, 'weak'), rule('a', { style: 'async', mechanism: 'request-reply' }, 'strong')],
      style: 'async',
      mechanism: 'request-reply:polling',
    },
    {
      name: 'request-reply without reply votes polls',
      rules: [rule('h', { style: 'hybrid', mechanism: 'call+request-reply' })],
      style: 'hybrid',
      mechanism: 'call+request-reply:polling',
    },
    {
      name: 'reply with the highest point sum wins',
      rules: [
        rule('h', { style: 'hybrid', mechanism: 'call+request-reply' }),
        rule('s', { reply: 'stream' }, 'normal'),
        rule('c', { reply: 'callback' }, 'strong'),
      ],
      style: 'hybrid',
      mechanism: 'call+request-reply:callback',
    },
    {
      name: 'reply tie: first in pack order',
      rules: [rule('h', { style: 'async', mechanism: 'request-reply', reply: 'stream' }), rule('c', { reply: 'callback' })],
      style: 'async',
      mechanism: 'request-reply:stream',
    },
    {
      name: 'reply votes do not apply to other mechanisms',
      rules: [rule('h', { style: 'hybrid', mechanism: 'call+queue' }), rule('c', { reply: 'callback' }, 'strong')],
      style: 'hybrid',
      mechanism: 'call+queue',
    },
  ];
  it.each(cases)('$name', ({ rules, intent, style, mechanism, isDefault, isTie }) => {
    const combination = combineVotes(rules, intent);
    expect(combination.style).toBe(style);
    expect(combination.mechanism).toBe(mechanism);
    expect(combination.isDefault).toBe(isDefault ?? false);
    expect(combination.isTie).toBe(isTie ?? false);
  });
});

describe('splitMechanism', () => {
  it.each([
    ['call', ['call']],
    ['event', ['event']],
    ['call+request-reply:polling', ['call', 'request-reply', 'polling']],
    ['request-reply:stream', ['request-reply', 'stream']],
  ])('%s', (mechanism, parts) => {
    expect(splitMechanism(mechanism)).toEqual(parts);
  });
});

describe('decideInteraction: default decision', () => {
  it('is a low-confidence synchronous call with one default reason', () => {
    const decision = decideInteraction(makeInteraction(), makePack());
    expect(decision).toMatchObject({ style: 'sync', mechanism: 'call', confidence: 'low' });
    expect(decision.reasons).toEqual([
      { rule: 'default', stance: 'for', style: 'sync', weight: 'weak', text: expect.stringContaining('open questions') },
    ]);
  });

  it('stays low even when nothing is unknown', () => {
    const answers = { intent: 'query', needs_answer_now: 'yes' };
    const pack = makePack({ rules: [vote('never', { style: 'async' }, 'normal', { answer: 'intent', eq: 'fact' })] });
    expect(decideInteraction(makeInteraction({ answers }), pack).confidence).toBe('low');
  });
});

describe('decideInteraction: reasons', () => {
  it('orders for before against, then by weight, then by pack order, and fills the text', () => {
    const pack = makePack({
      rules: [
        { ...vote('sync-weak', { style: 'sync' }, 'weak'), reason: '{{from}} waits {{latency_p99_ms}} ms.' },
        vote('async-normal', { style: 'async' }, 'normal'),
        vote('async-strong', { style: 'async' }, 'strong'),
        vote('sync-strong', { style: 'sync' }, 'strong'),
        { ...vote('async-normal-2', { style: 'async' }, 'normal'), reason: 'Timeout {{timeout_ms}} for {{id}}.' },
        vote('not-firing', { style: 'sync' }, 'strong', { answer: 'intent', eq: 'query' }),
      ],
    });
    const decision = decideInteraction(makeInteraction({ id: 'x', from: 'shop', numbers: { latency_p99_ms: 120 } }), pack);
    expect(decision.style).toBe('async');
    expect(decision.reasons.map((reason) => [reason.rule, reason.stance])).toEqual([
      ['async-strong', 'for'],
      ['async-normal', 'for'],
      ['async-normal-2', 'for'],
      ['sync-strong', 'against'],
      ['sync-weak', 'against'],
    ]);
    expect(decision.reasons.find((reason) => reason.rule === 'sync-weak')?.text).toBe('shop waits 120 ms.');
    expect(decision.reasons.find((reason) => reason.rule === 'async-normal-2')?.text).toBe('Timeout n/a for x.');
  });

  it('counts sync and async votes for a hybrid, which keeps both parts', () => {
    const pack = makePack({
      rules: [vote('s', { style: 'sync' }, 'strong'), vote('a', { style: 'async' }), vote('h', { style: 'hybrid' }, 'weak')],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.style).toBe('hybrid');
    expect(decision.reasons.map((reason) => [reason.rule, reason.stance, reason.style])).toEqual([
      ['s', 'for', 'sync'],
      ['a', 'for', 'async'],
      ['h', 'for', 'hybrid'],
    ]);
  });

  it('places reply votes for the chosen reply for, others against, without a style', () => {
    const pack = makePack({
      rules: [
        vote('rr', { style: 'async', mechanism: 'request-reply' }, 'strong'),
        vote('poll', { reply: 'polling' }, 'weak'),
        vote('callback', { reply: 'callback' }, 'normal'),
      ],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.mechanism).toBe('request-reply:callback');
    expect(decision.reasons).toEqual([
      expect.objectContaining({ rule: 'rr', stance: 'for', style: 'async' }),
      expect.objectContaining({ rule: 'callback', stance: 'for' }),
      expect.objectContaining({ rule: 'poll', stance: 'against' }),
    ]);
    expect(decision.reasons[1]).not.toHaveProperty('style');
  });

  it('leaves out reply votes when no reply channel was chosen', () => {
    const pack = makePack({ rules: [vote('s', { style: 'sync' }), vote('poll', { reply: 'polling' }, 'strong')] });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.reasons.map((reason) => reason.rule)).toEqual(['s']);
    expect(decision.confidence).toBe('high');
  });

  it('ignores fired rules that only add checklist items', () => {
    const pack = makePack({
      rules: [vote('s', { style: 'sync' }), { id: 'only-items', when: ALWAYS, checklist: ['item'] }],
      checklist: [{ id: 'item' }],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.reasons.map((reason) => reason.rule)).toEqual(['s']);
    expect(decision.checklist.map((item) => [item.id, item.required_by])).toEqual([['item', ['only-items']]]);
  });
});

describe('decideInteraction: confidence', () => {
  const unknownFlip = vote('flip', { style: 'async' }, 'strong', { answer: 'intent', eq: 'fact' });
  const cases: { name: string; rules: RuleSpec[]; answers?: Record<string, string>; confidence: string }[] = [
    { name: 'one clear vote: high', rules: [vote('s', { style: 'sync' })], confidence: 'high' },
    {
      name: 'a strong vote against: medium',
      rules: [vote('s1', { style: 'sync' }, 'strong'), vote('s2', { style: 'sync' }, 'strong'), vote('a', { style: 'async' }, 'strong')],
      confidence: 'medium',
    },
    {
      name: 'against as strong as for after a tie: medium',
      rules: [vote('s', { style: 'sync' }), vote('a', { style: 'async' })],
      confidence: 'medium',
    },
    {
      name: 'a strong tie: strong against plus conflict is low',
      rules: [vote('s', { style: 'sync' }, 'strong'), vote('a', { style: 'async' }, 'strong')],
      confidence: 'low',
    },
    {
      name: 'weaker against, not strong: high',
      rules: [vote('s', { style: 'sync' }, 'strong'), vote('a', { style: 'async' }, 'normal')],
      confidence: 'high',
    },
    {
      name: 'one unknown that matters: medium',
      rules: [vote('s', { style: 'sync' }, 'normal'), unknownFlip],
      confidence: 'medium',
    },
    {
      name: 'three unknowns that matter: low',
      rules: [
        vote('s', { style: 'sync' }, 'normal'),
        vote('f1', { style: 'async' }, 'strong', { answer: 'multiple_consumers', eq: 'yes' }),
        vote('f2', { style: 'async' }, 'strong', { answer: 'tolerates_pending', eq: 'yes' }),
        vote('f3', { style: 'async' }, 'strong', { answer: 'load_profile', eq: 'spiky' }),
      ],
      confidence: 'low',
    },
  ];
  it.each(cases)('$name', ({ rules, answers, confidence }) => {
    const decision = decideInteraction(makeInteraction({ answers: answers ?? {} }), makePack({ rules }));
    expect(decision.confidence).toBe(confidence);
  });
});

describe('decideInteraction: open questions', () => {
  const rules: RuleSpec[] = [
    vote('query-sync', { style: 'sync', mechanism: 'call' }, 'normal', { answer: 'intent', eq: 'query' }),
    vote('pending-async', { style: 'async' }, 'strong', {
      all: [{ answer: 'needs_answer_now', eq: 'no' }, { answer: 'tolerates_pending', eq: 'yes' }],
    }),
    vote('ordering-weak', { style: 'sync' }, 'weak', { answer: 'ordering', eq: 'global' }),
  ];

  it('reports an unknown answer that flips the style, with the alternative style', () => {
    const interaction = makeInteraction({ answers: { intent: 'query', needs_answer_now: 'no', tolerates_pending: 'unknown' } });
    const decision = decideInteraction(interaction, makePack({ rules }));
    expect(decision.style).toBe('sync');
    expect(decision.open_questions).toEqual([
      {
        question: 'tolerates_pending',
        prompt: 'Prompt for tolerates_pending?',
        alternatives: [{ answer: 'yes', style: 'async', mechanism: 'event' }],
        checklist: [],
      },
    ]);
    expect(decision.confidence).toBe('medium');
  });

  it('does not report an unknown that cannot change the outcome', () => {
    // ordering only adds a weak sync vote to a decision that already is sync.
    const interaction = makeInteraction({ answers: { intent: 'query', needs_answer_now: 'yes' } });
    const decision = decideInteraction(interaction, makePack({ rules }));
    expect(decision.style).toBe('sync');
    expect(decision.open_questions).toEqual([]);
    expect(decision.confidence).toBe('high');
  });

  it('does not report a missing answer that no rule was waiting for', () => {
    const interaction = makeInteraction({ answers: { intent: 'query', needs_answer_now: 'yes' } });
    const decision = decideInteraction(interaction, makePack({ rules: [rules[0] as RuleSpec] }));
    expect(decision.open_questions).toEqual([]);
  });

  it('lists every answer that changes style or mechanism, in answer order, questions in pack order', () => {
    const pack = makePack({
      rules: [
        vote('fact-event', { style: 'async', mechanism: 'event' }, 'strong', { answer: 'intent', eq: 'fact' }),
        vote('command-queue', { style: 'async', mechanism: 'queue' }, 'strong', { answer: 'intent', eq: 'command' }),
        vote('query-sync', { style: 'sync' }, 'strong', { answer: 'intent', eq: 'query' }),
        vote('spiky', { style: 'async' }, 'weak', { answer: 'load_profile', eq: 'spiky' }),
      ],
    });
    const decision = decideInteraction(makeInteraction({ answers: { intent: 'unknown' } }), pack);
    expect(decision.style).toBe('sync');
    expect(decision.open_questions.map((question) => [question.question, question.alternatives])).toEqual([
      [
        'intent',
        [
          { answer: 'command', style: 'async', mechanism: 'queue' },
          { answer: 'fact', style: 'async', mechanism: 'event' },
        ],
      ],
      ['load_profile', [{ answer: 'spiky', style: 'async', mechanism: 'event' }]],
    ]);
  });

  it('counts an intent that only changes the default asynchronous mechanism', () => {
    // No vote changes with the intent, but a command goes to a queue where anything else is an event.
    const pack = makePack({
      rules: [
        vote('defer', { style: 'async' }, 'strong', { answer: 'when_down', eq: 'defer' }),
        vote('query-now', { style: 'sync' }, 'weak', { all: [{ answer: 'intent', eq: 'query' }, { answer: 'needs_answer_now', eq: 'yes' }] }),
      ],
    });
    const decision = decideInteraction(makeInteraction({ answers: { when_down: 'defer' } }), pack);
    expect(decision.mechanism).toBe('event');
    expect(decision.open_questions.map((question) => [question.question, question.alternatives])).toEqual([
      ['intent', [{ answer: 'command', style: 'async', mechanism: 'queue' }]],
    ]);
  });

  it('counts a change of mechanism alone as an alternative', () => {
    const pack = makePack({
      rules: [
        vote('rr', { style: 'async', mechanism: 'request-reply' }, 'strong'),
        vote('callback', { reply: 'callback' }, 'normal', { answer: 'caller_reachable', eq: 'yes' }),
      ],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.mechanism).toBe('request-reply:polling');
    expect(decision.open_questions).toEqual([
      expect.objectContaining({
        question: 'caller_reachable',
        alternatives: [{ answer: 'yes', style: 'async', mechanism: 'request-reply:callback' }],
      }),
    ]);
  });

  it('never opens a question whose ask_when is false', () => {
    const questions = makeStandardQuestions().map((question) =>
      question.id === 'tolerates_pending' ? makeQuestion('tolerates_pending', { ask_when: { answer: 'needs_answer_now', eq: 'no' } }) : question,
    );
    const pack = makePack({
      questions,
      rules: [vote('sync', { style: 'sync' }), vote('pending', { style: 'async' }, 'strong', { answer: 'tolerates_pending', eq: 'yes' })],
    });
    const notApplicable = decideInteraction(makeInteraction({ answers: { needs_answer_now: 'yes' } }), pack);
    expect(notApplicable.open_questions).toEqual([]);
    expect(notApplicable.style).toBe('sync');
    // Unknown ask_when means the question is asked, so it can be open.
    const applicable = decideInteraction(makeInteraction({ answers: {} }), pack);
    expect(applicable.open_questions.map((question) => question.question)).toEqual(['tolerates_pending']);
  });

  it('still uses an answer given to a question whose ask_when is false', () => {
    const questions = makeStandardQuestions().map((question) =>
      question.id === 'tolerates_pending' ? makeQuestion('tolerates_pending', { ask_when: { answer: 'needs_answer_now', eq: 'no' } }) : question,
    );
    const pack = makePack({ questions, rules: [vote('pending', { style: 'async' }, 'strong', { answer: 'tolerates_pending', eq: 'yes' })] });
    const decision = decideInteraction(makeInteraction({ answers: { needs_answer_now: 'yes', tolerates_pending: 'yes' } }), pack);
    expect(decision.style).toBe('async');
  });
});

describe('decideInteraction: derived fits_latency_budget', () => {
  const pack = makePack({
    rules: [
      vote('fits', { style: 'sync' }, 'normal', { answer: 'fits_latency_budget', eq: 'yes' }),
      vote('too-slow', { style: 'hybrid' }, 'normal', { answer: 'fits_latency_budget', eq: 'no' }),
    ],
  });
  const cases: { name: string; answers?: Record<string, string>; numbers: Record<string, number>; value?: string; derived: string[] }[] = [
    { name: 'p99 under budget: yes', numbers: { latency_p99_ms: 300, latency_budget_ms: 800 }, value: 'yes', derived: ['fits_latency_budget'] },
    { name: 'p99 equal to budget: yes', numbers: { latency_p99_ms: 800, latency_budget_ms: 800 }, value: 'yes', derived: ['fits_latency_budget'] },
    { name: 'p99 over budget: no', numbers: { latency_p99_ms: 1200, latency_budget_ms: 800 }, value: 'no', derived: ['fits_latency_budget'] },
    {
      name: 'unknown is replaced',
      answers: { fits_latency_budget: 'unknown' },
      numbers: { latency_p99_ms: 1200, latency_budget_ms: 800 },
      value: 'no',
      derived: ['fits_latency_budget'],
    },
    {
      name: 'a given answer is kept',
      answers: { fits_latency_budget: 'yes' },
      numbers: { latency_p99_ms: 1200, latency_budget_ms: 800 },
      value: 'yes',
      derived: [],
    },
    { name: 'only p99: not derived', numbers: { latency_p99_ms: 1200 }, derived: [] },
    { name: 'only budget: not derived', numbers: { latency_budget_ms: 800 }, derived: [] },
  ];
  it.each(cases)('$name', ({ answers, numbers, value, derived }) => {
    const interaction = makeInteraction({ answers: answers ?? {}, numbers });
    const decision = decideInteraction(interaction, pack);
    expect(decision.answers.fits_latency_budget).toBe(value);
    expect(decision.derived).toEqual(derived);
    expect(deriveAnswers(interaction, pack.questions).derived).toEqual(derived);
  });

  it('decides with the derived answer and does not open it', () => {
    const decision = decideInteraction(makeInteraction({ numbers: { latency_p99_ms: 1200, latency_budget_ms: 800 } }), pack);
    expect(decision.style).toBe('hybrid');
    expect(decision.open_questions).toEqual([]);
    expect(decision.confidence).toBe('high');
  });

  it('does not touch the interaction it was given', () => {
    const interaction = makeInteraction({ numbers: { latency_p99_ms: 1200, latency_budget_ms: 800 } });
    decideInteraction(interaction, pack);
    expect(interaction.answers).toEqual({});
  });
});

describe('decideInteraction: obligations', () => {
  const items = [
    { id: 'timeout-budget', styles: ['sync' as const], mechanisms: ['call' as const] },
    { id: 'idempotent-consumer', styles: ['async' as const] },
    { id: 'poll-rate-limit', mechanisms: ['polling' as const] },
    { id: 'ordering-key', styles: ['async' as const], when: { answer: 'ordering', in: ['per_key', 'global'] } as Condition },
    { id: 'decision-boundary', styles: ['hybrid' as const] },
    { id: 'idempotency-key' },
    { id: 'dead-letter-queue', when: { answer: 'safe_to_repeat', eq: 'no' } as Condition },
  ];

  it('requires the items of the style and of each mechanism part', () => {
    const pack = makePack({ checklist: items, rules: [vote('h', { style: 'hybrid', mechanism: 'call+request-reply' })] });
    const decision = decideInteraction(makeInteraction({ answers: { ordering: 'global' } }), pack);
    expect(decision.mechanism).toBe('call+request-reply:polling');
    expect(decision.checklist.map((item) => [item.id, item.required_by])).toEqual([
      ['timeout-budget', ['style']],
      ['poll-rate-limit', ['style']],
      ['decision-boundary', ['style']],
    ]);
    expect(decision.checklist[0]).toEqual({
      id: 'timeout-budget',
      title: 'Title of timeout-budget',
      why: 'Why timeout-budget.',
      verify: 'Verify timeout-budget.',
      required_by: ['style'],
    });
  });

  it('marks an item whose when is unknown as conditional and opens the question', () => {
    const pack = makePack({ checklist: items, rules: [vote('a', { style: 'async' })] });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.checklist.map((item) => [item.id, item.depends_on_unknown])).toEqual([
      ['idempotent-consumer', undefined],
      ['ordering-key', ['ordering']],
    ]);
    expect(decision.open_questions).toEqual([
      { question: 'ordering', prompt: 'Prompt for ordering?', alternatives: [], checklist: ['ordering-key'] },
    ]);
    // Only checklist items depend on it: confidence is not lowered.
    expect(decision.confidence).toBe('high');
  });

  it('leaves out an item whose when is false', () => {
    const pack = makePack({ checklist: items, rules: [vote('a', { style: 'async' })] });
    const decision = decideInteraction(makeInteraction({ answers: { ordering: 'none' } }), pack);
    expect(decision.checklist.map((item) => item.id)).toEqual(['idempotent-consumer']);
  });

  it('adds the checklist and finding of a fired style rule', () => {
    const pack = makePack({
      checklist: items,
      rules: [
        {
          ...vote('s', { style: 'sync' }),
          checklist: ['idempotency-key', 'dead-letter-queue'],
          finding: { severity: 'warning', message: '{{from}} calls {{to}} with timeout {{timeout_ms}}.' },
        },
      ],
    });
    const result = evaluateInteraction(makeInteraction({ id: 'x', from: 'shop', to: 'stock', line: 42 }), pack);
    expect(result.decision.checklist.map((item) => [item.id, item.required_by, item.depends_on_unknown])).toEqual([
      ['timeout-budget', ['style'], undefined],
      // A rule that fired requires its items whatever the item's own when says.
      ['idempotency-key', ['s'], undefined],
      ['dead-letter-queue', ['s'], undefined],
    ]);
    expect(result.findings).toEqual([
      {
        rule: 's',
        severity: 'warning',
        message: 'shop calls stock with timeout n/a.',
        interaction: 'x',
        location: { file: 'answers.yaml', line: 42, column: 3 },
      },
    ]);
  });

  it('runs obligation rules on the outcome: true adds items and the finding', () => {
    const pack = makePack({
      checklist: items,
      rules: [
        vote('a', { style: 'async' }),
        {
          id: 'async-not-safe',
          when: { all: [{ outcome: 'style', in: ['async', 'hybrid'] }, { answer: 'safe_to_repeat', eq: 'no' }] },
          checklist: ['idempotency-key'],
          finding: { severity: 'info', message: 'Deduplicate {{id}}.' },
        },
      ],
    });
    const result = evaluateInteraction(makeInteraction({ id: 'x', answers: { safe_to_repeat: 'no', ordering: 'none' } }), pack);
    expect(result.decision.checklist.map((item) => [item.id, item.required_by])).toEqual([
      ['idempotent-consumer', ['style']],
      ['idempotency-key', ['async-not-safe']],
    ]);
    expect(result.findings.map((finding) => finding.message)).toEqual(['Deduplicate x.']);
  });

  it('runs obligation rules on the outcome: unknown adds conditional items and no finding', () => {
    const pack = makePack({
      checklist: items,
      rules: [
        vote('a', { style: 'async' }),
        {
          id: 'async-not-safe',
          when: { all: [{ outcome: 'style', eq: 'async' }, { answer: 'safe_to_repeat', eq: 'no' }, { number: 'retries', gt: 0 }] },
          checklist: ['idempotency-key'],
          finding: { severity: 'info', message: 'Deduplicate.' },
        },
      ],
    });
    const result = evaluateInteraction(makeInteraction({ answers: { ordering: 'none' } }), pack);
    expect(result.decision.checklist.map((item) => [item.id, item.required_by, item.depends_on_unknown])).toEqual([
      ['idempotent-consumer', ['style'], undefined],
      ['idempotency-key', ['async-not-safe'], ['safe_to_repeat', 'retries']],
    ]);
    expect(result.findings).toEqual([]);
    // Number names never become questions.
    expect(result.decision.open_questions).toEqual([
      { question: 'safe_to_repeat', prompt: 'Prompt for safe_to_repeat?', alternatives: [], checklist: ['idempotency-key'] },
    ]);
  });

  it('does nothing for obligation rules that are false on the outcome', () => {
    const pack = makePack({
      checklist: items,
      rules: [vote('s', { style: 'sync' }), { id: 'only-async', when: { outcome: 'style', eq: 'async' }, checklist: ['idempotency-key'] }],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.checklist.map((item) => item.id)).toEqual(['timeout-budget']);
  });

  it('treats an item required both unconditionally and conditionally as unconditional', () => {
    const pack = makePack({
      checklist: items,
      rules: [
        vote('a', { style: 'async' }),
        { id: 'maybe', when: { answer: 'ordering', eq: 'global' }, checklist: ['idempotency-key'] },
        { id: 'surely', when: { outcome: 'style', eq: 'async' }, checklist: ['idempotency-key', 'ordering-key'] },
      ],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.checklist.map((item) => [item.id, item.required_by, item.depends_on_unknown])).toEqual([
      ['idempotent-consumer', ['style'], undefined],
      ['ordering-key', ['surely'], undefined],
      ['idempotency-key', ['surely'], undefined],
    ]);
    expect(decision.open_questions).toEqual([]);
  });

  it('merges the sources and unknowns of an item that is only conditional', () => {
    const pack = makePack({
      checklist: items,
      rules: [
        vote('a', { style: 'async' }),
        { id: 'pending-check', when: { all: [{ outcome: 'style', eq: 'async' }, { answer: 'tolerates_pending', eq: 'no' }] }, checklist: ['ordering-key'] },
      ],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.checklist.find((item) => item.id === 'ordering-key')).toMatchObject({
      required_by: ['style', 'pending-check'],
      depends_on_unknown: ['tolerates_pending', 'ordering'],
    });
    expect(decision.open_questions.map((question) => [question.question, question.checklist])).toEqual([
      ['tolerates_pending', ['ordering-key']],
      ['ordering', ['ordering-key']],
    ]);
  });

  it('joins alternatives and checklist items of the same open question', () => {
    const pack = makePack({
      checklist: items,
      rules: [vote('a', { style: 'async' }), vote('global-sync', { style: 'sync' }, 'strong', { answer: 'ordering', eq: 'global' })],
    });
    const decision = decideInteraction(makeInteraction(), pack);
    expect(decision.open_questions).toEqual([
      {
        question: 'ordering',
        prompt: 'Prompt for ordering?',
        alternatives: [{ answer: 'global', style: 'sync', mechanism: 'call' }],
        checklist: ['ordering-key'],
      },
    ]);
  });
});

describe('decideInteraction: output', () => {
  it('copies the interaction fields, keeps declared and is repeatable', () => {
    const pack = makePack({ rules: [vote('a', { style: 'async' })] });
    const interaction = makeInteraction({ id: 'x', from: 'f', to: 't', summary: 'S', declared: 'sync', line: 7 });
    const first = decideInteraction(interaction, pack);
    expect(first).toMatchObject({ id: 'x', from: 'f', to: 't', summary: 'S', declared: 'sync', location: { line: 7 } });
    expect(decideInteraction(interaction, pack)).toEqual(first);
    expect(JSON.stringify(decideInteraction(interaction, pack))).toBe(JSON.stringify(first));
  });

  it('has no declared key when none was declared', () => {
    expect(decideInteraction(makeInteraction(), makePack())).not.toHaveProperty('declared');
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnswersDocument } from '../../src/interview/answers-document.js';
import { applies, describeObserved, Interview } from '../../src/interview/flow.js';
import { InterviewInterrupted } from '../../src/interview/prompter.js';
import type { SelectPrompt, TextPrompt } from '../../src/interview/prompter.js';
import { loadPacks } from '../../src/load/pack.js';
import { parseAnswers } from '../../src/load/answers.js';
import { decide } from '../../src/engine/decide.js';
import type { Service } from '../../src/model/answers.js';
import type { Pack, Question } from '../../src/model/pack.js';
import { answers, INTERRUPT, kinds, QUERY_ANSWERED_NOW, RecordingOutput, ScriptedPrompter } from './scripted.js';
import type { Step } from './scripted.js';

let pack: Pack;
let teamPack: Pack;

beforeAll(async () => {
  pack = await loadPacks([]);
  // A team pack that adds one question of its own.
  const dir = await mkdtemp(join(tmpdir(), 'interview-pack-'));
  await writeFile(
    join(dir, 'team.yaml'),
    [
      'pack:',
      '  name: data-team',
      '  description: Questions about the data carried.',
      'questions:',
      '  - id: data_class',
      '    prompt: What data does the interaction carry?',
      '    help: Personal data needs a lawful basis in every consumer.',
      '    type: choice',
      '    answers: [public, internal, personal]',
      '',
    ].join('\n'),
  );
  teamPack = await loadPacks([dir]);
  await rm(dir, { recursive: true, force: true });
});

function start(script: readonly Step[], options: { text?: string; pack?: Pack } = {}) {
  const usedPack = options.pack ?? pack;
  const order = usedPack.questions.map((question) => question.id);
  const document = options.text === undefined ? AnswersDocument.create('schema.json', order) : AnswersDocument.parse(options.text, order);
  const prompter = new ScriptedPrompter(script);
  const output = new RecordingOutput();
  const interview = new Interview({ document, pack: usedPack, prompter, output, file: 'answers.yaml' });
  return { document, prompter, output, interview };
}

const OPENING: Step[] = [
  ['title', 'Checkout and payments'],
  ['context', 'How checkout talks to payments.'],
  ['decision_makers', 'payments team, web team'],
];


/** Two backend services, described as the interview asks them the first time each is named. */
const BACKENDS = (caller: string, callee: string): Step[] => kinds({ [caller]: 'service', [callee]: 'service' });

/**
 * One interaction from its caller to its review: the parties the interview has not met yet are
 * described by `parties` (right after the summary), then the questions are answered.
 */
function interaction(id: string, from: string, to: string, summary: string, parties: Step[], values: Record<string, string>): Step[] {
  return [['from', from], ['to', to], ['summary', summary], ['interaction-id', id], ...parties, ...answers(values), ['numbers', false], [`review:${id}`, 'accept']];
}

/** The first interaction of a decision: both parties are new, and backend services. */
function firstInteraction(id: string, from: string, to: string, summary: string, values: Record<string, string>): Step[] {
  return interaction(id, from, to, summary, BACKENDS(from, to), values);
}

/** Questions the engine reads from the services section, which an interaction is not asked once its services tell. */
const FROM_SERVICES = ['answer:caller_kind', 'answer:callee_kind', 'answer:caller_reachable', 'answer:trust_boundary'];

function question(id: string): Question {
  const found = pack.questions.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`the built-in pack has no question ${id}`);
  return found;
}

describe('a new interview', () => {
  it('asks the basics, each new service once, then each question of the pack in order, skipping what cannot matter', async () => {
    const { prompter, document, output, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    // The services are described right after the summary, before the first question.
    expect(prompter.ids().slice(0, 9)).toEqual(['title', 'context', 'decision_makers', 'from', 'to', 'summary', 'interaction-id', 'service:checkout:kind', 'service:pricing:kind']);
    // The order is the pack's; the parties' questions come from the services, and nothing about
    // a pending state, reactions or callbacks is asked of an instant answer within budget.
    expect(prompter.ids().filter((id) => id.startsWith('answer:'))).toEqual(Object.keys(QUERY_ANSWERED_NOW).map((id) => `answer:${id}`));
    const data = parse(document.toString());
    expect(data).toEqual({
      version: 2,
      title: 'Checkout and payments',
      context: 'How checkout talks to payments.',
      decision_makers: ['payments team', 'web team'],
      services: { checkout: { kind: 'service' }, pricing: { kind: 'service' } },
      interactions: [{ id: 'look-up-the-price', from: 'checkout', to: 'pricing', summary: 'Look up the price', answers: QUERY_ANSWERED_NOW }],
    });
    // Each new service is one line of its own, without padding inside the braces.
    expect(document.toString()).toContain('services:\n  checkout: {kind: service}\n  pricing: {kind: service}\ninteractions:\n');
    expect(output.text()).toContain('recommendation look-up-the-price: sync call high');
  });

  it('asks only what can change the recommendation, the checklist or a finding', async () => {
    // A query answered now: how many parties react to it changes nothing.
    const query = { ...QUERY_ANSWERED_NOW };
    // A command: how fresh "the data" must be changes nothing; whether others react does.
    const command = { intent: 'command', caller_needs: 'result', critical_decision: 'yes', when_down: 'fail_fast', fits_latency_budget: 'yes', duration: 'instant', multiple_consumers: 'yes', ordering: 'per_key', safe_to_repeat: 'no', load_profile: 'steady' };
    // A query whose owner nobody knows: the reactions come back into play, since it may be a decision.
    const { load_profile: _last, ...before } = QUERY_ANSWERED_NOW;
    const unsure = { ...before, critical_decision: 'unknown', multiple_consumers: 'no', load_profile: 'steady' };
    const { prompter, document, output, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', query),
      ['next', 'add'],
      ...interaction('authorize-the-card', 'checkout', 'payments', 'Authorize the card', kinds({ payments: 'service' }), command),
      ['next', 'add'],
      ...interaction('check-the-limit', 'checkout', 'payments', 'Check the limit', [], unsure),
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    const [first, second, third] = [0, 1, 2].map((index) => document.interaction(index).answers);
    expect(first).not.toHaveProperty('multiple_consumers');
    expect(second).not.toHaveProperty('freshness');
    expect(second).toMatchObject({ multiple_consumers: 'yes' });
    expect(third).toMatchObject({ critical_decision: 'unknown', multiple_consumers: 'no' });
    // Nothing left out lowers the confidence: the first is as certain as a fully answered one.
    expect(output.text()).toContain('recommendation look-up-the-price: sync call high');
    expect(output.text()).toContain('recommendation authorize-the-card: hybrid call+event high');
  });

  it('does not ask an announced fact what the caller needs, how fresh it must be, or about callbacks', async () => {
    // What the caller does when the broker is down, or how many react, changes nothing for a fact.
    const fact = { intent: 'fact', ordering: 'per_key', safe_to_repeat: 'no', load_profile: 'spiky' };
    const { prompter, output, interview } = start([...OPENING, ...firstInteraction('order-placed', 'checkout', 'orders', 'Order placed', fact), ['next', 'finish']]);
    await interview.run();
    prompter.assertDone();
    for (const id of ['answer:caller_needs', 'answer:freshness', 'answer:caller_reachable', 'answer:realtime_updates', 'answer:tolerates_pending', 'answer:when_down', 'answer:multiple_consumers']) {
      expect(prompter.ids()).not.toContain(id);
    }
    expect(output.text()).toContain('recommendation order-placed: async event');
  });

  it('asks about live updates where a reply comes later, and reads whether the caller can be called back from its kind', async () => {
    const acknowledged = {
      intent: 'command',
      caller_needs: 'acknowledgement',
      critical_decision: 'no',
      // Freshness, duration and reactions change nothing once only an acknowledgement is awaited.
      when_down: 'defer',
      realtime_updates: 'no',
      ordering: 'none',
      safe_to_repeat: 'unknown',
      load_profile: 'steady',
    };
    const { prompter, document, output, interview } = start([
      ...OPENING,
      ...interaction('export-report', 'web', 'reports', 'Export report', kinds({ web: 'client', reports: 'service' }), acknowledged),
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    // A caller that only needs an acknowledgement does not wait: no latency budget, no pending state.
    expect(prompter.ids()).not.toContain('answer:fits_latency_budget');
    expect(prompter.ids()).not.toContain('answer:tolerates_pending');
    // A browser is never called back and never reachable from outside: the services said it.
    expect(prompter.ids().filter((id) => FROM_SERVICES.includes(id) || id.endsWith(':reachable'))).toEqual([]);
    expect(document.interaction(0).answers).toEqual(acknowledged);
    // So the result that comes later is fetched, not called back.
    expect(output.text()).toMatch(/^recommendation export-report: \S+ \S*request-reply:polling /m);
  });

  it("offers every answer of the pack plus don't know, with the question's help", async () => {
    const { prompter, interview } = start([...OPENING, ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW), ['next', 'finish']]);
    await interview.run();
    const intent = prompter.asked.find((asked) => asked.id === 'answer:intent')!.prompt as unknown as { choices: { value: string; name: string; description?: string }[]; help?: string };
    expect(intent.choices.map((choice) => choice.value)).toEqual(['query', 'command', 'fact', 'unknown']);
    expect(intent.choices.at(-1)?.name).toBe("don't know");
    expect(intent.help).toBe(question('intent').help);
    expect(intent.choices[0]?.description).toBe(question('intent').answer_help['query']);
  });

  it("offers every kind of party plus don't know for a new service, each with its help", async () => {
    const { prompter, interview } = start([...OPENING, ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW), ['next', 'finish']]);
    await interview.run();
    const kind = prompter.asked.find((asked) => asked.id === 'service:checkout:kind')!.prompt as unknown as { message: string; choices: { value: string; name: string; description?: string }[] };
    expect(kind.message).toContain('checkout');
    expect(kind.choices.map((choice) => choice.value)).toEqual(['client', 'edge', 'service', 'partner', 'read_model', 'unknown']);
    expect(kind.choices.at(-1)?.name).toBe("don't know");
    for (const choice of kind.choices.slice(0, -1)) expect(choice.description).toBe(question('caller_kind').answer_help[choice.value]);
  });

  it('suggests the service names already used, and does not ask the kind of a service it already knows', async () => {
    const { prompter, document, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
      ['next', 'add'],
      // checkout is known from the first interaction: only stock is new.
      ...interaction('look-up-the-stock', 'checkout', 'stock', 'Look up the stock', kinds({ stock: 'service' }), QUERY_ANSWERED_NOW),
      ['next', 'add'],
      // Both known: nothing is asked about the parties at all.
      ...interaction('look-up-the-stock-again', 'pricing', 'stock', 'Look up the stock again', [], QUERY_ANSWERED_NOW),
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    const callers = prompter.asked.filter((asked) => asked.id === 'from').map((asked) => (asked.prompt as { suggestions?: string[] }).suggestions);
    expect(callers).toEqual([[], ['checkout', 'pricing'], ['checkout', 'pricing', 'stock']]);
    expect(prompter.ids().filter((id) => id.startsWith('service:'))).toEqual(['service:checkout:kind', 'service:pricing:kind', 'service:stock:kind']);
    expect(prompter.ids().filter((id) => FROM_SERVICES.includes(id))).toEqual([]);
    expect(parse(document.toString()).services).toEqual({ checkout: { kind: 'service' }, pricing: { kind: 'service' }, stock: { kind: 'service' } });
  });

  it('gives two interactions with the same summary different ids', async () => {
    const { document, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
      ['next', 'add'],
      ...interaction('look-up-the-price-2', 'cart', 'pricing', 'Look up the price', kinds({ cart: 'service' }), QUERY_ANSWERED_NOW),
      ['next', 'finish'],
    ]);
    await interview.run();
    expect(document.interactions().map((interaction) => interaction.id)).toEqual(['look-up-the-price', 'look-up-the-price-2']);
  });

  it('asks each number when the team wants to enter them, and skips the latency question they answer', async () => {
    const { prompter, document, interview } = start([
      ...OPENING,
      ['from', 'checkout'],
      ['to', 'pricing'],
      ['summary', 'Look up the price'], ['interaction-id', 'look-up-the-price'],
      ...BACKENDS('checkout', 'pricing'),
      ...answers(QUERY_ANSWERED_NOW),
      ['numbers', true],
      ['number:latency_budget_ms', 800],
      ['number:latency_p99_ms', 300],
      ['number:availability', 0.999],
      ['number:timeout_ms', undefined],
      ['number:retries', 2],
      // Retries make it matter whether the work is safe to repeat.
      ['answer:safe_to_repeat', 'yes'],
      ['review:look-up-the-price', 'revise'],
      ['revise:look-up-the-price', 'numbers'],
      ['numbers', true],
      ['number:latency_budget_ms', 800],
      ['number:latency_p99_ms', 900],
      ['number:availability', 0.999],
      ['number:timeout_ms', 700],
      ['number:retries', 2],
      ['review:look-up-the-price', 'accept'],
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    expect(document.interaction(0).numbers).toEqual({ latency_budget_ms: 800, latency_p99_ms: 900, availability: 0.999, timeout_ms: 700, retries: 2 });
    // The second round offered the first round's numbers as defaults.
    const defaults = prompter.asked.filter((asked) => asked.id === 'number:latency_p99_ms').map((asked) => (asked.prompt as { default?: number }).default);
    expect(defaults).toEqual([undefined, 300]);
    expect(document.toString()).toContain('latency: {budget_ms: 800, p99_ms: 900}');
    expect(applies(question('fits_latency_budget'), document.interaction(0))).toBe(false);
  });
});

describe('services', () => {
  it('asks whether a partner or a service of unknown kind can be called back, once, and writes both under services', async () => {
    const batch = {
      intent: 'command',
      caller_needs: 'acknowledgement',
      critical_decision: 'no',
      // Freshness, duration and reactions change nothing once only an acknowledgement is awaited.
      when_down: 'defer',
      realtime_updates: 'no',
      ordering: 'none',
      safe_to_repeat: 'yes',
      load_profile: 'spiky',
    };
    const { prompter, document, output, interview } = start([
      ...OPENING,
      ...interaction(
        'import-the-catalog',
        'partner-portal',
        'catalog',
        'Import the catalog',
        [
          ['service:partner-portal:kind', 'partner'],
          ['service:partner-portal:reachable', 'yes'],
          ['service:catalog:kind', 'service'],
        ],
        batch,
      ),
      ['next', 'add'],
      // Known by now: the partner is not asked again, for either attribute.
      ...interaction('import-the-prices', 'partner-portal', 'catalog', 'Import the prices', [], batch),
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    expect(prompter.ids().filter((id) => id.startsWith('service:'))).toEqual(['service:partner-portal:kind', 'service:partner-portal:reachable', 'service:catalog:kind']);
    expect(prompter.ids().filter((id) => FROM_SERVICES.includes(id))).toEqual([]);
    expect(parse(document.toString()).services).toEqual({ 'partner-portal': { kind: 'partner', reachable: 'yes' }, catalog: { kind: 'service' } });
    // A partner that exposes an endpoint is called back with the result.
    expect(output.text()).toMatch(/^recommendation import-the-catalog: \S+ \S*request-reply:callback /m);
  });

  it.each([
    ['client', false],
    ['edge', false],
    ['service', false],
    ['read_model', false],
    ['partner', true],
    ['unknown', true],
  ])('asks whether a service of kind %s can be called back: %s', async (kind, asked) => {
    const reachable: Step[] = asked ? [['service:caller:reachable', 'unknown']] : [];
    const { prompter, document, interview } = start([
      ...OPENING,
      ['from', 'caller'],
      ['to', 'orders'],
      ['summary', 'Send the invoice'], ['interaction-id', 'send-the-invoice'],
      ['service:caller:kind', kind],
      ...reachable,
      ['service:orders:kind', INTERRUPT],
    ]);
    await expect(interview.run()).rejects.toBeInstanceOf(InterviewInterrupted);
    prompter.assertDone();
    // "don't know" is kept as unknown, for the kind and for the callback alike.
    expect(document.services().get('caller')).toEqual(asked ? { kind, reachable: 'unknown' } : { kind });
  });

  // Fails today: the kind and the callback the team just said it does not know are asked again,
  // as caller_kind and caller_reachable, for every interaction of that service (see the report).
  it('does not ask again, per interaction, what the team said it does not know about a service', async () => {
    const { prompter, interview } = start([
      ...OPENING,
      ['from', 'legacy-erp'],
      ['to', 'orders'],
      ['summary', 'Send the invoice'], ['interaction-id', 'send-the-invoice'],
      ['service:legacy-erp:kind', 'unknown'],
      ['service:legacy-erp:reachable', 'unknown'],
      ['service:orders:kind', 'service'],
      ['answer:intent', INTERRUPT],
    ]);
    await expect(interview.run()).rejects.toBeInstanceOf(InterviewInterrupted);
    prompter.assertDone();
  });

  it("does not ask the parties' questions of an interaction whose services tell them, and asks them where they do not", () => {
    const draft = { id: 'a', from: 'portal', to: 'catalog', summary: 'Send a batch', answers: { intent: 'command', caller_needs: 'acknowledgement' }, numbers: {} };
    const at = { file: 'answers.yaml', line: 1, column: 1 };
    const described = new Map<string, Service>([
      ['portal', { name: 'portal', kind: 'partner', reachable: 'no', location: at }],
      ['catalog', { name: 'catalog', kind: 'service', location: at }],
    ]);
    const ids = ['caller_kind', 'callee_kind', 'caller_reachable', 'trust_boundary'];
    expect(ids.filter((id) => applies(question(id), draft, described, pack.questions))).toEqual([]);
    // Nothing described: each is asked of the interaction.
    expect(ids.filter((id) => applies(question(id), draft, new Map(), pack.questions))).toEqual(ids);
    // A partner that has not said whether it can be called back: only that is asked.
    const silentPartner = new Map(described).set('portal', { name: 'portal', kind: 'partner', location: at });
    expect(ids.filter((id) => applies(question(id), draft, silentPartner, pack.questions))).toEqual(['caller_reachable']);
  });

  it('describes the services of a file that has none (an upgraded version 1 file) before anything else', async () => {
    const upgraded = [
      'version: 2',
      'title: Checkout and payments',
      'context: How checkout talks to payments.',
      'interactions:',
      '  - id: look-up-the-price',
      '    from: checkout',
      '    to: pricing',
      '    summary: Look up the price',
      '    answers:',
      ...Object.entries(QUERY_ANSWERED_NOW).map(([id, answer]) => `      ${id}: ${answer}`),
      '      trust_boundary: internal',
      '',
    ].join('\n');
    const { prompter, document, interview } = start(
      [...BACKENDS('checkout', 'pricing'), ['numbers', false], ['review:look-up-the-price', 'accept'], ['next', 'finish']],
      { text: upgraded },
    );
    await interview.run();
    prompter.assertDone();
    expect(parse(document.toString()).services).toEqual({ checkout: { kind: 'service' }, pricing: { kind: 'service' } });
    // The answer given on the interaction stays: it wins over the services.
    expect(document.interaction(0).answers['trust_boundary']).toBe('internal');
  });
});

describe('reviewing a recommendation', () => {
  it('revises an answer and then asks the questions the new answer brings into play', async () => {
    const { prompter, document, output, interview } = start([
      ...OPENING,
      ['from', 'checkout'],
      ['to', 'reports'],
      ['summary', 'Build the report'], ['interaction-id', 'build-the-report'],
      ...BACKENDS('checkout', 'reports'),
      ...answers(QUERY_ANSWERED_NOW),
      ['numbers', false],
      ['review:build-the-report', 'revise'],
      ['revise:build-the-report', 'duration'],
      ['answer:duration', 'long'],
      // Long work brings the pending state into play, and with it how the result reaches the
      // caller; that checkout can be called back, its kind already says.
      ['answer:tolerates_pending', 'yes'],
      ['answer:realtime_updates', 'no'],
      // Completed later, the order and the repeats of the work now change the checklist.
      ['answer:ordering', 'none'],
      ['answer:safe_to_repeat', 'yes'],
      ['review:build-the-report', 'accept'],
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    const revised = prompter.asked.filter((asked) => asked.id === 'answer:duration').map((asked) => (asked.prompt as { default?: string }).default);
    expect(revised).toEqual([undefined, 'instant']);
    expect(document.interaction(0).answers['duration']).toBe('long');
    expect(prompter.ids()).not.toContain('answer:caller_reachable');
    // The recommendation was shown again after the revision, and it changed.
    const shown = output.lines.filter((line) => line.startsWith('recommendation build-the-report'));
    expect(shown).toHaveLength(2);
    expect(shown[0]).not.toBe(shown[1]);
  });

  it('records the style the team runs today, and can clear it again', async () => {
    const { document, output, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW).slice(0, -1),
      ['review:look-up-the-price', 'declared'],
      ['declared:look-up-the-price', 'async'],
      ['review:look-up-the-price', 'accept'],
      ['next', 'add'],
      ...interaction('look-up-the-stock', 'checkout', 'stock', 'Look up the stock', kinds({ stock: 'service' }), QUERY_ANSWERED_NOW).slice(0, -1),
      ['review:look-up-the-stock', 'declared'],
      ['declared:look-up-the-stock', 'hybrid'],
      ['review:look-up-the-stock', 'declared'],
      ['declared:look-up-the-stock', 'none'],
      ['review:look-up-the-stock', 'accept'],
      ['next', 'finish'],
    ]);
    await interview.run();
    expect(document.interaction(0).declared).toBe('async');
    expect(document.interaction(1).declared).toBeUndefined();
    expect(output.text()).toContain('The team runs async today');
  });
});

describe('resuming', () => {
  const existing = [
    'version: 2',
    'title: Checkout and payments',
    'context: How checkout talks to payments.',
    'services:',
    '  checkout: { kind: service } # the web shop backend',
    '  pricing: { kind: service }',
    '  stock: { kind: service }',
    'interactions:',
    '  - id: look-up-the-price # the first one',
    '    from: checkout',
    '    to: pricing',
    '    summary: Look up the price',
    '    answers:',
    ...Object.entries(QUERY_ANSWERED_NOW).map(([id, answer]) => `      ${id}: ${answer}`),
    '  - id: reserve-stock',
    '    from: checkout',
    '    to: stock',
    '    summary: Reserve the stock',
    '    answers:',
    '      intent: command',
    '      caller_needs: result',
    '',
  ].join('\n');

  it('asks only what is missing, for the interactions that miss it, and keeps comments', async () => {
    const { prompter, document, output, interview } = start(
      [
        ['answer:critical_decision', 'yes'],
        // How fresh "the data" is means nothing for a command.
        ['answer:when_down', 'fail_closed'],
        ['answer:fits_latency_budget', 'yes'],
        ['answer:duration', 'instant'],
        ['answer:multiple_consumers', 'no'],
        ['answer:load_profile', 'spiky'],
        // Whether the reservation is safe to repeat matters once the call is retried.
        ['numbers', true],
        ['number:latency_budget_ms', undefined],
        ['number:latency_p99_ms', undefined],
        ['number:availability', undefined],
        ['number:timeout_ms', 800],
        ['number:retries', 2],
        ['answer:safe_to_repeat', 'no'],
        ['review:reserve-stock', 'accept'],
        ['next', 'finish'],
      ],
      { text: existing },
    );
    await interview.run();
    prompter.assertDone();
    expect(output.text()).toContain('# What is decided so far');
    expect(document.interaction(1).answers).toMatchObject({ intent: 'command', caller_needs: 'result', safe_to_repeat: 'no' });
    expect(document.interaction(1).answers).not.toHaveProperty('freshness');
    expect(document.interaction(1).answers).not.toHaveProperty('ordering');
    expect(document.toString()).toContain('  - id: look-up-the-price # the first one\n');
    // The comment stays with its service (the writer does not pad flow maps).
    expect(document.toString()).toContain('  checkout: {kind: service} # the web shop backend\n');
    // Answers are added in the pack's order after the ones that were there.
    const keys = Object.keys(parse(document.toString()).interactions[1].answers);
    expect(keys).toEqual(pack.questions.map((question) => question.id).filter((id) => keys.includes(id)));
  });

  it('asks what a draft lacks, the title, a callee and its kind included', async () => {
    const draft = ['version: 2', 'draft: true', 'context: Why.', 'services:', '  checkout: { kind: service }', 'interactions:', '  - from: checkout', '    answers:', '      intent: fact', ''].join('\n');
    const { prompter, document, interview } = start(
      [
        ['title', 'Order events'],
        ['to', 'orders'],
        ['summary', 'Order placed'], ['interaction-id', 'order-placed'],
        ...kinds({ orders: 'service' }),
        ['answer:ordering', 'none'],
        ['answer:safe_to_repeat', 'yes'],
        ['answer:load_profile', 'steady'],
        ['numbers', false],
        ['review:order-placed', 'accept'],
        ['next', 'finish'],
      ],
      { text: draft },
    );
    await interview.run();
    prompter.assertDone();
    expect(document.interaction(0)).toMatchObject({ id: 'order-placed', from: 'checkout', to: 'orders' });
    expect(document.title).toBe('Order events');
    expect(parse(document.toString()).services).toEqual({ checkout: { kind: 'service' }, orders: { kind: 'service' } });
  });

  it('asks the decision makers of a draft that stopped before them, and not those of a file with interactions', async () => {
    const { prompter, interview } = start(
      [
        ['context', 'Why.'],
        ['decision_makers', 'payments team'],
        ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
        ['next', 'finish'],
      ],
      { text: 'version: 2\ndraft: true\ntitle: T\n' },
    );
    await interview.run();
    prompter.assertDone();
  });
});

describe('unknown answers', () => {
  /** What init writes: two described services, and one interaction with every question the services do not tell answered unknown. */
  function starterText(): string {
    return [
      'version: 2',
      'title: Starter',
      'context: From init.',
      'services:',
      '  web-shop: { kind: client }',
      '  checkout: { kind: service }',
      'interactions:',
      '  - id: place-order',
      '    from: web-shop',
      '    to: checkout',
      '    summary: Place the order',
      '    answers:',
      ...pack.questions.filter((question) => question.derive === undefined || question.derive === 'latency').map((question) => `      ${question.id}: unknown`),
      '',
    ].join('\n');
  }

  it('offers to go through an interaction answered only with unknown, with unknown as each default', async () => {
    const { prompter, document, interview } = start(
      [
        ['unknowns:place-order', true],
        ...answers(QUERY_ANSWERED_NOW),
        ['review:place-order', 'accept'],
        ['next', 'finish'],
      ],
      { text: starterText() },
    );
    await interview.run();
    prompter.assertDone();
    expect(document.interaction(0).answers).toMatchObject(QUERY_ANSWERED_NOW);
    const defaults = prompter.asked.filter((asked) => asked.id.startsWith('answer:')).map((asked) => (asked.prompt as { default?: string }).default);
    expect(new Set(defaults)).toEqual(new Set(['unknown']));
    // The services were described already: neither kind is asked.
    expect(prompter.ids().filter((id) => id.startsWith('service:'))).toEqual([]);
  });

  it('leaves them as they are when the team declines', async () => {
    const { prompter, document, interview } = start([['unknowns:place-order', false], ['next', 'finish']], { text: starterText() });
    await interview.run();
    prompter.assertDone();
    expect(Object.values(document.interaction(0).answers).every((answer) => answer === 'unknown')).toBe(true);
  });

  it('can go through all the questions of an interaction again from its review', async () => {
    const { prompter, document, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW).slice(0, -1),
      ['review:look-up-the-price', 'again'],
      ...answers({ ...QUERY_ANSWERED_NOW, when_down: 'degrade' }),
      ['review:look-up-the-price', 'accept'],
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    expect(document.interaction(0).answers['when_down']).toBe('degrade');
  });
});

describe('flows and custom packs', () => {
  it('defines a flow from the interactions, in the order picked, with its budget', async () => {
    const { prompter, document, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
      ['next', 'add'],
      ...interaction('look-up-the-stock', 'checkout', 'stock', 'Look up the stock', kinds({ stock: 'service' }), QUERY_ANSWERED_NOW),
      ['next', 'flow'],
      ['flow:id', 'show-basket'],
      ['flow:summary', 'Customer opens the basket'],
      ['flow:step', 'look-up-the-stock'],
      ['flow:step', 'look-up-the-price'],
      ['flow:budget_ms', 1500],
      ['flow:availability_target', undefined],
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    expect(document.flows()).toEqual([{ id: 'show-basket', summary: 'Customer opens the basket', budget_ms: 1500, steps: ['look-up-the-stock', 'look-up-the-price'] }]);
    // Every interaction was used, so the step list ended without a Done choice being needed.
    const steps = prompter.asked.filter((asked) => asked.id === 'flow:step').map((asked) => (asked.prompt as unknown as { choices: { value: string }[] }).choices.map((choice) => choice.value));
    expect(steps).toEqual([['look-up-the-price', 'look-up-the-stock'], ['', 'look-up-the-price']]);
  });

  it("checks a flow's budget as soon as it is defined", async () => {
    const withP99 = firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW).flatMap((step): Step[] =>
      step[0] === 'numbers'
        ? [['numbers', true], ['number:latency_budget_ms', undefined], ['number:latency_p99_ms', 900], ['number:availability', undefined], ['number:timeout_ms', undefined], ['number:retries', undefined]]
        : [step],
    );
    const { prompter, output, interview } = start([
      ...OPENING,
      ...withP99,
      ['next', 'flow'],
      ['flow:id', 'show-price'],
      ['flow:summary', ''],
      ['flow:step', 'look-up-the-price'],
      ['flow:budget_ms', 500],
      ['flow:availability_target', undefined],
      ['next', INTERRUPT],
    ]);
    await expect(interview.run()).rejects.toBeInstanceOf(InterviewInterrupted);
    expect(prompter.ids().at(-1)).toBe('next');
    const shown = output.lines.join('\n');
    expect(shown).toMatch(/Flow show-price: look-up-the-price\n.*p99 sum 900 ms over budget 500 ms along show-price/);
  });

  it('refuses a flow id that is not kebab-case', async () => {
    const { interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
      ['next', 'flow'],
      ['flow:id', 'Show Basket'],
    ]);
    await expect(interview.run()).rejects.toThrow(/refused at flow:id: use lower-case words joined by dashes/);
  });

  it('asks the questions a team pack adds, after the built-in ones', async () => {
    const { prompter, document, interview } = start(
      [...OPENING, ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', { ...QUERY_ANSWERED_NOW, data_class: 'personal' }), ['next', 'finish']],
      { pack: teamPack },
    );
    await interview.run();
    prompter.assertDone();
    expect(prompter.ids().filter((id) => id.startsWith('answer:')).at(-1)).toBe('answer:data_class');
    expect(document.interaction(0).answers['data_class']).toBe('personal');
  });
});

describe('leaving the interview', () => {
  it('stops at the prompt where the user pressed Ctrl-C, with every earlier answer in the document', async () => {
    const { document, interview } = start([
      ...OPENING,
      ['from', 'checkout'],
      ['to', 'pricing'],
      ['summary', 'Look up the price'], ['interaction-id', 'look-up-the-price'],
      ...BACKENDS('checkout', 'pricing'),
      ['answer:intent', 'query'],
      ['answer:caller_needs', INTERRUPT],
    ]);
    await expect(interview.run()).rejects.toBeInstanceOf(InterviewInterrupted);
    expect(document.interaction(0)).toEqual({ id: 'look-up-the-price', from: 'checkout', to: 'pricing', summary: 'Look up the price', answers: { intent: 'query' }, numbers: {} });
    expect(document.title).toBe('Checkout and payments');
    expect(document.services()).toEqual(new Map([['checkout', { kind: 'service' }], ['pricing', { kind: 'service' }]]));
  });

  it("keeps the caller's kind when the user presses Ctrl-C at the callee's", async () => {
    const { document, interview } = start([...OPENING, ['from', 'checkout'], ['to', 'pricing'], ['summary', 'Look up the price'], ['interaction-id', 'look-up-the-price'], ['service:checkout:kind', 'edge'], ['service:pricing:kind', INTERRUPT]]);
    await expect(interview.run()).rejects.toBeInstanceOf(InterviewInterrupted);
    expect(document.services()).toEqual(new Map([['checkout', { kind: 'edge' }]]));
    expect(document.interaction(0)).toMatchObject({ from: 'checkout', to: 'pricing', summary: 'Look up the price', answers: {} });
  });
});

describe('the id of an interaction', () => {
  it('is suggested short from a long summary, and the room may write its own', async () => {
    const summary = 'Get current prices and availability of the basket items';
    const { document, prompter, interview } = start([...OPENING, ['from', 'checkout'], ['to', 'pricing'], ['summary', summary], ['interaction-id', 'basket-prices'], ['service:checkout:kind', INTERRUPT]]);
    await expect(interview.run()).rejects.toBeInstanceOf(InterviewInterrupted);
    const asked = prompter.asked.find((prompt) => prompt.id === 'interaction-id')!.prompt as TextPrompt;
    expect(asked.default).toBe('get-current-prices-availability-basket');
    expect(asked.validate?.('Basket Prices')).toMatch(/^use lower-case letters, digits and single dashes/);
    expect(asked.validate?.('')).toBeUndefined();
    expect(document.interaction(0).id).toBe('basket-prices');
  });

  it('refuses the id of another interaction, and suggests a free one', async () => {
    const first = interaction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', [['service:checkout:kind', 'service'], ['service:pricing:kind', 'service']], QUERY_ANSWERED_NOW);
    const { prompter, interview } = start([...OPENING, ...first, ['next', 'add'], ['from', 'checkout'], ['to', 'pricing'], ['summary', 'Look up the price'], ['interaction-id', INTERRUPT]]);
    await expect(interview.run()).rejects.toBeInstanceOf(InterviewInterrupted);
    const second = prompter.asked.filter((prompt) => prompt.id === 'interaction-id')[1]!.prompt as TextPrompt;
    expect(second.default).toBe('look-up-the-price-2');
    expect(second.validate?.('look-up-the-price')).toBe('look-up-the-price is already the id of another interaction');
    expect(second.validate?.('price-again')).toBeUndefined();
  });

  it('"What next?" offers adding another interaction first', async () => {
    const { prompter, interview } = start([...OPENING, ...interaction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', [['service:checkout:kind', 'service'], ['service:pricing:kind', 'service']], QUERY_ANSWERED_NOW), ['next', INTERRUPT]]);
    await expect(interview.run()).rejects.toBeInstanceOf(InterviewInterrupted);
    expect((prompter.asked.find((prompt) => prompt.id === 'next')!.prompt as SelectPrompt<string>).default).toBe('add');
  });
});

describe('the checklist review', () => {
  const twoLookups = (): Step[] => [
    ...OPENING,
    ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
    ['next', 'add'],
    ...interaction('look-up-the-tax', 'checkout', 'pricing', 'Look up the tax', [], QUERY_ANSWERED_NOW),
  ];

  it('marks an item done for every interaction as one platform entry, and waives another for one interaction with its reason', async () => {
    const { prompter, document, output, interview } = start([
      ...twoLookups(),
      ['next', 'checklist'],
      ['checklist', 'timeout-budget'],
      ['checklist:timeout-budget', 'done'],
      ['checklist:timeout-budget:scope', '*'],
      ['checklist', 'circuit-breaker'],
      ['checklist:circuit-breaker', 'waived'],
      ['checklist:circuit-breaker:reason', 'Tax lookups fall back to a fixed rate: "no breaker" is fine'],
      ['checklist:circuit-breaker:scope', 'look-up-the-tax'],
      ['checklist', ''],
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    const text = document.toString();
    expect(text).toContain('platform_checklist:\n  - {item: timeout-budget, done: true}\n');
    expect(text).toContain('    checklist:\n      circuit-breaker: {waived: "Tax lookups fall back to a fixed rate: \\"no breaker\\" is fine"}\n');
    // What is written reads back as acknowledgements, as decide and check read them.
    const answers = parseAnswers(text, 'answers.yaml', pack);
    expect(answers.platform_checklist).toMatchObject([{ item: 'timeout-budget', ack: { kind: 'done' } }]);
    expect(answers.interactions[1]?.acknowledged).toMatchObject({ 'circuit-breaker': { kind: 'waived', reason: 'Tax lookups fall back to a fixed rate: "no breaker" is fine' } });
    expect(answers.interactions[0]?.acknowledged).toBeUndefined();
    // The list shrinks as items are acknowledged: the done item is offered no more.
    const offered = prompter.asked.filter((asked) => asked.id === 'checklist').map((asked) => (asked.prompt as SelectPrompt<string>).choices.map((choice) => choice.value));
    expect(offered[0]).toContain('timeout-budget');
    expect(offered[1]).not.toContain('timeout-budget');
    expect(offered[2]).toContain('circuit-breaker');
    expect(output.text()).toContain('timeout-budget: done for every interaction that needs it.');
    expect(output.text()).toContain('circuit-breaker: waived (Tax lookups fall back to a fixed rate: "no breaker" is fine) for look-up-the-tax.');
  });

  it('asks no scope for an item only one interaction needs, and refuses an empty reason', async () => {
    const { prompter, document, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
      ['next', 'checklist'],
      ['checklist', 'bounded-retries'],
      ['checklist:bounded-retries', 'waived'],
      ['checklist:bounded-retries:reason', 'No retries at all: the price is read once'],
      ['checklist', ''],
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    const reason = prompter.asked.find((asked) => asked.id === 'checklist:bounded-retries:reason')?.prompt as TextPrompt;
    expect(reason.validate?.('   ')).toBe('this cannot be empty');
    expect(prompter.ids()).not.toContain('checklist:bounded-retries:scope');
    expect(parseAnswers(document.toString(), 'answers.yaml', pack).interactions[0]?.acknowledged).toMatchObject({ 'bounded-retries': { kind: 'waived' } });
  });

  it('says when every required item is acknowledged', async () => {
    const first = start([['title', 'T'], ['context', 'C'], ['decision_makers', ''], ['from', 'a'], ['to', 'b'], ['summary', 's'], ['interaction-id', 'x'], ...BACKENDS('a', 'b'), ...answers({ intent: 'fact', ordering: 'none', safe_to_repeat: 'yes', load_profile: 'steady' }), ['numbers', false], ['review:x', 'accept'], ['next', 'finish']]);
    await first.interview.run();
    first.prompter.assertDone();
    // Every item of the fact, acknowledged once as a platform entry each, leaves nothing open.
    const decided = parseAnswers(first.document.toString(), 'answers.yaml', pack);
    const items = decide(decided, pack).interactions[0]!.checklist.map((item) => item.id);
    const steps: Step[] = [];
    for (const item of items) steps.push(['checklist', item], [`checklist:${item}`, 'done']);
    const second = start([['next', 'checklist'], ...steps, ['next', 'finish']], { text: first.document.toString() });
    await second.interview.run();
    second.prompter.assertDone();
    expect(second.output.text()).toContain('Every required item is done or waived.');
  });
});

describe('a file read from traces', () => {
  /** What import traces writes for one call, with its services described since. */
  const IMPORTED = [
    'version: 2',
    'title: Dispatch',
    'context: Dispatching drivers.',
    'services:',
    '  frontend: { kind: service }',
    '  customer: { kind: service }',
    'interactions:',
    '  - id: frontend-customer',
    '    from: frontend',
    '    to: customer',
    '    summary: "frontend calls customer: HTTP GET /customer (observed in traces)"',
    '    answers:',
    '      duration: instant',
    '    latency: {p99_ms: 44.5}',
    '    availability: 0.875',
    '    retries: 0',
    '    declared: sync',
    '    observed: {style: sync, mechanism: call, calls: 8, p50_ms: 42.5, p99_ms: 44.5, error_rate: 0.125, retries: 0, operations: [HTTP GET /customer]}',
    '',
  ].join('\n');

  it('shows the observed numbers before the questions, and asks neither what the traces answered nor the numbers they measured', async () => {
    const { duration: _settled, ...rest } = QUERY_ANSWERED_NOW;
    const { prompter, document, interview, output } = start(
      [...answers(rest), ['numbers', true], ['number:latency_budget_ms', 100], ['number:timeout_ms', 80], ['review:frontend-customer', 'accept'], ['next', 'finish']],
      { text: IMPORTED },
    );
    await interview.run();
    prompter.assertDone();
    expect(output.lines).toContain('Observed in traces: a synchronous call, 8 calls, p50 42.5 ms, p99 44.5 ms, 12.5% failed.');
    const ids = prompter.ids();
    expect(ids).not.toContain('answer:duration');
    expect(ids.filter((id) => id.startsWith('number:'))).toEqual(['number:latency_budget_ms', 'number:timeout_ms']);
    expect((prompter.asked.find((asked) => asked.id === 'numbers')!.prompt as { message: string }).message).toContain('latency budget, timeout');
    expect(document.interaction(0).numbers).toEqual({ latency_budget_ms: 100, latency_p99_ms: 44.5, availability: 0.875, timeout_ms: 80, retries: 0 });
    expect(document.interaction(0).observed?.calls).toBe(8);
  });

  it('describes a hand-over by its destination, consumers and delay until processed', () => {
    expect(describeObserved({ style: 'async', mechanism: 'event', destination: 'orders.placed', consumers: 2, calls: 12, p50_ms: 3, p99_ms: 9.5, error_rate: 0, retries: 1 })).toBe(
      'Observed in traces: a hand-over through orders.placed, 12 messages, 2 consuming services, p50 3 ms, p99 9.5 ms until processed, 0% failed, up to 1 redelivery.',
    );
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnswersDocument } from '../../src/interview/answers-document.js';
import { applies, Interview } from '../../src/interview/flow.js';
import { InterviewInterrupted } from '../../src/interview/prompter.js';
import { loadPacks } from '../../src/load/pack.js';
import type { Pack } from '../../src/model/pack.js';
import { answers, INTERRUPT, QUERY_ANSWERED_NOW, RecordingOutput, ScriptedPrompter } from './scripted.js';
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


function firstInteraction(id: string, from: string, to: string, summary: string, values: Record<string, string>): Step[] {
  return [['from', from], ['to', to], ['summary', summary], ...answers(values), ['numbers', false], [`review:${id}`, 'accept']];
}

describe('a new interview', () => {
  it('asks the basics, then each question of the pack in order, skipping callback questions that cannot matter', async () => {
    const { prompter, document, output, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    // The order is the pack's; caller_reachable and realtime_updates were not asked: instant work within budget.
    expect(prompter.ids().filter((id) => id.startsWith('answer:'))).toEqual(Object.keys(QUERY_ANSWERED_NOW).map((question) => `answer:${question}`));
    const data = parse(document.toString());
    expect(data).toEqual({
      version: 1,
      title: 'Checkout and payments',
      context: 'How checkout talks to payments.',
      decision_makers: ['payments team', 'web team'],
      interactions: [{ id: 'look-up-the-price', from: 'checkout', to: 'pricing', summary: 'Look up the price', answers: QUERY_ANSWERED_NOW }],
    });
    expect(output.text()).toContain('recommendation look-up-the-price: sync call high');
  });

  it('does not ask an announced fact whether anyone waits, how fresh it must be, or about callbacks', async () => {
    const fact = { intent: 'fact', multiple_consumers: 'yes', when_down: 'defer', trust_boundary: 'internal', ordering: 'per_key', safe_to_repeat: 'no', load_profile: 'spiky' };
    const { prompter, interview } = start([...OPENING, ...firstInteraction('order-placed', 'checkout', 'orders', 'Order placed', fact), ['next', 'finish']]);
    await interview.run();
    prompter.assertDone();
    expect(prompter.ids()).not.toContain('answer:needs_answer_now');
    expect(prompter.ids()).not.toContain('answer:caller_reachable');
    expect(prompter.ids()).not.toContain('answer:realtime_updates');
  });

  it('asks about callbacks and live updates where a reply comes later', async () => {
    const longWork = {
      intent: 'command',
      needs_answer_now: 'no',
      tolerates_pending: 'yes',
      multiple_consumers: 'no',
      when_down: 'defer',
      freshness: 'eventual',
      critical_decision: 'no',
      duration: 'long',
      caller_reachable: 'no',
      realtime_updates: 'no',
      trust_boundary: 'public',
      ordering: 'none',
      safe_to_repeat: 'unknown',
      load_profile: 'steady',
    };
    const { prompter, document, interview } = start([...OPENING, ...firstInteraction('export-report', 'web', 'reports', 'Export report', longWork), ['next', 'finish']]);
    await interview.run();
    prompter.assertDone();
    // fits_latency_budget does not apply when the caller does not wait.
    expect(prompter.ids()).not.toContain('answer:fits_latency_budget');
    expect(document.interaction(0).answers).toEqual(longWork);
  });

  it("offers every answer of the pack plus don't know, with the question's help", async () => {
    const { prompter, interview } = start([...OPENING, ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW), ['next', 'finish']]);
    await interview.run();
    const intent = prompter.asked.find((asked) => asked.id === 'answer:intent')!.prompt as unknown as { choices: { value: string; name: string; description?: string }[]; help?: string };
    expect(intent.choices.map((choice) => choice.value)).toEqual(['query', 'command', 'fact', 'unknown']);
    expect(intent.choices.at(-1)?.name).toBe("don't know");
    expect(intent.help).toBe(pack.questions[0]!.help);
    expect(intent.choices[0]?.description).toBe(pack.questions[0]!.answer_help['query']);
  });

  it('suggests the service names already used for the caller and callee of the next interaction', async () => {
    const { prompter, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
      ['next', 'add'],
      ...firstInteraction('look-up-the-stock', 'checkout', 'stock', 'Look up the stock', QUERY_ANSWERED_NOW),
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    const callers = prompter.asked.filter((asked) => asked.id === 'from').map((asked) => (asked.prompt as { suggestions?: string[] }).suggestions);
    expect(callers).toEqual([[], ['checkout', 'pricing']]);
  });

  it('gives two interactions with the same summary different ids', async () => {
    const { document, interview } = start([
      ...OPENING,
      ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
      ['next', 'add'],
      ...firstInteraction('look-up-the-price-2', 'cart', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
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
      ['summary', 'Look up the price'],
      ...answers(QUERY_ANSWERED_NOW),
      ['numbers', true],
      ['number:latency_budget_ms', 800],
      ['number:latency_p99_ms', 300],
      ['number:availability', 0.999],
      ['number:timeout_ms', undefined],
      ['number:retries', 2],
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
    expect(document.toString()).toContain('latency: { budget_ms: 800, p99_ms: 900 }');
    expect(applies(pack.questions.find((question) => question.id === 'fits_latency_budget')!, document.interaction(0))).toBe(false);
  });
});

describe('reviewing a recommendation', () => {
  it('revises an answer and then asks the questions the new answer brings into play', async () => {
    const { prompter, document, output, interview } = start([
      ...OPENING,
      ['from', 'checkout'],
      ['to', 'reports'],
      ['summary', 'Build the report'],
      ...answers(QUERY_ANSWERED_NOW),
      ['numbers', false],
      ['review:build-the-report', 'revise'],
      ['revise:build-the-report', 'duration'],
      ['answer:duration', 'long'],
      ['answer:caller_reachable', 'no'],
      ['answer:realtime_updates', 'no'],
      ['review:build-the-report', 'accept'],
      ['next', 'finish'],
    ]);
    await interview.run();
    prompter.assertDone();
    const revised = prompter.asked.filter((asked) => asked.id === 'answer:duration').map((asked) => (asked.prompt as { default?: string }).default);
    expect(revised).toEqual([undefined, 'instant']);
    expect(document.interaction(0).answers['duration']).toBe('long');
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
      ...firstInteraction('look-up-the-stock', 'checkout', 'stock', 'Look up the stock', QUERY_ANSWERED_NOW).slice(0, -1),
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
    'version: 1',
    'title: Checkout and payments',
    'context: How checkout talks to payments.',
    'interactions:',
    '  - id: look-up-the-price # the first one',
    '    from: checkout',
    '    to: pricing',
    '    summary: Look up the price',
    '    answers:',
    ...Object.entries(QUERY_ANSWERED_NOW).map(([question, answer]) => `      ${question}: ${answer}`),
    '  - id: reserve-stock',
    '    from: checkout',
    '    to: stock',
    '    summary: Reserve the stock',
    '    answers:',
    '      intent: command',
    '      needs_answer_now: yes',
    '',
  ].join('\n');

  it('asks only what is missing, for the interactions that miss it, and keeps comments', async () => {
    const { prompter, document, output, interview } = start(
      [
        ['answer:tolerates_pending', 'no'],
        ['answer:fits_latency_budget', 'yes'],
        ['answer:multiple_consumers', 'no'],
        ['answer:when_down', 'fail_closed'],
        ['answer:freshness', 'strong'],
        ['answer:critical_decision', 'yes'],
        ['answer:duration', 'instant'],
        ['answer:trust_boundary', 'internal'],
        ['answer:ordering', 'none'],
        ['answer:safe_to_repeat', 'no'],
        ['answer:load_profile', 'spiky'],
        ['numbers', false],
        ['review:reserve-stock', 'accept'],
        ['next', 'finish'],
      ],
      { text: existing },
    );
    await interview.run();
    prompter.assertDone();
    expect(output.text()).toContain('# What is decided so far');
    expect(document.interaction(1).answers).toMatchObject({ intent: 'command', needs_answer_now: 'yes', safe_to_repeat: 'no' });
    expect(document.toString()).toContain('  - id: look-up-the-price # the first one\n');
    // Answers are added in the pack's order after the ones that were there.
    const keys = Object.keys(parse(document.toString()).interactions[1].answers);
    expect(keys).toEqual(pack.questions.map((question) => question.id).filter((id) => keys.includes(id)));
  });

  it('asks what a draft lacks, the title and an interaction half begun included', async () => {
    const draft = ['version: 1', 'draft: true', 'context: Why.', 'interactions:', '  - from: checkout', '    answers:', '      intent: fact', ''].join('\n');
    const { prompter, document, interview } = start(
      [
        ['title', 'Order events'],
        ['to', 'orders'],
        ['summary', 'Order placed'],
        ['answer:multiple_consumers', 'yes'],
        ['answer:when_down', 'defer'],
        ['answer:trust_boundary', 'internal'],
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
  });

  it('asks the decision makers of a draft that stopped before them, and not those of a file with interactions', async () => {
    const { prompter, interview } = start(
      [
        ['context', 'Why.'],
        ['decision_makers', 'payments team'],
        ...firstInteraction('look-up-the-price', 'checkout', 'pricing', 'Look up the price', QUERY_ANSWERED_NOW),
        ['next', 'finish'],
      ],
      { text: 'version: 1\ndraft: true\ntitle: T\n' },
    );
    await interview.run();
    prompter.assertDone();
  });
});

describe('unknown answers', () => {
  /** What init writes: one interaction with every question answered unknown. */
  function starterText(): string {
    return [
      'version: 1',
      'title: Starter',
      'context: From init.',
      'interactions:',
      '  - id: place-order',
      '    from: web-shop',
      '    to: checkout',
      '    summary: Place the order',
      '    answers:',
      ...pack.questions.map((question) => `      ${question.id}: unknown`),
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
      ...firstInteraction('look-up-the-stock', 'checkout', 'stock', 'Look up the stock', QUERY_ANSWERED_NOW),
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
    const { document, interview } = start([...OPENING, ['from', 'checkout'], ['to', 'pricing'], ['summary', 'Look up the price'], ['answer:intent', 'query'], ['answer:needs_answer_now', INTERRUPT]]);
    await expect(interview.run()).rejects.toBeInstanceOf(InterviewInterrupted);
    expect(document.interaction(0)).toEqual({ id: 'look-up-the-price', from: 'checkout', to: 'pricing', summary: 'Look up the price', answers: { intent: 'query' }, numbers: {} });
    expect(document.title).toBe('Checkout and payments');
  });
});

/**
 * The interview on a real terminal: the built binary runs in tmux, the tests type and press
 * keys as a person would, and check what ends up on disk, that `decide` reads it back to the
 * very same ADR, and that Ctrl-C keeps the answers given so far for a later resume.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bin, ensureBuilt, listFiles, runCli } from './cli.js';
import { escapeRegExp, TmuxSession, tmuxAvailable } from './tmux.js';

const TEST_TIMEOUT = 60_000;

beforeAll(ensureBuilt, 120_000);

let cwd: string;
let session: TmuxSession | undefined;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'interview-e2e-'));
});

afterEach(async () => {
  await session?.stop();
  session = undefined;
  await rm(cwd, { recursive: true, force: true });
});

/** Starts `interview answers.yaml` in cwd on a fresh terminal, with plain (uncoloured) text. */
function startInterview(): TmuxSession {
  session = TmuxSession.start({ command: [process.execPath, bin, 'interview', 'answers.yaml'], cwd, env: { NO_COLOR: '1' } });
  return session;
}

async function stopSession(): Promise<void> {
  await session?.stop();
  session = undefined;
}

/** The prompt waiting for an answer: inquirer marks it with "?" and the answered ones with "✔". */
function activePrompt(message: string): RegExp {
  return new RegExp(`^\\? ${escapeRegExp(message)}`, 'm');
}

/** Waits for a text prompt, types the answer, checks it is echoed, and submits it. */
async function answerText(s: TmuxSession, message: string, text: string): Promise<void> {
  await s.waitFor(activePrompt(message));
  if (text !== '') {
    s.type(text);
    await s.waitFor(new RegExp(`^\\? ${escapeRegExp(message)}.* ${escapeRegExp(text)}$`, 'm'));
  }
  s.send('Enter');
  await s.waitFor(new RegExp(`^✔ ${escapeRegExp(message)}.*${escapeRegExp(text)}$`, 'm'));
}

/**
 * Waits for a select prompt, moves with the given keys, checks that the wanted choice is the
 * highlighted one, and submits it. (The next step waits for its own prompt, which only appears
 * once this one is answered.)
 */
async function choose(s: TmuxSession, message: string, keys: string[], choice: string): Promise<void> {
  await s.waitFor(activePrompt(message));
  if (keys.length > 0) s.send(...keys);
  await s.waitFor(new RegExp(`^❯ ${escapeRegExp(choice)}$`, 'm'));
  s.send('Enter');
}

const down = (count: number): string[] => Array.from({ length: count }, () => 'Down');

/** A question of the default pack: the start of its prompt, how many times Down, the choice. */
type Step = [message: string, downs: number, choice: string];

const Q = {
  intent: 'What is the caller doing here',
  caller_needs: 'What must the caller have before it can carry on',
  critical_decision: "Is this a decision that the callee's domain owns",
  freshness: 'Must the data be current at the moment',
  joins_owners: 'Does the caller combine this data with data owned by other services',
  when_down: 'When the callee is down, what should the caller do?',
  fits_latency_budget: 'Does the callee reliably answer within',
  duration: 'Once started, how long does the work take?',
  tolerates_pending: 'Could the user or caller honestly be shown',
  multiple_consumers: 'Do several independent parties need to react',
  realtime_updates: 'Must many recipients learn of progress',
  ordering: 'Must the work be processed in the order',
  safe_to_repeat: 'Can the operation run twice',
  load_profile: 'Do requests arrive in bursts',
} as const;

/** The questions of the pack that the services answer: never asked of an interaction whose services are described. */
const FROM_SERVICES = [
  'What kind of party starts this interaction?',
  'What kind of party answers this interaction?',
  'Can the caller receive a callback',
  'Does this interaction cross the boundary',
];

/** Where each kind of party stands in the list the interview offers for a new service. */
const KIND_DOWNS = { client: 0, edge: 1, service: 2, partner: 3, read_model: 4, "don't know": 5 } as const;

async function answerSteps(s: TmuxSession, steps: Step[]): Promise<void> {
  for (const [message, downs, choice] of steps) await choose(s, message, down(downs), choice);
}

/** Answers the kind the interview asks of a service it meets for the first time. */
async function describeService(s: TmuxSession, name: string, kind: keyof typeof KIND_DOWNS): Promise<void> {
  await choose(s, `What kind of party is ${name}?`, down(KIND_DOWNS[kind]), kind);
}

/** Both parties of an interaction are new backend services. */
async function describeBackends(s: TmuxSession, caller: string, callee: string): Promise<void> {
  await describeService(s, caller, 'service');
  await describeService(s, callee, 'service');
}

/** The answers file as written, parsed, with its text. */
async function readAnswers(): Promise<{ text: string; data: Record<string, any> }> {
  const text = await readFile(join(cwd, 'answers.yaml'), 'utf8');
  return { text, data: parse(text) as Record<string, any> };
}

function filesInCwd(): string[] {
  return listFiles(cwd)
    .map((file) => relative(cwd, file).split('\\').join('/'))
    .sort();
}

/** Declines the numbers, accepts the recommendation shown for the interaction. */
async function declineNumbersAndAccept(s: TmuxSession, id: string): Promise<void> {
  await s.waitFor(/^\? Add numbers \(latency budget and p99, availability, timeout, retries\)\?.*\(y\/N\)$/m);
  s.send('Enter');
  await s.waitFor(/^✔ Add numbers .* No$/m);
  await acceptRecommendation(s, id);
}

async function acceptRecommendation(s: TmuxSession, id: string): Promise<void> {
  await s.waitFor(new RegExp(`^Recommendation for ${escapeRegExp(id)}: (sync|async|hybrid) via \\S+, (high|medium|low) confidence$`, 'm'));
  await s.waitFor(/^❯ Accept$/m);
  await choose(s, 'Accept this recommendation?', [], 'Accept');
}

/** "What next?" offers another interaction first; Finish is four lines down. It writes the files and tells how CI runs the same decision. */
async function finish(s: TmuxSession): Promise<string> {
  await s.waitFor(activePrompt('What next?'));
  await s.waitFor(/^❯ Add another interaction$/m);
  s.send(...down(4));
  await s.waitFor(/^❯ Finish: write the answers file and the ADR$/m);
  s.send('Enter');
  const screen = await s.waitFor('In CI, the same decision runs without questions: npx sync-or-async check answers.yaml --adr docs/decisions');
  expect(await s.waitForExit()).toBe(0);
  return screen;
}

/** decide, run afterwards on the same file, prints the same bytes as the ADR the interview wrote. */
async function expectDecideReproduces(adrPath: string): Promise<string> {
  const adr = await readFile(join(cwd, adrPath), 'utf8');
  const result = runCli(['decide', 'answers.yaml', '--stdout'], cwd);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toBe(adr);
  return adr;
}

/** Starts a new interview and answers the decision's basics and the first caller and callee. */
async function startWithBasics(basics: { title: string; context: string; makers: string; caller: string; callee: string }): Promise<TmuxSession> {
  const s = startInterview();
  await s.waitFor('New decision: the answers will be saved in answers.yaml.');
  await answerText(s, 'Title of the decision', basics.title);
  await answerText(s, 'Context:', basics.context);
  await answerText(s, 'Decision makers', basics.makers);
  await s.waitFor(/^Interaction 1$/m);
  await answerText(s, 'Caller (the service', basics.caller);
  await answerText(s, 'Callee (the service', basics.callee);
  return s;
}

/**
 * Starts a new interview and answers up to the third question of the first interaction
 * (caller, callee, summary, the two services' kinds and two questions given), leaving that
 * question on screen.
 */
async function interviewUpToThirdQuestion(): Promise<TmuxSession> {
  const s = await startWithBasics({ title: 'Order events', context: 'Orders reserve stock.', makers: '', caller: 'orders', callee: 'stock' });
  await answerText(s, 'What happens, in a few words', 'Reserve the stock');
  await answerText(s, 'Id of the interaction', '');
  await describeBackends(s, 'orders', 'stock');
  await s.waitFor(/^reserve-the-stock: orders -> stock, Reserve the stock$/m);
  await answerSteps(s, [
    [Q.intent, 1, 'command'],
    [Q.caller_needs, 1, 'acknowledgement'],
  ]);
  await s.waitFor(activePrompt(Q.critical_decision));
  return s;
}

describe.skipIf(!tmuxAvailable())('interview on a terminal (tmux)', () => {
  it(
    'runs a whole interview to the answers file and an ADR that decide reproduces byte for byte',
    async () => {
      const s = await startWithBasics({ title: 'Checkout payments', context: 'The shop takes cards at checkout.', makers: 'Ann, Bob', caller: 'checkout', callee: 'payments' });
      await answerText(s, 'What happens, in a few words', 'Authorize the card');
      await answerText(s, 'Id of the interaction', '');
      // Each new service is asked its kind once, with why it matters and what each kind means.
      const kindPrompt = await s.waitFor(activePrompt('What kind of party is checkout?'));
      expect(kindPrompt).toMatch(/^ {2}Said once per service: /m);
      await s.waitFor(/^❯ client$/m);
      s.send(...down(2));
      await s.waitFor(/^❯ service$/m);
      await s.waitFor('A backend service with its own data.');
      s.send('Enter');
      await describeService(s, 'payments', 'service');
      await s.waitFor(/^authorize-the-card: checkout -> payments, Authorize the card$/m);
      await answerSteps(s, [
        [Q.intent, 1, 'command'],
        [Q.caller_needs, 0, 'result'],
        [Q.critical_decision, 0, 'yes'],
        // How fresh "the data" is cannot change anything for a command: not asked.
        [Q.when_down, 0, 'fail_closed'],
        [Q.fits_latency_budget, 2, "don't know"],
        [Q.duration, 0, 'instant'],
        [Q.tolerates_pending, 1, 'no'],
        [Q.multiple_consumers, 1, 'no'],
        // A call answered at once, never retried: its order and repeats change nothing.
        [Q.load_profile, 1, 'spiky'],
      ]);
      await declineNumbersAndAccept(s, 'authorize-the-card');

      // Adding another interaction is preselected.
      await s.waitFor(activePrompt('What next?'));
      await s.waitFor(/^❯ Add another interaction$/m);
      await choose(s, 'What next?', [], 'Add another interaction');

      // Service names known from interaction 1 are offered; typing filters them, Tab completes.
      await s.waitFor(/^Interaction 2$/m);
      await s.waitFor(activePrompt('Caller (the service that starts the interaction)'));
      await s.waitFor(/^ {2}checkout\n {2}payments\nTab completes/m);
      s.type('pay');
      await s.waitFor(/\(the service that starts the interaction\) pay\n {2}payments\nTab completes/);
      s.send('Tab');
      await s.waitFor(/\(the service that starts the interaction\) payments\s*$/);
      s.send('Enter');
      await s.waitFor(/^✔ Caller \(the service that starts the interaction\) payments$/m);
      // The arrows pick a known name; a new name is taken as typed.
      await s.waitFor(activePrompt('Callee (the service it talks to)'));
      s.send('Down');
      await s.waitFor(/^❯ checkout\n {2}payments$/m);
      s.send('Up');
      await s.waitFor(/^ {2}checkout\n {2}payments$/m);
      s.type('acquirer');
      await s.waitFor(/\(the service it talks to\) acquirer\s*$/);
      s.send('Enter');
      await s.waitFor(/^✔ Callee \(the service it talks to\) acquirer$/m);
      await answerText(s, 'What happens, in a few words', 'Check the card limit');
      await answerText(s, 'Id of the interaction', '');
      // payments is known by now; the acquirer is another organisation's system, so the
      // interview also asks whether it can be called back.
      await describeService(s, 'acquirer', 'partner');
      await choose(s, 'Can acquirer receive a callback', down(1), 'no');
      await s.waitFor(/^check-the-card-limit: payments -> acquirer, Check the card limit$/m);
      await answerSteps(s, [
        [Q.intent, 0, 'query'],
        [Q.caller_needs, 0, 'result'],
        [Q.critical_decision, 2, "don't know"],
        [Q.freshness, 1, 'eventual'],
        // Another organisation's system is never copied from: joining owners changes nothing.
        [Q.when_down, 2, 'degrade'],
        [Q.fits_latency_budget, 0, 'yes'],
        [Q.duration, 1, 'seconds'],
        // Asked of a query because nobody knows whether it is a decision others react to.
        [Q.multiple_consumers, 1, 'no'],
        [Q.load_profile, 0, 'steady'],
      ]);
      await declineNumbersAndAccept(s, 'check-the-card-limit');
      const screen = await finish(s);
      const adrPath = 'docs/decisions/0001-checkout-payments.md';
      expect(screen).toContain(`wrote ${adrPath}: 2 interactions`);
      expect(screen).toMatch(/^authorize-the-card {4}checkout -> payments /m);
      expect(screen).toMatch(/^check-the-card-limit {2}payments -> acquirer /m);
      // Each service's kind was asked once; what the services tell was never asked again.
      expect(screen.match(/^✔ What kind of party is payments\?/gm)).toHaveLength(1);
      for (const asked of FROM_SERVICES) expect(screen).not.toContain(asked);

      expect(filesInCwd()).toEqual(['answers.yaml', adrPath]);
      const { text, data } = await readAnswers();
      // Run outside any project that installs the package: no modeline that would point nowhere.
      expect(text.split('\n')[0]).toBe('version: 2');
      expect(text).not.toMatch(/^draft:/m);
      expect(data).not.toHaveProperty('draft');
      expect(data).toMatchObject({
        version: 2,
        title: 'Checkout payments',
        context: 'The shop takes cards at checkout.',
        decision_makers: ['Ann', 'Bob'],
      });
      expect(data['services']).toEqual({
        checkout: { kind: 'service' },
        payments: { kind: 'service' },
        acquirer: { kind: 'partner', reachable: 'no' },
      });
      expect(data['interactions']).toEqual([
        {
          id: 'authorize-the-card',
          from: 'checkout',
          to: 'payments',
          summary: 'Authorize the card',
          answers: {
            intent: 'command',
            caller_needs: 'result',
            critical_decision: 'yes',
            when_down: 'fail_closed',
            fits_latency_budget: 'unknown',
            duration: 'instant',
            tolerates_pending: 'no',
            multiple_consumers: 'no',
            load_profile: 'spiky',
          },
        },
        {
          id: 'check-the-card-limit',
          from: 'payments',
          to: 'acquirer',
          summary: 'Check the card limit',
          answers: {
            intent: 'query',
            caller_needs: 'result',
            critical_decision: 'unknown',
            freshness: 'eventual',
            when_down: 'degrade',
            fits_latency_budget: 'yes',
            duration: 'seconds',
            multiple_consumers: 'no',
            load_profile: 'steady',
          },
        },
      ]);

      const adr = await expectDecideReproduces(adrPath);
      expect(adr).toContain('# Checkout payments');
      expect(adr).toContain('authorize-the-card');
      expect(adr).toContain('check-the-card-limit');
      expect(adr).toMatch(/^\| acquirer \| partner \| no \| partner \|/m);

      const check = runCli(['decide', 'answers.yaml'], cwd);
      expect(check.status).toBe(0);
      expect(check.stderr).toContain(`${adrPath} is up to date`);
      expect(await readFile(join(cwd, adrPath), 'utf8')).toBe(adr);
      expect(await readFile(join(cwd, 'answers.yaml'), 'utf8')).toBe(text);
    },
    TEST_TIMEOUT,
  );

  it(
    'Ctrl-C at a question keeps the answers given so far, and a second interview asks only the rest',
    async () => {
      const first = await interviewUpToThirdQuestion();
      first.send('C-c');
      expect(await first.waitForExit()).toBe(130);
      expect(first.screen()).toMatch(
        /^Interrupted: the answers given so far are saved in answers\.yaml as a draft\. Run sync-or-async interview answers\.yaml to go on\.$/m,
      );
      await stopSession();

      expect(filesInCwd()).toEqual(['answers.yaml']);
      expect(existsSync(join(cwd, 'docs'))).toBe(false);
      const saved = await readAnswers();
      // The file would pass the schema (unasked questions read as unknown), but it is unfinished.
      expect(saved.text).toMatch(/^draft: true$/m);
      expect(saved.data).toMatchObject({ draft: true, title: 'Order events', context: 'Orders reserve stock.' });
      expect(saved.data['services']).toEqual({ orders: { kind: 'service' }, stock: { kind: 'service' } });
      expect(saved.data['interactions']).toEqual([
        {
          id: 'reserve-the-stock',
          from: 'orders',
          to: 'stock',
          summary: 'Reserve the stock',
          answers: { intent: 'command', caller_needs: 'acknowledgement' },
        },
      ]);
      const refused = runCli(['decide', 'answers.yaml'], cwd);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('draft');
      expect(filesInCwd()).toEqual(['answers.yaml']);

      const second = startInterview();
      const resumed = await second.waitFor(activePrompt(Q.critical_decision));
      expect(resumed).toMatch(/^Resuming answers\.yaml\.$/m);
      expect(resumed).not.toContain('New decision');
      // The first question of the second interview is the first one left open: nothing before it.
      expect(resumed).not.toMatch(/^✔ /m);
      expect(resumed.match(/^\? /gm)).toHaveLength(1);
      for (const asked of ['Title of the decision', 'Context:', 'Decision makers', 'Caller (the service', 'Callee (the service', 'What happens', 'What kind of party is']) {
        expect(resumed).not.toContain(asked);
      }
      expect(resumed).toMatch(/^reserve-the-stock: orders -> stock, Reserve the stock$/m);
      await answerSteps(second, [
        [Q.critical_decision, 0, 'yes'],
        [Q.when_down, 1, 'fail_fast'],
        // With only an acknowledgement awaited, neither how long the work takes nor who else
        // reacts changes the queue it goes through.
        [Q.ordering, 1, 'per_key'],
        [Q.safe_to_repeat, 1, 'no'],
        [Q.load_profile, 0, 'steady'],
      ]);
      await declineNumbersAndAccept(second, 'reserve-the-stock');
      const screen = await finish(second);
      // The caller needs only an acknowledgement: it does not wait, so neither the latency budget
      // nor a pending state is asked; that it can be called back, its kind says.
      expect(screen).not.toContain(Q.fits_latency_budget);
      expect(screen).not.toContain(Q.tolerates_pending);
      for (const asked of FROM_SERVICES) expect(screen).not.toContain(asked);

      const adrPath = 'docs/decisions/0001-order-events.md';
      expect(filesInCwd()).toEqual(['answers.yaml', adrPath]);
      const { text, data } = await readAnswers();
      expect(text).not.toMatch(/^draft:/m);
      expect(data).not.toHaveProperty('draft');
      expect(data).toMatchObject({ title: 'Order events', context: 'Orders reserve stock.' });
      expect(data['interactions']).toEqual([
        {
          id: 'reserve-the-stock',
          from: 'orders',
          to: 'stock',
          summary: 'Reserve the stock',
          answers: {
            intent: 'command',
            caller_needs: 'acknowledgement',
            critical_decision: 'yes',
            when_down: 'fail_fast',
            ordering: 'per_key',
            safe_to_repeat: 'no',
            load_profile: 'steady',
          },
        },
      ]);
      await expectDecideReproduces(adrPath);
    },
    TEST_TIMEOUT,
  );

  it(
    'a paste of several answers at once, arrow keys included, fills one prompt after another',
    async () => {
      const s = startInterview();
      await s.waitFor(activePrompt('Title of the decision'));
      // Everything typed ahead in one write: three text answers, two interactions' parties and
      // summary, an id typed over the suggestion, then two kinds picked with the arrows.
      s.paste('Card payments\nThe shop takes cards.\nAnn, Bob\ncheckout\npayments\nAuthorize the card\nauthorize\n\u001b[B\u001b[B\n\u001b[B\u001b[B\n');
      await s.waitFor(activePrompt(Q.intent));
      const screen = s.screen();
      expect(screen).toMatch(/^✔ Title of the decision .* Card payments$/m);
      expect(screen).toMatch(/^✔ Context: .* The shop takes cards\.$/m);
      expect(screen).toMatch(/^✔ Decision makers, separated by commas \(optional\) Ann, Bob$/m);
      expect(screen).toMatch(/^✔ Caller \(the service that starts the interaction\) checkout$/m);
      expect(screen).toMatch(/^✔ Callee \(the service it talks to\) payments$/m);
      expect(screen).toMatch(/^✔ What happens, in a few words .* Authorize the card$/m);
      expect(screen).toMatch(/^✔ Id of the interaction .* authorize$/m);
      expect(screen).toMatch(/^✔ What kind of party is checkout\? service$/m);
      expect(screen).toMatch(/^✔ What kind of party is payments\? service$/m);
      // A fast typist: two answers in one burst of keys.
      s.send('Enter', 'Enter');
      await s.waitFor(activePrompt(Q.critical_decision));
      expect(s.screen()).toMatch(new RegExp(`^✔ ${escapeRegExp(Q.caller_needs)}.* result$`, 'm'));
      s.send('C-c');
      expect(await s.waitForExit()).toBe(130);
      await stopSession();

      const { data } = await readAnswers();
      expect(data).toMatchObject({
        draft: true,
        title: 'Card payments',
        context: 'The shop takes cards.',
        decision_makers: ['Ann', 'Bob'],
        services: { checkout: { kind: 'service' }, payments: { kind: 'service' } },
        interactions: [{ id: 'authorize', from: 'checkout', to: 'payments', summary: 'Authorize the card', answers: { intent: 'query', caller_needs: 'result' } }],
      });
    },
    TEST_TIMEOUT,
  );

  it(
    'an id edited from its suggestion, a service answered once and reused, a checklist item acknowledged: the ADR ticks it',
    async () => {
      const s = await startWithBasics({ title: 'Order events', context: 'Orders announce what happens.', makers: '', caller: 'orders', callee: 'shipping' });
      await answerText(s, 'What happens, in a few words', 'Announce that the order was placed');
      // The suggestion is taken into the line with Tab, then edited.
      const idPrompt = await s.waitFor(/^\? Id of the interaction .*\((\S+)\)$/m);
      const suggestion = /^\? Id of the interaction .*\((\S+)\)$/m.exec(idPrompt)![1]!;
      expect(suggestion.split('-').length).toBeLessThanOrEqual(5);
      s.send('Tab');
      await s.waitFor(new RegExp(`^\\? Id of the interaction .* ${escapeRegExp(suggestion)}$`, 'm'));
      s.send(...Array.from({ length: suggestion.length }, () => 'BSpace'));
      s.type('order-placed');
      s.send('Enter');
      await s.waitFor(/^✔ Id of the interaction .* order-placed$/m);
      await describeBackends(s, 'orders', 'shipping');
      await answerSteps(s, [
        [Q.intent, 2, 'fact'],
        [Q.ordering, 1, 'per_key'],
        [Q.safe_to_repeat, 0, 'yes'],
        [Q.load_profile, 0, 'steady'],
      ]);
      await declineNumbersAndAccept(s, 'order-placed');
      // A second interaction from the same caller: orders is offered and its kind not asked again.
      await choose(s, 'What next?', [], 'Add another interaction');
      await s.waitFor(activePrompt('Caller (the service that starts the interaction)'));
      s.type('ord');
      s.send('Tab');
      await s.waitFor(/\(the service that starts the interaction\) orders\s*$/);
      s.send('Enter');
      await answerText(s, 'Callee (the service', 'billing');
      await answerText(s, 'What happens, in a few words', 'Invoice the order');
      await answerText(s, 'Id of the interaction', '');
      await describeService(s, 'billing', 'service');
      await answerSteps(s, [
        [Q.intent, 2, 'fact'],
        [Q.ordering, 0, 'none'],
        [Q.safe_to_repeat, 0, 'yes'],
        [Q.load_profile, 0, 'steady'],
      ]);
      await s.waitFor(/^\? Add numbers/m);
      s.send('Enter');
      await s.waitFor(/^❯ Accept$/m);
      s.send('Enter');

      // The checklist: the first open item, done, for both interactions as one platform entry.
      await choose(s, 'What next?', down(3), 'Work through the checklist: mark obligations done, or waived with a reason');
      const list = await s.waitFor(/^\? Which obligation is in place, or knowingly left out\?/m);
      const first = /^❯ (.+) \(([a-z0-9-]+)\): open for 2 of 2$/m.exec(list);
      expect(first).not.toBeNull();
      const [, title, item] = first!;
      s.send('Enter');
      await choose(s, `${title}: what is its state?`, [], 'Done: in place, verified as the ADR says');
      await choose(s, 'For which interactions?', [], 'Every interaction that needs it (2), as one platform_checklist entry');
      await s.waitFor(`${item}: done for every interaction that needs it.`);
      await s.waitFor(activePrompt('Which obligation is in place, or knowingly left out?'));
      s.send(...down(60));
      await s.waitFor(/^❯ Back$/m);
      s.send('Enter');
      const screen = await finish(s);
      expect(screen.match(/^✔ What kind of party is orders\?/gm)).toHaveLength(1);

      const { data } = await readAnswers();
      expect(data['platform_checklist']).toEqual([{ item, done: true }]);
      expect(data['interactions'].map((interaction: { id: string }) => interaction.id)).toEqual(['order-placed', expect.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/)]);
      const adr = await expectDecideReproduces('docs/decisions/0001-order-events.md');
      expect(adr).toMatch(new RegExp(`^- \\[x\\] \\*\\*${escapeRegExp(title!)}\\*\\* \\(\`${escapeRegExp(item!)}\`\\)`, 'm'));
      expect(runCli(['check', 'answers.yaml', '--adr', 'docs/decisions'], cwd).status).toBe(0);
    },
    TEST_TIMEOUT,
  );

  it(
    'Ctrl-C before an interaction is complete saves a draft that decide refuses; resuming asks what is missing',
    async () => {
      const s = await startWithBasics({ title: 'Stock checks', context: 'The shop checks stock.', makers: '', caller: 'cart', callee: 'stock' });
      await s.waitFor(activePrompt('What happens, in a few words'));
      s.send('C-c');
      expect(await s.waitForExit()).toBe(130);
      expect(s.screen()).toMatch(
        /^Interrupted: the answers given so far are saved in answers\.yaml as a draft\. Run sync-or-async interview answers\.yaml to go on\.$/m,
      );
      await stopSession();

      expect(filesInCwd()).toEqual(['answers.yaml']);
      const { text, data } = await readAnswers();
      expect(text).toMatch(/^draft: true$/m);
      expect(data).toMatchObject({ draft: true, title: 'Stock checks', context: 'The shop checks stock.', interactions: [{ from: 'cart', to: 'stock' }] });
      expect(data['interactions'][0]).not.toHaveProperty('summary');

      const decided = runCli(['decide', 'answers.yaml'], cwd);
      expect(decided.status).toBe(2);
      expect(decided.stderr).toContain('draft');
      expect(filesInCwd()).toEqual(['answers.yaml']);

      // Resuming goes straight to the summary; leaving again without an answer changes nothing.
      const second = startInterview();
      const resumed = await second.waitFor(activePrompt('What happens, in a few words'));
      expect(resumed).toMatch(/^Resuming answers\.yaml\.$/m);
      expect(resumed).not.toMatch(/^✔ /m);
      expect(resumed).not.toContain('Caller (the service');
      expect(resumed).not.toContain('Callee (the service');
      second.send('C-c');
      expect(await second.waitForExit()).toBe(130);
      expect(second.screen()).toContain('Interrupted: nothing new was answered, so answers.yaml is as it was.');
      expect(await readFile(join(cwd, 'answers.yaml'), 'utf8')).toBe(text);
    },
    TEST_TIMEOUT,
  );

  it(
    "Ctrl-C at a service's kind keeps the kinds already given; resuming asks only the rest",
    async () => {
      const s = await startWithBasics({ title: 'Stock checks', context: 'The shop checks stock.', makers: '', caller: 'web-shop', callee: 'stock' });
      await answerText(s, 'What happens, in a few words', 'Check the stock');
      await answerText(s, 'Id of the interaction', '');
      await describeService(s, 'web-shop', 'edge');
      await s.waitFor(activePrompt('What kind of party is stock?'));
      s.send('C-c');
      expect(await s.waitForExit()).toBe(130);
      await stopSession();

      const { text, data } = await readAnswers();
      expect(data).toMatchObject({ draft: true, services: { 'web-shop': { kind: 'edge' } }, interactions: [{ from: 'web-shop', to: 'stock', summary: 'Check the stock' }] });
      expect(Object.keys(data['services'])).toEqual(['web-shop']);
      expect(runCli(['decide', 'answers.yaml'], cwd).status).toBe(2);

      const second = startInterview();
      const resumed = await second.waitFor(activePrompt('What kind of party is stock?'));
      expect(resumed).toMatch(/^Resuming answers\.yaml\.$/m);
      expect(resumed).not.toContain('What kind of party is web-shop?');
      second.send('C-c');
      expect(await second.waitForExit()).toBe(130);
      expect(second.screen()).toContain('Interrupted: nothing new was answered, so answers.yaml is as it was.');
      expect(await readFile(join(cwd, 'answers.yaml'), 'utf8')).toBe(text);
    },
    TEST_TIMEOUT,
  );

  it(
    'a terminal that closes mid-interview leaves the answers given so far as a draft',
    async () => {
      const s = await startWithBasics({ title: 'Stock checks', context: 'The shop checks stock.', makers: '', caller: 'cart', callee: 'stock' });
      await answerText(s, 'What happens, in a few words', 'Check the stock');
      await answerText(s, 'Id of the interaction', '');
      await describeBackends(s, 'cart', 'stock');
      await choose(s, Q.intent, [], 'query');
      await s.waitFor(activePrompt(Q.caller_needs));
      // Closing the terminal hangs up on the interview (SIGHUP) while it waits at a prompt.
      await stopSession();

      expect(filesInCwd()).toEqual(['answers.yaml']);
      const { data } = await readAnswers();
      expect(data).toMatchObject({
        draft: true,
        title: 'Stock checks',
        services: { cart: { kind: 'service' }, stock: { kind: 'service' } },
        interactions: [{ id: 'check-the-stock', from: 'cart', to: 'stock', answers: { intent: 'query' } }],
      });
      expect(Object.keys(data['interactions'][0]['answers'])).toEqual(['intent']);
    },
    TEST_TIMEOUT,
  );

  it(
    'Ctrl-C at the first prompt writes nothing',
    async () => {
      const s = startInterview();
      await s.waitFor('New decision: the answers will be saved in answers.yaml.');
      await s.waitFor(activePrompt('Title of the decision'));
      s.send('C-c');
      expect(await s.waitForExit()).toBe(130);
      expect(s.screen()).toContain('Interrupted before any answer was given; nothing was written.');
      expect(filesInCwd()).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});

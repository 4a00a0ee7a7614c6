/**
 * Hand-built inputs for the renderers: a small pack, an answers file (version 2, with a
 * services section) and the decision the engine would reach for it. Written out in full so
 * that renderer tests do not depend on the loader or the engine.
 */
import type { AnswersFile, Interaction, Service, SourceLocation, Style } from '../../src/model/answers.js';
import type {
  ConsideredOption,
  Decision,
  Finding,
  InteractionDecision,
  OpenQuestion,
  Parts,
  Reason,
  RequiredItem,
} from '../../src/model/decision.js';
import type { AsyncMechanism, ChecklistItem, Condition, Pack, Question, Recommendation, Reply, Rule, Weight } from '../../src/model/pack.js';

const ANSWERS_FILE = 'examples/checkout/answers.yaml';
const PACK_FILE = 'rules/rules.yaml';

export function at(line: number, column = 5, file = ANSWERS_FILE): SourceLocation {
  return { file, line, column };
}

function question(
  id: string,
  prompt: string,
  help: string,
  answers: string[] | 'yes_no',
  extra: Partial<Question> = {},
): Question {
  return {
    id,
    prompt,
    help,
    type: answers === 'yes_no' ? 'yes_no' : 'choice',
    answers: answers === 'yes_no' ? ['yes', 'no'] : answers,
    answer_help: {},
    location: at(1, 5, 'rules/questions.yaml'),
    pack: 'builtin',
    ...extra,
  };
}

function rule(id: string, title: string, when: Condition, reason: string, extra: Partial<Rule> = {}): Rule {
  return {
    id,
    title,
    when,
    phase: 'style',
    weight: 'normal',
    reason,
    checklist: [],
    location: at(1, 5, PACK_FILE),
    pack: 'builtin',
    ...extra,
  };
}

function item(id: string, title: string, why: string, verify: string, neededBy: Partial<ChecklistItem['needed_by']> = {}): ChecklistItem {
  return {
    id,
    title,
    why,
    verify,
    needed_by: { styles: neededBy.styles ?? [], mechanisms: neededBy.mechanisms ?? [] },
    location: at(1, 5, 'rules/checklist.yaml'),
    pack: 'builtin',
  };
}

const is = (answer: string, value: string): Condition => ({ answer, eq: value });
const oneOf = (answer: string, values: string[]): Condition => ({ answer, in: values });
const vote = (recommend: Recommendation, weight: Weight = 'normal'): Partial<Rule> => ({ recommend, weight });

/** Questions that an announced fact does not raise. */
const NOT_FOR_FACTS: Partial<Question> = { ask_when: { not: { answer: 'intent', eq: 'fact' } } };

const KINDS = ['client', 'edge', 'service', 'partner', 'read_model'];
/** Parties that cannot write to a broker: they hand work over through an endpoint. */
const WITHOUT_BROKER = ['client', 'edge', 'partner'];

export function buildPack(): Pack {
  return {
    packs: [{ name: 'builtin', description: 'The built-in rules.', dir: '/opt/sync-or-async/rules' }],
    questions: [
      question('caller_kind', 'What kind of party starts this interaction?', 'A browser or a gateway cannot write to a broker; a backend service can.', KINDS, { derive: 'caller.kind' }),
      question('callee_kind', 'What kind of party answers this interaction?', 'A partner learns of facts through webhooks, not through a broker.', KINDS, { derive: 'callee.kind' }),
      question('intent', 'Is the caller asking, telling one service to act, or announcing something?', 'Each intent leans towards a different style.', ['query', 'command', 'fact']),
      question('caller_needs', 'What must the caller have before it can carry on?', 'This is the synchronous part of the interaction, if any.', ['result', 'acknowledgement', 'nothing'], NOT_FOR_FACTS),
      question('critical_decision', "Is this a decision the callee's domain owns?", 'Owned decisions are asked of their owner, live.', 'yes_no', NOT_FOR_FACTS),
      question('freshness', 'Must the data be current at the moment it is used?', 'Data that may lag can be copied locally from events.', ['strong', 'eventual'], NOT_FOR_FACTS),
      question('when_down', 'When the callee is down, what should the caller do?', 'The failure promise decides more than technology.', ['fail_closed', 'fail_fast', 'degrade', 'defer']),
      question('fits_latency_budget', "Does the callee answer within the caller's latency budget?", 'A slow callee spends the budget of every caller above it.', 'yes_no', { derive: 'latency', ...NOT_FOR_FACTS }),
      question('duration', 'Once started, how long does the work take?', 'Long work cannot sit inside a request.', ['instant', 'seconds', 'long'], NOT_FOR_FACTS),
      question('tolerates_pending', 'Can the user be shown "accepted, still in progress"?', 'Asynchronous success first means accepted', 'yes_no', NOT_FOR_FACTS),
      question('multiple_consumers', 'Do several independent parties react to this?', 'Reactions that multiply belong behind an event.', 'yes_no'),
      question('caller_reachable', 'Can the caller receive a callback?', 'Mobile apps and clients behind firewalls cannot.', 'yes_no', { derive: 'caller.reachable' }),
      question('trust_boundary', "Does the interaction cross the organisation's boundary?", 'Partners and the public need signed, verified calls.', ['internal', 'partner', 'public'], { derive: 'boundary' }),
      question('ordering', 'Must the work be processed in order?', 'Ordering caps throughput.', ['none', 'per_key', 'global']),
      question('safe_to_repeat', 'Can the operation run twice without a double effect?', 'Anything that retries will repeat it.', 'yes_no'),
    ],
    rules: [
      rule('result-needed-now', 'A caller that needs the result waits for it in a call', is('caller_needs', 'result'), '{{from}} cannot carry on without the result, so it waits for {{to}} in a call.', vote({ sync: 'yes' })),
      rule(
        'query-answered-now',
        'A query whose answer the caller waits for is a synchronous call',
        { all: [is('intent', 'query'), is('caller_needs', 'result')] },
        '{{from}} asks {{to}} a question and waits for the answer.',
        vote({ sync: 'yes' }),
      ),
      rule(
        'acknowledge-now-complete-later',
        'A client that needs only an acknowledgement follows the outcome through a status',
        { all: [is('caller_needs', 'acknowledgement'), oneOf('caller_kind', WITHOUT_BROKER)] },
        '{{from}} needs only an acknowledgement now and follows the outcome through the status it was given.',
        { ...vote({ async: 'yes', mechanism: 'request-reply' }, 'strong'), checklist: ['pending-and-failed-state'] },
      ),
      rule('nothing-to-wait-for', 'A caller that needs nothing back does not wait', is('caller_needs', 'nothing'), '{{from}} needs nothing back, so waiting for {{to}} would only add its failures.', vote({ sync: 'no', async: 'yes' })),
      rule(
        'endpoint-for-callers-without-broker',
        'Clients, gateways and partners hand work over through an endpoint',
        { all: [oneOf('caller_kind', WITHOUT_BROKER), { any: [is('intent', 'fact'), oneOf('caller_needs', ['acknowledgement', 'nothing'])] }] },
        '{{from}} cannot write to a message broker, so it hands the work to an endpoint of {{to}}, which accepts it synchronously.',
        vote({ sync: 'yes' }, 'strong'),
      ),
      rule(
        'fact-as-event',
        'A fact is announced as an event',
        { all: [is('intent', 'fact'), { not: is('callee_kind', 'partner') }] },
        '{{from}} announces something that already happened; {{to}} reacts without {{from}} waiting.',
        vote({ async: 'yes', mechanism: 'event' }, 'strong'),
      ),
      rule(
        'fact-with-several-consumers',
        'Several independent consumers make the event stronger',
        { all: [is('intent', 'fact'), is('multiple_consumers', 'yes')] },
        'Several independent parties react to this fact; adding one more never changes {{from}}.',
        vote({ async: 'yes', mechanism: 'event' }),
      ),
      rule(
        'command-without-waiting',
        'Commands the caller does not wait for go on a queue',
        { all: [is('intent', 'command'), oneOf('caller_needs', ['acknowledgement', 'nothing'])] },
        '{{from}} tells {{to}} to act and does not wait: one handler behind a queue.',
        vote({ async: 'yes', mechanism: 'queue' }),
      ),
      rule(
        'fail-closed-ask-owner',
        'Fail-closed decisions are asked of their owner, synchronously',
        is('when_down', 'fail_closed'),
        '{{from}} must deny when {{to}} cannot answer, so it asks {{to}} live.',
        { ...vote({ sync: 'yes' }, 'strong'), checklist: ['deny-on-error'] },
      ),
      rule(
        'defer-when-down',
        'Work that may happen later does not block the caller',
        { all: [is('when_down', 'defer'), { any: [is('intent', 'fact'), { all: [is('intent', 'command'), oneOf('caller_needs', ['acknowledgement', 'nothing'])] }] }] },
        'The action of {{from}} must succeed while {{to}} is down; the work can happen later.',
        vote({ sync: 'no', async: 'yes' }, 'strong'),
      ),
      rule('strong-freshness-ask-owner', 'Data that must be current is read live from its owner', is('freshness', 'strong'), 'The answer must reflect the current state of {{to}}.', vote({ sync: 'yes' })),
      rule(
        'decide-then-announce',
        'An outcome others react to is decided synchronously, then announced',
        { all: [is('caller_needs', 'result'), is('multiple_consumers', 'yes'), { any: [is('intent', 'command'), is('critical_decision', 'yes')] }] },
        '{{to}} decides while {{from}} waits, then publishes the outcome as a fact for the others.',
        vote({ sync: 'yes', async: 'yes', mechanism: 'event' }, 'strong'),
      ),
      rule(
        'slow-callee-keep-sync',
        'A slow callee whose answer is needed now stays synchronous',
        { all: [is('fits_latency_budget', 'no'), is('caller_needs', 'result'), is('tolerates_pending', 'no')] },
        '{{to}} answers in {{latency_p99_ms}} ms at p99; making it asynchronous would only hide that.',
        { ...vote({ sync: 'yes' }, 'strong'), finding: { severity: 'warning', message: '{{to}} is slower than the budget of {{from}}.' } },
      ),
      rule(
        'slow-callee-accept-pending',
        'A slow callee with an acceptable pending state is accepted now and completed later',
        { all: [is('fits_latency_budget', 'no'), is('caller_needs', 'result'), is('tolerates_pending', 'yes')] },
        '{{to}} accepts the request now and completes it later.',
        vote({ sync: 'yes', async: 'yes', mechanism: 'request-reply' }, 'strong'),
      ),
      rule('reply-by-polling', 'A caller that cannot be reached asks for the result', is('caller_reachable', 'no'), '{{from}} cannot receive callbacks, so it polls a status URL.', vote({ reply: 'polling' })),
      rule('reply-by-callback', 'A reachable caller is called back', is('caller_reachable', 'yes'), '{{from}} can receive a callback, so {{to}} notifies it when the result is ready.', vote({ reply: 'callback' })),
      rule('repeat-needs-idempotency-key', 'Work that is not safe to repeat needs an idempotency key', is('safe_to_repeat', 'no'), 'Retries must not repeat the effect.', { checklist: ['idempotency-key'] }),
      rule(
        'ordering-needs-key',
        'Ordered work on an asynchronous path needs a key',
        { all: [{ outcome: 'style', in: ['async', 'hybrid'] }, oneOf('ordering', ['per_key', 'global'])] },
        'Order holds only per key.',
        { phase: 'obligation', checklist: ['ordering-key'] },
      ),
    ],
    checklist: [
      item('timeout-budget', 'Timeout budget per hop', 'A call without a deadline holds its caller hostage.', 'Every client sets a timeout below the remaining budget', { mechanisms: ['call'] }),
      item('circuit-breaker', 'Circuit breaker', 'Stop calling a failing callee.', 'Breaker state is visible on the dashboard.', { mechanisms: ['call'] }),
      item('deny-on-error', 'Deny on error', 'A gate that fails open is no gate.', 'A test with the callee down sees a denial.'),
      item('idempotent-consumer', 'Idempotent consumer', 'Brokers deliver at least once.', 'Delivering the same message twice changes nothing.', { mechanisms: ['event', 'queue', 'request-reply'] }),
      item('dead-letter-queue', 'Dead-letter queue', 'One poison message must not block the rest.', 'A malformed message ends up in the dead-letter queue.', { mechanisms: ['event', 'queue'] }),
      item('transactional-outbox', 'Publish after commit', 'An event for a rolled-back change is a lie.', 'Events are written in the same transaction as the change.', { mechanisms: ['event'] }),
      item('pending-and-failed-state', 'Visible pending and failed state', 'Accepted is not done.', 'The user sees pending and failed states.', { mechanisms: ['queue', 'request-reply'] }),
      item('decision-boundary', 'Decision boundary written down', 'Say what must hold before success is shown.', 'The boundary is in the API documentation.', { styles: ['hybrid'] }),
      item('accepted-with-status', '202 with a status URL', 'The caller needs a place to check.', 'The first response carries Location and Retry-After.', { mechanisms: ['request-reply'] }),
      item('polling-limits', 'Polling limits', 'Fixed intervals herd.', 'Clients add jitter; the status endpoint is rate limited.', { mechanisms: ['polling'] }),
      item('signed-callbacks', 'Signed callbacks', 'A callback endpoint is open to anyone who finds it.', 'Every callback carries a signature the receiver checks.', { mechanisms: ['callback', 'webhook'] }),
      item('ordering-key', 'Ordering key', 'Order holds only per key.', 'Messages carry the key | partition used.'),
      item('idempotency-key', 'Idempotency key', 'Retries must not repeat a payment.', 'A repeated request with the same key returns the first result.'),
    ],
    systemRules: [],
    settings: { retry_amplification_threshold: 10, fan_out_threshold: 3 },
    disabled: [],
  };
}

function service(name: string, line: number, attributes: Omit<Service, 'name' | 'location'>): Service {
  return { name, ...attributes, location: at(line, 3) };
}

/** The services section, in file order: some described fully, some only by kind, one not at all. */
export function buildServices(): Service[] {
  return [
    service('web', 8, { kind: 'client', summary: "The storefront in the customer's browser" }),
    service('checkout', 9, { kind: 'service' }),
    service('payments', 10, { kind: 'service' }),
    service('fraud', 11, { kind: 'partner', reachable: 'no', summary: 'External fraud | risk provider' }),
    service('orders', 12, { kind: 'service' }),
    service('email', 13, { kind: 'service' }),
    service('analytics', 14, { kind: 'service' }),
    service('inventory', 15, { kind: 'service', summary: '# of items on hand, per warehouse' }),
    service('crm "legacy" | v2', 16, { kind: 'partner', reachable: 'yes', boundary: 'internal', summary: 'The old CRM, still <b>in use</b>' }),
    service('end', 17, { summary: 'Not a service:\nthe end of the session' }),
    service('mobile app', 18, { kind: 'client' }),
    service('transcoder', 19, { kind: 'service', reachable: 'no' }),
  ];
}

interface Draft {
  id: string;
  from: string;
  to: string;
  summary: string;
  line: number;
  answers: Record<string, string>;
  numbers?: Interaction['numbers'];
  declared?: Style;
}

const DRAFTS: Draft[] = [
  {
    id: 'place-order',
    from: 'web',
    to: 'checkout',
    summary: 'The storefront submits the basket and waits for the order number',
    line: 22,
    answers: { intent: 'command', caller_needs: 'result', freshness: 'eventual', when_down: 'fail_fast', tolerates_pending: 'no', multiple_consumers: 'no', safe_to_repeat: 'no' },
    numbers: { latency_budget_ms: 1000, latency_p99_ms: 250 },
    declared: 'sync',
  },
  {
    id: 'authorize-payment',
    from: 'checkout',
    to: 'payments',
    summary: 'Authorize the card while the customer waits; others react to the outcome',
    line: 35,
    answers: {
      intent: 'command',
      caller_needs: 'result',
      tolerates_pending: 'no',
      critical_decision: 'yes',
      freshness: 'strong',
      when_down: 'fail_fast',
      multiple_consumers: 'yes',
      ordering: 'per_key',
      safe_to_repeat: 'no',
    },
    declared: 'hybrid',
  },
  {
    id: 'screen-fraud',
    from: 'checkout',
    to: 'fraud',
    summary: 'Ask the fraud provider whether the order may go ahead',
    line: 50,
    answers: { intent: 'query', caller_needs: 'result', critical_decision: 'yes', freshness: 'strong', when_down: 'fail_closed', tolerates_pending: 'unknown', multiple_consumers: 'no', safe_to_repeat: 'yes' },
    numbers: { latency_budget_ms: 800, latency_p99_ms: 1200, retries: 2 },
  },
  {
    id: 'check-access',
    from: 'admin',
    to: 'permissions',
    summary: 'May this user open the refunds page?',
    line: 64,
    answers: { intent: 'query', caller_needs: 'result', critical_decision: 'yes', freshness: 'strong', when_down: 'fail_closed', tolerates_pending: 'no', multiple_consumers: 'no', safe_to_repeat: 'yes' },
  },
  {
    id: 'announce-order-email',
    from: 'orders',
    to: 'email',
    summary: 'Tell the customer that the order was placed',
    line: 76,
    answers: { intent: 'fact', when_down: 'defer', multiple_consumers: 'yes', ordering: 'none', safe_to_repeat: 'yes' },
    declared: 'sync',
  },
  {
    id: 'feed-analytics',
    from: 'orders',
    to: 'analytics',
    summary: 'OrderCreated feeds the sales dashboard',
    line: 88,
    answers: { intent: 'fact', when_down: 'degrade', multiple_consumers: 'yes', ordering: 'unknown', safe_to_repeat: 'yes' },
  },
  {
    id: 'reserve-stock',
    from: 'orders',
    to: 'inventory',
    summary: 'Reserve the items of a confirmed order (saga step)',
    line: 99,
    answers: { intent: 'command', caller_needs: 'nothing', freshness: 'eventual', when_down: 'defer', ordering: 'unknown', safe_to_repeat: 'no' },
  },
  {
    id: 'copy-to-legacy-crm',
    from: 'checkout',
    to: 'crm "legacy" | v2',
    summary: 'Copy the customer | account record to the "legacy" CRM',
    line: 111,
    answers: { intent: 'command', caller_needs: 'unknown', critical_decision: 'no', freshness: 'strong', when_down: 'defer', tolerates_pending: 'no', multiple_consumers: 'no', ordering: 'none', safe_to_repeat: 'yes' },
  },
  {
    id: 'close-session',
    from: 'web',
    to: 'end',
    summary: 'End the browser session after checkout',
    line: 123,
    answers: {},
  },
  {
    id: 'transcode-video',
    from: 'mobile app',
    to: 'transcoder',
    summary: 'Transcode an uploaded product video; takes minutes',
    line: 132,
    answers: { intent: 'command', caller_needs: 'acknowledgement', freshness: 'eventual', when_down: 'fail_fast', duration: 'long', ordering: 'none', safe_to_repeat: 'yes' },
  },
];

export function buildAnswers(): AnswersFile {
  return {
    version: 2,
    id: 'checkout-and-order-communication',
    title: 'Checkout and order communication',
    status: 'proposed',
    date: '2026-11-22',
    context:
      '\nCheckout talks to payments, fraud and inventory, and orders tell several services what happened.   \n' +
      'Some calls sit on the path of a waiting customer, others do not.\n\n\n\n' +
      'We want one record of which interaction is synchronous, which is not, and why.\n\n',
    decision_makers: ['payments team', 'platform team'],
    consulted: ['security: fraud desk'],
    informed: [],
    services: buildServices(),
    interactions: DRAFTS.map((draft) => ({
      id: draft.id,
      from: draft.from,
      to: draft.to,
      summary: draft.summary,
      answers: draft.answers,
      numbers: draft.numbers ?? {},
      ...(draft.declared === undefined ? {} : { declared: draft.declared }),
      location: at(draft.line),
    })),
    flows: [
      {
        id: 'checkout',
        summary: 'Customer places an order',
        budget_ms: 1200,
        steps: ['place-order', 'authorize-payment', 'screen-fraud'],
        location: at(150),
      },
    ],
    source: ANSWERS_FILE,
  };
}


function required(pack: Pack, id: string, requiredBy: string[] = ['style'], dependsOn?: string[]): RequiredItem {
  const definition = pack.checklist.find((candidate) => candidate.id === id);
  if (definition === undefined) {
    throw new Error(`no checklist item ${id} in the fixture pack`);
  }
  return {
    id,
    title: definition.title,
    why: definition.why,
    verify: definition.verify,
    required_by: requiredBy,
    ...(dependsOn === undefined ? {} : { depends_on_unknown: dependsOn }),
  };
}

function reason(
  rule: string,
  stance: Reason['stance'],
  recommend: Recommendation,
  weight: Weight,
  text: string,
  assuming?: Record<string, string>,
): Reason {
  return { rule, stance, vote: recommend, weight, text, ...(assuming === undefined ? {} : { assuming }) };
}

/** The parts a decided mechanism names, as the engine splits it: `call+request-reply:polling`. */
export function partsOf(mechanism: string): Parts {
  const [base = '', reply] = mechanism.split(':');
  const [first, second] = base.split('+');
  const hasCall = first === 'call';
  const asyncPart = (hasCall ? second : first) as AsyncMechanism | undefined;
  return { sync: hasCall ? 'call' : null, async: asyncPart ?? null, reply: (reply as Reply | undefined) ?? null };
}

function option(style: Style, mechanism: string, chosen: boolean, pros: string[], cons: string[]): ConsideredOption {
  return { style, mechanism, chosen, pros, cons };
}

function promptOf(pack: Pack, id: string): string {
  return pack.questions.find((candidate) => candidate.id === id)?.prompt ?? id;
}

function openQuestion(pack: Pack, id: string, alternatives: OpenQuestion['alternatives'], checklist: string[] = []): OpenQuestion {
  return { question: id, prompt: promptOf(pack, id), alternatives, checklist };
}

type Outcome = Pick<
  InteractionDecision,
  'style' | 'mechanism' | 'confidence' | 'support' | 'main_reasons' | 'reasons' | 'options' | 'checklist' | 'open_questions'
> & {
  /** Answers the engine derived from the services section or the numbers, in pack order. */
  derived?: Record<string, string>;
};

function decideDraft(draft: Draft, outcome: Outcome): InteractionDecision {
  return {
    id: draft.id,
    from: draft.from,
    to: draft.to,
    summary: draft.summary,
    style: outcome.style,
    mechanism: outcome.mechanism,
    parts: partsOf(outcome.mechanism),
    confidence: outcome.confidence,
    support: outcome.support,
    main_reasons: outcome.main_reasons,
    reasons: outcome.reasons,
    options: outcome.options,
    checklist: outcome.checklist,
    ...(draft.declared === undefined ? {} : { declared: draft.declared }),
    open_questions: outcome.open_questions,
    answers: { ...draft.answers, ...(outcome.derived ?? {}) },
    derived: Object.keys(outcome.derived ?? {}),
    location: at(draft.line),
  };
}

export function summarise(interactions: InteractionDecision[], findings: Finding[]): Decision['summary'] {
  const styles = { sync: 0, async: 0, hybrid: 0 };
  interactions.forEach((interaction) => (styles[interaction.style] += 1));
  const counts = { error: 0, warning: 0, info: 0 };
  findings.forEach((finding) => (counts[finding.severity] += 1));
  return { interactions: interactions.length, styles, findings: counts };
}

/**
 * What the engine decides for buildAnswers() with buildPack(): seven interactions it is sure of,
 * `copy-to-legacy-crm` (medium: decided by the possible answers to `caller_needs`),
 * `screen-fraud` (low: `tolerates_pending` splits evenly; one reason holds only assuming it is
 * no) and `close-session` (low: nothing answered yet), plus findings of the whole system.
 */
export function buildDecision(pack: Pack = buildPack()): Decision {
  const drafts = new Map(DRAFTS.map((draft) => [draft.id, draft]));
  const draft = (id: string): Draft => drafts.get(id)!;
  const interactions: InteractionDecision[] = [
    decideDraft(draft('place-order'), {
      style: 'sync',
      mechanism: 'call',
      confidence: 'high',
      support: 1,
      main_reasons: ['result-needed-now'],
      reasons: [
        reason('result-needed-now', 'for', { sync: 'yes' }, 'normal', 'web cannot carry on without the result, so it waits for checkout in a call.'),
      ],
      options: [
        option('sync', 'call', true, ['result-needed-now'], []),
        option('async', 'queue', false, [], ['result-needed-now']),
      ],
      checklist: [
        required(pack, 'timeout-budget'),
        required(pack, 'circuit-breaker'),
        required(pack, 'idempotency-key', ['repeat-needs-idempotency-key']),
      ],
      open_questions: [],
      derived: { caller_kind: 'client', callee_kind: 'service', fits_latency_budget: 'yes', caller_reachable: 'no', trust_boundary: 'public' },
    }),
    decideDraft(draft('authorize-payment'), {
      style: 'hybrid',
      mechanism: 'call+event',
      confidence: 'high',
      support: 1,
      main_reasons: ['decide-then-announce'],
      reasons: [
        reason('decide-then-announce', 'for', { sync: 'yes', async: 'yes', mechanism: 'event' }, 'strong', 'payments decides while checkout waits, then publishes the outcome as a fact for the others.'),
        reason('result-needed-now', 'for', { sync: 'yes' }, 'normal', 'checkout cannot carry on without the result, so it waits for payments in a call.'),
        reason('strong-freshness-ask-owner', 'for', { sync: 'yes' }, 'normal', 'The answer must reflect the current state of payments.'),
      ],
      options: [
        option('hybrid', 'call+event', true, ['decide-then-announce', 'result-needed-now', 'strong-freshness-ask-owner'], []),
        option('sync', 'call', false, ['result-needed-now', 'strong-freshness-ask-owner'], ['decide-then-announce']),
        option('async', 'event', false, [], ['decide-then-announce', 'result-needed-now', 'strong-freshness-ask-owner']),
      ],
      checklist: [
        required(pack, 'timeout-budget'),
        required(pack, 'circuit-breaker'),
        required(pack, 'idempotent-consumer'),
        required(pack, 'dead-letter-queue'),
        required(pack, 'transactional-outbox'),
        required(pack, 'decision-boundary'),
        required(pack, 'ordering-key', ['ordering-needs-key']),
        required(pack, 'idempotency-key', ['repeat-needs-idempotency-key']),
      ],
      open_questions: [],
      derived: { caller_kind: 'service', callee_kind: 'service', caller_reachable: 'yes', trust_boundary: 'internal' },
    }),
    decideDraft(draft('screen-fraud'), {
      style: 'sync',
      mechanism: 'call',
      confidence: 'low',
      support: 0.5,
      main_reasons: ['fail-closed-ask-owner'],
      reasons: [
        reason('fail-closed-ask-owner', 'for', { sync: 'yes' }, 'strong', 'checkout must deny when fraud cannot answer, so it asks fraud live.'),
        reason('slow-callee-keep-sync', 'for', { sync: 'yes' }, 'strong', 'fraud answers in 1200 ms at p99; making it asynchronous would only hide that.', { tolerates_pending: 'no' }),
        reason('result-needed-now', 'for', { sync: 'yes' }, 'normal', 'checkout cannot carry on without the result, so it waits for fraud in a call.'),
        reason('query-answered-now', 'for', { sync: 'yes' }, 'normal', 'checkout asks fraud a question and waits for the answer.'),
        reason('strong-freshness-ask-owner', 'for', { sync: 'yes' }, 'normal', 'The answer must reflect the current state of fraud.'),
        reason('possible-answers', 'for', {}, 'normal', 'Not every answer is known (tolerates_pending). Settled one question at a time, in the order they are asked, most of the possible answers lead to sync via call; where the answers of a question split evenly, the safer outcome is taken, as a caller that hears back can always be relaxed later (50% of all their combinations give sync). The open questions say what each answer would change.'),
      ],
      options: [
        option('sync', 'call', true, ['fail-closed-ask-owner', 'slow-callee-keep-sync', 'result-needed-now', 'query-answered-now', 'strong-freshness-ask-owner'], []),
        option('hybrid', 'call+request-reply:callback', false, ['fail-closed-ask-owner', 'slow-callee-keep-sync', 'result-needed-now', 'query-answered-now', 'strong-freshness-ask-owner'], []),
      ],
      checklist: [
        required(pack, 'timeout-budget'),
        required(pack, 'circuit-breaker'),
        required(pack, 'deny-on-error', ['fail-closed-ask-owner']),
      ],
      open_questions: [
        openQuestion(pack, 'tolerates_pending', [{ answer: 'yes', style: 'hybrid', mechanism: 'call+request-reply:callback' }]),
      ],
      derived: { caller_kind: 'service', callee_kind: 'partner', fits_latency_budget: 'no', caller_reachable: 'yes', trust_boundary: 'partner' },
    }),
    decideDraft(draft('check-access'), {
      style: 'sync',
      mechanism: 'call',
      confidence: 'high',
      support: 1,
      main_reasons: ['fail-closed-ask-owner'],
      reasons: [
        reason('fail-closed-ask-owner', 'for', { sync: 'yes' }, 'strong', 'admin must deny when permissions cannot answer, so it asks permissions live.'),
        reason('result-needed-now', 'for', { sync: 'yes' }, 'normal', 'admin cannot carry on without the result, so it waits for permissions in a call.'),
        reason('query-answered-now', 'for', { sync: 'yes' }, 'normal', 'admin asks permissions a question and waits for the answer.'),
        reason('strong-freshness-ask-owner', 'for', { sync: 'yes' }, 'normal', 'The answer must reflect the current state of permissions.'),
      ],
      options: [
        option('sync', 'call', true, ['fail-closed-ask-owner', 'result-needed-now', 'query-answered-now', 'strong-freshness-ask-owner'], []),
        option('async', 'request-reply:polling', false, [], ['fail-closed-ask-owner', 'result-needed-now', 'query-answered-now', 'strong-freshness-ask-owner']),
      ],
      checklist: [
        required(pack, 'timeout-budget'),
        required(pack, 'circuit-breaker'),
        required(pack, 'deny-on-error', ['fail-closed-ask-owner']),
      ],
      open_questions: [],
    }),
    decideDraft(draft('announce-order-email'), {
      style: 'async',
      mechanism: 'event',
      confidence: 'high',
      support: 1,
      main_reasons: ['fact-as-event'],
      reasons: [
        reason('fact-as-event', 'for', { async: 'yes', mechanism: 'event' }, 'strong', 'orders announces something that already happened; email reacts without orders waiting.'),
        reason('defer-when-down', 'for', { sync: 'no', async: 'yes' }, 'strong', 'The action of orders must succeed while email is down; the work can happen later.'),
        reason('fact-with-several-consumers', 'for', { async: 'yes', mechanism: 'event' }, 'normal', 'Several independent parties react to this fact; adding one more never changes orders.'),
      ],
      options: [
        option('async', 'event', true, ['fact-as-event', 'defer-when-down', 'fact-with-several-consumers'], []),
        option('sync', 'call', false, [], ['fact-as-event', 'defer-when-down', 'fact-with-several-consumers']),
      ],
      checklist: [
        required(pack, 'idempotent-consumer'),
        required(pack, 'dead-letter-queue'),
        required(pack, 'transactional-outbox'),
      ],
      open_questions: [],
      derived: { caller_kind: 'service', callee_kind: 'service', caller_reachable: 'yes', trust_boundary: 'internal' },
    }),
    decideDraft(draft('feed-analytics'), {
      style: 'async',
      mechanism: 'event',
      confidence: 'high',
      support: 1,
      main_reasons: ['fact-as-event'],
      reasons: [
        reason('fact-as-event', 'for', { async: 'yes', mechanism: 'event' }, 'strong', 'orders announces something that already happened; analytics reacts without orders waiting.'),
        reason('fact-with-several-consumers', 'for', { async: 'yes', mechanism: 'event' }, 'normal', 'Several independent parties react to this fact; adding one more never changes orders.'),
      ],
      options: [
        option('async', 'event', true, ['fact-as-event', 'fact-with-several-consumers'], []),
        option('sync', 'call', false, [], ['fact-as-event', 'fact-with-several-consumers']),
      ],
      checklist: [
        required(pack, 'idempotent-consumer'),
        required(pack, 'dead-letter-queue'),
        required(pack, 'transactional-outbox'),
        required(pack, 'ordering-key', ['ordering-needs-key'], ['ordering']),
      ],
      open_questions: [
        openQuestion(pack, 'ordering', [], ['ordering-key']),
      ],
      derived: { caller_kind: 'service', callee_kind: 'service', caller_reachable: 'yes', trust_boundary: 'internal' },
    }),
    decideDraft(draft('reserve-stock'), {
      style: 'async',
      mechanism: 'queue',
      confidence: 'high',
      support: 1,
      main_reasons: ['defer-when-down'],
      reasons: [
        reason('defer-when-down', 'for', { sync: 'no', async: 'yes' }, 'strong', 'The action of orders must succeed while inventory is down; the work can happen later.'),
        reason('nothing-to-wait-for', 'for', { sync: 'no', async: 'yes' }, 'normal', 'orders needs nothing back, so waiting for inventory would only add its failures.'),
        reason('command-without-waiting', 'for', { async: 'yes', mechanism: 'queue' }, 'normal', 'orders tells inventory to act and does not wait: one handler behind a queue.'),
      ],
      options: [
        option('async', 'queue', true, ['defer-when-down', 'nothing-to-wait-for', 'command-without-waiting'], []),
        option('sync', 'call', false, [], ['defer-when-down', 'nothing-to-wait-for', 'command-without-waiting']),
      ],
      checklist: [
        required(pack, 'idempotent-consumer'),
        required(pack, 'dead-letter-queue'),
        required(pack, 'pending-and-failed-state'),
        required(pack, 'ordering-key', ['ordering-needs-key'], ['ordering']),
        required(pack, 'idempotency-key', ['repeat-needs-idempotency-key']),
      ],
      open_questions: [
        openQuestion(pack, 'ordering', [], ['ordering-key']),
      ],
      derived: { caller_kind: 'service', callee_kind: 'service', caller_reachable: 'yes', trust_boundary: 'internal' },
    }),
    decideDraft(draft('copy-to-legacy-crm'), {
      style: 'async',
      mechanism: 'queue',
      confidence: 'medium',
      support: 0.667,
      main_reasons: ['possible-answers'],
      reasons: [
        reason('possible-answers', 'for', {}, 'normal', 'Not every answer is known (caller_needs). Settled one question at a time, in the order they are asked, most of the possible answers lead to async via queue (67% of all their combinations give async). The open questions say what each answer would change.'),
        reason('defer-when-down', 'for', { sync: 'no', async: 'yes' }, 'strong', 'The action of checkout must succeed while crm "legacy" | v2 is down; the work can happen later.', { caller_needs: 'acknowledgement' }),
        reason('command-without-waiting', 'for', { async: 'yes', mechanism: 'queue' }, 'normal', 'checkout tells crm "legacy" | v2 to act and does not wait: one handler behind a queue.', { caller_needs: 'acknowledgement' }),
        reason('strong-freshness-ask-owner', 'against', { sync: 'yes' }, 'normal', 'The answer must reflect the current state of crm "legacy" | v2.'),
      ],
      options: [
        option('async', 'queue', true, ['defer-when-down', 'command-without-waiting'], ['strong-freshness-ask-owner']),
        option('sync', 'call', false, ['strong-freshness-ask-owner'], ['defer-when-down', 'command-without-waiting']),
        option('hybrid', 'call+queue', false, ['command-without-waiting', 'strong-freshness-ask-owner'], ['defer-when-down']),
      ],
      checklist: [
        required(pack, 'idempotent-consumer'),
        required(pack, 'dead-letter-queue'),
        required(pack, 'pending-and-failed-state'),
      ],
      open_questions: [
        openQuestion(pack, 'caller_needs', [{ answer: 'result', style: 'sync', mechanism: 'call' }]),
      ],
      derived: { caller_kind: 'service', callee_kind: 'partner', caller_reachable: 'yes', trust_boundary: 'internal' },
    }),
    decideDraft(draft('close-session'), {
      style: 'sync',
      mechanism: 'call',
      confidence: 'low',
      support: 1,
      main_reasons: ['default'],
      reasons: [
        reason('default', 'for', {}, 'weak', 'No answer given so far decides anything about this interaction; a synchronous call is the plain starting point until the open questions are answered.'),
      ],
      options: [
        option('sync', 'call', true, [], []),
        option('hybrid', 'call+request-reply:polling', false, [], []),
        option('hybrid', 'call+queue', false, [], []),
      ],
      checklist: [
        required(pack, 'timeout-budget'),
        required(pack, 'circuit-breaker'),
        required(pack, 'deny-on-error', ['fail-closed-ask-owner'], ['when_down']),
        required(pack, 'pending-and-failed-state', ['acknowledge-now-complete-later'], ['caller_needs']),
        required(pack, 'idempotency-key', ['repeat-needs-idempotency-key'], ['safe_to_repeat']),
      ],
      open_questions: [
        openQuestion(pack, 'caller_needs', [{ answer: 'acknowledgement', style: 'hybrid', mechanism: 'call+request-reply:polling' }, { answer: 'nothing', style: 'hybrid', mechanism: 'call+queue' }], ['pending-and-failed-state']),
        openQuestion(pack, 'when_down', [], ['deny-on-error']),
        openQuestion(pack, 'safe_to_repeat', [], ['idempotency-key']),
      ],
      derived: { caller_kind: 'client', caller_reachable: 'no', trust_boundary: 'public' },
    }),
    decideDraft(draft('transcode-video'), {
      style: 'hybrid',
      mechanism: 'call+request-reply:polling',
      confidence: 'high',
      support: 1,
      main_reasons: ['endpoint-for-callers-without-broker', 'acknowledge-now-complete-later'],
      reasons: [
        reason('acknowledge-now-complete-later', 'for', { async: 'yes', mechanism: 'request-reply' }, 'strong', 'mobile app needs only an acknowledgement now and follows the outcome through the status it was given.'),
        reason('endpoint-for-callers-without-broker', 'for', { sync: 'yes' }, 'strong', 'mobile app cannot write to a message broker, so it hands the work to an endpoint of transcoder, which accepts it synchronously.'),
        reason('reply-by-polling', 'for', { reply: 'polling' }, 'normal', 'mobile app cannot receive callbacks, so it polls a status URL.'),
        reason('command-without-waiting', 'against', { async: 'yes', mechanism: 'queue' }, 'normal', 'mobile app tells transcoder to act and does not wait: one handler behind a queue.'),
      ],
      options: [
        option('hybrid', 'call+request-reply:polling', true, ['acknowledge-now-complete-later', 'endpoint-for-callers-without-broker', 'reply-by-polling'], ['command-without-waiting']),
        option('sync', 'call', false, ['endpoint-for-callers-without-broker'], ['acknowledge-now-complete-later', 'command-without-waiting']),
        option('async', 'request-reply:polling', false, ['acknowledge-now-complete-later', 'reply-by-polling'], ['endpoint-for-callers-without-broker', 'command-without-waiting']),
      ],
      checklist: [
        required(pack, 'timeout-budget'),
        required(pack, 'circuit-breaker'),
        required(pack, 'idempotent-consumer'),
        required(pack, 'pending-and-failed-state', ['style', 'acknowledge-now-complete-later']),
        required(pack, 'decision-boundary'),
        required(pack, 'accepted-with-status'),
        required(pack, 'polling-limits'),
      ],
      open_questions: [],
      derived: { caller_kind: 'client', callee_kind: 'service', caller_reachable: 'no', trust_boundary: 'public' },
    }),
  ];
  const findings: Finding[] = [
    {
      rule: 'latency-budget-exceeded',
      severity: 'error',
      message:
        'p99 sum 1450 ms over budget 1200 ms along checkout: web -> checkout -> fraud; authorize-payment has no p99. Shorten the synchronous core or move work out of it.',
      flow: 'checkout',
      location: at(150),
    },
    {
      rule: 'declared-style-drift',
      severity: 'warning',
      message:
        'announce-order-email is declared sync, but the rules recommend async (event) with high confidence: orders announces something that already happened. Change the code or the answers.',
      interaction: 'announce-order-email',
      location: at(76),
    },
    {
      rule: 'availability-below-target',
      severity: 'warning',
      message: 'availability 0.9940 along checkout (web -> checkout -> payments -> fraud) is below the target 0.995. Remove a synchronous hop or raise the availability of the weakest one.',
      flow: 'checkout',
      location: at(150),
    },
    {
      rule: 'retry-amplification',
      severity: 'info',
      message: 'up to 3 attempts reach <fraud> for one request into checkout (1 x 3). Retry at one layer only.',
      interaction: 'screen-fraud',
      location: at(50),
    },
  ];
  return { interactions, findings, summary: summarise(interactions, findings) };
}

/** The smallest decision: one interaction, no services, nothing open, nobody named, no findings. */
export function buildMinimalCase(): { answers: AnswersFile; decision: Decision; pack: Pack } {
  const pack = buildPack();
  const answers: AnswersFile = {
    version: 2,
    id: 'price-lookup',
    title: 'Price lookup',
    status: 'accepted',
    context: 'The cart shows prices.',
    decision_makers: [],
    consulted: [],
    informed: [],
    services: [],
    interactions: [
      {
        id: 'get-price',
        from: 'cart',
        to: 'pricing',
        summary: 'Look up the current price',
        answers: { intent: 'query', caller_needs: 'result' },
        numbers: {},
        location: at(8, 5, 'answers.yaml'),
      },
    ],
    flows: [],
    source: 'answers.yaml',
  };
  const interactions: InteractionDecision[] = [
    {
      id: 'get-price',
      from: 'cart',
      to: 'pricing',
      summary: 'Look up the current price',
      style: 'sync',
      mechanism: 'call',
      parts: partsOf('call'),
      confidence: 'high',
      support: 1,
      main_reasons: ['result-needed-now'],
      reasons: [
        reason('result-needed-now', 'for', { sync: 'yes' }, 'normal', 'cart cannot carry on without the result, so it waits for pricing in a call.'),
        reason('query-answered-now', 'for', { sync: 'yes' }, 'normal', 'cart asks pricing a question and waits for the answer.'),
      ],
      options: [
        option('sync', 'call', true, ['result-needed-now', 'query-answered-now'], []),
        option('async', 'request-reply:polling', false, [], ['result-needed-now', 'query-answered-now']),
      ],
      checklist: [],
      open_questions: [],
      answers: { intent: 'query', caller_needs: 'result' },
      derived: [],
      location: at(8, 5, 'answers.yaml'),
    },
  ];
  return { answers, pack, decision: { interactions, findings: [], summary: summarise(interactions, []) } };
}

/** An interaction decided as given, with nothing else to say: enough to draw it on the map. */
export function mapInteraction(id: string, from: string, to: string, style: Style, mechanism: string): InteractionDecision {
  return {
    id,
    from,
    to,
    summary: id,
    style,
    mechanism,
    parts: partsOf(mechanism),
    confidence: 'high',
    support: 1,
    main_reasons: [],
    reasons: [],
    options: [],
    checklist: [],
    open_questions: [],
    answers: {},
    derived: [],
    location: { file: 'answers.yaml', line: 1, column: 1 },
  };
}

/** A decision of these interactions alone, without findings. */
export function decisionOf(interactions: InteractionDecision[]): Decision {
  return { interactions, findings: [], summary: summarise(interactions, []) };
}

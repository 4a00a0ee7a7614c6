/**
 * Hand-built inputs for the renderers: a small pack, an answers file and the decision the
 * engine would reach for it. Written out in full so that renderer tests do not depend on the
 * loader or the engine.
 */
import type { AnswersFile, Interaction, SourceLocation, Style } from '../../src/model/answers.js';
import type {
  Decision,
  Finding,
  InteractionDecision,
  OpenQuestion,
  Reason,
  RequiredItem,
} from '../../src/model/decision.js';
import type { ChecklistItem, Condition, Pack, Question, Rule, Weight } from '../../src/model/pack.js';

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

function rule(id: string, when: Condition, extra: Partial<Rule> = {}): Rule {
  return {
    id,
    title: id.replace(/-/g, ' '),
    when,
    phase: 'style',
    weight: 'normal',
    reason: '',
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

export function buildPack(): Pack {
  return {
    packs: [{ name: 'builtin', description: 'The built-in rules.', dir: '/opt/sync-or-async/rules' }],
    questions: [
      question('intent', 'Is the caller asking, telling one service to act, or announcing something?', 'Each intent leans towards a different style.', ['query', 'command', 'fact']),
      question('needs_answer_now', 'Does the caller need the result before it can carry on?', 'Waiting moved elsewhere is still waiting.', 'yes_no'),
      question('tolerates_pending', 'Can the user be shown "accepted, still in progress"?', 'Asynchronous success first means accepted', 'yes_no'),
      question('fits_latency_budget', "Does the callee answer within the caller's latency budget?", 'A slow callee spends the budget of every caller above it.', 'yes_no', { derive: 'latency' }),
      question('multiple_consumers', 'Do several independent parties react to this?', 'Reactions that multiply belong behind an event.', 'yes_no'),
      question('when_down', 'When the callee is down, what should the caller do?', 'The failure promise decides more than technology.', ['fail_closed', 'fail_fast', 'degrade', 'defer']),
      question('freshness', 'Must the data be current at the moment it is used?', 'Data that may lag can be copied locally from events.', ['strong', 'eventual']),
      question('critical_decision', "Is this a decision the callee's domain owns?", 'Owned decisions are asked of their owner, live.', 'yes_no'),
      question('duration', 'Once started, how long does the work take?', 'Long work cannot sit inside a request.', ['instant', 'seconds', 'long']),
      question('caller_reachable', 'Can the caller receive a callback?', 'Mobile apps and clients behind firewalls cannot.', 'yes_no'),
      question('ordering', 'Must the work be processed in order?', 'Ordering caps throughput.', ['none', 'per_key', 'global']),
      question('safe_to_repeat', 'Can the operation run twice without a double effect?', 'Anything that retries will repeat it.', 'yes_no'),
    ],
    rules: [
      rule('fact-as-event', is('intent', 'fact'), { recommend: { style: 'async', mechanism: 'event' }, weight: 'strong' }),
      rule('query-answered-now', { all: [is('intent', 'query'), is('needs_answer_now', 'yes')] }, { recommend: { style: 'sync', mechanism: 'call' }, weight: 'strong' }),
      rule('needs-answer-no-pending', { all: [is('needs_answer_now', 'yes'), is('tolerates_pending', 'no')] }, { recommend: { style: 'sync' } }),
      rule('can-wait-and-show-pending', { all: [is('needs_answer_now', 'no'), is('tolerates_pending', 'yes')] }, { recommend: { style: 'async' } }),
      rule('fail-closed-ask-owner', is('when_down', 'fail_closed'), { recommend: { style: 'sync', mechanism: 'call' }, weight: 'strong', checklist: ['deny-on-error'] }),
      rule('defer-when-down', is('when_down', 'defer'), { recommend: { style: 'async' } }),
      rule('command-without-waiting', { all: [is('intent', 'command'), is('needs_answer_now', 'no')] }, { recommend: { style: 'async', mechanism: 'queue' }, weight: 'strong' }),
      rule('strong-freshness-ask-owner', is('freshness', 'strong'), { recommend: { style: 'sync' } }),
      rule('decide-then-announce', { all: [is('critical_decision', 'yes'), is('needs_answer_now', 'yes'), is('multiple_consumers', 'yes')] }, { recommend: { style: 'hybrid', mechanism: 'call+event' }, weight: 'strong' }),
      rule('slow-callee-keep-sync', { all: [is('needs_answer_now', 'yes'), is('tolerates_pending', 'no'), is('fits_latency_budget', 'no')] }, { recommend: { style: 'sync' }, weight: 'weak', finding: { severity: 'warning', message: '{{to}} is slower than the budget of {{from}}.' } }),
      rule('long-work-request-reply', is('duration', 'long'), { recommend: { style: 'hybrid', mechanism: 'call+request-reply' }, weight: 'strong' }),
      rule('reply-by-polling', is('caller_reachable', 'no'), { recommend: { reply: 'polling' } }),
      rule('repeat-needs-idempotency-key', is('safe_to_repeat', 'no'), { checklist: ['idempotency-key'] }),
      rule('ordering-needs-key', { all: [{ outcome: 'style', in: ['async', 'hybrid'] }, { answer: 'ordering', in: ['per_key', 'global'] }] }, { phase: 'obligation', checklist: ['ordering-key'] }),
    ],
    checklist: [
      item('timeout-budget', 'Timeout budget per hop', 'A call without a deadline holds its caller hostage.', 'Every client sets a timeout below the remaining budget', { styles: ['sync', 'hybrid'] }),
      item('circuit-breaker', 'Circuit breaker', 'Stop calling a failing callee.', 'Breaker state is visible on the dashboard.', { styles: ['sync', 'hybrid'] }),
      item('deny-on-error', 'Deny on error', 'A gate that fails open is no gate.', 'A test with the callee down sees a denial.'),
      item('idempotent-consumer', 'Idempotent consumer', 'Brokers deliver at least once.', 'Delivering the same message twice changes nothing.', { styles: ['async', 'hybrid'] }),
      item('dead-letter-queue', 'Dead-letter queue', 'One poison message must not block the rest.', 'A malformed message ends up in the dead-letter queue.', { mechanisms: ['event', 'queue'] }),
      item('transactional-outbox', 'Publish after commit', 'An event for a rolled-back change is a lie.', 'Events are written in the same transaction as the change.', { mechanisms: ['event'] }),
      item('pending-and-failed-state', 'Visible pending and failed state', 'Accepted is not done.', 'The user sees pending and failed states.', { styles: ['async'] }),
      item('decision-boundary', 'Decision boundary written down', 'Say what must hold before success is shown.', 'The boundary is in the API documentation.', { styles: ['hybrid'] }),
      item('accepted-with-status', '202 with a status URL', 'The caller needs a place to check.', 'The first response carries Location and Retry-After.', { mechanisms: ['request-reply'] }),
      item('polling-limits', 'Polling limits', 'Fixed intervals herd.', 'Clients add jitter; the status endpoint is rate limited.', { mechanisms: ['polling'] }),
      item('ordering-key', 'Ordering key', 'Order holds only per key.', 'Messages carry the key | partition used.'),
      item('idempotency-key', 'Idempotency key', 'Retries must not repeat a payment.', 'A repeated request with the same key returns the first result.'),
    ],
    systemRules: [],
    settings: { retry_amplification_threshold: 10, fan_out_threshold: 3 },
    disabled: [],
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

function reason(rule: string, stance: Reason['stance'], style: Style | undefined, weight: Weight, text: string): Reason {
  return { rule, stance, ...(style === undefined ? {} : { style }), weight, text };
}

function promptOf(pack: Pack, id: string): string {
  return pack.questions.find((candidate) => candidate.id === id)?.prompt ?? id;
}

function openQuestion(pack: Pack, id: string, alternatives: OpenQuestion['alternatives'], checklist: string[] = []): OpenQuestion {
  return { question: id, prompt: promptOf(pack, id), alternatives, checklist };
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
    line: 14,
    answers: { intent: 'command', needs_answer_now: 'yes', tolerates_pending: 'no' },
    numbers: { latency_budget_ms: 1000, latency_p99_ms: 250 },
    declared: 'sync',
  },
  {
    id: 'authorize-payment',
    from: 'checkout',
    to: 'payments',
    summary: 'Authorize the card while the customer waits; others react to the outcome',
    line: 27,
    answers: {
      intent: 'command',
      needs_answer_now: 'yes',
      tolerates_pending: 'no',
      critical_decision: 'yes',
      multiple_consumers: 'yes',
      safe_to_repeat: 'no',
    },
    declared: 'hybrid',
  },
  {
    id: 'screen-fraud',
    from: 'checkout',
    to: 'fraud',
    summary: 'Ask the fraud provider whether the order may go ahead',
    line: 42,
    answers: { intent: 'query', needs_answer_now: 'yes', tolerates_pending: 'no', when_down: 'fail_closed' },
    numbers: { latency_budget_ms: 800, latency_p99_ms: 1200, retries: 2 },
  },
  {
    id: 'check-access',
    from: 'admin',
    to: 'permissions',
    summary: 'May this user open the refunds page?',
    line: 56,
    answers: { intent: 'query', needs_answer_now: 'yes', when_down: 'fail_closed', freshness: 'strong' },
  },
  {
    id: 'announce-order-email',
    from: 'orders',
    to: 'email',
    summary: 'Tell the customer that the order was placed',
    line: 68,
    answers: { intent: 'fact', when_down: 'defer', multiple_consumers: 'yes' },
    declared: 'sync',
  },
  {
    id: 'feed-analytics',
    from: 'orders',
    to: 'analytics',
    summary: 'OrderCreated feeds the sales dashboard',
    line: 80,
    answers: { intent: 'fact', multiple_consumers: 'yes' },
  },
  {
    id: 'reserve-stock',
    from: 'orders',
    to: 'inventory',
    summary: 'Reserve the items of a confirmed order (saga step)',
    line: 91,
    answers: { intent: 'command', needs_answer_now: 'no', tolerates_pending: 'yes' },
  },
  {
    id: 'copy-to-legacy-crm',
    from: 'checkout',
    to: 'crm "legacy" | v2',
    summary: 'Copy the customer | account record to the "legacy" CRM',
    line: 103,
    answers: { intent: 'command', when_down: 'defer', freshness: 'strong' },
  },
  {
    id: 'close-session',
    from: 'web',
    to: 'end',
    summary: 'End the browser session after checkout',
    line: 115,
    answers: {},
  },
  {
    id: 'transcode-video',
    from: 'mobile app',
    to: 'transcoder',
    summary: 'Transcode an uploaded product video; takes minutes',
    line: 124,
    answers: { intent: 'command', needs_answer_now: 'no', duration: 'long', caller_reachable: 'no' },
  },
];

export function buildAnswers(): AnswersFile {
  return {
    version: 1,
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
        location: at(140),
      },
    ],
    source: ANSWERS_FILE,
  };
}

type Outcome = Pick<InteractionDecision, 'style' | 'mechanism' | 'confidence' | 'reasons' | 'checklist' | 'open_questions'> & {
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
    confidence: outcome.confidence,
    reasons: outcome.reasons,
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

export function buildDecision(pack: Pack = buildPack()): Decision {
  const drafts = new Map(DRAFTS.map((draft) => [draft.id, draft]));
  const draft = (id: string): Draft => drafts.get(id)!;
  const syncNow = 'The caller needs the answer before it can carry on and cannot show a pending state.';
  const interactions: InteractionDecision[] = [
    decideDraft(draft('place-order'), {
      style: 'sync',
      mechanism: 'call',
      confidence: 'high',
      reasons: [reason('needs-answer-no-pending', 'for', 'sync', 'normal', syncNow)],
      checklist: [required(pack, 'timeout-budget'), required(pack, 'circuit-breaker')],
      open_questions: [],
      derived: { fits_latency_budget: 'yes' },
    }),
    decideDraft(draft('authorize-payment'), {
      style: 'hybrid',
      mechanism: 'call+event',
      confidence: 'high',
      reasons: [
        reason('decide-then-announce', 'for', 'hybrid', 'strong', 'payments owns this decision and others react to it: decide synchronously, then publish the result as a fact.'),
        reason('needs-answer-no-pending', 'for', 'sync', 'normal', syncNow),
      ],
      checklist: [
        required(pack, 'timeout-budget'),
        required(pack, 'circuit-breaker'),
        required(pack, 'idempotent-consumer'),
        required(pack, 'transactional-outbox'),
        required(pack, 'decision-boundary'),
        required(pack, 'idempotency-key', ['repeat-needs-idempotency-key']),
      ],
      open_questions: [],
    }),
    decideDraft(draft('screen-fraud'), {
      style: 'sync',
      mechanism: 'call',
      confidence: 'medium',
      reasons: [
        reason('fail-closed-ask-owner', 'for', 'sync', 'strong', 'checkout must deny when fraud cannot answer, so it asks fraud live.'),
        reason('needs-answer-no-pending', 'for', 'sync', 'normal', syncNow),
        reason('slow-callee-keep-sync', 'for', 'sync', 'weak', 'fraud answers in 1200 ms at p99; making it asynchronous would only hide that.'),
      ],
      checklist: [required(pack, 'timeout-budget'), required(pack, 'circuit-breaker'), required(pack, 'deny-on-error', ['fail-closed-ask-owner'])],
      open_questions: [openQuestion(pack, 'duration', [{ answer: 'long', style: 'hybrid', mechanism: 'call+request-reply:polling' }])],
      derived: { fits_latency_budget: 'no' },
    }),
    decideDraft(draft('check-access'), {
      style: 'sync',
      mechanism: 'call',
      confidence: 'high',
      reasons: [
        reason('query-answered-now', 'for', 'sync', 'strong', 'admin asks permissions a question and waits for the answer.'),
        reason('fail-closed-ask-owner', 'for', 'sync', 'strong', 'admin must deny when permissions cannot answer, so it asks permissions live.'),
        reason('strong-freshness-ask-owner', 'for', 'sync', 'normal', 'The answer must reflect the current state of permissions.'),
      ],
      checklist: [required(pack, 'timeout-budget'), required(pack, 'circuit-breaker'), required(pack, 'deny-on-error', ['fail-closed-ask-owner'])],
      open_questions: [],
    }),
    decideDraft(draft('announce-order-email'), {
      style: 'async',
      mechanism: 'event',
      confidence: 'high',
      reasons: [
        reason('fact-as-event', 'for', 'async', 'strong', 'orders announces something that already happened; email reacts without orders waiting.'),
        reason('defer-when-down', 'for', 'async', 'normal', 'The order must succeed while email is down; the work can happen later.'),
      ],
      checklist: [required(pack, 'idempotent-consumer'), required(pack, 'dead-letter-queue'), required(pack, 'transactional-outbox')],
      open_questions: [],
    }),
    decideDraft(draft('feed-analytics'), {
      style: 'async',
      mechanism: 'event',
      confidence: 'high',
      reasons: [reason('fact-as-event', 'for', 'async', 'strong', 'orders announces something that already happened; analytics reacts without orders waiting.')],
      checklist: [
        required(pack, 'idempotent-consumer'),
        required(pack, 'dead-letter-queue'),
        required(pack, 'transactional-outbox'),
        required(pack, 'ordering-key', ['ordering-needs-key'], ['ordering']),
      ],
      open_questions: [openQuestion(pack, 'ordering', [], ['ordering-key'])],
    }),
    decideDraft(draft('reserve-stock'), {
      style: 'async',
      mechanism: 'queue',
      confidence: 'high',
      reasons: [
        reason('command-without-waiting', 'for', 'async', 'strong', 'orders tells inventory to act and does not wait: one handler behind a queue.'),
        reason('can-wait-and-show-pending', 'for', 'async', 'normal', 'The caller can carry on and show the work as pending.'),
      ],
      checklist: [
        required(pack, 'idempotent-consumer'),
        required(pack, 'dead-letter-queue'),
        required(pack, 'pending-and-failed-state'),
        required(pack, 'ordering-key', ['ordering-needs-key'], ['ordering']),
      ],
      open_questions: [openQuestion(pack, 'ordering', [], ['ordering-key'])],
    }),
    decideDraft(draft('copy-to-legacy-crm'), {
      style: 'async',
      mechanism: 'queue',
      confidence: 'low',
      reasons: [
        reason('defer-when-down', 'for', 'async', 'normal', 'The order must succeed while crm "legacy" | v2 is down; the work can happen later.'),
        reason('strong-freshness-ask-owner', 'against', 'sync', 'normal', 'The answer must reflect the current state of crm "legacy" | v2.'),
      ],
      checklist: [required(pack, 'idempotent-consumer'), required(pack, 'dead-letter-queue'), required(pack, 'pending-and-failed-state')],
      open_questions: [
        openQuestion(pack, 'needs_answer_now', [{ answer: 'yes', style: 'sync', mechanism: 'call' }]),
        openQuestion(pack, 'tolerates_pending', [{ answer: 'no', style: 'sync', mechanism: 'call' }]),
      ],
    }),
    decideDraft(draft('close-session'), {
      style: 'sync',
      mechanism: 'call',
      confidence: 'low',
      reasons: [
        reason('default', 'for', 'sync', 'weak', 'No rule applied; a synchronous call is the plain starting point until the open questions are answered.'),
      ],
      checklist: [required(pack, 'timeout-budget'), required(pack, 'circuit-breaker')],
      open_questions: [
        openQuestion(pack, 'intent', [
          { answer: 'command', style: 'async', mechanism: 'queue' },
          { answer: 'fact', style: 'async', mechanism: 'event' },
        ]),
        openQuestion(pack, 'when_down', [{ answer: 'defer', style: 'async', mechanism: 'event' }]),
      ],
    }),
    decideDraft(draft('transcode-video'), {
      style: 'hybrid',
      mechanism: 'call+request-reply:polling',
      confidence: 'high',
      reasons: [
        reason('long-work-request-reply', 'for', 'hybrid', 'strong', 'The work takes minutes: accept it now and deliver the result later.'),
        reason('reply-by-polling', 'for', undefined, 'normal', 'mobile app cannot receive callbacks, so it polls a status URL.'),
        reason('command-without-waiting', 'against', 'async', 'strong', 'mobile app tells transcoder to act and does not wait: one handler behind a queue.'),
      ],
      checklist: [
        required(pack, 'timeout-budget'),
        required(pack, 'circuit-breaker'),
        required(pack, 'idempotent-consumer'),
        required(pack, 'decision-boundary'),
        required(pack, 'accepted-with-status'),
        required(pack, 'polling-limits'),
      ],
      open_questions: [],
    }),
  ];
  const findings: Finding[] = [
    {
      rule: 'latency-budget-exceeded',
      severity: 'error',
      message:
        'p99 sum 1450 ms over budget 1200 ms along checkout: web -> checkout -> fraud; authorize-payment has no p99. Shorten the synchronous core or move work out of it.',
      flow: 'checkout',
      location: at(140),
    },
    {
      rule: 'slow-callee-keep-sync',
      severity: 'warning',
      message: 'fraud is slower than the budget of checkout.',
      interaction: 'screen-fraud',
      location: at(42),
    },
    {
      rule: 'declared-style-drift',
      severity: 'warning',
      message:
        'announce-order-email is declared sync, but the rules recommend async (event) with high confidence: orders announces something that already happened. Change the code or the answers.',
      interaction: 'announce-order-email',
      location: at(68),
    },
    {
      rule: 'retry-amplification',
      severity: 'info',
      message: 'up to 3 attempts reach <fraud> for one request into checkout (1 x 3). Retry at one layer only.',
      interaction: 'screen-fraud',
      location: at(42),
    },
  ];
  return { interactions, findings, summary: summarise(interactions, findings) };
}

/** The smallest decision: one interaction, nothing open, nobody named, no findings. */
export function buildMinimalCase(): { answers: AnswersFile; decision: Decision; pack: Pack } {
  const pack = buildPack();
  const answers: AnswersFile = {
    version: 1,
    id: 'price-lookup',
    title: 'Price lookup',
    status: 'accepted',
    context: 'The cart shows prices.',
    decision_makers: [],
    consulted: [],
    informed: [],
    interactions: [
      {
        id: 'get-price',
        from: 'cart',
        to: 'pricing',
        summary: 'Look up the current price',
        answers: { intent: 'query', needs_answer_now: 'yes' },
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
      confidence: 'high',
      reasons: [reason('query-answered-now', 'for', 'sync', 'strong', 'cart asks pricing a question and waits for the answer.')],
      checklist: [],
      open_questions: [],
      answers: { intent: 'query', needs_answer_now: 'yes' },
      derived: [],
      location: at(8, 5, 'answers.yaml'),
    },
  ];
  return { answers, pack, decision: { interactions, findings: [], summary: summarise(interactions, []) } };
}

import Mustache from 'mustache';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAdrTemplates } from '../../src/io/templates.js';
import type { Service, Style } from '../../src/model/answers.js';
import type { InteractionDecision, Reason } from '../../src/model/decision.js';
import { ADR_PROFILES, renderAdr, renderAdrPieces } from '../../src/render/adr.js';
import type { AdrInput, AdrProfile, AdrTemplates } from '../../src/render/adr.js';
import { buildAdrView } from '../../src/render/adr-view.js';
import { normaliseDocument } from '../../src/render/markdown.js';
import { at, buildAnswers, buildDecision, buildMinimalCase, buildPack } from './fixture.js';

let templates: AdrTemplates;

beforeAll(async () => {
  templates = await readAdrTemplates();
});

function checkoutInput(profile: AdrProfile): AdrInput {
  const pack = buildPack();
  return {
    answers: buildAnswers(),
    decision: buildDecision(pack),
    pack,
    profile,
    number: 7,
    date: '2026-11-22',
    source: 'examples/checkout/answers.yaml',
    templates,
  };
}

function minimalInput(profile: AdrProfile): AdrInput {
  return { ...buildMinimalCase(), profile, number: 1, date: '2026-01-05', source: 'answers.yaml', templates };
}

/** The text under a heading line, up to the next heading of the same or a higher level. */
function sectionOf(document: string, heading: string): string {
  // At the start of a line: "### x" must not match inside "#### x".
  const found = document.startsWith(`${heading}\n`) ? 0 : document.indexOf(`\n${heading}\n`);
  expect(found, `missing ${heading}`).toBeGreaterThanOrEqual(0);
  const start = found === 0 && document.startsWith(`${heading}\n`) ? 0 : found + 1;
  const rest = document.slice(start + heading.length + 1);
  const level = heading.split(' ')[0]!;
  const next = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
  return next === -1 ? rest : rest.slice(0, next);
}

/** Lines starting with `# `: the document's H1 headings (no fenced block of ours starts a line with it). */
function listH1(document: string): string[] {
  return document.split('\n').filter((line) => /^# /.test(line));
}

function interactionOf(input: AdrInput, id: string): InteractionDecision {
  const interaction = input.decision.interactions.find((candidate) => candidate.id === id);
  if (interaction === undefined) throw new Error(`no interaction ${id} in the fixture`);
  return interaction;
}

/** The paragraphs under an interaction's heading in "Reasons per interaction". */
function reasonsOf(document: string, interaction: InteractionDecision): string {
  return sectionOf(document, `#### \`${interaction.id}\`: ${interaction.from} -> ${interaction.to}`);
}

/** The first paragraph of an interaction's reasons: the headline and the main reason. */
function headlineOf(document: string, interaction: InteractionDecision): string {
  return reasonsOf(document, interaction).trim().split('\n\n')[0]!;
}

describe('renderAdr golden documents', () => {
  it.each(ADR_PROFILES)('renders the checkout decision as %s', async (profile) => {
    await expect(renderAdr(checkoutInput(profile))).toMatchFileSnapshot(`../golden/adr-${profile}.md`);
  });
});

describe('renderAdr document shape', () => {
  it.each(ADR_PROFILES)('%s ends with one newline and has no trailing spaces or blank-line runs', (profile) => {
    const text = renderAdr(checkoutInput(profile));
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text).not.toMatch(/[ \t]$/m);
    expect(text).not.toMatch(/\n\n\n/);
    expect(text.startsWith('\n')).toBe(false);
  });

  it.each(ADR_PROFILES)('%s renders the same text twice', (profile) => {
    expect(renderAdr(checkoutInput(profile))).toBe(renderAdr(checkoutInput(profile)));
  });

  it.each(ADR_PROFILES)('%s carries no absolute paths', (profile) => {
    expect(renderAdr(checkoutInput(profile))).not.toContain('/opt/sync-or-async');
  });

  it.each(ADR_PROFILES)('%s has exactly one H1, the title', (profile) => {
    const title = profile === 'nygard' ? '# 7. Checkout and order communication' : '# Checkout and order communication';
    expect(listH1(renderAdr(checkoutInput(profile)))).toEqual([title]);
    expect(listH1(renderAdr(minimalInput(profile)))).toHaveLength(1);
  });

  it('puts the MADR title on the line right after the front matter', () => {
    const lines = renderAdr(checkoutInput('madr')).split('\n');
    const closing = lines.indexOf('---', 1);
    expect(lines[0]).toBe('---');
    expect(lines.slice(1, closing)).toEqual([
      'status: proposed',
      'date: 2026-11-22',
      'decision-makers: payments team, platform team',
      'consulted: "security: fraud desk"',
      'decision-id: checkout-and-order-communication',
    ]);
    expect(lines[closing + 1]).toBe('# Checkout and order communication');
  });

  it.each(['madr', 'log4brains'] as const)('has the MADR sections in order in %s', (profile) => {
    const text = renderAdr(checkoutInput(profile));
    const headings = text.split('\n').filter((line) => /^##? /.test(line));
    expect(headings).toEqual([
      '# Checkout and order communication',
      '## Context and Problem Statement',
      '## Decision Drivers',
      '## Considered Options',
      '## Decision Outcome',
      '## Pros and Cons of the Options',
      '## More Information',
    ]);
    expect(text).toContain('Chosen option: "per interaction, the option marked chosen below", because');
  });

  it('has the nygard sections in order', () => {
    const text = renderAdr(checkoutInput('nygard'));
    const headings = text.split('\n').filter((line) => /^##? /.test(line) || /^### [A-Z]/.test(line));
    expect(headings).toEqual([
      '# 7. Checkout and order communication',
      '## Status',
      '## Context',
      '### Services',
      '### Decision drivers',
      '## Decision',
      '### Communication map',
      '### Reasons per interaction',
      '### Whole-system findings',
      '### Open questions',
      '## Options weighed',
      '## Consequences',
      '### Checklist',
      '## More information',
    ]);
  });

  it('starts nygard with the number, the date and the status, and ends with the decision id', () => {
    const lines = renderAdr(checkoutInput('nygard')).trimEnd().split('\n');
    expect(lines.slice(0, 7)).toEqual([
      '# 7. Checkout and order communication',
      '',
      'Date: 2026-11-22',
      '',
      '## Status',
      '',
      'Proposed',
    ]);
    expect(lines[lines.length - 1]).toBe('<!-- decision-id: checkout-and-order-communication -->');
    expect(lines).not.toContain('---');
  });

  it('starts log4brains with the title and the status list, and ends with the decision id', () => {
    const lines = renderAdr(checkoutInput('log4brains')).trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '# Checkout and order communication',
      '',
      '- Status: proposed',
      '- Deciders: payments team, platform team',
      '- Date: 2026-11-22',
    ]);
    expect(lines[lines.length - 1]).toBe('<!-- decision-id: checkout-and-order-communication -->');
  });

  it('lists a driver only for questions that backed a recommendation, in pack order', () => {
    const drivers = sectionOf(renderAdr(checkoutInput('madr')), '## Decision Drivers');
    const ids = [...drivers.matchAll(/^\* .*?\(`([a-z_]+)`\)/gm)].map((match) => match[1]);
    expect(ids).toEqual([
      'caller_kind',
      'callee_kind',
      'intent',
      'caller_needs',
      'critical_decision',
      'freshness',
      'when_down',
      // fits_latency_budget and tolerates_pending back reasons only under assumed answers.
      'multiple_consumers',
      'caller_reachable',
    ]);
    expect(drivers).toContain(
      '(`caller_needs`) This is the synchronous part of the interaction, if any. Its answer backed the recommendation for 7 of the 10 interactions.',
    );
  });

  it('counts the callers that need the result and those that can go on without it', () => {
    expect(renderAdr(checkoutInput('madr'))).toContain(
      'facing 10 interactions between 14 services where 4 callers need the result before going on and 2 can go on without it,',
    );
  });

  it('marks items that hold only while an answer is unknown', () => {
    const text = renderAdr(checkoutInput('madr'));
    expect(text).toContain(
      '- [ ] **Ordering key** (`ordering-key`), needed by 3 of the 10 interactions: open for `authorize-payment`, ' +
        '`feed-analytics` (until `ordering` is answered) and `reserve-stock` (until `ordering` is answered).\n' +
        '  Order holds only per key. Verify: Messages carry the key | partition used.',
    );
  });

  it.each(ADR_PROFILES)('%s leaves the final pass nothing to cut', (profile) => {
    // User text is normalised when the view is built and the templates leave no gaps, so the
    // final pass hands the text back without copying it: that matters for a document of tens of
    // megabytes. A blank line added after a list partial breaks this.
    const { templates: _, ...viewInput } = checkoutInput(profile);
    const raw = Mustache.render(templates[profile], buildAdrView(viewInput), templates.partials, { escape: String });
    expect(normaliseDocument(raw)).toBe(raw);
  });

  it('explains answers derived from the numbers, and leaves those read from the services to the services table', () => {
    const input = checkoutInput('madr');
    const text = renderAdr(input);
    const fraud = reasonsOf(text, interactionOf(input, 'screen-fraud'));
    expect(fraud).toContain('`fits_latency_budget` is **no**, derived from the numbers: p99 1200 ms is over the budget of 800 ms.');
    const order = interactionOf(input, 'place-order');
    expect(order.derived).toContain('caller_reachable');
    const reasons = reasonsOf(text, order);
    expect(reasons).toContain('`fits_latency_budget` is **yes**, derived from the numbers: p99 250 ms is within the budget of 1000 ms.');
    for (const fromServices of ['caller_kind', 'callee_kind', 'caller_reachable', 'trust_boundary']) {
      expect(reasons, fromServices).not.toContain(`\`${fromServices}\``);
    }
  });
});

/** The cells of each row of the first table in a section, header and delimiter row left out. */
function tableRows(section: string): string[][] {
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

function withServices(profile: AdrProfile, services: Omit<Service, 'location'>[]): AdrInput {
  const input = minimalInput(profile);
  input.answers.services = services.map((service, index) => ({ ...service, location: at(3 + index, 3, 'answers.yaml') }));
  return input;
}

describe('renderAdr services table', () => {
  it.each(ADR_PROFILES)('%s shows the services as a table under the context, one row per service in file order', (profile) => {
    const input = checkoutInput(profile);
    const text = renderAdr(input);
    const context = profile === 'nygard' ? '## Context' : '## Context and Problem Statement';
    const drivers = profile === 'nygard' ? '### Decision drivers' : '## Decision Drivers';
    const services = text.indexOf('\n### Services\n');
    expect(services).toBeGreaterThan(text.indexOf(`\n${context}\n`));
    expect(services).toBeLessThan(text.indexOf(`\n${drivers}\n`));
    const table = sectionOf(text, '### Services');
    expect(table.trim().split('\n').slice(0, 2)).toEqual(['| Service | Kind | Receives callbacks | Boundary | Summary |', '|---|---|---|---|---|']);
    expect(tableRows(table).map((cells) => cells[0])).toEqual(input.answers.services.map((service) => service.name.replace(/\|/g, '\\|')));
  });

  it('fills in what the rules read: the attribute as written, else what the kind implies', () => {
    const rows = tableRows(sectionOf(renderAdr(checkoutInput('madr')), '### Services'));
    expect(rows).toEqual([
      ['web', 'client', 'no', 'public', "The storefront in the customer's browser"],
      ['checkout', 'backend service', 'yes', 'internal', '-'],
      ['payments', 'backend service', 'yes', 'internal', '-'],
      ['fraud', 'partner', 'no', 'partner', 'External fraud \\| risk provider'],
      ['orders', 'backend service', 'yes', 'internal', '-'],
      ['email', 'backend service', 'yes', 'internal', '-'],
      ['analytics', 'backend service', 'yes', 'internal', '-'],
      ['inventory', 'backend service', 'yes', 'internal', '# of items on hand, per warehouse'],
      ['crm "legacy" \\| v2', 'partner', 'yes', 'internal', 'The old CRM, still \\<b>in use\\</b>'],
      ['end', 'unknown', 'unknown', 'unknown', 'Not a service: the end of the session'],
      ['mobile app', 'client', 'no', 'public', '-'],
      ['transcoder', 'backend service', 'no', 'internal', '-'],
    ]);
  });

  it.each([
    [{ kind: 'client' }, ['client', 'no', 'public']],
    [{ kind: 'edge' }, ['edge (gateway, BFF)', 'no', 'internal']],
    [{ kind: 'service' }, ['backend service', 'yes', 'internal']],
    [{ kind: 'read_model' }, ['read model', 'yes', 'internal']],
    [{ kind: 'partner' }, ['partner', 'unknown', 'partner']],
    [{}, ['unknown', 'unknown', 'unknown']],
    [{ kind: 'partner', reachable: 'yes', boundary: 'public' }, ['partner', 'yes', 'public']],
    [{ kind: 'client', reachable: 'yes' }, ['client', 'yes', 'public']],
    [{ kind: 'service', boundary: 'partner' }, ['backend service', 'yes', 'partner']],
    [{ reachable: 'no', boundary: 'internal' }, ['unknown', 'no', 'internal']],
  ] as const)('describes %j as kind, callbacks and boundary %j', (attributes, expected) => {
    const rows = tableRows(sectionOf(renderAdr(withServices('madr', [{ name: 'cart', ...attributes }])), '### Services'));
    expect(rows).toEqual([['cart', ...expected, '-']]);
  });

  it.each(ADR_PROFILES)('%s leaves the section out when no service is described', (profile) => {
    const text = renderAdr(minimalInput(profile));
    expect(text).not.toContain('### Services');
    expect(text).not.toContain('| Service |');
  });

  it.each(ADR_PROFILES)('%s keeps every row of the table whole whatever the names and summaries hold', (profile) => {
    const hostile = [
      { name: '# ops', kind: 'service' as const, summary: '# not a heading' },
      { name: 'a | b', kind: 'partner' as const, summary: 'pipes | in | text\n# and a heading on the next line' },
      { name: '- list?', summary: '---' },
      { name: '<legacy>', kind: 'edge' as const, summary: 'line one\r\n\r\n1. line two' },
    ];
    const text = renderAdr(withServices(profile, hostile));
    const table = sectionOf(text, '### Services')
      .split('\n')
      .filter((line) => line.startsWith('|'));
    expect(table).toHaveLength(2 + hostile.length);
    for (const line of table) {
      expect(line.split(/(?<!\\)\|/).length - 2, line).toBe(5);
    }
    expect(tableRows(table.join('\n'))).toEqual([
      ['# ops', 'backend service', 'yes', 'internal', '# not a heading'],
      ['a \\| b', 'partner', 'unknown', 'partner', 'pipes \\| in \\| text # and a heading on the next line'],
      ['- list?', 'unknown', 'unknown', 'unknown', '---'],
      ['\\<legacy>', 'edge (gateway, BFF)', 'no', 'internal', 'line one 1. line two'],
    ]);
    expect(listH1(text)).toHaveLength(1);
  });
});

/** The line of the Considered Options list the view should write for an interaction. */
function describeOptionsLine(interaction: InteractionDecision): string {
  const options = interaction.options.map((option) =>
    option.chosen ? `**${option.style} \`${option.mechanism}\`** (chosen)` : `${option.style} \`${option.mechanism}\``,
  );
  return `* \`${interaction.id}\` (${interaction.from} -> ${interaction.to}): ${options.join('; ')}`;
}

const OPTIONS_HEADING: Readonly<Record<AdrProfile, string>> = {
  madr: '## Considered Options',
  log4brains: '## Considered Options',
  nygard: '## Options weighed',
};

describe('renderAdr considered options', () => {
  it.each(ADR_PROFILES)('%s lists, per interaction, the options it weighed with the chosen one first and in bold', (profile) => {
    const input = checkoutInput(profile);
    const lines = sectionOf(renderAdr(input), OPTIONS_HEADING[profile])
      .split('\n')
      .filter((line) => line.startsWith('* `'));
    expect(lines).toEqual(input.decision.interactions.map(describeOptionsLine));
    expect(lines[1]).toBe(
      '* `authorize-payment` (checkout -> payments): **hybrid `call+event`** (chosen); sync `call`; async `event`',
    );
    for (const [index, interaction] of input.decision.interactions.entries()) {
      expect(interaction.options[0]?.chosen, interaction.id).toBe(true);
      expect(lines[index]!.match(/\*\*/g), interaction.id).toHaveLength(2);
    }
  });

  it.each(ADR_PROFILES)('%s no longer offers the three generic options of version 1', (profile) => {
    const text = renderAdr(checkoutInput(profile));
    expect(text).not.toContain('Synchronous calls everywhere');
    expect(text).not.toContain('Asynchronous messaging everywhere');
    expect(text).not.toContain('A per-interaction map of synchronous, asynchronous and hybrid communication');
  });

  it('escapes service names in the options line', () => {
    const input = minimalInput('madr');
    input.decision.interactions[0]!.from = '<cart>';
    const lines = sectionOf(renderAdr(input), '## Considered Options').split('\n');
    expect(lines).toContain('* `get-price` (\\<cart> -> pricing): **sync `call`** (chosen); async `request-reply:polling`');
  });
});

describe('renderAdr main reason', () => {
  it('names the one rule behind a recommendation by its title and id, in the headline paragraph', () => {
    const input = checkoutInput('madr');
    const text = renderAdr(input);
    expect(headlineOf(text, interactionOf(input, 'place-order'))).toBe(
      'The storefront submits the basket and waits for the order number. **sync** via `call`, high confidence. ' +
        'Main reason: a caller that needs the result waits for it in a call (`result-needed-now`).',
    );
    expect(headlineOf(text, interactionOf(input, 'authorize-payment'))).toMatch(
      /\*\*hybrid\*\* via `call\+event`, high confidence\. Main reason: an outcome others react to is decided synchronously, then announced \(`decide-then-announce`\)\.$/,
    );
  });

  it('gives a hybrid that no single rule explains one reason for each part', () => {
    const input = checkoutInput('madr');
    const video = interactionOf(input, 'transcode-video');
    expect(video.main_reasons).toEqual(['endpoint-for-callers-without-broker', 'acknowledge-now-complete-later']);
    const headline = headlineOf(renderAdr(input), video);
    expect(headline).toMatch(
      /Main reasons: for the synchronous part, .*\(`endpoint-for-callers-without-broker`\); for the asynchronous part, .*\(`acknowledge-now-complete-later`\)\.$/,
    );
    expect(headline).toMatch(/part, clients, gateways and partners hand work over through an endpoint/i);
    expect(headline).toMatch(/part, a client that needs only an acknowledgement follows the outcome through a status/i);
  });

  it.each([
    ['copy-to-legacy-crm', 'Main reason: the possible answers to the open questions.'],
    ['close-session', 'Main reason: nothing decides it yet, so the plain synchronous call.'],
  ])('names the engine itself when %s was decided without a rule', (id, sentence) => {
    const input = checkoutInput('madr');
    expect(headlineOf(renderAdr(input), interactionOf(input, id)).endsWith(sentence)).toBe(true);
  });

  it('names a rule the pack does not describe by its id, and escapes a title', () => {
    const input = minimalInput('madr');
    input.decision.interactions[0]!.main_reasons = ['team-rule'];
    expect(renderAdr(input)).toContain('high confidence. Main reason: `team-rule`.');
    input.decision.interactions[0]!.main_reasons = ['result-needed-now'];
    input.pack.rules.find((rule) => rule.id === 'result-needed-now')!.title = 'Wait for <result>';
    expect(renderAdr(input)).toContain('Main reason: wait for \\<result> (`result-needed-now`).');
  });

  it.each(ADR_PROFILES)('%s starts every interaction\'s reasons with its main reason', (profile) => {
    const input = checkoutInput(profile);
    const text = renderAdr(input);
    for (const interaction of input.decision.interactions) {
      expect(headlineOf(text, interaction), interaction.id).toMatch(/ Main reasons?: /);
    }
  });
});

describe('renderAdr reasons under assumed answers', () => {
  it('says which assumed answers a reason holds under', () => {
    const input = checkoutInput('madr');
    const text = renderAdr(input);
    expect(reasonsOf(text, interactionOf(input, 'screen-fraud'))).toContain(
      '* For: fraud answers in 1200 ms at p99; making it asynchronous would only hide that. (`slow-callee-keep-sync`, strong, assuming `tolerates_pending` is no)',
    );
    expect(reasonsOf(text, interactionOf(input, 'copy-to-legacy-crm'))).toContain(
      '(`defer-when-down`, strong, assuming `caller_needs` is acknowledgement)',
    );
  });

  it('says nothing of assumptions for reasons that hold for certain', () => {
    const input = checkoutInput('madr');
    const text = renderAdr(input);
    for (const interaction of input.decision.interactions) {
      const certain = interaction.reasons.every((reason) => reason.assuming === undefined);
      expect(reasonsOf(text, interaction).includes('assuming'), interaction.id).toBe(!certain);
    }
  });

  it('joins several assumptions', () => {
    const input = minimalInput('madr');
    input.decision.interactions[0]!.reasons[1]!.assuming = { intent: 'query', freshness: 'strong' };
    expect(renderAdr(input)).toContain('(`query-answered-now`, normal, assuming `intent` is query and `freshness` is strong)');
  });
});

/** Each option of an interaction in the pros and cons: its title line and its bullets. */
function prosAndConsOf(document: string, interaction: InteractionDecision): { title: string; points: string[] }[] {
  const section = sectionOf(document, `### \`${interaction.id}\`: ${interaction.from} -> ${interaction.to}`);
  return section
    .split('\n#### ')
    .slice(1)
    .map((block) => {
      const [title = '', ...rest] = block.split('\n');
      return { title, points: rest.filter((line) => line.startsWith('* ')) };
    });
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

describe('renderAdr pros and cons', () => {
  it.each(ADR_PROFILES)('%s gives each option of each interaction its good and bad points, then what it costs in any case', (profile) => {
    const input = checkoutInput(profile);
    const text = renderAdr(input);
    const titles = new Map(input.pack.rules.map((rule) => [rule.id, rule.title]));
    for (const interaction of input.decision.interactions) {
      const assumed = new Map(interaction.reasons.map((reason) => [reason.rule, reason.assuming]));
      const point = (kind: string, id: string): RegExp => {
        const assuming = Object.entries(assumed.get(id) ?? {}).map(([question, answer]) => `, assuming \`${question}\` is ${answer}`);
        const title = titles.get(id)!.slice(1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        return new RegExp(`^\\* ${kind}, because .${title} \\(\`${id}\`${assuming.join('')}\\)\\.$`);
      };
      const options = prosAndConsOf(text, interaction);
      expect(options.map((option) => option.title), interaction.id).toEqual(
        interaction.options.map((option) => `${option.style} \`${option.mechanism}\`${option.chosen ? ' (chosen)' : ''}`),
      );
      for (const [index, option] of interaction.options.entries()) {
        const { points } = options[index]!;
        const expected = [...option.pros.map((id) => point('Good', id)), ...option.cons.map((id) => point('Bad', id))];
        expect(points, `${interaction.id} ${option.mechanism}`).toHaveLength(expected.length + 1);
        expected.forEach((pattern, at) => expect(points[at]).toMatch(pattern));
        expect(points[points.length - 1]).toMatch(/^\* Bad, because /);
      }
    }
  });

  it.each([
    ['sync', 'Bad, because checkout waits on payments: every slow answer and every outage of payments reaches checkout.'],
    ['async', 'Bad, because success first means "accepted": pending and failed states must be visible, and repeated or out-of-order deliveries handled.'],
    [
      'hybrid',
      'Bad, because both parts have to be built and run: checkout still waits on payments for the synchronous part, and the asynchronous part brings pending states and repeated deliveries.',
    ],
  ] as [Style, string][])('closes a %s option with what it costs whatever the answers', (style, cost) => {
    const input = checkoutInput('madr');
    const payment = interactionOf(input, 'authorize-payment');
    const option = prosAndConsOf(renderAdr(input), payment).find((candidate) => candidate.title.startsWith(`${style} `));
    expect(option?.points.at(-1)).toBe(`* ${cost}`);
  });

  it('writes a rule title as the rest of the sentence, and says when a point holds only under assumed answers', () => {
    const input = checkoutInput('madr');
    const text = renderAdr(input);
    const [chosen] = prosAndConsOf(text, interactionOf(input, 'screen-fraud'));
    expect(chosen?.points).toContain(
      '* Good, because fail-closed decisions are asked of their owner, synchronously (`fail-closed-ask-owner`).',
    );
    const [, call] = prosAndConsOf(text, interactionOf(input, 'authorize-payment'));
    expect(call?.points).toContain(
      '* Bad, because an outcome others react to is decided synchronously, then announced (`decide-then-announce`).',
    );
    const crm = prosAndConsOf(text, interactionOf(input, 'copy-to-legacy-crm'));
    expect(crm[0]?.points).toContain(
      '* Good, because work that may happen later does not block the caller (`defer-when-down`, assuming `caller_needs` is acknowledgement).',
    );
    expect(crm[0]?.points).toContain('* Bad, because data that must be current is read live from its owner (`strong-freshness-ask-owner`).');
  });

  it('keeps an abbreviation at the start of a title as it is', () => {
    const input = minimalInput('madr');
    input.pack.rules.find((rule) => rule.id === 'query-answered-now')!.title = 'HTTP queries are answered in a call';
    expect(renderAdr(input)).toContain('* Good, because HTTP queries are answered in a call (`query-answered-now`).');
  });

  // Product bug (reported): lowerFirst in src/render/adr-view.ts keeps a title's first letter
  // when the second character is a space, so "A caller ..." stays "Good, because A caller ...".
  it('lower-cases a title that starts with the one-letter word "A"', () => {
    const input = checkoutInput('madr');
    const [chosen] = prosAndConsOf(renderAdr(input), interactionOf(input, 'place-order'));
    expect(chosen?.points[0]).toBe(`* Good, because ${lowerFirst('A caller that needs the result waits for it in a call')} (\`result-needed-now\`).`);
  });

  it('escapes service names in the cost line', () => {
    const input = minimalInput('madr');
    input.decision.interactions[0]!.from = '<cart>';
    expect(renderAdr(input)).toContain('* Bad, because \\<cart> waits on pricing: every slow answer and every outage of pricing reaches \\<cart>.');
  });

  it.each(ADR_PROFILES)('%s leaves no option without points', (profile) => {
    const input = checkoutInput(profile);
    const text = renderAdr(input);
    for (const interaction of input.decision.interactions) {
      for (const option of prosAndConsOf(text, interaction)) {
        expect(option.points.length, `${interaction.id} ${option.title}`).toBeGreaterThan(0);
      }
    }
  });
});

function strongAgainst(rule: string, assuming?: Record<string, string>): Reason {
  return { rule, stance: 'against', vote: { sync: 'no', async: 'yes' }, weight: 'strong', text: `${rule} argues against.`, ...(assuming ? { assuming } : {}) };
}

describe('renderAdr confidence', () => {
  it('says nothing about the confidence of a sure recommendation', () => {
    const input = checkoutInput('madr');
    const text = renderAdr(input);
    for (const interaction of input.decision.interactions.filter((candidate) => candidate.confidence === 'high')) {
      expect(reasonsOf(text, interaction), interaction.id).not.toContain('Confidence is');
    }
    expect(renderAdr(minimalInput('madr'))).not.toMatch(/Confidence is|Confidence:/);
  });

  it.each([
    ['copy-to-legacy-crm', 'Confidence is medium: `caller_needs` is unanswered and could change it (67% of the possible answers keep the async style).'],
    ['screen-fraud', 'Confidence is low: `tolerates_pending` is unanswered and could change it (50% of the possible answers keep the sync style).'],
  ])('says why %s is not sure', (id, sentence) => {
    const input = checkoutInput('madr');
    const paragraphs = reasonsOf(renderAdr(input), interactionOf(input, id)).trim().split('\n\n');
    expect(paragraphs).toContain(sentence);
  });

  it('says when nothing answered so far decides', () => {
    const input = checkoutInput('madr');
    expect(reasonsOf(renderAdr(input), interactionOf(input, 'close-session'))).toContain(
      'Confidence is low: no answer given so far decides it and `caller_needs` is unanswered and could change it',
    );
  });

  it('names a strong reason against that holds for certain, and not one that holds only under assumed answers', () => {
    const input = minimalInput('madr');
    const interaction = input.decision.interactions[0]!;
    interaction.confidence = 'medium';
    interaction.reasons.push(strongAgainst('defer-when-down'), strongAgainst('team-rule', { freshness: 'eventual' }));
    expect(renderAdr(input)).toContain('\n\nConfidence is medium: `defer-when-down` argues against it with full strength.\n');
    interaction.reasons.push(strongAgainst('other-rule'));
    expect(renderAdr(input)).toContain('Confidence is medium: `defer-when-down` and `other-rule` argue against it with full strength.');
  });

  it('falls back to a close weighing when nothing else explains it', () => {
    const input = minimalInput('madr');
    input.decision.interactions[0]!.confidence = 'medium';
    expect(renderAdr(input)).toContain('Confidence is medium: the rules weigh close to even.');
  });

  it('counts the confidence levels of the whole decision', () => {
    expect(renderAdr(checkoutInput('madr'))).toContain('\n\nConfidence: 7 high, 1 medium and 2 low. ');
  });
});

/** The item list at the top of the checklist section: one `* **title** (`id`): ...` line per item. */
function describedItems(document: string): string[] {
  return checklistLines(document).map((line) => /^- \[[ x]\] \*\*.*?\*\* \(`([^`]+)`\)/.exec(line)?.[1] ?? line);
}

/** The task list lines of the Confirmation section's checklist, one per item. */
function checklistLines(document: string): string[] {
  return sectionOf(document, '#### Obligations')
    .split('\n')
    .filter((line) => line.startsWith('- ['));
}

function countOccurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('renderAdr checklist', () => {
  it.each(ADR_PROFILES)('%s describes every item the decision uses exactly once, in pack order', (profile) => {
    const input = checkoutInput(profile);
    const text = renderAdr(input);
    const used = new Set(input.decision.interactions.flatMap((interaction) => interaction.checklist.map((item) => item.id)));
    expect(describedItems(text)).toEqual(input.pack.checklist.map((item) => item.id).filter((id) => used.has(id)));
    for (const item of input.pack.checklist.filter((candidate) => used.has(candidate.id))) {
      expect(countOccurrences(text, item.why), item.id).toBe(1);
      expect(countOccurrences(text, `Verify: ${item.verify}`), item.id).toBe(1);
    }
  });

  it('leaves out an item that no interaction needs', () => {
    const input = checkoutInput('madr');
    for (const interaction of input.decision.interactions) {
      interaction.checklist = interaction.checklist.filter((item) => item.id !== 'deny-on-error');
    }
    const text = renderAdr(input);
    expect(input.pack.checklist.map((item) => item.id)).toContain('deny-on-error');
    expect(describedItems(text)).not.toContain('deny-on-error');
    expect(text).not.toContain('(`deny-on-error`):');
    expect(text).not.toContain('- [ ] Deny on error');
    expect(text).not.toContain('A gate that fails open is no gate.');
  });

  it('says which interactions need each item, and what it asks for on the line below', () => {
    const items = sectionOf(renderAdr(checkoutInput('madr')), '#### Obligations');
    expect(items).toContain(
      '- [ ] **Timeout budget per hop** (`timeout-budget`), needed by 6 of the 10 interactions: ' +
        'open for `place-order`, `authorize-payment`, `screen-fraud`, `check-access`, `close-session` and `transcode-video`.\n' +
        '  A call without a deadline holds its caller hostage. Verify: Every client sets a timeout below the remaining budget.',
    );
  });

  it.each(ADR_PROFILES)('%s counts the obligations once, over the interactions that have any', (profile) => {
    const input = checkoutInput(profile);
    const total = input.decision.interactions.reduce((sum, interaction) => sum + interaction.checklist.length, 0);
    const withItems = input.decision.interactions.filter((interaction) => interaction.checklist.length > 0).length;
    expect(sectionOf(renderAdr(input), '#### Obligations')).toContain(`\n${total} obligations over ${withItems} interactions: ${total} open, 0 done, 0 waived.\n`);
  });

  it('ticks an item once every interaction that needs it is done or waived, and shows the waiver with its date and reason', () => {
    const input = checkoutInput('madr');
    const needing = input.decision.interactions.filter((interaction) => interaction.checklist.some((item) => item.id === 'timeout-budget'));
    const [first, second, ...rest] = needing.map((interaction) => interaction.id);
    for (const interaction of input.answers.interactions) {
      if (interaction.id === first) interaction.acknowledged = { 'timeout-budget': { kind: 'waived', reason: 'a *cached* price will do', until: '2027-03-01', location: interaction.location } };
      else if (interaction.id === second || rest.includes(interaction.id)) interaction.acknowledged = { 'timeout-budget': { kind: 'done', location: interaction.location } };
    }
    const line = checklistLines(renderAdr(input)).find((candidate) => candidate.includes('(`timeout-budget`)'));
    expect(line).toBe(
      `- [x] **Timeout budget per hop** (\`timeout-budget\`), needed by 6 of the 10 interactions: done for ${[second, ...rest].map((id) => `\`${id}\``).join(', ').replace(/, ([^,]+)$/, ' and $1')}; ` +
        `waived for \`${first}\` until 2027-03-01: a \\*cached\\* price will do.`,
    );
  });

  it('counts a platform acknowledgement for every interaction it covers, and an interaction\'s own entry first', () => {
    const input = checkoutInput('madr');
    const location = { file: 'answers.yaml', line: 40, column: 3 };
    input.answers.platform_checklist = [{ item: 'timeout-budget', style: 'sync', ack: { kind: 'done', location } }];
    const own = input.answers.interactions.find((interaction) => interaction.id === 'place-order')!;
    own.acknowledged = { 'timeout-budget': { kind: 'waived', reason: 'behind the gateway timeout', location } };
    const text = renderAdr(input);
    const needing = input.decision.interactions.filter((interaction) => interaction.checklist.some((item) => item.id === 'timeout-budget'));
    const line = checklistLines(text).find((candidate) => candidate.includes('(`timeout-budget`)'))!;
    for (const interaction of needing) {
      const expected = interaction.id === 'place-order' ? 'waived' : interaction.style === 'sync' ? 'done' : 'open';
      const part = line.split('; ').find((piece) => piece.includes(`\`${interaction.id}\``));
      expect(part, interaction.id).toMatch(new RegExp(`^(.*: )?${expected} for`));
    }
  });
});

describe('renderAdr with empty lists', () => {
  it.each(ADR_PROFILES)('%s says so when there are no findings and no open questions', (profile) => {
    const text = renderAdr(minimalInput(profile));
    expect(text).toContain('No whole-system findings.');
    expect(text).toContain('None: no unanswered question could change a recommendation or its checklist.');
    expect(text).not.toContain('#### Obligations');
    expect(text).toContain('Nothing is required by the recommended styles.');
    expect(text).not.toMatch(/^- \[[ x]\] /m);
  });

  it('leaves out empty people lists from the MADR front matter', () => {
    const text = renderAdr(minimalInput('madr'));
    expect(text.split('\n').slice(0, 6)).toEqual([
      '---',
      'status: accepted',
      'date: 2026-01-05',
      'decision-id: price-lookup',
      '---',
      '# Price lookup',
    ]);
  });

  it('leaves out the deciders line from log4brains when nobody is named', () => {
    const text = renderAdr(minimalInput('log4brains'));
    expect(text).not.toContain('Deciders');
    expect(text.split('\n').slice(0, 4)).toEqual(['# Price lookup', '', '- Status: accepted', '- Date: 2026-01-05']);
  });

  it('describes a single-style decision without claiming a mix', () => {
    const text = renderAdr(minimalInput('madr'));
    expect(text).toContain('the only interaction was decided on its own answers and came out synchronous');
    expect(text).toContain('we decided for 1 synchronous call and neglected');
    expect(text).not.toContain('asynchronous path');
    expect(text).not.toContain('different styles in different places');
  });

  it('shows the profile in the re-run command when it is not the default', () => {
    expect(renderAdr(minimalInput('nygard'))).toContain('`npx sync-or-async decide answers.yaml --profile nygard`');
    expect(renderAdr(minimalInput('madr'))).toContain('`npx sync-or-async decide answers.yaml`;');
  });
});

describe('renderAdr with hostile text', () => {
  it('keeps user text literal: no template syntax, no stray markup, no broken lines', () => {
    const input = minimalInput('madr');
    input.answers.title = 'Prices {{title}} and <b>bold</b>';
    input.answers.context = 'Uses {{#options}}mustache{{/options}} braces.';
    input.answers.decision_makers = ['ops #1'];
    const interaction = input.decision.interactions[0]!;
    interaction.summary = '# not a heading\nsecond line';
    interaction.from = '<script>';
    const text = renderAdr(input);
    expect(text).toContain('# Prices {{title}} and \\<b>bold\\</b>\n');
    expect(text).toContain('Uses {{#options}}mustache{{/options}} braces.');
    expect(text).toContain('decision-makers: "ops #1"');
    expect(text).toContain('#### `get-price`: \\<script> -> pricing\n\n\\# not a heading second line. **sync**');
    expect(listH1(text)).toEqual(['# Prices {{title}} and \\<b>bold\\</b>']);
  });

  it('keeps reason texts and assumed answers on their line', () => {
    const input = minimalInput('madr');
    const [first] = input.decision.interactions[0]!.reasons;
    first!.text = 'two\n# lines';
    first!.assuming = { intent: 'a <b>' };
    expect(renderAdr(input)).toContain('* For: two # lines (`result-needed-now`, normal, assuming `intent` is a \\<b>)\n');
  });

  it('leaves the global Mustache escaping untouched', async () => {
    const { default: Mustache } = await import('mustache');
    renderAdr(minimalInput('madr'));
    expect(Mustache.render('{{x}}', { x: '<a>' })).toBe('&lt;a&gt;');
  });
});

describe('renderAdrPieces', () => {
  /** What Mustache gives for the whole template at once, normalised: the ADR as it was rendered before it came in pieces. */
  function renderWhole(input: AdrInput, profileTemplates: AdrTemplates = templates): string {
    const { templates: _, ...viewInput } = input;
    return normaliseDocument(Mustache.render(profileTemplates[input.profile], buildAdrView(viewInput), profileTemplates.partials, { escape: String }));
  }

  const supersession = {
    supersededBy: { label: 'ADR-0009', title: 'Use a queue', file: '0009-use-a-queue.md' },
    supersedes: [{ label: 'ADR-0001', title: 'Call directly', file: '0001-call-directly.md' }],
  };

  it.each(ADR_PROFILES)('%s: the pieces joined are the whole template rendered at once', (profile) => {
    for (const input of [checkoutInput(profile), minimalInput(profile), { ...checkoutInput(profile), supersession }]) {
      expect([...renderAdrPieces(input)].join('')).toBe(renderWhole(input));
      expect(renderAdr(input)).toBe(renderWhole(input));
    }
  });

  it('renders what Mustache renders for every kind of tag, partial and section', () => {
    // Indented partials (which Mustache indents), partials inside a list, empty and inverted
    // lists, nested lists, values built when read, comments and a change of delimiters.
    const odd: AdrTemplates = {
      ...templates,
      madr: [
        '# {{title}} {{! a comment }}',
        '  {{> drivers}}',
        '{{#interactions}}',
        '{{> heading}}',
        '{{#reasons}}',
        '- {{.}}',
        '{{/reasons}}',
        '{{/interactions}}',
        '{{#supersedes}}never{{/supersedes}}{{^supersedes}}no links{{/supersedes}}',
        '{{^interactions}}never{{/interactions}}',
        '{{#prosAndCons}}{{#options}}{{title}}: {{#points}}{{.}} {{/points}}{{/options}}{{/prosAndCons}}',
        '{{#mapRows}}{{.}}{{/mapRows}}',
        '{{=<% %>=}}<% decisionId %> <%={{ }}=%>{{> missing}}{{decisionId}}',
        '',
      ].join('\n'),
      partials: { ...templates.partials, heading: '### {{heading}}\n{{> drivers}}' },
    };
    const input = { ...checkoutInput('madr'), templates: odd };
    const whole = renderWhole(input, odd);
    expect(whole).toContain('  * **');
    expect(whole).toContain('no links');
    expect([...renderAdrPieces(input)].join('')).toBe(whole);
  });

  it('gives each interaction its own pieces, in every per-interaction section', () => {
    const input = checkoutInput('madr');
    const ids = input.decision.interactions.map((interaction) => interaction.id);
    const pieces = [...renderAdrPieces(input)];
    for (const piece of pieces) {
      const headed = ids.filter((id) => new RegExp(`^#{3,4} \`${id}\``, 'm').test(piece));
      expect(headed.length, piece.slice(0, 200)).toBeLessThanOrEqual(1);
    }
    for (const id of ids) {
      // Its reasons and its pros and cons (the checklist is grouped by item).
      expect(pieces.filter((piece) => new RegExp(`^#{3,4} \`${id}\``, 'm').test(piece)), id).toHaveLength(2);
    }
  });

  it('builds the per-interaction parts as it reaches them, not up front', () => {
    const input = checkoutInput('madr');
    let reads = 0;
    // The main reasons are read by the map table, the reasons and nothing that is built up front.
    input.decision.interactions = input.decision.interactions.map((interaction) => ({
      ...interaction,
      get main_reasons() {
        reads += 1;
        return interaction.main_reasons;
      },
    }));
    const pieces = renderAdrPieces(input)[Symbol.iterator]();
    expect(pieces.next().done).toBe(false);
    expect(reads).toBe(0);
    while (!pieces.next().done);
    expect(reads).toBeGreaterThanOrEqual(2 * input.decision.interactions.length);
  });
});

describe('renderAdr communication map too large for one Mermaid diagram', () => {
  /** The checkout decision with its interactions repeated under new ids, 600 in all. */
  function largeInput(profile: AdrProfile): AdrInput {
    const input = checkoutInput(profile);
    const copies = Math.ceil(600 / input.decision.interactions.length);
    const repeat = <T extends { id: string }>(items: readonly T[]): T[] =>
      Array.from({ length: copies }, (_, copy) => items.map((item) => ({ ...item, id: `${item.id}-${copy}` }))).flat().slice(0, 600);
    const interactions = repeat(input.decision.interactions);
    return {
      ...input,
      answers: { ...input.answers, interactions: repeat(input.answers.interactions) },
      decision: { ...input.decision, interactions, summary: { ...input.decision.summary, interactions: interactions.length } },
    };
  }

  it.each(ADR_PROFILES)('%s draws it in parts, says why, and names whose calls each part draws', (profile) => {
    const document = renderAdr(largeInput(profile));
    const fences = [...document.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((match) => match[1] as string);
    expect(fences).toHaveLength(2);
    expect(fences.flatMap((source) => source.split('\n').filter((line) => line.includes('|"')))).toHaveLength(600);
    expect(document).toContain('The map holds 600 interactions, more than Mermaid draws in one diagram (at most 500 arrows and 50,000 characters), so it is drawn in 2 parts');
    expect(document).toMatch(/^Part 1 of 2: the calls made by the services from \S.* to \S.*\.$/m);
    expect(document).toMatch(/^Part 2 of 2: the calls made by /m);
    // Still one H1, and the legend follows the last part.
    expect(listH1(document)).toHaveLength(1);
    expect(document.indexOf('Solid arrows')).toBeGreaterThan(document.lastIndexOf('```mermaid'));
  });

  it('draws the checkout map whole, without a part caption', () => {
    const document = renderAdr(checkoutInput('madr'));
    expect(document.match(/^```mermaid$/gm)).toHaveLength(1);
    expect(document).not.toMatch(/^Part \d+ of/m);
    expect(document).not.toContain('The map holds');
  });
});

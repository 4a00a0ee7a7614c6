/**
 * The view model behind the ADR templates. Every sentence that depends on the data is written
 * here and every value is escaped here, so the templates only arrange finished Markdown.
 */
import type { AnswersFile, Interaction, Service, Style, Waiver } from '../model/answers.js';
import type {
  ConsideredOption,
  Decision,
  Finding,
  InteractionDecision,
  OpenQuestion,
  Reason,
  RequiredItem,
} from '../model/decision.js';
import { DEFAULT_RULE_ID, POSSIBILITIES_RULE_ID } from '../model/decision.js';
import { findAcknowledgement } from '../engine/acknowledge.js';
import { waiverCovers } from '../engine/gate.js';
import { readBoundary, readReachable } from '../engine/derive.js';
import type { Condition, Pack, Question } from '../model/pack.js';
import {
  countNoun,
  createMarkdownFormatter,
  endSentence,
  escapeHeadingEnd,
  escapeInline,
  foldLines,
  formatCode,
  formatLinkTarget,
  formatTableCell,
  formatYamlScalar,
  joinSome,
  joinWords,
  normaliseBlock,
} from './markdown.js';
import type { MarkdownFormatter } from './markdown.js';
import { sanitiseContext } from './context.js';
import { MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, renderMermaidDiagrams } from './mermaid.js';
import { renderMapTableHeader, renderMapTableRow } from './table.js';

import type { AdrProfile } from '../model/answers.js';
export type { AdrProfile };
export const ADR_PROFILES: readonly AdrProfile[] = ['madr', 'nygard', 'log4brains'];

export interface AdrViewInput {
  answers: AnswersFile;
  decision: Decision;
  pack: Pack;
  profile: AdrProfile;
  /** The ADR's number (from its file name); shown in the nygard title. */
  number: number;
  /** YYYY-MM-DD. */
  date: string;
  /** The answers file as the user should name it when re-running: relative, posix separators. */
  source: string;
  /** Links to the ADRs this one replaces and to the one that replaces it, when there are any. */
  supersession?: Supersession;
}

/** Another ADR of the same directory, as a link names it. */
export interface AdrLink {
  /** `ADR-0007`, or a log4brains file's name without `.md`. */
  label: string;
  /** Markdown, as the ADR's own title line has it; absent when the file is not there. */
  title?: string;
  /** The file name, relative to this ADR; absent when the file is not there. */
  file?: string;
}

export interface Supersession {
  /** The ADR that replaces this one: the status becomes `superseded by <label>`. */
  supersededBy?: AdrLink;
  /** The ADRs this one replaces. */
  supersedes: AdrLink[];
}

export interface InteractionView {
  heading: string;
  headline: string;
  /** "Main reason: ..." as a paragraph. */
  mainReason: string;
  reasons: string[];
  notes: string[];
}

export interface OptionView {
  title: string;
  points: string[];
}

/** The options one interaction weighed, each with its good and bad points. */
export interface OptionSetView {
  heading: string;
  options: OptionView[];
}

/**
 * What the templates see. Strings are finished Markdown; empty lists render nothing. The lists
 * with an entry per interaction build each entry when it is read.
 */
export interface AdrView {
  title: string;
  number: number;
  /** The answers file's status, or `superseded by ADR-0007` once another ADR replaces this one. */
  status: string;
  statusTitle: string;
  /** The paragraph linking to the ADR that replaces this one; empty when none does. */
  supersededBy: string;
  /** One paragraph per ADR this one replaces. */
  supersedes: string[];
  date: string;
  decisionId: string;
  /** Front-matter values (YAML scalars); empty when the list is empty. */
  decisionMakers: string;
  consulted: string;
  informed: string;
  /** Decision makers as plain prose, for profiles without front matter. */
  deciders: string;
  context: string;
  /** The services section as a table; empty when the answers describe no service. */
  services: string;
  drivers: string[];
  /** One line per interaction: the options it weighed, the chosen one first. */
  options: readonly string[];
  outcome: string;
  yStatement: string;
  confidenceNote: string;
  /** The map table: its header, then a row per interaction. */
  mapHeader: string;
  mapRows: readonly string[];
  /** The map as Mermaid diagrams, one unless it is too large for one; built when the template reads it. */
  readonly mapDiagrams: readonly DiagramView[];
  interactions: readonly InteractionView[];
  goodConsequences: string[];
  badConsequences: string[];
  findings: readonly string[];
  openQuestions: readonly string[];
  hasOpenQuestions: boolean;
  /** "34 obligations over 15 interactions: 30 open, 3 done, 1 waived." */
  checklistSummary: string;
  /** Every checklist item the decision uses, once, in pack order, with where it stands (a task list item of two lines). */
  checklistItems: string[];
  hasChecklistItems: boolean;
  prosAndCons: readonly OptionSetView[];
  moreInformation: string;
}

/** One Mermaid diagram of the map, with what the ADR says before it when the map is drawn in parts. */
export interface DiagramView {
  /** Before the first of several parts: why the map is split; else empty. */
  intro: string;
  /** Which part this is and whose calls it draws; empty for a map drawn whole. */
  caption: string;
  source: string;
}

function buildMapDiagrams(decision: Decision, format: MarkdownFormatter): DiagramView[] {
  const diagrams = renderMermaidDiagrams(decision);
  if (diagrams.length === 1) return diagrams.map(({ source }) => ({ intro: '', caption: '', source }));
  const count = decision.interactions.length.toLocaleString('en-US');
  const intro =
    `The map holds ${count} interactions, more than Mermaid draws in one diagram (at most ${MERMAID_MAX_EDGES} arrows and ` +
    `${MERMAID_MAX_TEXT.toLocaleString('en-US')} characters), so it is drawn in ${diagrams.length} parts, ` +
    'each with the calls of some of the services, taken in name order. The table above lists every interaction.';
  return diagrams.map(({ source, callers }, index) => {
    const { first, last } = callers ?? { first: '', last: '' };
    const whose = first === last ? format.inline(first) : `the services from ${format.inline(first)} to ${format.inline(last)}`;
    return { intro: index === 0 ? intro : '', caption: `Part ${index + 1} of ${diagrams.length}: the calls made by ${whose}.`, source };
  });
}

/**
 * `items` mapped by `build`, each item built when it is read: a list to Mustache, which reads a
 * list by its length and index, while the per-interaction parts of a large decision (megabytes of
 * Markdown) are never all held at once. Reading an item twice builds it twice.
 */
function mapLazily<T, U>(items: readonly T[], build: (item: T) => U): readonly U[] {
  return new Proxy(items as unknown as U[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) && Number(key) < items.length) {
        return build(items[Number(key)]!);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

const OPTION_MAP = 'per interaction, the option marked chosen below';

const STYLE_WORDS: Readonly<Record<Style, string>> = {
  sync: 'synchronous',
  async: 'asynchronous',
  hybrid: 'hybrid',
};

/** The question whose answer says what the caller needs back; used to describe the problem. */
const WAITING_QUESTION = 'caller_needs';

interface Counts {
  total: number;
  services: number;
  styles: Record<Style, number>;
  /** Interactions with a synchronous part (sync or hybrid) and with an asynchronous part (async or hybrid). */
  syncParts: number;
  asyncParts: number;
  events: number;
  low: number;
  medium: number;
  high: number;
  checklist: number;
  conditionalChecklist: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Findings that a waiver of the answers file names. */
  waivedFindings: number;
}

function countDecision(decision: Decision, waivers: readonly Waiver[]): Counts {
  const styles: Record<Style, number> = { sync: 0, async: 0, hybrid: 0 };
  const services = new Set<string>();
  let events = 0;
  let checklist = 0;
  let conditionalChecklist = 0;
  const confidence = { high: 0, medium: 0, low: 0 };
  // A large decision uses a handful of mechanisms: split each once.
  const publishes = new Map<string, boolean>();
  for (const interaction of decision.interactions) {
    styles[interaction.style] += 1;
    services.add(interaction.from);
    services.add(interaction.to);
    let publishesEvents = publishes.get(interaction.mechanism);
    if (publishesEvents === undefined) {
      publishesEvents = splitMechanism(interaction.mechanism).includes('event');
      publishes.set(interaction.mechanism, publishesEvents);
    }
    if (publishesEvents) {
      events += 1;
    }
    confidence[interaction.confidence] += 1;
    checklist += interaction.checklist.length;
    for (const item of interaction.checklist) {
      if (item.depends_on_unknown !== undefined) {
        conditionalChecklist += 1;
      }
    }
  }
  const severities = { error: 0, warning: 0, info: 0 };
  let waived = 0;
  for (const finding of decision.findings) {
    if (findWaiver(finding, waivers) !== undefined) waived += 1;
    else severities[finding.severity] += 1;
  }
  return {
    total: decision.interactions.length,
    services: services.size,
    styles,
    syncParts: styles.sync + styles.hybrid,
    asyncParts: styles.async + styles.hybrid,
    events,
    ...confidence,
    checklist,
    conditionalChecklist,
    errors: severities.error,
    warnings: severities.warning,
    infos: severities.info,
    waivedFindings: waived,
  };
}

function splitMechanism(mechanism: string): string[] {
  return mechanism.split(/[+:]/);
}

/** "4 of the 10 interactions", or "the only interaction" when there is just one. */
function describeShare(count: number, total: number): string {
  if (total === 1) {
    return 'the only interaction';
  }
  return `${count} of the ${total} interactions`;
}

function formatNameList(names: readonly string[], format: MarkdownFormatter): string {
  return names.map(format.inline).join(', ');
}

function collectAnswerIds(condition: Condition, into: Set<string>): void {
  if ('all' in condition) {
    condition.all.forEach((part) => collectAnswerIds(part, into));
  } else if ('any' in condition) {
    condition.any.forEach((part) => collectAnswerIds(part, into));
  } else if ('not' in condition) {
    collectAnswerIds(condition.not, into);
  } else if ('answer' in condition) {
    into.add(condition.answer);
  }
}

/** Questions read by the rules that argued for each interaction's recommendation. */
function buildDrivers(decision: Decision, pack: Pack): string[] {
  const questionsByRule = new Map<string, string[]>();
  for (const rule of pack.rules) {
    const ids = new Set<string>();
    collectAnswerIds(rule.when, ids);
    questionsByRule.set(rule.id, [...ids]);
  }
  const decisive = new Map<string, number>();
  // The last interaction each question was counted for, so that two rules reading the same
  // question count it once per interaction.
  const countedFor = new Map<string, number>();
  decision.interactions.forEach((interaction, index) => {
    for (const reason of interaction.reasons) {
      // A reason that holds only under an assumed answer did not back the answers given.
      if (reason.stance !== 'for' || reason.assuming !== undefined) {
        continue;
      }
      for (const id of questionsByRule.get(reason.rule) ?? []) {
        if (countedFor.get(id) !== index) {
          countedFor.set(id, index);
          decisive.set(id, (decisive.get(id) ?? 0) + 1);
        }
      }
    }
  });
  const total = decision.interactions.length;
  const drivers = pack.questions
    .filter((question) => (decisive.get(question.id) ?? 0) > 0)
    .map((question) => {
      const share = describeShare(decisive.get(question.id) ?? 0, total);
      return (
        `**${escapeInline(question.prompt)}** (${formatCode(question.id)}) ${endSentence(escapeInline(question.help))}` +
        ` Its answer backed the recommendation for ${share}.`
      );
    });
  if (drivers.length === 0) {
    return [
      'No answer decided any interaction yet: every recommendation is the synchronous starting point until the open questions are answered.',
    ];
  }
  return drivers;
}

function describeMechanisms(interactions: InteractionDecision[], format: MarkdownFormatter): string {
  const counts = new Map<string, number>();
  for (const interaction of interactions) {
    counts.set(interaction.mechanism, (counts.get(interaction.mechanism) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([mechanism, count]) => `${count} ${format.code(mechanism)}`)
    .join(', ');
}

function describeStyleCounts(counts: Counts): string {
  return joinWords(
    (['sync', 'async', 'hybrid'] as const)
      .filter((style) => counts.styles[style] > 0)
      .map((style) => `${counts.styles[style]} ${STYLE_WORDS[style]}`),
  );
}

function buildOutcome(counts: Counts): string {
  const present = (['sync', 'async', 'hybrid'] as const).filter((style) => counts.styles[style] > 0);
  let why: string;
  if (present.length > 1) {
    const largest = Math.max(counts.styles.sync, counts.styles.async, counts.styles.hybrid);
    why =
      `the answers call for different styles in different places (${describeStyleCounts(counts)}), ` +
      `so any single style would go against the rules for ${describeShare(counts.total - largest, counts.total)}`;
  } else if (counts.total === 1) {
    why =
      `the only interaction was decided on its own answers and came out ${STYLE_WORDS[present[0]!]}; ` +
      'deciding per interaction lets the next one be decided on its own answers too';
  } else {
    why =
      `each of the ${counts.total} interactions was decided on its own answers; all of them came out ` +
      `${STYLE_WORDS[present[0]!]} for now, and the map lets any one of them change when its answers do`;
  }
  return `Chosen option: "${OPTION_MAP}", because ${why}.`;
}

function buildYStatement(answers: AnswersFile, decision: Decision, counts: Counts, format: MarkdownFormatter): string {
  let waiting = 0;
  let notWaiting = 0;
  for (const interaction of decision.interactions) {
    const answer = interaction.answers[WAITING_QUESTION];
    if (answer === 'result') {
      waiting += 1;
    } else if (answer === 'acknowledgement' || answer === 'nothing') {
      notWaiting += 1;
    }
  }
  const waitClauses: string[] = [];
  if (waiting > 0) {
    waitClauses.push(`${waiting} ${waiting === 1 ? 'caller needs' : 'callers need'} the result before going on`);
  }
  if (notWaiting > 0) {
    waitClauses.push(
      waiting > 0 ? `${notWaiting} can go on without it` : `${notWaiting} ${notWaiting === 1 ? 'caller' : 'callers'} can go on without the result`,
    );
  }
  const facing =
    `${countNoun(counts.total, 'interaction')} between ${countNoun(counts.services, 'service')}` +
    (waitClauses.length > 0 ? ` where ${joinWords(waitClauses)}` : '');

  const byStyle = (style: Style): InteractionDecision[] =>
    decision.interactions.filter((interaction) => interaction.style === style);
  const decided: string[] = [];
  if (counts.styles.sync > 0) {
    decided.push(countNoun(counts.styles.sync, 'synchronous call'));
  }
  if (counts.styles.async > 0) {
    decided.push(`${countNoun(counts.styles.async, 'asynchronous interaction')} (${describeMechanisms(byStyle('async'), format)})`);
  }
  if (counts.styles.hybrid > 0) {
    decided.push(`${countNoun(counts.styles.hybrid, 'hybrid interaction')} (${describeMechanisms(byStyle('hybrid'), format)})`);
  }

  const achieve: string[] = [];
  if (counts.syncParts > 0) {
    achieve.push('answers that are current at the moment of each decision');
  }
  if (counts.asyncParts > 0) {
    achieve.push('producers that do not depend on their consumers being up');
  }
  if (counts.styles.hybrid > 0) {
    achieve.push('decisions made once by their owner and announced afterwards');
  }

  const accepting: string[] = [];
  if (counts.checklist > 0) {
    accepting.push(
      countNoun(counts.checklist, 'checklist obligation') +
        (counts.conditionalChecklist > 0
          ? ` (${counts.conditionalChecklist} of them only until open questions are answered)`
          : ''),
    );
  }
  if (counts.asyncParts > 0) {
    accepting.push(`pending states and duplicate deliveries on the asynchronous ${counts.asyncParts === 1 ? 'path' : 'paths'}`);
  }
  if (counts.syncParts > 0) {
    accepting.push(`latency and availability coupling on the synchronous ${counts.syncParts === 1 ? 'path' : 'paths'}`);
  }

  return (
    `In the context of ${format.inline(answers.title)}, facing ${facing}, we decided for ${joinWords(decided)} ` +
    'and neglected making every interaction synchronous or every interaction asynchronous, ' +
    `to achieve ${joinWords(achieve)}, accepting ${accepting.length > 0 ? joinWords(accepting) : 'no further obligations'}.`
  );
}

function buildConfidenceNote(counts: Counts): string {
  if (counts.low === 0 && counts.medium === 0) {
    return '';
  }
  const parts = (['high', 'medium', 'low'] as const)
    .filter((level) => counts[level] > 0)
    .map((level) => `${counts[level]} ${level}`);
  return (
    `Confidence: ${joinWords(parts)}. A recommendation loses confidence when unanswered questions could change it ` +
    'or when strong rules argue against it; the open questions below say what would settle it.'
  );
}

/** "assuming `duration` is long" for a reason that holds only under assumed answers. */
function describeAssumptions(assuming: Record<string, string> | undefined, format: MarkdownFormatter): string {
  if (assuming === undefined) {
    return '';
  }
  const parts = Object.entries(assuming).map(([question, answer]) => `${format.code(question)} is ${format.inline(answer)}`);
  return parts.length === 0 ? '' : `assuming ${joinWords(parts)}`;
}

function describeReason(reason: Reason, format: MarkdownFormatter): string {
  const details = [format.code(reason.rule), reason.weight];
  const assuming = describeAssumptions(reason.assuming, format);
  if (assuming !== '') {
    details.push(assuming);
  }
  const label = reason.stance === 'for' ? 'For' : 'Against';
  // Reasons name the services involved, so they rarely repeat: not worth remembering.
  return `${label}: ${escapeInline(reason.text)} (${details.join(', ')})`;
}

/** What build steps share: the memoising escapers and lookups made once per render. */
interface BuildContext {
  format: MarkdownFormatter;
  questions: ReadonlyMap<string, Question>;
  sources: ReadonlyMap<string, Interaction>;
  /** Each rule's title as the rest of a sentence, escaped: named in nearly every point of the pros and cons. */
  ruleTitles: ReadonlyMap<string, string>;
}

function describeDerived(question: string, value: string, interaction: Interaction | undefined, context: BuildContext): string {
  const { format } = context;
  const definition = context.questions.get(question);
  const numbers = interaction?.numbers ?? {};
  const answer = `${format.code(question)} is **${format.inline(value)}**`;
  if (definition?.derive === 'latency' && numbers.latency_p99_ms !== undefined && numbers.latency_budget_ms !== undefined) {
    const relation = numbers.latency_p99_ms <= numbers.latency_budget_ms ? 'within' : 'over';
    return `${answer}, derived from the numbers: p99 ${numbers.latency_p99_ms} ms is ${relation} the budget of ${numbers.latency_budget_ms} ms.`;
  }
  return `${answer}, derived from the interaction's numbers.`;
}

/**
 * A rule's title and id, as the pros and cons and the main reason name a reason, in the middle
 * of a sentence; `detail` (what the reason assumes) goes in the parentheses after the id.
 */
function nameRule(id: string, context: BuildContext, detail = ''): string {
  const title = context.ruleTitles.get(id);
  const code = detail === '' ? context.format.code(id) : `${context.format.code(id)}, ${detail}`;
  return title === undefined ? code : `${title} (${code})`;
}

/** The main reason as a sentence: one rule, or a rule for each part of a hybrid. */
function describeMainReason(interaction: InteractionDecision, context: BuildContext): string {
  const names = interaction.main_reasons.map((id) => {
    if (id === POSSIBILITIES_RULE_ID) return 'the possible answers to the open questions';
    if (id === DEFAULT_RULE_ID) return 'nothing decides it yet, so the plain synchronous call';
    return nameRule(id, context);
  });
  if (names.length === 2 && interaction.style === 'hybrid') {
    return `Main reasons: for the synchronous part, ${names[0]}; for the asynchronous part, ${names[1]}.`;
  }
  return `Main reason: ${joinWords(names)}.`;
}

/** Why the confidence is not high, in one sentence; empty when it is. */
function describeConfidence(interaction: InteractionDecision, format: MarkdownFormatter): string {
  if (interaction.confidence === 'high') {
    return '';
  }
  const causes: string[] = [];
  if (interaction.main_reasons.includes(DEFAULT_RULE_ID)) {
    causes.push('no answer given so far decides it');
  }
  const open = interaction.open_questions.filter((question) => question.alternatives.length > 0).map((question) => format.code(question.question));
  if (open.length > 0) {
    const share = interaction.support < 1 ? ` (${Math.round(interaction.support * 100)}% of the possible answers keep the ${interaction.style} style)` : '';
    causes.push(`${joinWords(open)} ${open.length === 1 ? 'is' : 'are'} unanswered and could change it${share}`);
  }
  const strong = interaction.reasons.filter((reason) => reason.stance === 'against' && reason.weight === 'strong' && reason.assuming === undefined);
  if (strong.length > 0) {
    causes.push(`${joinWords(strong.map((reason) => format.code(reason.rule)))} ${strong.length === 1 ? 'argues' : 'argue'} against it with full strength`);
  }
  if (causes.length === 0) {
    causes.push('the rules weigh close to even');
  }
  return `Confidence is ${interaction.confidence}: ${joinWords(causes)}.`;
}

/** "`id`: from -> to" as a heading; folded again, since a name of only spaces leaves a gap. */
function formatInteractionHeading(interaction: InteractionDecision, format: MarkdownFormatter): string {
  return escapeHeadingEnd(foldLines(`${format.code(interaction.id)}: ${format.inline(interaction.from)} -> ${format.inline(interaction.to)}`));
}

function buildInteractionView(interaction: InteractionDecision, context: BuildContext): InteractionView {
  const { format } = context;
  const notes: string[] = [];
  const confidence = describeConfidence(interaction, format);
  if (confidence !== '') {
    notes.push(confidence);
  }
  // Answers read from the services section show in the services table; only numbers need saying.
  const fromNumbers = interaction.derived.filter((question) => context.questions.get(question)?.derive === 'latency');
  if (fromNumbers.length > 0) {
    const source = context.sources.get(interaction.id);
    notes.push(
      fromNumbers.map((question) => describeDerived(question, interaction.answers[question] ?? 'unknown', source, context)).join(' '),
    );
  }
  if (interaction.declared !== undefined) {
    notes.push(
      interaction.declared === interaction.style
        ? `Declared as **${interaction.declared}**, which matches the recommendation.`
        : `Declared as **${interaction.declared}**, which differs from the recommendation.`,
    );
  }
  return {
    heading: formatInteractionHeading(interaction, format),
    headline:
      `${endSentence(format.lineStart(interaction.summary))} **${interaction.style}** via ${format.code(interaction.mechanism)}, ` +
      `${interaction.confidence} confidence.`,
    mainReason: describeMainReason(interaction, context),
    reasons: interaction.reasons.map((reason) => describeReason(reason, format)),
    notes,
  };
}

function buildConsequences(counts: Counts): { good: string[]; bad: string[] } {
  const good: string[] = [];
  const bad: string[] = [];
  const those = (count: number, noun: string): string => (count === 1 ? `the one ${noun}` : `the ${count} ${noun}s`);
  if (counts.syncParts > 0) {
    good.push(
      `Good, because in ${those(counts.syncParts, 'interaction')} with a synchronous part the caller hears from the callee before it goes on, ` +
        'so what a user is told matches what the owner of the decision decided.',
    );
  }
  if (counts.asyncParts > 0) {
    good.push(
      `Good, because the asynchronous work of ${those(counts.asyncParts, 'interaction')} runs outside the request path: ` +
        'producers keep working while their consumers are slow or down.',
    );
  }
  if (counts.events > 0) {
    good.push(
      `Good, because ${countNoun(counts.events, 'interaction')} ${counts.events === 1 ? 'publishes' : 'publish'} events, ` +
        'so a new consumer can subscribe without any change to the producer.',
    );
  }
  good.push(
    'Good, because every recommendation carries its own reasons: when an answer changes, regenerating the record changes only the interactions it concerns.',
  );
  if (counts.asyncParts > 0) {
    bad.push(
      `Bad, because for ${those(counts.asyncParts, 'interaction')} with an asynchronous part, success means "accepted", not "done": ` +
        'pending and failed states must be visible, and duplicate or out-of-order deliveries must be handled.',
    );
  }
  if (counts.syncParts > 0) {
    bad.push(
      `Bad, because ${those(counts.syncParts, 'interaction')} with a synchronous part ${counts.syncParts === 1 ? 'ties its caller' : 'tie their callers'} ` +
        "to the callee's latency and availability; every synchronous hop spends latency budget and adds a way to fail.",
    );
  }
  if (counts.checklist > 0) {
    bad.push(
      `Bad, because the chosen styles bring ${countNoun(counts.checklist, 'checklist obligation')}` +
        (counts.conditionalChecklist > 0 ? ` (${counts.conditionalChecklist} of them conditional on open questions)` : '') +
        ' that must be in place, or explicitly waived, before this record is accepted.',
    );
  }
  const serious: string[] = [];
  if (counts.errors > 0) {
    serious.push(countNoun(counts.errors, 'error'));
  }
  if (counts.warnings > 0) {
    serious.push(countNoun(counts.warnings, 'warning'));
  }
  if (serious.length > 0) {
    bad.push(`Bad, because the whole-system analysis reports ${joinWords(serious)} that still need a response.`);
  }
  if (counts.waivedFindings > 0) {
    bad.push(
      `Bad, because ${countNoun(counts.waivedFindings, 'whole-system finding')} ${counts.waivedFindings === 1 ? 'is' : 'are'} waived for now, with the reason given beside ${counts.waivedFindings === 1 ? 'it' : 'each'}.`,
    );
  }
  return { good, bad };
}

/** The first waiver of the answers file that names the finding (its end date is check's business). */
function findWaiver(finding: Finding, waivers: readonly Waiver[]): Waiver | undefined {
  return waivers.find((waiver) => waiverCovers(waiver, finding));
}

function describeFinding(finding: Finding, waivers: readonly Waiver[], format: MarkdownFormatter): string {
  let where = '';
  if (finding.flow !== undefined) {
    where = `flow ${format.code(finding.flow)}`;
  }
  if (finding.interaction !== undefined) {
    const subject = `interaction ${format.code(finding.interaction)}`;
    where = where === '' ? subject : `${where}, ${subject}`;
  }
  if (where !== '') {
    where = ` (${where})`;
  }
  const waiver = findWaiver(finding, waivers);
  const waived = waiver === undefined ? '' : `, waived${waiver.until === undefined ? '' : ` until ${waiver.until}`} (${escapeInline(waiver.reason.trim())})`;
  return `**${finding.severity}** ${format.code(finding.rule)}${where}${waived}: ${escapeInline(finding.message)}`;
}

function describeOpenQuestion(interaction: InteractionDecision, question: OpenQuestion, format: MarkdownFormatter): string {
  const parts: string[] = [];
  if (question.alternatives.length > 0) {
    const alternatives = question.alternatives.map(
      (alternative) => `if ${format.inline(alternative.answer)}: ${alternative.style} (${format.code(alternative.mechanism)})`,
    );
    parts.push(`now ${interaction.style} (${format.code(interaction.mechanism)}); ${alternatives.join('; ')}`);
  }
  if (question.checklist.length > 0) {
    const items = joinWords(question.checklist.map(format.code));
    parts.push(
      `${parts.length > 0 ? 'it also decides' : 'decides'} whether ${items} ${question.checklist.length === 1 ? 'is' : 'are'} required`,
    );
  }
  return `${format.code(interaction.id)}${parts.length > 0 ? ` - ${parts.join('; ')}.` : ''}`;
}

/**
 * Open questions grouped by question, in pack order, each asked once with the interactions
 * it concerns beneath it: a reviewer answers a question once for every interaction it affects.
 */
function buildOpenQuestions(decision: Decision, pack: Pack, format: MarkdownFormatter): readonly string[] {
  const groups = new Map<string, { prompt: string; asked: [InteractionDecision, OpenQuestion][] }>();
  for (const interaction of decision.interactions) {
    for (const question of interaction.open_questions) {
      let group = groups.get(question.question);
      if (!group) {
        group = { prompt: question.prompt, asked: [] };
        groups.set(question.question, group);
      }
      group.asked.push([interaction, question]);
    }
  }
  const order = new Map(pack.questions.map((question, index) => [question.id, index]));
  const sorted = [...groups.entries()].sort(
    ([a], [b]) => (order.get(a) ?? order.size) - (order.get(b) ?? order.size) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return mapLazily(sorted, ([id, group]) => {
    const lines = group.asked.map(([interaction, question]) => `  * ${describeOpenQuestion(interaction, question, format)}`);
    return `* **${format.inline(group.prompt)}** (${format.code(id)})\n${lines.join('\n')}`;
  });
}


interface ItemUse {
  item: RequiredItem;
  /** Interactions that need the item and have not acknowledged it, as code spans (with what would settle a conditional one). */
  open: string[];
  done: string[];
  /** Waived interactions, grouped by the waiver's words (its date and reason). */
  waived: Map<string, string[]>;
  /** How many interactions need it in all. */
  needed: number;
}

/**
 * The Confirmation section's checklist, grouped by item rather than by interaction: each item
 * once, with what it asks for, how to verify it, and where it stands: the interactions still
 * open, done and waived (with the waiver's date and reason), as the answers file acknowledges
 * them, each interaction under its own `checklist` or many at once under `platform_checklist`.
 * An item is ticked when no interaction that needs it is left open.
 */
function buildConfirmation(
  decision: Decision,
  answers: AnswersFile,
  pack: Pack,
  format: MarkdownFormatter,
): { checklistSummary: string; checklistItems: string[] } {
  const sources = new Map(answers.interactions.map((interaction) => [interaction.id, interaction]));
  const platform = answers.platform_checklist ?? [];
  const uses = new Map<string, ItemUse>();
  const tally = { total: 0, done: 0, waived: 0 };
  for (const interaction of decision.interactions) {
    const own = sources.get(interaction.id)?.acknowledged;
    const id = format.code(interaction.id);
    for (const item of interaction.checklist) {
      let use = uses.get(item.id);
      if (use === undefined) {
        use = { item, open: [], done: [], waived: new Map(), needed: 0 };
        uses.set(item.id, use);
      }
      use.needed += 1;
      tally.total += 1;
      const found = findAcknowledgement(item.id, interaction, own, platform);
      if (found === undefined) {
        const questions = item.depends_on_unknown ?? [];
        use.open.push(questions.length === 0 ? id : `${id} (until ${joinWords(questions.map(format.code))} ${questions.length === 1 ? 'is' : 'are'} answered)`);
      } else if (found.ack.kind === 'done') {
        tally.done += 1;
        use.done.push(id);
      } else {
        tally.waived += 1;
        const words = `${found.ack.until === undefined ? '' : ` until ${found.ack.until}`}: ${format.inline(found.ack.reason.trim())}`;
        use.waived.set(words, [...(use.waived.get(words) ?? []), id]);
      }
    }
  }

  const packOrder = new Map(pack.checklist.map((item, index) => [item.id, index]));
  const rank = (id: string): number => packOrder.get(id) ?? packOrder.size;
  const total = decision.interactions.length;
  const checklistItems = [...uses.values()]
    .sort((a, b) => rank(a.item.id) - rank(b.item.id))
    .map(({ item, open, done, waived, needed }) => {
      const standing = [
        ...(open.length === 0 ? [] : [`open for ${joinSome(open, 50)}`]),
        ...(done.length === 0 ? [] : [`done for ${joinSome(done)}`]),
        ...[...waived].map(([words, ids]) => `waived for ${joinSome(ids)}${words}`),
      ];
      return (
        `- [${open.length === 0 ? 'x' : ' '}] **${format.inline(item.title)}** (${format.code(item.id)}), needed by ${describeShare(needed, total)}: ` +
        `${standing.join('; ')}.\n  ${format.sentence(item.why)} Verify: ${format.sentence(item.verify)}`
      );
    });
  const open = tally.total - tally.done - tally.waived;
  const checklistSummary =
    tally.total === 0
      ? ''
      : `${countNoun(tally.total, 'obligation')} over ${countNoun(decision.interactions.filter((interaction) => interaction.checklist.length > 0).length, 'interaction')}: ` +
        `${open} open, ${tally.done} done, ${tally.waived} waived.`;
  return { checklistSummary, checklistItems };
}

function describeOption(option: ConsideredOption, format: MarkdownFormatter): string {
  return `${option.style} ${format.code(option.mechanism)}`;
}

/** One line per interaction: the options it weighed, the chosen one first and in bold. */
function buildConsideredOptions(decision: Decision, format: MarkdownFormatter): readonly string[] {
  return mapLazily(decision.interactions, (interaction) => {
    const options = interaction.options.map((option) =>
      option.chosen ? `**${describeOption(option, format)}** (chosen)` : describeOption(option, format),
    );
    return `${format.code(interaction.id)} (${format.inline(interaction.from)} -> ${format.inline(interaction.to)}): ${options.join('; ')}`;
  });
}

/** What every option with these parts costs, whatever the answers say. */
function describeInherentCost(option: ConsideredOption, interaction: InteractionDecision, format: MarkdownFormatter): string {
  const caller = format.inline(interaction.from);
  const callee = format.inline(interaction.to);
  if (option.style === 'sync') {
    return `Bad, because ${caller} waits on ${callee}: every slow answer and every outage of ${callee} reaches ${caller}.`;
  }
  if (option.style === 'async') {
    return `Bad, because success first means "accepted": pending and failed states must be visible, and repeated or out-of-order deliveries handled.`;
  }
  return `Bad, because both parts have to be built and run: ${caller} still waits on ${callee} for the synchronous part, and the asynchronous part brings pending states and repeated deliveries.`;
}

/**
 * Per interaction, each option it weighed with its good and bad points: the reasons for and
 * against it, by their rules' titles (the full texts are in the reasons per interaction), and
 * what the option costs in any case.
 */
function buildProsAndCons(decision: Decision, context: BuildContext): readonly OptionSetView[] {
  const { format } = context;
  return mapLazily(decision.interactions, (interaction) => {
    const assumedBy = new Map(interaction.reasons.map((reason) => [reason.rule, describeAssumptions(reason.assuming, format)]));
    const point = (kind: 'Good' | 'Bad', id: string): string => `${kind}, because ${nameRule(id, context, assumedBy.get(id))}.`;
    return {
      heading: formatInteractionHeading(interaction, format),
      options: interaction.options.map((option) => ({
        title: `${describeOption(option, format)}${option.chosen ? ' (chosen)' : ''}`,
        points: [
          ...option.pros.map((id) => point('Good', id)),
          ...option.cons.map((id) => point('Bad', id)),
          describeInherentCost(option, interaction, format),
        ],
      })),
    };
  });
}

/** A title as the rest of a sentence: its first letter in lower case, unless it starts an abbreviation. */
function lowerFirst(text: string): string {
  // "A caller" and "Work that" become lower case; "CRM calls" and "API keys" stay as written.
  return /^[A-Z](?![A-Z0-9])/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  client: 'client',
  edge: 'edge (gateway, BFF)',
  service: 'backend service',
  partner: 'partner',
  read_model: 'read model',
};

/** The services section as a table, in file order; empty when no service is described. */
function buildServices(services: readonly Service[], format: MarkdownFormatter): string {
  if (services.length === 0) {
    return '';
  }
  const lines = ['| Service | Kind | Receives callbacks | Boundary | Summary |', '|---|---|---|---|---|'];
  for (const service of services) {
    // What the rules read: the attribute as written, else what the kind implies.
    const cells = [
      format.inline(service.name),
      service.kind === undefined ? 'unknown' : (KIND_WORDS[service.kind] ?? service.kind),
      readReachable(service) ?? 'unknown',
      readBoundary(service) ?? 'unknown',
      service.summary === undefined ? '' : escapeInline(service.summary),
    ];
    lines.push(`| ${cells.map(formatTableCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Quotes a path for a POSIX shell only when it needs quoting. */
function quoteShellWord(word: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function buildMoreInformation(input: AdrViewInput): string {
  const names = input.pack.packs.map((info) => formatCode(info.name));
  const packs = names.length === 0 ? 'no rule pack' : `the rule ${names.length === 1 ? 'pack' : 'packs'} ${joinWords(names)}`;
  const command =
    `npx sync-or-async decide ${quoteShellWord(input.source)}` + (input.profile === 'madr' ? '' : ` --profile ${input.profile}`);
  return (
    `This record is generated by sync-or-async from ${formatCode(input.source)} with ${packs}. ` +
    `To change it, edit the answers file and run ${formatCode(command)}` +
    (names.length > 1 ? ' with the same `--rules` folders' : '') +
    '; the run updates this file in place, and changes made here by hand are lost.'
  );
}

/** `ADR-0007: Use events`, inside a link when the file is known. */
function formatAdrLink(link: AdrLink): string {
  const text = (link.title === undefined ? link.label : `${link.label}: ${link.title}`).replace(/(?<!\\)([[\]])/g, '\\$1');
  return link.file === undefined ? text : `[${text}](${formatLinkTarget(link.file)})`;
}

/**
 * The status of an ADR that another replaces: `superseded by ADR-0007`, as MADR writes it, or for
 * a date-named (log4brains) replacement log4brains' own `superseded by [slug](slug.md)`, the one
 * form from which Structurizr's log4brains importer takes the link.
 */
export function formatSupersededStatus(by: AdrLink): string {
  if (by.file === undefined || /^ADR-\d+$/.test(by.label)) return `superseded by ${by.label}`;
  return `superseded by [${by.label}](${formatLinkTarget(by.file)})`;
}

/**
 * The paragraph of a superseded ADR that points at its replacement. No full stop after the link:
 * adr-tools takes everything after it as part of the link's name, and `adr generate graph` then
 * draws a backward "Superseded by." edge beside the forward "Supersedes" one.
 */
export function formatSupersededByLine(by: AdrLink): string {
  return `Superseded by ${formatAdrLink(by)}`;
}

/** The paragraph of an ADR that points back at one it replaces (no full stop, as above). */
export function formatSupersedesLine(old: AdrLink): string {
  return `Supersedes ${formatAdrLink(old)}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Builds everything the templates show, for any profile. Pure: the same input gives the same view. */
export function buildAdrView(input: AdrViewInput): AdrView {
  const { answers, decision, pack } = input;
  const format = createMarkdownFormatter();
  const context: BuildContext = {
    format,
    questions: new Map(pack.questions.map((question) => [question.id, question])),
    sources: new Map(answers.interactions.map((interaction) => [interaction.id, interaction])),
    ruleTitles: new Map(pack.rules.map((rule) => [rule.id, lowerFirst(escapeInline(rule.title))])),
  };
  const counts = countDecision(decision, answers.waivers ?? []);
  const ruleTitles = new Map(pack.rules.map((rule) => [rule.id, rule.title]));
  const frontMatterList = (names: string[]): string =>
    names.length === 0 ? '' : formatYamlScalar(names.map((name) => name.trim()).join(', '));
  const consequences = buildConsequences(counts);
  const openQuestions = buildOpenQuestions(decision, pack, format);
  const { checklistSummary, checklistItems } = buildConfirmation(decision, answers, pack, format);
  // A record that another one replaces stays replaced whatever its answers file says: the
  // supersession is recorded in the ADR directory, not in the answers.
  const supersededBy = input.supersession?.supersededBy;
  const status = supersededBy === undefined ? answers.status : formatSupersededStatus(supersededBy);
  return {
    title: escapeHeadingEnd(format.inline(answers.title)),
    number: input.number,
    status,
    statusTitle: capitalise(status),
    supersededBy: supersededBy === undefined ? '' : formatSupersededByLine(supersededBy),
    supersedes: (input.supersession?.supersedes ?? []).map(formatSupersedesLine),
    date: input.date,
    decisionId: answers.id,
    decisionMakers: frontMatterList(answers.decision_makers),
    consulted: frontMatterList(answers.consulted),
    informed: frontMatterList(answers.informed),
    deciders: formatNameList(answers.decision_makers, format),
    // Every profile puts the context under a level-2 section heading.
    context: sanitiseContext(normaliseBlock(answers.context.trim()), { minHeadingLevel: 3 }),
    services: buildServices(answers.services, format),
    drivers: buildDrivers(decision, pack),
    options: buildConsideredOptions(decision, format),
    outcome: buildOutcome(counts),
    yStatement: buildYStatement(answers, decision, counts, format),
    confidenceNote: buildConfidenceNote(counts),
    mapHeader: renderMapTableHeader(),
    mapRows: mapLazily(decision.interactions, (interaction) => renderMapTableRow(interaction, format, ruleTitles)),
    get mapDiagrams() {
      return buildMapDiagrams(decision, format);
    },
    interactions: mapLazily(decision.interactions, (interaction) => buildInteractionView(interaction, context)),
    goodConsequences: consequences.good,
    badConsequences: consequences.bad,
    findings: mapLazily(decision.findings, (finding) => describeFinding(finding, answers.waivers ?? [], format)),
    openQuestions,
    hasOpenQuestions: openQuestions.length > 0,
    checklistSummary,
    checklistItems,
    hasChecklistItems: checklistItems.length > 0,
    prosAndCons: buildProsAndCons(decision, context),
    moreInformation: buildMoreInformation(input),
  };
}

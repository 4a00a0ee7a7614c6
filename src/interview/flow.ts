/**
 * The interview: the order of the questions, which ones are skipped, and what is shown after
 * each interaction. It talks to a Prompter and an InterviewOutput and writes every answer into
 * the AnswersDocument as soon as it is given; it never touches files or the process.
 */
import { evaluateCondition, listConditionInputs } from '../engine/condition.js';
import { findAcknowledgement } from '../engine/acknowledge.js';
import { decide } from '../engine/decide.js';
import { createDecisionContext, evaluateInteraction } from '../engine/decide-interaction.js';
import { SYSTEM_QUESTIONS } from '../engine/system.js';
import { deriveAnswers, readDerivation } from '../engine/derive.js';
import { buildService, firstFreeId, parseAnswers, slugify } from '../load/answers.js';
import type { RawService } from '../load/answers.js';
import { SERVICE_KINDS, UNKNOWN } from '../model/answers.js';
import type { AnswersFile, Interaction, NumberName, ObservedInteraction, Service, Style } from '../model/answers.js';
import type { Decision, InteractionDecision } from '../model/decision.js';
import type { Condition, Pack, Question } from '../model/pack.js';
import type { AnswersDocument, InteractionDraft } from './answers-document.js';
import type { Choice, InterviewOutput, Prompter } from './prompter.js';

export interface InterviewSetup {
  document: AnswersDocument;
  pack: Pack;
  prompter: Prompter;
  output: InterviewOutput;
  /** The answers file as the user named it, for messages and for reading the answers back. */
  file: string;
}

/** How many reasons are shown after each interaction; the ADR has them all. */
const SHOWN_REASONS = 3;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** How many combinations of other open answers are tried before a question is asked anyway. */
const COMBINATIONS = 128;

const NUMBER_PROMPTS: { name: NumberName; message: string; min: number; max?: number; integer: boolean }[] = [
  { name: 'latency_budget_ms', message: 'Latency budget the caller has for this call, in ms', min: 0, integer: false },
  { name: 'latency_p99_ms', message: "Callee's p99 latency, in ms", min: 0, integer: false },
  { name: 'availability', message: "Callee's availability, between 0 and 1 (e.g. 0.999)", min: 0, max: 1, integer: false },
  { name: 'timeout_ms', message: 'Timeout the caller sets, in ms', min: 0, integer: false },
  { name: 'retries', message: 'Retries the caller makes after a failure', min: 0, integer: true },
];

const NUMBER_LABELS: Readonly<Record<NumberName, string>> = {
  latency_budget_ms: 'latency budget',
  latency_p99_ms: 'p99',
  availability: 'availability',
  timeout_ms: 'timeout',
  retries: 'retries',
};

/** What traces showed of an interaction, in one line, shown before its questions. */
export function describeObserved(observed: ObservedInteraction): string {
  const parts: string[] = [];
  const how = observed.style === 'async' ? `a hand-over${observed.destination === undefined ? '' : ` through ${observed.destination}`}` : 'a synchronous call';
  if (observed.calls !== undefined) parts.push(`${observed.calls} ${observed.style === 'async' ? 'messages' : 'calls'}`);
  if (observed.consumers !== undefined) parts.push(`${observed.consumers} consuming service${observed.consumers === 1 ? '' : 's'}`);
  if (observed.p50_ms !== undefined && observed.p99_ms !== undefined) parts.push(`p50 ${observed.p50_ms} ms, p99 ${observed.p99_ms} ms${observed.style === 'async' ? ' until processed' : ''}`);
  if (observed.error_rate !== undefined) parts.push(`${Math.round(observed.error_rate * 1000) / 10}% failed`);
  if (observed.retries !== undefined && observed.retries > 0) {
    const word = observed.style === 'async' ? 'redeliver' : 'retr';
    parts.push(`up to ${observed.retries} ${word}${observed.retries === 1 ? 'y' : 'ies'}`);
  }
  return `Observed in traces: ${how}${parts.length === 0 ? '' : `, ${parts.join(', ')}`}.`;
}

type MenuChoice = 'add' | 'flow' | 'revisit' | 'checklist' | 'finish';
/** The choice that leaves a list without picking anything. */
const BACK = '';
type ReviewChoice = 'accept' | 'revise' | 'again' | 'declared';

export class Interview {
  private readonly document: AnswersDocument;
  private readonly pack: Pack;
  private readonly prompter: Prompter;
  private readonly output: InterviewOutput;
  private readonly file: string;
  private asking = false;
  /** The conditions of the pack's rules and checklist items. */
  private readonly conditions: readonly Condition[];
  /** The questions some rule or checklist item of the pack reads. */
  private readonly ruleInputs: ReadonlySet<string>;

  constructor(setup: InterviewSetup) {
    this.document = setup.document;
    this.pack = setup.pack;
    this.prompter = setup.prompter;
    this.output = setup.output;
    this.file = setup.file;
    this.conditions = [...setup.pack.rules.map((rule) => rule.when), ...setup.pack.checklist.flatMap((item) => (item.when === undefined ? [] : [item.when]))];
    this.ruleInputs = new Set(this.conditions.flatMap((condition) => listConditionInputs(condition).answers));
  }

  /** Runs until the user chooses to finish with a complete set of answers. */
  async run(): Promise<void> {
    await this.askDecisionBasics();
    const existing = this.document.interactionCount;
    if (existing > 0) {
      this.showSummary('What is decided so far');
      for (let index = 0; index < existing; index += 1) {
        if (await this.completeInteraction(index)) await this.review(index);
        else if (await this.offerToAnswerUnknowns(index)) await this.review(index);
      }
    } else {
      await this.addInteraction();
    }
    for (;;) {
      const next = await this.prompter.select<MenuChoice>({
        id: 'next',
        message: 'What next?',
        choices: [
          { value: 'add', name: 'Add another interaction' },
          { value: 'flow', name: 'Define a flow (the interactions one user action goes through, with its budget)' },
          { value: 'revisit', name: 'Revisit an interaction' },
          { value: 'checklist', name: 'Work through the checklist: mark obligations done, or waived with a reason' },
          { value: 'finish', name: 'Finish: write the answers file and the ADR' },
        ],
        default: 'add',
      });
      if (next === 'add') await this.addInteraction();
      else if (next === 'flow') await this.defineFlow();
      else if (next === 'revisit') await this.revisit();
      else if (next === 'checklist') await this.reviewChecklist();
      else if (this.document.interactionCount > 0) return;
      else this.output.line('Add at least one interaction first.');
    }
  }

  /** Title, context and decision makers, where the file does not have them yet. */
  private async askDecisionBasics(): Promise<void> {
    // Not asked again once interactions exist: a file without decision makers is complete as it is.
    const askNames = !this.document.hasDecisionMakers && this.document.interactionCount === 0;
    if (this.document.title === undefined) {
      this.document.title = await this.prompter.text({
        id: 'title',
        message: 'Title of the decision (e.g. "Checkout and order communication")',
        validate: requireText,
      });
    }
    if (this.document.context === undefined) {
      this.document.context = await this.prompter.text({
        id: 'context',
        message: 'Context: what system is this, and why decide now? (one or two sentences)',
        validate: requireText,
      });
    }
    if (askNames) {
      const names = await this.prompter.text({
        id: 'decision_makers',
        message: 'Decision makers, separated by commas (optional)',
        optional: true,
      });
      this.document.decisionMakers = splitNames(names);
    }
  }

  private async addInteraction(): Promise<void> {
    const index = this.document.addInteraction();
    this.output.heading(`Interaction ${index + 1}`);
    await this.completeInteraction(index);
    await this.review(index);
  }

  /**
   * Asks what the interaction still lacks: caller, callee, summary, and every question that
   * applies and has no answer yet. Returns whether anything was asked.
   */
  private async completeInteraction(index: number): Promise<boolean> {
    this.asking = true;
    let asked = false;
    let draft = this.document.interaction(index);
    const services = this.serviceNames();
    if (draft.from === undefined) {
      asked = true;
      const from = await this.prompter.text({ id: 'from', message: 'Caller (the service that starts the interaction)', validate: requireText, suggestions: services });
      this.document.setInteractionField(index, 'from', from.trim());
    }
    if (draft.to === undefined) {
      asked = true;
      const to = await this.prompter.text({ id: 'to', message: 'Callee (the service it talks to)', validate: requireText, suggestions: services });
      this.document.setInteractionField(index, 'to', to.trim());
    }
    if (draft.summary === undefined) {
      asked = true;
      const summary = await this.prompter.text({ id: 'summary', message: 'What happens, in a few words (e.g. "Authorize the card while the customer waits")', validate: requireText });
      this.document.setInteractionField(index, 'summary', summary.trim());
    }
    draft = this.document.interaction(index);
    if (draft.id === undefined) {
      // A short id is suggested from the summary; the room may prefer its own.
      asked = true;
      const suggestion = this.freeInteractionId(draft, index);
      const taken = new Set(this.otherIds(index));
      const id = await this.prompter.text({
        id: 'interaction-id',
        message: 'Id of the interaction (short, kebab-case: flows, the ADR and CI messages name it)',
        default: suggestion,
        validate: (text) => validateInteractionId(text.trim() === '' ? suggestion : text.trim(), taken),
      });
      this.document.setInteractionField(index, 'id', id.trim() === '' ? suggestion : id.trim());
    }
    if (await this.describeParties(index)) asked = true;
    draft = this.document.interaction(index);
    if (asked || this.pack.questions.some((question) => this.shouldAsk(question, draft))) {
      this.output.line(`${draft.id}: ${draft.from} -> ${draft.to}, ${draft.summary}`);
      if (draft.observed !== undefined) this.output.line(describeObserved(draft.observed));
    }
    if (await this.askOpenQuestions(index)) asked = true;
    // Numbers are offered once, with the questions; a revisit can change them. A number can
    // bring a question into play (retries make repeats matter). Of an interaction read from
    // traces, only the numbers the traces cannot tell are asked.
    const numbers = this.document.interaction(index).numbers;
    const observed = draft.observed !== undefined;
    if (asked && (Object.keys(numbers).length === 0 || (observed && NUMBER_PROMPTS.some(({ name }) => numbers[name] === undefined)))) {
      await this.askNumbers(index, observed);
      await this.askOpenQuestions(index);
    }
    this.asking = false;
    return asked;
  }

  /**
   * Whether the interview stopped while an interaction's questions were being asked: what is
   * saved then is a draft, even if the file would read as complete (unasked = unknown).
   */
  get unfinished(): boolean {
    return this.asking;
  }

  /**
   * The kind of the caller and of the callee, asked once per service and saved in the services
   * section; for another organisation's system, or one of unknown kind, also whether it can be
   * called back. Returns whether anything was asked.
   */
  private async describeParties(index: number): Promise<boolean> {
    const draft = this.document.interaction(index);
    const kindQuestion = this.pack.questions.find((question) => question.derive === 'caller.kind' || question.derive === 'callee.kind');
    let asked = false;
    for (const name of [draft.from, draft.to]) {
      if (name === undefined) continue;
      const described = this.document.services().get(name) ?? {};
      if (described.kind === undefined) {
        asked = true;
        const choices: Choice<string>[] = SERVICE_KINDS.map((kind) => {
          const choice: Choice<string> = { value: kind, name: kind };
          const help = kindQuestion?.answer_help[kind];
          if (help !== undefined) choice.description = help;
          return choice;
        });
        choices.push({ value: UNKNOWN, name: "don't know", description: 'Recorded as unknown: the rules take it to be a backend service and say what another kind would change.' });
        const kind = await this.prompter.select<string>({
          id: `service:${name}:kind`,
          message: `What kind of party is ${name}?`,
          help: 'Said once per service: a browser, an app or a stateless gateway cannot write to a broker or keep a copy of other data; a backend service can.',
          choices,
        });
        this.document.setService(name, 'kind', kind);
      }
      const now = this.document.services().get(name) ?? {};
      if (now.reachable === undefined && (now.kind === 'partner' || now.kind === UNKNOWN)) {
        asked = true;
        const reachable = await this.prompter.select<string>({
          id: `service:${name}:reachable`,
          message: `Can ${name} receive a callback on an endpoint it exposes and secures?`,
          help: 'Only a party that can be called back can get a result delivered; the others ask for it.',
          choices: [
            { value: 'yes', name: 'yes' },
            { value: 'no', name: 'no' },
            { value: UNKNOWN, name: "don't know", description: 'Recorded as unknown.' },
          ],
        });
        this.document.setService(name, 'reachable', reachable);
      }
    }
    return asked;
  }

  /** The services as the engine reads them, from what the document says so far. */
  private describedServices(): Map<string, Service> {
    const services = new Map<string, Service>();
    for (const [name, attributes] of this.document.services()) {
      // Valid: the file was checked when the interview opened it, and the interview writes only the answers it offered.
      services.set(name, buildService(name, attributes as RawService, { file: this.file, line: 1, column: 1 }));
    }
    return services;
  }

  private applies(question: Question, draft: InteractionDraft): boolean {
    if (this.isSaidPerService(question, draft)) return false;
    return applies(question, draft, this.describedServices(), this.pack.questions);
  }

  /**
   * Whether the question is still to be asked: it has no answer, it applies, and what is known
   * so far leaves its answer able to change the recommendation, the checklist or a finding.
   */
  private shouldAsk(question: Question, draft: InteractionDraft): boolean {
    return !Object.hasOwn(draft.answers, question.id) && this.applies(question, draft) && this.canChange(question, draft);
  }

  /**
   * Whether the question's answer can change anything: the whole-system checks read it, or some
   * answer of the questions still open could make two of its answers lead to different
   * outcomes for the interaction (style and mechanism, checklist items, findings).
   *
   * Only the open questions that apply and share a rule with it are tried, every combination of their
   * answers (more than COMBINATIONS of them: asked, to be safe); the others stay unknown and the
   * engine weighs them as it does in the ADR. A rule whose condition holds, or fails, whatever
   * the question's answer, cannot make it matter.
   */
  private canChange(question: Question, draft: InteractionDraft): boolean {
    // A question no rule reads is in the pack for the record: it is always asked.
    if (SYSTEM_QUESTIONS.includes(question.id) || !this.ruleInputs.has(question.id)) return true;
    const without: InteractionDraft = { ...draft, answers: { ...draft.answers } };
    delete without.answers[question.id];
    const describedServices = this.describedServices();
    const { answers: known } = deriveAnswers(toInteraction(without), describedServices, this.pack.questions);
    const isOpen = (id: string): boolean => known[id] === undefined || known[id] === UNKNOWN;
    const partners = new Set<string>();
    let reads = false;
    for (const condition of this.conditions) {
      const inputs = listConditionInputs(condition).answers;
      if (!inputs.includes(question.id)) continue;
      if (evaluateCondition(condition, { answers: known, numbers: draft.numbers }).value !== 'unknown') continue;
      reads = true;
      for (const input of inputs) if (input !== question.id && isOpen(input)) partners.add(input);
    }
    if (!reads) return false;
    // A question that does not apply is never asked: it stays unknown, as the engine weighs it.
    const open = this.pack.questions.filter((candidate) => partners.has(candidate.id) && this.applies(candidate, without));
    const count = open.reduce((product, candidate) => product * candidate.answers.length, 1);
    if (count > COMBINATIONS) return true;
    const services = [...describedServices.values()];
    const context = createDecisionContext(this.pack, services);
    for (const completion of combinations(open)) {
      const outcomes = new Set<string>();
      for (const answer of question.answers) {
        const interaction = toInteraction({ ...without, answers: { ...without.answers, ...completion, [question.id]: answer } });
        const { decision, findings } = evaluateInteraction(interaction, context);
        outcomes.add(
          JSON.stringify([decision.style, decision.mechanism, decision.checklist.map((item) => item.id).sort(), findings.map((finding) => finding.rule).sort()]),
        );
        if (outcomes.size > 1) return true;
      }
    }
    return false;
  }

  /**
   * Whether the services section already holds what a question is read from, "don't know"
   * included: what the team said once about a service is not asked again per interaction.
   */
  private isSaidPerService(question: Question, draft: InteractionDraft): boolean {
    const services = this.document.services();
    const caller = draft.from === undefined ? undefined : services.get(draft.from);
    const callee = draft.to === undefined ? undefined : services.get(draft.to);
    switch (question.derive) {
      case 'caller.kind':
        return caller?.kind !== undefined;
      case 'callee.kind':
        return callee?.kind !== undefined;
      case 'caller.reachable':
        return caller?.reachable !== undefined || (caller?.kind !== undefined && caller.kind !== UNKNOWN && caller.kind !== 'partner');
      case 'boundary':
        return caller?.kind !== undefined && callee?.kind !== undefined;
      default:
        return false;
    }
  }

  /**
   * Every question still to be asked about the interaction, in pack order. A question passed
   * over because nothing known so far let it change anything is looked at again once later
   * answers are in, until a pass asks nothing.
   */
  private async askOpenQuestions(index: number): Promise<boolean> {
    let asked = false;
    for (let askedInPass = true; askedInPass; ) {
      askedInPass = false;
      for (const question of this.pack.questions) {
        if (!this.shouldAsk(question, this.document.interaction(index))) continue;
        asked = true;
        askedInPass = true;
        const answer = await this.askQuestion(question, undefined);
        this.document.setAnswer(index, question.id, answer);
      }
    }
    return asked;
  }

  private async askQuestion(question: Question, current: string | undefined): Promise<string> {
    const choices: Choice<string>[] = question.answers.map((answer) => {
      const choice: Choice<string> = { value: answer, name: answer };
      const help = question.answer_help[answer];
      if (help !== undefined) choice.description = help;
      return choice;
    });
    choices.push({ value: UNKNOWN, name: "don't know", description: 'Recorded as unknown: it lowers the confidence and comes back as an open question where it matters.' });
    const prompt = { id: `answer:${question.id}`, message: question.prompt, help: question.help, choices };
    return this.prompter.select<string>(current === undefined ? prompt : { ...prompt, default: current });
  }

  /** Asks the numbers; with onlyMissing (an interaction read from traces), those it has are not asked again. */
  private async askNumbers(index: number, onlyMissing = false): Promise<void> {
    const known = this.document.interaction(index).numbers;
    const prompts = onlyMissing ? NUMBER_PROMPTS.filter(({ name }) => known[name] === undefined) : NUMBER_PROMPTS;
    const wanted = await this.prompter.confirm({
      id: 'numbers',
      message: onlyMissing
        ? `Add the numbers traces cannot tell (${prompts.map(({ name }) => NUMBER_LABELS[name]).join(', ')})? They check budgets across flows.`
        : 'Add numbers (latency budget and p99, availability, timeout, retries)? They check budgets across flows.',
      default: false,
    });
    if (!wanted) return;
    for (const { name, message, min, max, integer } of prompts) {
      const current = this.document.interaction(index).numbers[name];
      const prompt = { id: `number:${name}`, message: `${message} (empty to skip)`, min, integer };
      const value = await this.prompter.number({
        ...prompt,
        ...(max === undefined ? {} : { max }),
        ...(current === undefined ? {} : { default: current }),
      });
      this.document.setNumber(index, name, value);
    }
  }

  /** Shows the recommendation and lets the team accept it, revise an answer or record what they run today. */
  private async review(index: number): Promise<void> {
    for (;;) {
      const draft = this.document.interaction(index);
      const decision = this.decideAll();
      const recommended = decision?.interactions.find((item) => item.id === draft.id);
      if (recommended !== undefined) this.showRecommendation(recommended);
      const declaredName =
        draft.declared === undefined ? 'Record the style the team runs or plans today, if it differs' : `Change the style the team runs today (now ${draft.declared})`;
      const choice = await this.prompter.select<ReviewChoice>({
        id: `review:${draft.id}`,
        message: 'Accept this recommendation?',
        choices: [
          { value: 'accept', name: 'Accept' },
          { value: 'revise', name: 'Revise an answer' },
          { value: 'again', name: 'Go through all its questions again' },
          { value: 'declared', name: declaredName },
        ],
        default: 'accept',
      });
      if (choice === 'accept') return;
      if (choice === 'revise') await this.reviseAnswer(index);
      else if (choice === 'again') await this.askAllAgain(index);
      else await this.recordDeclared(index, recommended?.style);
    }
  }

  private async reviseAnswer(index: number): Promise<void> {
    const draft = this.document.interaction(index);
    const questions = this.pack.questions.filter((question) => Object.hasOwn(draft.answers, question.id) || this.shouldAsk(question, draft));
    const choices: Choice<string>[] = questions.map((question) => ({
      value: question.id,
      name: `${question.prompt} (now: ${draft.answers[question.id] ?? 'not answered'})`,
    }));
    const numbersChoice = 'numbers';
    choices.push({ value: numbersChoice, name: 'The numbers (latency, availability, timeout, retries)' });
    const picked = await this.prompter.select<string>({ id: `revise:${draft.id}`, message: 'Which answer?', choices });
    if (picked === numbersChoice) {
      await this.askNumbers(index);
      await this.askOpenQuestions(index);
      return;
    }
    const question = questions.find((candidate) => candidate.id === picked);
    if (question === undefined) return;
    this.document.setAnswer(index, question.id, await this.askQuestion(question, draft.answers[question.id]));
    // A new answer can bring questions into play that did not apply before.
    await this.askOpenQuestions(index);
  }

  /**
   * Every question that applies and can change something, in order, with the current answer
   * as the default; then whatever the new answers bring into play.
   */
  private async askAllAgain(index: number): Promise<void> {
    for (const question of this.pack.questions) {
      const draft = this.document.interaction(index);
      if (!this.applies(question, draft) || !this.canChange(question, draft)) continue;
      this.document.setAnswer(index, question.id, await this.askQuestion(question, draft.answers[question.id]));
    }
    await this.askOpenQuestions(index);
  }

  /**
   * An interaction whose every answer is unknown (a starter file from init, or answers left for
   * later) is offered to be gone through now.
   */
  private async offerToAnswerUnknowns(index: number): Promise<boolean> {
    const draft = this.document.interaction(index);
    const values = Object.values(draft.answers);
    if (values.length === 0 || values.some((value) => value !== UNKNOWN)) return false;
    const now = await this.prompter.confirm({
      id: `unknowns:${draft.id}`,
      message: `${draft.id} (${draft.from} -> ${draft.to}) is answered only with unknown. Go through its questions now?`,
      default: true,
    });
    if (!now) return false;
    await this.askAllAgain(index);
    return true;
  }

  private async recordDeclared(index: number, recommended: Style | undefined): Promise<void> {
    const draft = this.document.interaction(index);
    const styles: Style[] = ['sync', 'async', 'hybrid'];
    const choices: Choice<Style | 'none'>[] = styles.map((style) => ({
      value: style,
      name: style === recommended ? `${style} (as recommended)` : style,
    }));
    choices.push({ value: 'none', name: 'Nothing declared' });
    const style = await this.prompter.select<Style | 'none'>({
      id: `declared:${draft.id}`,
      message: 'Which style does the team run or plan today?',
      choices,
      default: draft.declared ?? 'none',
    });
    this.document.setDeclared(index, style === 'none' ? undefined : style);
  }

  private async revisit(): Promise<void> {
    const drafts = this.document.interactions();
    if (drafts.length === 0) {
      this.output.line('There is no interaction to revisit yet.');
      return;
    }
    const index = await this.prompter.select<number>({
      id: 'revisit',
      message: 'Which interaction?',
      choices: drafts.map((draft, position) => ({ value: position, name: `${draft.id ?? '(no id)'}: ${draft.from ?? '?'} -> ${draft.to ?? '?'}, ${draft.summary ?? ''}` })),
    });
    await this.completeInteraction(index);
    await this.review(index);
  }

  private async defineFlow(): Promise<void> {
    const drafts = this.document.interactions();
    if (drafts.length === 0) {
      this.output.line('Add an interaction first: a flow is a path through interactions.');
      return;
    }
    const taken = new Set(this.document.flows().map((flow) => flow.id));
    const id = await this.prompter.text({
      id: 'flow:id',
      message: 'Flow id, in kebab-case (e.g. place-order)',
      validate: (text) => {
        const trimmed = text.trim();
        if (!KEBAB.test(trimmed)) return 'use lower-case words joined by dashes, e.g. place-order';
        return taken.has(trimmed) ? `there is already a flow called ${trimmed}` : undefined;
      },
    });
    const summary = (await this.prompter.text({ id: 'flow:summary', message: 'What the user does, in a few words (optional)', optional: true })).trim();
    const steps: string[] = [];
    for (;;) {
      const remaining = drafts.filter((draft) => draft.id !== undefined && !steps.includes(draft.id));
      // Once every interaction is a step there is nothing left to pick.
      if (remaining.length === 0) break;
      const done = '';
      const choices: Choice<string>[] = remaining.map((draft) => ({ value: draft.id!, name: `${draft.id}: ${draft.from} -> ${draft.to}` }));
      if (steps.length > 0) choices.unshift({ value: done, name: `Done (${steps.length} ${steps.length === 1 ? 'step' : 'steps'}: ${steps.join(', ')})` });
      const step = await this.prompter.select<string>({ id: 'flow:step', message: `Step ${steps.length + 1} of the flow`, choices });
      if (step === done) break;
      steps.push(step);
    }
    const budget = await this.prompter.number({ id: 'flow:budget_ms', message: 'Latency budget of the whole flow, in ms (empty to skip)', min: 0 });
    const target = await this.prompter.number({ id: 'flow:availability_target', message: 'Availability the flow must reach, between 0 and 1 (empty to skip)', min: 0, max: 1 });
    const flow: { id: string; steps: string[]; summary?: string; budget_ms?: number; availability_target?: number } = { id: id.trim(), steps };
    if (summary !== '') flow.summary = summary;
    if (budget !== undefined) flow.budget_ms = budget;
    if (target !== undefined) flow.availability_target = target;
    this.document.addFlow(flow);
    this.output.line(`Flow ${flow.id}: ${steps.join(' -> ')}`);
    // The budget and the availability are checked now, while the room still has the flow in mind.
    const findings = this.decideAll()?.findings.filter((finding) => finding.flow === flow.id) ?? [];
    if (findings.length === 0 && (budget !== undefined || target !== undefined)) {
      this.output.line(`No finding about flow ${flow.id} with the numbers given so far.`);
    }
    for (const finding of findings) this.output.finding(finding.severity, finding.message);
  }

  /**
   * The checklist review: the obligations still open, each with how many interactions need it;
   * the team marks one done or waived (with the reason a reviewer will read), for one
   * interaction or, as one platform_checklist entry, for every interaction that needs it.
   */
  private async reviewChecklist(): Promise<void> {
    for (;;) {
      const read = this.readAll();
      if (read === undefined) {
        this.output.line('The checklist follows from complete answers: finish the interactions first.');
        return;
      }
      const obligations = listObligations(read.answers, read.decision);
      const open = obligations.filter((obligation) => obligation.open.length > 0);
      const needed = obligations.reduce((sum, obligation) => sum + obligation.needed, 0);
      const left = open.reduce((sum, obligation) => sum + obligation.open.length, 0);
      this.output.heading('Checklist');
      this.output.line(`${obligations.length} checklist items are required, ${needed} times over the interactions; ${left} still open.`);
      if (open.length === 0) {
        this.output.line('Every required item is done or waived.');
        return;
      }
      const picked = await this.prompter.select<string>({
        id: 'checklist',
        message: 'Which obligation is in place, or knowingly left out?',
        choices: [
          ...open.map((obligation) => ({
            value: obligation.id,
            name: `${obligation.title} (${obligation.id}): open for ${obligation.open.length} of ${obligation.needed}`,
            description: obligation.verify,
          })),
          { value: BACK, name: 'Back' },
        ],
      });
      const obligation = open.find((candidate) => candidate.id === picked);
      if (obligation === undefined) return;
      await this.acknowledge(obligation);
    }
  }

  private async acknowledge(obligation: Obligation): Promise<void> {
    const how = await this.prompter.select<'done' | 'waived' | typeof BACK>({
      id: `checklist:${obligation.id}`,
      message: `${obligation.title}: what is its state?`,
      choices: [
        { value: 'done', name: 'Done: in place, verified as the ADR says' },
        { value: 'waived', name: 'Waived: knowingly left out, with a reason' },
        { value: BACK, name: 'Back' },
      ],
    });
    if (how === BACK) return;
    const reason =
      how === 'waived'
        ? (await this.prompter.text({ id: `checklist:${obligation.id}:reason`, message: 'Why is it left out? (the ADR shows it to reviewers)', validate: requireText })).trim()
        : undefined;
    let scope = obligation.open[0] as string;
    if (obligation.needed > 1) {
      scope = await this.prompter.select<string>({
        id: `checklist:${obligation.id}:scope`,
        message: 'For which interactions?',
        choices: [
          { value: EVERYWHERE, name: `Every interaction that needs it (${obligation.needed}), as one platform_checklist entry` },
          ...obligation.open.map((id) => ({ value: id, name: `Only ${id}` })),
        ],
      });
    }
    const state = reason === undefined ? 'done' : `waived (${reason})`;
    if (scope === EVERYWHERE) {
      this.document.acknowledgeEverywhere(obligation.id, reason);
      this.output.line(`${obligation.id}: ${state} for every interaction that needs it.`);
    } else {
      const index = this.document.interactions().findIndex((draft) => draft.id === scope);
      this.document.acknowledge(index, obligation.id, reason);
      this.output.line(`${obligation.id}: ${state} for ${scope}.`);
    }
  }

  /** The answers and the decision on them, read back exactly as `decide` reads the file. */
  private readAll(): { answers: AnswersFile; decision: Decision } | undefined {
    try {
      const answers = parseAnswers(this.document.toString(), this.file, this.pack);
      return { answers, decision: decide(answers, this.pack) };
    } catch {
      return undefined;
    }
  }

  /** The decision on the answers so far, read back exactly as `decide` reads the file. */
  private decideAll(): Decision | undefined {
    // Only an answers file that is not complete yet gives nothing; there is nothing to show then.
    return this.readAll()?.decision;
  }

  private showRecommendation(decision: InteractionDecision): void {
    this.output.recommendation({ id: decision.id, style: decision.style, mechanism: decision.mechanism, confidence: decision.confidence });
    const shown = [...decision.reasons.filter((reason) => reason.stance === 'for').slice(0, SHOWN_REASONS), ...decision.reasons.filter((reason) => reason.stance === 'against').slice(0, 1)];
    for (const reason of shown) this.output.reason(reason.stance, reason.text);
    if (decision.open_questions.length > 0) {
      this.output.line(`Open questions that could change it: ${decision.open_questions.map((question) => question.question).join(', ')}`);
    }
    if (decision.checklist.length > 0) {
      const count = decision.checklist.length;
      this.output.line(`${count} checklist ${count === 1 ? 'item becomes' : 'items become'} required; the ADR lists each with how to verify it.`);
    }
    if (decision.declared !== undefined && decision.declared !== decision.style) {
      this.output.line(`The team runs ${decision.declared} today; the ADR records the difference.`);
    }
  }

  /** The interactions with their recommendation, as a heading and lines. */
  private showSummary(title: string): void {
    const decision = this.decideAll();
    this.output.heading(title);
    if (decision === undefined) {
      for (const draft of this.document.interactions()) {
        this.output.line(`${draft.id ?? '(no id)'}: ${draft.from ?? '?'} -> ${draft.to ?? '?'} (not complete yet)`);
      }
      return;
    }
    this.output.block(formatMapTable(decision.interactions));
  }

  private serviceNames(): string[] {
    const names = new Set<string>();
    for (const draft of this.document.interactions()) {
      if (draft.from !== undefined) names.add(draft.from);
      if (draft.to !== undefined) names.add(draft.to);
    }
    return [...names].sort();
  }

  /** The summary's slug (or caller-to-callee), made unique among the file's interactions. */
  /** The ids of the other interactions of the file. */
  private otherIds(index: number): string[] {
    return this.document
      .interactions()
      .filter((_, position) => position !== index)
      .map((other) => other.id)
      .filter((id): id is string => id !== undefined);
  }

  /**
   * An id made from the summary, short enough for a table column and a CI message: a summary of
   * more than ID_WORDS words keeps its first ID_WORDS words that are not small connecting words.
   */
  private freeInteractionId(draft: InteractionDraft, index: number): string {
    const taken = new Set(this.otherIds(index));
    const words = slugify(draft.summary ?? '').split('-').filter((word) => word !== '');
    const kept = words.length <= ID_WORDS ? words : words.filter((word) => !CONNECTING_WORDS.has(word)).slice(0, ID_WORDS);
    const base = kept.join('-') || slugify(`${draft.from ?? ''} to ${draft.to ?? ''}`) || 'interaction';
    return firstFreeId(base, taken);
  }
}

/** At most this many words of the summary make a suggested id. */
const ID_WORDS = 5;
const CONNECTING_WORDS = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'to', 'for', 'with', 'on', 'in', 'at', 'from', 'by', 'its', 'their', 'all', 'any', 'some']);

function validateInteractionId(id: string, taken: ReadonlySet<string>): string | undefined {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) return 'use lower-case letters, digits and single dashes, e.g. authorize-card';
  if (taken.has(id)) return `${id} is already the id of another interaction`;
  return undefined;
}

/**
 * Whether a question can matter for the interaction, by its ask_when (unknown counts as yes),
 * read with the answers the engine derives (from the numbers and the services, given the pack's
 * questions). A question the engine reads from the numbers or the services is not asked once
 * they tell.
 */
export function applies(
  question: Question,
  draft: InteractionDraft,
  services: ReadonlyMap<string, Service> = new Map(),
  questions: readonly Question[] = [],
): boolean {
  const interaction = toInteraction(draft);
  if (question.derive !== undefined && readDerivation(question.derive, interaction, services) !== undefined) return false;
  if (question.ask_when === undefined) return true;
  const { answers } = deriveAnswers(interaction, services, questions);
  return evaluateCondition(question.ask_when, { answers, numbers: draft.numbers }).value !== false;
}

/** The scope choice that acknowledges an item for every interaction needing it. */
const EVERYWHERE = '*';

/** A required checklist item over the whole decision. */
interface Obligation {
  id: string;
  title: string;
  verify: string;
  /** How many interactions require it. */
  needed: number;
  /** The ids of those whose acknowledgement is still missing. */
  open: string[];
}

/** Each required checklist item, in the order it first appears, with what is still open. */
function listObligations(answers: AnswersFile, decision: Decision): Obligation[] {
  const byId = new Map<string, Obligation>();
  const own = new Map(answers.interactions.map((interaction) => [interaction.id, interaction.acknowledged]));
  for (const interaction of decision.interactions) {
    for (const item of interaction.checklist) {
      let obligation = byId.get(item.id);
      if (obligation === undefined) {
        obligation = { id: item.id, title: item.title, verify: item.verify, needed: 0, open: [] };
        byId.set(item.id, obligation);
      }
      obligation.needed += 1;
      if (findAcknowledgement(item.id, interaction, own.get(interaction.id), answers.platform_checklist ?? []) === undefined) obligation.open.push(interaction.id);
    }
  }
  return [...byId.values()];
}

/** Every way of answering the questions, one answer each (one empty combination for none). */
function* combinations(questions: readonly Question[]): Generator<Record<string, string>> {
  const [first, ...rest] = questions;
  if (first === undefined) {
    yield {};
    return;
  }
  for (const tail of combinations(rest)) {
    for (const answer of first.answers) yield { ...tail, [first.id]: answer };
  }
}

/** The interaction as the engine reads it, from what the draft holds so far. */
function toInteraction(draft: InteractionDraft): Interaction {
  return {
    id: draft.id ?? '',
    from: draft.from ?? '',
    to: draft.to ?? '',
    summary: draft.summary ?? '',
    answers: draft.answers,
    numbers: draft.numbers,
    location: { file: '', line: 1, column: 1 },
  };
}

/** The map as aligned text columns, for the terminal. */
export function formatMapTable(interactions: readonly InteractionDecision[]): string {
  const rows = [['interaction', 'from -> to', 'style', 'mechanism', 'confidence', 'declared']];
  for (const item of interactions) {
    rows.push([item.id, `${item.from} -> ${item.to}`, item.style, item.mechanism, item.confidence, item.declared ?? '-']);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}

function requireText(text: string): string | undefined {
  return text.trim() === '' ? 'this cannot be empty' : undefined;
}

function splitNames(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

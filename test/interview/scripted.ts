/**
 * A prompter that plays a script and fails on any question it did not expect: the order of
 * the questions, and which ones are skipped, are what the interview tests assert.
 */
import type { ConfirmPrompt, InterviewOutput, NumberPrompt, Prompter, SelectPrompt, TextPrompt } from '../../src/interview/prompter.js';
import { InterviewInterrupted } from '../../src/interview/prompter.js';

/** Answer for a step: the value to return, or INTERRUPT to act as Ctrl-C at that prompt. */
export const INTERRUPT = Symbol('interrupt');
export type Step = [id: string, answer: unknown];

export interface AskedPrompt {
  id: string;
  kind: 'text' | 'select' | 'number' | 'confirm';
  prompt: TextPrompt | SelectPrompt<unknown> | NumberPrompt | ConfirmPrompt;
}

export class ScriptedPrompter implements Prompter {
  readonly asked: AskedPrompt[] = [];
  private position = 0;

  constructor(private readonly script: readonly Step[]) {}

  /** Fails when steps of the script were never asked. */
  assertDone(): void {
    if (this.position < this.script.length) {
      throw new Error(`the interview ended before step ${this.position + 1} of the script: ${this.script[this.position]![0]} (asked: ${this.ids().join(', ')})`);
    }
  }

  ids(): string[] {
    return this.asked.map((prompt) => prompt.id);
  }

  private next(kind: AskedPrompt['kind'], prompt: AskedPrompt['prompt']): unknown {
    this.asked.push({ id: prompt.id, kind, prompt });
    const step = this.script[this.position];
    if (step === undefined) {
      throw new Error(`unexpected question "${prompt.id}" after the end of the script (asked: ${this.ids().join(', ')})`);
    }
    if (step[0] !== prompt.id) {
      throw new Error(`unexpected question "${prompt.id}" where the script expects "${step[0]}" (asked: ${this.ids().join(', ')})`);
    }
    this.position += 1;
    if (step[1] === INTERRUPT) throw new InterviewInterrupted();
    return step[1];
  }

  async text(prompt: TextPrompt): Promise<string> {
    const answer = this.next('text', prompt) as string;
    const problem = prompt.validate?.(answer);
    if (problem !== undefined) throw new Error(`"${answer}" was refused at ${prompt.id}: ${problem}`);
    return answer;
  }

  async select<T>(prompt: SelectPrompt<T>): Promise<T> {
    const answer = this.next('select', prompt as SelectPrompt<unknown>) as T;
    if (!prompt.choices.some((choice) => choice.value === answer)) {
      throw new Error(`${String(answer)} is not among the choices of ${prompt.id}: ${prompt.choices.map((choice) => String(choice.value)).join(', ')}`);
    }
    return answer;
  }

  async number(prompt: NumberPrompt): Promise<number | undefined> {
    return this.next('number', prompt) as number | undefined;
  }

  async confirm(prompt: ConfirmPrompt): Promise<boolean> {
    return this.next('confirm', prompt) as boolean;
  }
}

/** Records what the interview shows, as plain lines. */
export class RecordingOutput implements InterviewOutput {
  readonly lines: string[] = [];
  heading(text: string): void {
    this.lines.push(`# ${text}`);
  }
  line(text: string): void {
    this.lines.push(text);
  }
  recommendation(parts: { id: string; style: string; mechanism: string; confidence: string }): void {
    this.lines.push(`recommendation ${parts.id}: ${parts.style} ${parts.mechanism} ${parts.confidence}`);
  }
  reason(stance: 'for' | 'against', text: string): void {
    this.lines.push(`${stance === 'for' ? '+' : '-'} ${text}`);
  }
  finding(severity: string, text: string): void {
    this.lines.push(`${severity} ${text}`);
  }
  block(text: string): void {
    this.lines.push(...text.split('\n'));
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/** Steps that answer every question of the interaction's select prompts with the given answers. */
export function answers(values: Record<string, string>): Step[] {
  return Object.entries(values).map(([question, answer]) => [`answer:${question}`, answer]);
}

/**
 * Steps that describe services the interview has not met yet, by their kind, in the order given
 * (the caller first, then the callee): the interview asks each new service's kind once, right
 * after the interaction's summary.
 */
export function kinds(values: Record<string, string>): Step[] {
  return Object.entries(values).map(([service, kind]) => [`service:${service}:kind`, kind]);
}

/**
 * Answers to every question that applies to a query the caller waits for, within budget, between
 * two backend services: a synchronous call. The services tell the parties' kinds, whether the
 * caller can be called back and the trust boundary, and an instant answer within budget leaves
 * no pending state and no reactions to ask about.
 */
export const QUERY_ANSWERED_NOW = {
  intent: 'query',
  caller_needs: 'result',
  critical_decision: 'no',
  freshness: 'strong',
  when_down: 'fail_fast',
  fits_latency_budget: 'yes',
  duration: 'instant',
  // ordering and safe_to_repeat change nothing for a call that is answered at once.
  load_profile: 'steady',
};

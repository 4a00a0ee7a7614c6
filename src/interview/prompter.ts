/**
 * What the interview needs from a terminal: prompts and lines of output. The terminal version
 * uses inquirer and chalk (terminal.ts); tests use a script that fails on any question it did
 * not expect. Every prompt carries an id (`title`, `answer:intent`, `next`...) so that a
 * script can name the question it answers.
 */

export interface Choice<T> {
  value: T;
  name: string;
  /** Shown under the list while this choice is highlighted. */
  description?: string;
}

export interface TextPrompt {
  id: string;
  message: string;
  default?: string;
  /** Empty input is allowed (and returned as ''). */
  optional?: boolean;
  /** Returns an error message, or undefined when the input is fine. */
  validate?: (text: string) => string | undefined;
  /** Earlier answers offered while typing (service names already used). */
  suggestions?: readonly string[];
}

export interface SelectPrompt<T> {
  id: string;
  message: string;
  /** One line under the question: why it matters. */
  help?: string;
  choices: readonly Choice<T>[];
  default?: T;
}

export interface NumberPrompt {
  id: string;
  message: string;
  help?: string;
  default?: number;
  min?: number;
  max?: number;
  integer?: boolean;
}

export interface ConfirmPrompt {
  id: string;
  message: string;
  default: boolean;
}

export interface Prompter {
  text(prompt: TextPrompt): Promise<string>;
  select<T>(prompt: SelectPrompt<T>): Promise<T>;
  /** undefined when the user leaves it empty. */
  number(prompt: NumberPrompt): Promise<number | undefined>;
  confirm(prompt: ConfirmPrompt): Promise<boolean>;
}

/** Semantic output: the terminal decides how each kind of line looks. */
export interface InterviewOutput {
  /** A heading: a new interaction, the summary, the map. */
  heading(text: string): void;
  /** Plain text. */
  line(text: string): void;
  /** A recommendation: style, mechanism and confidence are shown in colour. */
  recommendation(parts: { id: string; style: string; mechanism: string; confidence: string }): void;
  /** A reason for (+) or against (-) the recommendation. */
  reason(stance: 'for' | 'against', text: string): void;
  /** A whole-system finding. */
  finding(severity: 'error' | 'warning' | 'info', text: string): void;
  /** Lines that keep their layout (the map table). */
  block(text: string): void;
}

/** The user left the interview: Ctrl-C, or the terminal went away. */
export class InterviewInterrupted extends Error {
  constructor(message = 'the interview was interrupted') {
    super(message);
    this.name = 'InterviewInterrupted';
  }
}

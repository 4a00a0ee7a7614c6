/**
 * The interview on a real terminal: inquirer prompts and chalk colours. Signals are main.ts's
 * business; leaving a prompt with Ctrl-C arrives here as inquirer's ExitPromptError.
 */
import chalk, { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { ConfirmPrompt, InterviewOutput, NumberPrompt, Prompter, SelectPrompt, TextPrompt } from '../interview/prompter.js';
import { InterviewInterrupted } from '../interview/prompter.js';
import type { PromptInput } from './type-ahead.js';
import { TypeAhead } from './type-ahead.js';

/**
 * Prompts and output for an interview on the terminal; loads inquirer on first use. Standard
 * input is read through a type-ahead queue until `close` is called.
 */
export async function openTerminal(options: {
  color: boolean;
  write: (text: string) => void;
}): Promise<{ prompter: Prompter; output: InterviewOutput; close: () => void }> {
  const prompts = await import('@inquirer/prompts');
  const { suggestInput } = await import('./suggest-prompt.js');
  const paint = new Chalk({ level: options.color ? Math.max(chalk.level, 1) as 1 | 2 | 3 : 0 });
  // Ctrl-C between two prompts is the process's interrupt, as it would be without raw mode.
  const typeAhead = new TypeAhead(process.stdin, () => process.kill(process.pid, 'SIGINT'));
  return {
    prompter: inquirerPrompter({ ...prompts, suggestInput }, typeAhead, paint, options.write),
    output: terminalOutput(paint, options.write),
    close: () => typeAhead.stop(),
  };
}

type Prompts = typeof import('@inquirer/prompts') & { suggestInput: typeof import('./suggest-prompt.js').suggestInput };
type Context = { input: PromptInput; signal: AbortSignal };

/** Inquirer's prompts behind the Prompter interface; leaving a prompt becomes InterviewInterrupted. */
function inquirerPrompter(prompts: Prompts, typeAhead: TypeAhead, paint: ChalkInstance, write: (text: string) => void): Prompter {
  const ask = async <T>(run: (context: Context) => Promise<T>): Promise<T> => {
    if (typeAhead.closed) throw new InterviewInterrupted('the terminal closed');
    const input = typeAhead.open();
    const stopped = new AbortController();
    // Standard input ended under the prompt: it would otherwise wait for ever.
    input.once('end', () => stopped.abort());
    try {
      return await run({ input, signal: stopped.signal });
    } catch (error) {
      // Ctrl-C at a prompt, or the terminal closing under it.
      if ((error as Error | undefined)?.name === 'ExitPromptError' || (error as Error | undefined)?.name === 'AbortPromptError') {
        throw new InterviewInterrupted();
      }
      throw error;
    } finally {
      typeAhead.release();
    }
  };
  return {
    text(prompt: TextPrompt) {
      const validate = (value: string): string | boolean => prompt.validate?.(value) ?? true;
      const suggestions = prompt.suggestions ?? [];
      if (suggestions.length > 0) {
        return ask((context) => prompts.suggestInput({ message: prompt.message, suggestions, validate: (value) => prompt.validate?.(value) ?? true }, context));
      }
      return ask((context) =>
        prompts.input({
          message: prompt.message,
          ...(prompt.default === undefined ? {} : { default: prompt.default }),
          required: prompt.optional !== true,
          validate,
        }, context),
      );
    },
    select<T>(prompt: SelectPrompt<T>) {
      if (prompt.help !== undefined) write(`${paint.dim(`  ${prompt.help}`)}\n`);
      return ask((context) =>
        prompts.select<T>({
          message: prompt.message,
          choices: prompt.choices.map((choice) => ({ value: choice.value, name: choice.name, ...(choice.description === undefined ? {} : { description: choice.description }) })),
          ...(prompt.default === undefined ? {} : { default: prompt.default }),
          loop: false,
          pageSize: 12,
        }, context),
      );
    },
    number(prompt: NumberPrompt) {
      return ask((context) =>
        prompts.number({
          message: prompt.message,
          required: false,
          ...(prompt.default === undefined ? {} : { default: prompt.default }),
          ...(prompt.min === undefined ? {} : { min: prompt.min }),
          ...(prompt.max === undefined ? {} : { max: prompt.max }),
          step: prompt.integer === true ? 1 : 'any',
        }, context),
      );
    },
    confirm(prompt: ConfirmPrompt) {
      return ask((context) => prompts.confirm({ message: prompt.message, default: prompt.default }, context));
    },
  };
}

const STYLE_COLOURS = { sync: 'cyan', async: 'magenta', hybrid: 'yellow' } as const;
const SEVERITY_COLOURS = { error: 'red', warning: 'yellow', info: 'blue' } as const;

function terminalOutput(paint: ChalkInstance, write: (text: string) => void): InterviewOutput {
  return {
    heading: (text) => write(`\n${paint.bold(text)}\n`),
    line: (text) => write(`${text}\n`),
    recommendation: ({ id, style, mechanism, confidence }) => {
      const colour = STYLE_COLOURS[style as keyof typeof STYLE_COLOURS] ?? 'white';
      write(`\n${paint.bold('Recommendation')} for ${id}: ${paint.bold[colour](style)} via ${paint.bold(mechanism)}, ${confidence} confidence\n`);
    },
    reason: (stance, text) => write(`  ${stance === 'for' ? paint.green('+') : paint.yellow('-')} ${text}\n`),
    finding: (severity, text) => write(`  ${paint[SEVERITY_COLOURS[severity]](severity)} ${text}\n`),
    block: (text) => write(`${text}\n`),
  };
}

/**
 * The interview on a real terminal: inquirer prompts and chalk colours. Signals are main.ts's
 * business; leaving a prompt with Ctrl-C arrives here as inquirer's ExitPromptError.
 */
import chalk, { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { ConfirmPrompt, InterviewOutput, NumberPrompt, Prompter, SelectPrompt, TextPrompt } from '../interview/prompter.js';
import { InterviewInterrupted } from '../interview/prompter.js';

/** Prompts and output for an interview on the terminal; loads inquirer on first use. */
export async function openTerminal(options: { color: boolean; write: (text: string) => void }): Promise<{ prompter: Prompter; output: InterviewOutput }> {
  const prompts = await import('@inquirer/prompts');
  const paint = new Chalk({ level: options.color ? Math.max(chalk.level, 1) as 1 | 2 | 3 : 0 });
  return { prompter: inquirerPrompter(prompts, paint, options.write), output: terminalOutput(paint, options.write) };
}

type Prompts = typeof import('@inquirer/prompts');

/** Inquirer's prompts behind the Prompter interface; leaving a prompt becomes InterviewInterrupted. */
function inquirerPrompter(prompts: Prompts, paint: ChalkInstance, write: (text: string) => void): Prompter {
  const ask = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // Ctrl-C at a prompt, or the terminal closing under it.
      if ((error as Error | undefined)?.name === 'ExitPromptError' || (error as Error | undefined)?.name === 'AbortPromptError') {
        throw new InterviewInterrupted();
      }
      throw error;
    }
  };
  return {
    text(prompt: TextPrompt) {
      const validate = (value: string): string | boolean => prompt.validate?.(value) ?? true;
      const suggestions = prompt.suggestions ?? [];
      if (suggestions.length > 0) {
        return ask(() =>
          prompts.search<string>({
            message: `${prompt.message} ${paint.dim('(type a new name or pick one)')}`,
            source: (term) => {
              const typed = (term ?? '').trim();
              const matches = suggestions.filter((name) => name.toLowerCase().includes(typed.toLowerCase()) && name !== typed);
              return typed === '' ? matches.map((name) => ({ value: name })) : [{ value: typed, name: typed }, ...matches.map((name) => ({ value: name }))];
            },
            validate,
          }),
        );
      }
      return ask(() =>
        prompts.input({
          message: prompt.message,
          ...(prompt.default === undefined ? {} : { default: prompt.default }),
          required: prompt.optional !== true,
          validate,
        }),
      );
    },
    select<T>(prompt: SelectPrompt<T>) {
      if (prompt.help !== undefined) write(`${paint.dim(`  ${prompt.help}`)}\n`);
      return ask(() =>
        prompts.select<T>({
          message: prompt.message,
          choices: prompt.choices.map((choice) => ({ value: choice.value, name: choice.name, ...(choice.description === undefined ? {} : { description: choice.description }) })),
          ...(prompt.default === undefined ? {} : { default: prompt.default }),
          loop: false,
          pageSize: 12,
        }),
      );
    },
    number(prompt: NumberPrompt) {
      return ask(() =>
        prompts.number({
          message: prompt.message,
          required: false,
          ...(prompt.default === undefined ? {} : { default: prompt.default }),
          ...(prompt.min === undefined ? {} : { min: prompt.min }),
          ...(prompt.max === undefined ? {} : { max: prompt.max }),
          step: prompt.integer === true ? 1 : 'any',
        }),
      );
    },
    confirm(prompt: ConfirmPrompt) {
      return ask(() => prompts.confirm({ message: prompt.message, default: prompt.default }));
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

import { Option } from 'commander';
import type { Command } from 'commander';
import type { RulesListOptions } from '../commands/rules.js';
import type { RuleTestPaint } from '../render/rule-tests.js';
import type { CommandSlot } from './commands.js';
import { rulesOption } from './options.js';

interface ParsedListOptions {
  rules?: string[];
  format: RulesListOptions['format'];
}

const LIST_HELP = [
  '',
  'Every question, rule, checklist item and system rule of the loaded packs, each with its pack',
  'and the file:line where it is written, and the ids that a pack switched off with disable.',
  'The JSON shape is described in docs/rule-packs.md.',
  '',
  'Exit codes:',
  '  0    listed',
  '  2    a rule pack cannot be read or is invalid, or bad usage',
].join('\n');

const TEST_HELP = [
  '',
  'Runs the *.test.yaml files directly inside each folder; with no folder, those of the built-in',
  'pack. The packs are loaded as --rules loads them, after the built-in pack. Each case decides',
  'one interaction from its answers and compares the outcome with what it expects. The report',
  'ends with the rules of the tested packs that no case fires. docs/rule-packs.md describes the',
  'file format.',
  '',
  'Exit codes:',
  '  0    every case passed',
  '  1    at least one case failed',
  '  2    a rule pack or a test file cannot be read or is invalid, or bad usage',
].join('\n');

export const rulesSlot: CommandSlot = {
  name: 'rules',
  register(program: Command, run) {
    const rules = program.command('rules').description('list what the rule packs define, or run the rule tests beside a pack');
    rules
      .command('list')
      .description('list the questions, rules, checklist items and system rules of the loaded packs')
      .addOption(rulesOption())
      .addOption(new Option('--format <format>', 'text groups by kind in aligned columns; json prints one document').choices(['text', 'json']).default('text'))
      .addHelpText('after', LIST_HELP)
      .action(async (parsed: ParsedListOptions) => {
        await run(async (context) => {
          const { runRulesList } = await import('../commands/rules.js');
          return runRulesList({ rules: parsed.rules ?? [], format: parsed.format }, context);
        });
      });
    rules
      .command('test')
      .description('run the rule tests (*.test.yaml) of pack folders; default: the built-in pack')
      .argument('[dirs...]', 'rule pack folders whose tests run (default: the built-in pack)')
      .addHelpText('after', TEST_HELP)
      .action(async (dirs: string[]) => {
        await run(async (context) => {
          const { runRulesTest } = await import('../commands/rules.js');
          const paint = context.color === true ? await loadPaint() : undefined;
          return runRulesTest(dirs, paint === undefined ? {} : { paint }, context);
        });
      });
  },
};

async function loadPaint(): Promise<RuleTestPaint> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return { pass: chalk.green, fail: chalk.red, heading: chalk.bold, dim: chalk.dim };
}

import type { Command } from 'commander';
import type { CommandSlot } from './commands.js';
import { EXIT_CODE_HELP } from './help.js';

interface ParsedInitOptions {
  force?: boolean;
}

export const initSlot: CommandSlot = {
  name: 'init',
  register(program: Command, run) {
    program
      .command('init')
      .description('write a commented starter answers file with one example interaction')
      .argument('[answers]', 'the answers file to create', 'sync-or-async.yaml')
      .option('--force', 'replace the file if it already exists')
      .addHelpText(
        'after',
        [
          '',
          'Every question of the built-in pack is listed with a comment and answered unknown. Then',
          'run interview on the file to answer them, or edit it and run decide. An existing file is',
          'never replaced without --force (exit 2).',
          EXIT_CODE_HELP,
        ].join('\n'),
      )
      .action(async (file: string, parsed: ParsedInitOptions) => {
        await run(async (context) => {
          const { runInit } = await import('../commands/init.js');
          return runInit(file, { force: parsed.force === true }, context);
        });
      });
  },
};

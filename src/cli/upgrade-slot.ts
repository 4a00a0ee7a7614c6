import type { Command } from 'commander';
import type { CommandSlot } from './commands.js';
import { EXIT_CODE_HELP } from './help.js';
import { maxSizeOption, rulesOption } from './options.js';

interface ParsedUpgradeOptions {
  rules?: string[];
  stdout?: boolean;
  maxSize: number;
}

export const upgradeSlot: CommandSlot = {
  name: 'upgrade',
  register(program: Command, run) {
    program
      .command('upgrade')
      .description('convert a version 1 answers file to version 2, in place, keeping its comments')
      .argument('[answers]', 'the answers file to convert', 'sync-or-async.yaml')
      .addOption(rulesOption())
      .option('--stdout', 'print the converted file instead of writing it')
      .addOption(maxSizeOption())
      .addHelpText(
        'after',
        [
          '',
          'Version 2 asks what the caller needs back (caller_needs: result, acknowledgement or nothing)',
          'instead of whether it needs the answer now (needs_answer_now). yes becomes result; no is',
          'removed and named, because only the team can tell whether the caller needs an acknowledgement',
          'to follow the outcome or nothing at all. Every change is listed with its line. The converted',
          'file is checked before it replaces the old one; a file already at version 2 is left alone.',
          EXIT_CODE_HELP,
        ].join('\n'),
      )
      .action(async (file: string, parsed: ParsedUpgradeOptions) => {
        await run(async (context) => {
          const { runUpgrade } = await import('../commands/upgrade.js');
          return runUpgrade(file, { rules: parsed.rules ?? [], stdout: parsed.stdout === true, maxBytes: parsed.maxSize }, context);
        });
      });
  },
};

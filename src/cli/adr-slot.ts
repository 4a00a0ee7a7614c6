import type { Command } from 'commander';
import type { AdrIndexOptions } from '../commands/adr-index.js';
import type { CommandSlot } from './commands.js';
import { EXIT_CODE_HELP } from './help.js';

interface ParsedIndexOptions {
  dir?: string;
  stdout?: boolean;
}

export const adrSlot: CommandSlot = {
  name: 'adr',
  register(program: Command, run) {
    const adr = program.command('adr').description('work on the ADR directory as a whole: adr index writes its README.markdown');
    adr
      .command('index')
      .description('write README.markdown in the ADR directory: every ADR with its number, title, status and date')
      .option('--dir <dir>', 'ADR directory (default: docs/decisions, docs/adr or doc/adr, whichever exists)')
      .option('--stdout', 'print the index instead of writing it')
      .addHelpText(
        'after',
        [
          '',
          'Numbered ADRs (NNNN-title.md) come first, by number; date-named ones (YYYYMMDD-title.md,',
          'log4brains) follow, by date. Title, status and date are read from the top of each file,',
          'in MADR, Nygard (adr-tools) or log4brains form; a file without a title is listed by its',
          'name. An index that is already up to date is left untouched, and a README.markdown that',
          'this command did not write is never replaced. The name ends in .markdown so that no ADR',
          'reader (adr-tools, adr-log, log4brains, Backstage, Structurizr) takes it for an ADR; an',
          'index.md written by an earlier version is removed. Numbers used twice are reported as',
          'warnings.',
          EXIT_CODE_HELP,
        ].join('\n'),
      )
      .action(async (parsed: ParsedIndexOptions) => {
        await run(async (context) => {
          const { runAdrIndex } = await import('../commands/adr-index.js');
          const options: AdrIndexOptions = { stdout: parsed.stdout === true };
          if (parsed.dir !== undefined) options.dir = parsed.dir;
          return runAdrIndex(options, context);
        });
      });
  },
};

import type { Command } from 'commander';
import type { InterviewOptions } from '../commands/interview.js';
import type { CommandSlot } from './commands.js';
import { EXIT_CODE_HELP } from './help.js';
import { adrDirOption, maxSizeOption, profileOption, rulesOption } from './options.js';


interface ParsedInterviewOptions {
  dir?: string;
  rules?: string[];
  profile?: InterviewOptions['profile'];
  maxSize: number;
}

export const interviewSlot: CommandSlot = {
  name: 'interview',
  register(program: Command, run) {
    program
      .command('interview')
      .description('ask the decision questions for each interaction, then write the answers file and the ADR')
      .argument('[answers]', 'the answers file to write, or to resume when it exists', 'sync-or-async.yaml')
      .addOption(rulesOption('add a rule pack folder; its questions are asked too (repeatable)'))
      .addOption(adrDirOption())
      .addOption(profileOption())
      .addOption(maxSizeOption())
      .addHelpText(
        'after',
        [
          '',
          'Every answer accepts "don\'t know" (stored as unknown). Ctrl-C saves the answers given so',
          'far (as a draft when they are not complete yet) and exits with 130; a closed terminal or a',
          'crash saves them too. Run interview on the same file to go on. Without a terminal on',
          'standard input it exits 2 at once: in CI, run decide on the answers file instead.',
          EXIT_CODE_HELP,
        ].join('\n'),
      )
      .action(async (file: string, parsed: ParsedInterviewOptions) => {
        await run(async (context) => {
          const { runInterview } = await import('../commands/interview.js');
          const options: InterviewOptions = { rules: parsed.rules ?? [], maxBytes: parsed.maxSize };
          if (parsed.dir !== undefined) options.dir = parsed.dir;
          if (parsed.profile !== undefined) options.profile = parsed.profile;
          return runInterview(file, options, context);
        });
      });
  },
};

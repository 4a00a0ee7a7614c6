import { Option } from 'commander';
import type { Command } from 'commander';
import type { DecideOptions } from '../commands/decide.js';
import type { CommandSlot } from './commands.js';
import { adrDirOption, maxSizeOption, profileOption, rulesOption } from './options.js';
import { EXIT_CODE_HELP } from './help.js';


interface ParsedDecideOptions {
  dir?: string;
  rules?: string[];
  profile?: DecideOptions['profile'];
  stdout?: boolean;
  format: DecideOptions['format'];
  maxSize: number;
  supersedes?: string;
}

export const decideSlot: CommandSlot = {
  name: 'decide',
  register(program: Command, run) {
    program
      .command('decide')
      .description('decide each interaction of an answers file and write (or update) the ADR')
      .argument('<answers>', 'the answers file (YAML)')
      .addOption(rulesOption())
      .addOption(adrDirOption())
      .addOption(profileOption())
      .option('--stdout', 'print the ADR instead of writing it')
      .addOption(
        new Option('--format <format>', 'markdown writes the ADR; json prints the decision as JSON and writes nothing')
          .choices(['markdown', 'json'])
          .default('markdown'),
      )
      .addOption(maxSizeOption())
      .option('--supersedes <adr>', 'mark the ADR with this number (or, for a date-named file, this name) as superseded by the one written now, and link the two')
      .addHelpText(
        'after',
        [
          '',
          'Superseding: --supersedes 3 gives ADR 3 the status "superseded by ADR-NNNN" and a link to',
          'the new ADR, which links back. Both links are kept by later runs without the option: an',
          "ADR stays superseded whatever its answers file's status says, until its status is edited",
          'by hand. With --stdout, the new ADR is printed and no file is changed.',
          EXIT_CODE_HELP,
        ].join('\n'),
      )
      .action(async (file: string, parsed: ParsedDecideOptions) => {
        await run(async (context) => {
          const { runDecide } = await import('../commands/decide.js');
          return runDecide(file, toDecideOptions(parsed), context);
        });
      });
  },
};

function toDecideOptions(parsed: ParsedDecideOptions): DecideOptions {
  const options: DecideOptions = {
    rules: parsed.rules ?? [],
    stdout: parsed.stdout === true,
    format: parsed.format,
    maxBytes: parsed.maxSize,
  };
  if (parsed.dir !== undefined) {
    options.dir = parsed.dir;
  }
  if (parsed.profile !== undefined) {
    options.profile = parsed.profile;
  }
  if (parsed.supersedes !== undefined) {
    options.supersedes = parsed.supersedes;
  }
  return options;
}

import { Argument } from 'commander';
import type { Command } from 'commander';
import type { SchemaName } from '../load/schemas.js';
import type { CommandSlot } from './commands.js';
import { EXIT_CODE_HELP } from './help.js';

/** Kept here rather than imported, so that registering the command loads nothing. */
const SCHEMA_CHOICES = ['answers', 'rules'] as const satisfies readonly SchemaName[];

export const schemaSlot: CommandSlot = {
  name: 'schema',
  register(program: Command, run) {
    program
      .command('schema')
      .description('print a published JSON Schema: the answers file (default) or a rule pack')
      .addArgument(new Argument('[name]', 'which schema').choices(SCHEMA_CHOICES).default('answers'))
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  sync-or-async schema > answers.schema.json       for an editor or a validator',
          '  sync-or-async schema rules > rules.schema.json   for rule pack files',
          EXIT_CODE_HELP,
        ].join('\n'),
      )
      .action(async (name: string) => {
        await run(async (context) => {
          const { runSchema } = await import('../commands/schema.js');
          return runSchema(name, context);
        });
      });
  },
};

import { Option } from 'commander';
import type { Command } from 'commander';
import type { AckOptions } from '../commands/ack.js';
import type { CommandSlot } from './commands.js';
import { EXIT_CODE_HELP } from './help.js';
import { collectValues, maxSizeOption, rulesOption } from './options.js';

interface ParsedAckOptions {
  interaction?: string[];
  style?: AckOptions['style'];
  mechanism?: string;
  service?: string;
  all?: boolean;
  waive?: string;
  until?: string;
  rules?: string[];
  maxSize: number;
}

export const ackSlot: CommandSlot = {
  name: 'ack',
  register(program: Command, run) {
    program
      .command('ack')
      .description('acknowledge a checklist item in the answers file: done, or waived with a reason')
      .argument('<answers>', 'the answers file (YAML)')
      .argument('<item>', 'the checklist item id, as the ADR lists it (e.g. dead-letter-queue)')
      .option('--interaction <id>', "under this interaction's own checklist (repeatable)", collectValues)
      .addOption(new Option('--style <style>', 'for every interaction recommended in this style').choices(['sync', 'async', 'hybrid']))
      .addOption(new Option('--mechanism <mechanism>', 'for every interaction whose mechanism uses this one').choices(['call', 'event', 'queue', 'request-reply', 'webhook']))
      .option('--service <name>', 'for every interaction this service takes part in, as caller or callee')
      .option('--all', 'for every interaction that requires the item')
      .option('--waive <reason>', 'waived, for this reason, rather than done')
      .option('--until <date>', 'the last day (YYYY-MM-DD) the waiver holds')
      .addOption(rulesOption())
      .addOption(maxSizeOption())
      .addHelpText(
        'after',
        [
          '',
          'With --interaction the item is marked under each interaction named. With --style,',
          '--mechanism, --service (they combine) or --all, one platform_checklist entry covers every',
          'interaction in that group, for obligations met once for the whole platform (the',
          "broker's dead-letter queue, correlation ids on every hop). The answers file keeps its",
          'comments; run decide afterwards to update the ADR. An item that no interaction covered',
          'requires is refused (exit 2), as check would report the entry as not required.',
          '',
          'Examples:',
          '  sync-or-async ack answers.yaml timeout-budget --interaction place-order',
          '  sync-or-async ack answers.yaml dead-letter-queue --mechanism queue',
          '  sync-or-async ack answers.yaml circuit-breaker --interaction product-video --waive "cached fallback" --until 2027-03-01',
          EXIT_CODE_HELP,
        ].join('\n'),
      )
      .action(async (file: string, item: string, parsed: ParsedAckOptions) => {
        await run(async (context) => {
          const { runAck } = await import('../commands/ack.js');
          const options: AckOptions = { interactions: parsed.interaction ?? [], all: parsed.all === true, rules: parsed.rules ?? [], maxBytes: parsed.maxSize };
          if (parsed.style !== undefined) options.style = parsed.style;
          if (parsed.mechanism !== undefined) options.mechanism = parsed.mechanism;
          if (parsed.service !== undefined) options.service = parsed.service;
          if (parsed.waive !== undefined) options.waive = parsed.waive;
          if (parsed.until !== undefined) options.until = parsed.until;
          return runAck(file, item, options, context);
        });
      });
  },
};

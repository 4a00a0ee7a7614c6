import type { Command } from 'commander';
import type { ImportTracesOptions } from '../commands/import-traces.js';
import type { CommandSlot } from './commands.js';
import { EXIT_CODE_HELP } from './help.js';
import { maxSizeOption, rulesOption, windowOption } from './options.js';

interface ParsedImportOptions {
  answers: string;
  stdout?: boolean;
  rules?: string[];
  maxSize: number;
  window: number;
}

export const importSlot: CommandSlot = {
  name: 'import',
  register(program: Command, run) {
    const command = program.command('import').description('start or refresh an answers file from what the running system shows');
    command
      .command('traces')
      .description('read trace exports (OTLP JSON, Jaeger JSON, Zipkin v2 JSON) into the answers file')
      .argument('<files...>', 'trace export files, in any of the three formats')
      .option('--answers <file>', 'the answers file to write, or to merge into when it exists', 'sync-or-async.yaml')
      .option('--stdout', 'print the answers file instead of writing it')
      .addOption(windowOption())
      .addOption(rulesOption())
      .addOption(maxSizeOption())
      .addHelpText(
        'after',
        [
          '',
          'Reads the exports as streams, so their size does not matter: OTLP JSON as the',
          "OpenTelemetry Collector's file exporter writes it (one request per line), Jaeger's JSON",
          '(the query API or the UI download) and Zipkin v2 JSON (an array of spans or of traces).',
          '',
          'A client span answered by a server span of another service is a synchronous call; a',
          'message published to a destination and processed by consumers is a hand-over: a queue',
          'with one consuming service, an event with several. Each interaction gets its calls,',
          'p50 and p99, error rate and retries; each entry operation a flow of the calls beneath it.',
          '',
          'New interactions get declared (as observed), latency.p99_ms, availability, retries and',
          'observed; their questions are left for the interview. Interactions already in the file',
          'keep their answers, declared style and comments: only p99, availability and observed',
          'are refreshed. What could not be read is reported with counts on standard error.',
          '',
          'Examples:',
          '  sync-or-async import traces traces.jsonl',
          '  sync-or-async import traces jaeger-export.json zipkin.json --answers answers.yaml',
          EXIT_CODE_HELP,
        ].join('\n'),
      )
      .action(async (files: string[], parsed: ParsedImportOptions) => {
        await run(async (context) => {
          const { runImportTraces } = await import('../commands/import-traces.js');
          const options: ImportTracesOptions = { answers: parsed.answers, stdout: parsed.stdout === true, rules: parsed.rules ?? [], maxBytes: parsed.maxSize, windowSpans: parsed.window };
          return runImportTraces(files, options, context);
        });
      });
  },
};

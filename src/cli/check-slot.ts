import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import type { CheckOptions, CheckOutput } from '../commands/check.js';
import type { Severity } from '../model/pack.js';
import type { Confidence } from '../model/decision.js';
import type { CheckFormat, Paint } from '../render/check-report.js';
import type { CommandSlot } from './commands.js';
import { EXIT_CODE_HELP } from './help.js';
import { collectValues, maxSizeOption, PROFILE_CHOICES, rulesOption, windowOption } from './options.js';
import { readVersion } from './version.js';

/** The same list as CHECK_FORMATS; kept here so that parsing the command line loads no renderer. */
const FORMATS: readonly CheckFormat[] = ['stylish', 'json', 'sarif', 'github', 'junit', 'markdown'];

interface ParsedCheckOptions {
  format?: CheckOutput[];
  failSeverity: Severity;
  requireChecklist?: boolean;
  openQuestions: Severity | 'off';
  minConfidence?: Confidence;
  adr?: string;
  profile?: CheckOptions['profile'];
  dir?: string;
  traces?: string[];
  window: number;
  rules?: string[];
  maxSize: number;
}

/** `--format sarif=results.sarif`: a format, and optionally the file it goes to. */
export function parseFormatOption(value: string, previous: CheckOutput[] = []): CheckOutput[] {
  const equals = value.indexOf('=');
  const name = (equals < 0 ? value : value.slice(0, equals)).trim();
  const file = equals < 0 ? undefined : value.slice(equals + 1).trim();
  if (!(FORMATS as readonly string[]).includes(name)) {
    throw new InvalidArgumentError(`unknown format "${name}"; use one of ${FORMATS.join(', ')}, optionally as format=file.`);
  }
  if (file === '') throw new InvalidArgumentError(`"${value}" names no file after "="; write ${name}=path or just ${name}.`);
  return [...previous, file === undefined ? { format: name as CheckFormat } : { format: name as CheckFormat, file }];
}

export const checkSlot: CommandSlot = {
  name: 'check',
  register(program: Command, run) {
    program
      .command('check')
      .description('the CI gate: decide the answers without writing the ADR, and fail when findings, the checklist or the committed ADR call for it')
      .argument('<answers>', 'the answers file (YAML)')
      .option('--format <format[=file]>', `report format: ${FORMATS.join(', ')} (default stylish); repeatable, each to stdout or to its own file`, parseFormatOption)
      .addOption(new Option('--fail-severity <severity>', 'the lowest severity that fails the check').choices(['error', 'warning', 'info']).default('error'))
      .addOption(
        new Option('--open-questions <severity>', 'severity of unanswered questions that could change a recommendation, or off')
          .choices(['error', 'warning', 'info', 'off'])
          .default('warning'),
      )
      .addOption(new Option('--min-confidence <level>', 'fail on recommendations less certain than this').choices(['low', 'medium', 'high']))
      .option('--require-checklist', 'report required checklist items that are neither done nor waived (also require_checklist: true in the file)')
      .option('--adr <path>', 'fail when this committed ADR (or the one for the answers in this directory) differs from what decide writes; prints the diff')
      .addOption(new Option('--profile <profile>', 'format of the committed ADR (default: read from the file)').choices(PROFILE_CHOICES))
      .option('--dir <dir>', 'ADR directory checked for duplicate numbers (default: the one decide uses, when it exists)')
      .option('--traces <file>', 'compare the decision with the running system: a trace export (OTLP JSON, Jaeger or Zipkin JSON; repeatable)', collectValues)
      .addOption(windowOption())
      .addOption(rulesOption())
      .addOption(maxSizeOption())
      .addHelpText(
        'after',
        [
          '',
          'Exit 0 when nothing unwaived reaches the fail severity, 1 when something does, 2 when the',
          'answers, a rule pack or the ADR directory cannot be read: a broken input never passes as',
          'a failed (or passed) check.',
          '',
          'With --traces, the exports are read as sync-or-async import traces reads them, and the',
          'places where the running system and the decision part ways are findings: trace-style-drift,',
          'trace-unknown-call, trace-p99-over-budget, trace-retries-over-policy and',
          'trace-availability-below-target. What the exports hold that cannot be read is counted on',
          'standard error.',
          EXIT_CODE_HELP,
        ].join('\n'),
      )
      .action(async (file: string, parsed: ParsedCheckOptions) => {
        await run(async (context) => {
          const { runCheck } = await import('../commands/check.js');
          const options: CheckOptions = {
            rules: parsed.rules ?? [],
            maxBytes: parsed.maxSize,
            failSeverity: parsed.failSeverity,
            requireChecklist: parsed.requireChecklist === true,
            openQuestions: parsed.openQuestions,
            outputs: parsed.format ?? [{ format: 'stylish' }],
            version: readVersion(),
          };
          if (parsed.minConfidence !== undefined) options.minConfidence = parsed.minConfidence;
          if (parsed.adr !== undefined) options.adr = parsed.adr;
          if (parsed.profile !== undefined) options.profile = parsed.profile;
          if (parsed.dir !== undefined) options.dir = parsed.dir;
          if (parsed.traces !== undefined) {
            options.traces = parsed.traces;
            options.windowSpans = parsed.window;
          }
          const paint = context.color === true ? await loadPaint() : undefined;
          return runCheck(file, options, paint === undefined ? context : { ...context, paint });
        });
      });
  },
};

async function loadPaint(): Promise<Paint> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return { error: chalk.red, warning: chalk.yellow, info: chalk.blue, dim: chalk.dim, bold: chalk.bold };
}

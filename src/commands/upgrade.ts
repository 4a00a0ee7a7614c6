/**
 * `upgrade [answers.yaml]`: converts a version 1 answers file to version 2 in place. What it
 * changes is listed line by line; an answer whose meaning version 2 splits is left for the team
 * and named, never guessed. The result is checked as decide would read it before it replaces
 * the file, so a file that would not load is not written.
 */
import { resolve } from 'node:path';
import { toDisplayPath } from '../io/adr-dir.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { describeFileError } from '../io/file-errors.js';
import { checkDraftAnswers, parseAnswers } from '../load/answers.js';
import { loadPacks } from '../load/pack.js';
import { readTextFile } from '../load/read-text.js';
import { upgradeAnswersText } from '../load/upgrade.js';
import { ExitCode, OutputError } from '../model/errors.js';
import type { CommandContext } from './context.js';

export interface UpgradeOptions {
  /** Team packs whose questions the file answers too. */
  rules: string[];
  /** Print the upgraded file instead of writing it. */
  stdout: boolean;
  maxBytes: number;
}

export async function runUpgrade(file: string, options: UpgradeOptions, context: CommandContext): Promise<number> {
  const path = resolve(context.cwd, file);
  const shown = toDisplayPath(path, context.cwd);
  const text = await readTextFile(path, { maxBytes: options.maxBytes, what: 'answers file' });
  const result = upgradeAnswersText(text, shown);
  if (result.current) {
    context.stderr(`${shown} is already version 2; nothing to upgrade\n`);
    if (options.stdout) context.stdout(text);
    return ExitCode.Ok;
  }
  // The upgraded text must load as decide loads it (a draft as interview resumes it) before it
  // replaces anything.
  const pack = await loadPacks(options.rules.map((dir) => resolve(context.cwd, dir)));
  if (result.draft) checkDraftAnswers(result.text, shown, pack);
  else parseAnswers(result.text, shown, pack);

  const open = result.changes.filter((change) => change.needsAnswer);
  const lines = result.changes.map((change) => `${shown}:${change.line} ${change.message}`);
  if (options.stdout) {
    context.stdout(result.text);
  } else {
    try {
      await writeFileAtomic(path, result.text);
    } catch (error) {
      throw new OutputError(`cannot write ${shown}: ${describeFileError(error)}`, 'check that the file and its folder are writable');
    }
  }
  const done = options.stdout ? `printed ${shown} as version 2` : `upgraded ${shown} to version 2`;
  const follow =
    open.length === 0
      ? ['Every answer was carried over. Describe the services once (kind, reachable) to let the rules read them:', `  sync-or-async interview ${shown}`]
      : [
          `${open.length} ${open.length === 1 ? 'answer needs' : 'answers need'} the team: caller_needs is left unanswered there (and weighed over its answers until then).`,
          `Answer them, and describe the services once (kind, reachable), with: sync-or-async interview ${shown}`,
        ];
  context.stderr([...lines, `${done}: ${result.changes.length} ${result.changes.length === 1 ? 'change' : 'changes'}`, ...follow, ''].join('\n'));
  return ExitCode.Ok;
}

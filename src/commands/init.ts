/**
 * `init [answers.yaml]`: writes a commented starter answers file, ready for `interview` or for
 * editing by hand. It never replaces an existing file unless told to.
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { toDisplayPath } from '../io/adr-dir.js';
import { ensureDir, writeFileAtomic } from '../io/atomic-write.js';
import { answersSchemaReference } from '../io/paths.js';
import { loadPacks } from '../load/pack.js';
import { ExitCode, OutputError } from '../model/errors.js';
import { isReadFromServices } from '../model/pack.js';
import { renderStarterAnswers } from '../render/starter-answers.js';
import type { CommandContext } from './context.js';

export interface InitOptions {
  /** Replace an existing file. */
  force: boolean;
}

export async function runInit(file: string, options: InitOptions, context: CommandContext): Promise<number> {
  const path = resolve(context.cwd, file);
  const shown = toDisplayPath(path, context.cwd);
  const existing = await stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) {
    throw new OutputError(`cannot write ${shown}: it is a folder`, 'name a file, e.g. sync-or-async.yaml');
  }
  if (existing !== undefined && !options.force) {
    throw new OutputError(
      `${shown} already exists and was left as it is`,
      `run sync-or-async interview ${quoteShellWord(shown)} to go on with it, name another file, or pass --force to replace it with a new starter file`,
    );
  }
  // The questions come from the built-in pack as installed, so the starter file asks what decide reads.
  const pack = await loadPacks([]);
  const text = renderStarterAnswers({ schemaReference: answersSchemaReference(path, context.cwd), questions: pack.questions });
  try {
    await ensureDir(dirname(path));
    // Without --force, a file that appears meanwhile is not replaced either.
    await writeFileAtomic(path, text, { exclusive: !options.force });
  } catch (error) {
    throw describeWriteError(error, shown);
  }
  const word = quoteShellWord(shown);
  context.stderr(
    [
      `wrote ${shown}: a starter answers file with one example interaction and ${pack.questions.filter((question) => !isReadFromServices(question)).length} questions answered unknown`,
      'Next:',
      `  sync-or-async interview ${word}   answer the questions in a guided session and add interactions`,
      `  sync-or-async decide ${word}      write the ADR once the answers are in (or edit the file by hand first)`,
      '',
    ].join('\n'),
  );
  return ExitCode.Ok;
}

function describeWriteError(error: unknown, shown: string): OutputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EEXIST':
      return new OutputError(`${shown} appeared while the starter file was being written and was left as it is`, 'pass --force to replace it');
    case 'EACCES':
    case 'EPERM':
      return new OutputError(`cannot write ${shown}: permission denied`, 'name a file in a folder you can write to');
    case 'ENOTDIR':
      return new OutputError(`cannot write ${shown}: part of the path is a file`, 'name a file in a folder');
    case 'EROFS':
      return new OutputError(`cannot write ${shown}: the file system is read-only`, 'name a file elsewhere');
    default:
      return new OutputError(`cannot write ${shown}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Quotes a path for a POSIX shell only when it needs quoting. */
function quoteShellWord(word: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `interview [answers.yaml]`: asks a team the questions for each interaction, shows the
 * recommendation as it goes, and writes the answers file and the ADR exactly as `decide`
 * would. Answers are never lost: an interrupted interview leaves a draft to resume.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { decide } from '../engine/decide.js';
import { ensureDir, probeWritable, writeFileAtomic, writeFileAtomicSync } from '../io/atomic-write.js';
import { describeFileError } from '../io/file-errors.js';
import { resolveAdrDir } from '../io/adr-dir.js';
import type { AdrProfile, AdrSettings } from '../model/answers.js';
import { answersSchemaReference, toPosixRelative } from '../io/paths.js';
import { AnswersDocument } from '../interview/answers-document.js';
import { formatMapTable, Interview } from '../interview/flow.js';
import type { InterviewOutput } from '../interview/prompter.js';
import { InterviewInterrupted } from '../interview/prompter.js';
import { checkDraftAnswers, parseAnswers } from '../load/answers.js';
import { loadPacks } from '../load/pack.js';
import { readTextFile } from '../load/read-text.js';
import { ExitCode, OutputError, UsageError } from '../model/errors.js';
import type { Pack } from '../model/pack.js';
import type { CommandContext } from './context.js';
import { chooseAdrSettings } from './adr-settings.js';
import { writeAdr } from './decide.js';

export interface InterviewOptions {
  dir?: string;
  rules: string[];
  /** --profile; when absent, the answers file's adr.profile, else the existing ADR's format, else MADR. */
  profile?: AdrProfile;
  maxBytes: number;
}

export async function runInterview(file: string, options: InterviewOptions, context: CommandContext): Promise<number> {
  const terminal = context.terminal;
  if (terminal === undefined || !terminal.interactive) {
    throw new UsageError(
      'interview asks questions and needs a terminal, but standard input is not one (CI, a pipe or a script). ' +
        'To decide from an answers file without questions, run: sync-or-async decide <answers.yaml>',
    );
  }
  const pack = await loadPacks(options.rules.map((dir) => resolve(context.cwd, dir)));
  const path = resolve(context.cwd, file);
  const source = toPosixRelative(path, context.cwd);
  const document = await openDocument(path, source, pack, options.maxBytes, context.cwd);
  try {
    await probeWritable(path);
  } catch (error) {
    throw new OutputError(
      `cannot save the answers in ${source}: ${describeFileError(error)}`,
      'name a file in a folder you can write to, or fix the permissions, before the interview starts',
    );
  }
  const { prompter, output, close } = await terminal.open();
  if (document.text !== undefined) output.line(`Resuming ${source}.`);
  else output.line(`New decision: the answers will be saved in ${source}.`);

  const interview = new Interview({ document: document.answers, pack, prompter, output, file: source });
  const saved = new DraftSaver(document.answers, { path, source, pack, fileExisted: document.text !== undefined, unfinished: () => interview.unfinished });
  const removeHook = terminal.onInterrupt(() => {
    context.stderr(saved.saveNow());
  });
  try {
    await interview.run();
  } catch (error) {
    close();
    removeHook();
    if (error instanceof InterviewInterrupted) {
      context.stderr(saved.saveNow());
      return ExitCode.Interrupted;
    }
    // Whatever went wrong, the answers given so far are kept where possible.
    try {
      context.stderr(saved.saveNow());
    } catch {
      // The original error matters more than a failed rescue.
    }
    throw error;
  }
  close();
  removeHook();
  return finish(document.answers, { path, source, pack, options, output, original: document.text }, context);
}

async function openDocument(
  path: string,
  source: string,
  pack: Pack,
  maxBytes: number,
  cwd: string,
): Promise<{ answers: AnswersDocument; text?: string }> {
  const order = pack.questions.map((question) => question.id);
  if (!existsSync(path)) {
    return { answers: AnswersDocument.create(answersSchemaReference(path, cwd), order) };
  }
  const text = await readTextFile(path, { maxBytes, what: 'answers file' });
  const answers = AnswersDocument.parse(text, order);
  // A draft may lack what the interview has not asked yet; a finished file must be valid as a
  // whole before anything is added to it.
  if (answers.isDraft) checkDraftAnswers(text, source, pack);
  else parseAnswers(text, source, pack);
  answers.isDraft = false;
  return { answers, text };
}

/** Writes what has been answered, as a draft unless it is already a complete answers file. */
class DraftSaver {
  /** The answers as the interview found them: nothing to save while they are unchanged. */
  private readonly atStart: string;

  constructor(
    private readonly answers: AnswersDocument,
    private readonly where: { path: string; source: string; pack: Pack; fileExisted: boolean; unfinished: () => boolean },
  ) {
    this.atStart = answers.toString();
  }

  /** Saves synchronously and returns the message for the user. */
  saveNow(): string {
    const { path, source, pack } = this.where;
    if (this.answers.toString() === this.atStart) {
      return this.where.fileExisted
        ? `Interrupted: nothing new was answered, so ${source} is as it was.\n`
        : 'Interrupted before any answer was given; nothing was written.\n';
    }
    this.answers.isDraft = false;
    let complete = !this.where.unfinished();
    if (complete) {
      try {
        parseAnswers(this.answers.toString(), source, pack);
      } catch {
        complete = false;
      }
    }
    this.answers.isDraft = !complete;
    writeFileAtomicSync(path, this.answers.toString());
    return complete
      ? `Interrupted: the answers are saved in ${source}; the ADR was not updated. Run sync-or-async interview ${source} to go on, or sync-or-async decide ${source} to write the ADR.\n`
      : `Interrupted: the answers given so far are saved in ${source} as a draft. Run sync-or-async interview ${source} to go on.\n`;
  }
}

interface FinishInput {
  path: string;
  source: string;
  pack: Pack;
  options: InterviewOptions;
  output: InterviewOutput;
  /** The file's text when the interview started, if it existed. */
  original: string | undefined;
}

/** Writes the answers file, then the ADR from that very text, and shows the map and findings. */
async function finish(document: AnswersDocument, input: FinishInput, context: CommandContext): Promise<number> {
  const { path, source, pack, options, output } = input;
  // --dir and --profile are remembered in the file, so that decide, check and the next
  // interview use them without the flags. The directory is kept relative to the file's folder.
  const remembered: AdrSettings = {};
  if (options.dir !== undefined) remembered.dir = toPosixRelative(resolve(context.cwd, options.dir), dirname(path)) || '.';
  if (options.profile !== undefined) remembered.profile = options.profile;
  document.rememberAdr(remembered);
  const text = document.toString();
  const answers = parseAnswers(text, source, pack);
  const decision = decide(answers, pack);
  try {
    // An unchanged file is not rewritten: the YAML library may lay out untouched parts differently.
    if (text !== input.original) {
      await ensureDir(dirname(path));
      await writeFileAtomic(path, text);
    }
  } catch (error) {
    // Checked before the first question, so only a change since then lands here; the answers
    // are printed so that they are not lost with the process.
    context.stdout(text);
    throw new OutputError(
      `cannot write ${source}: ${describeFileError(error)}; the answers are printed above`,
      'save them into a file by hand, or fix the permissions and run decide on it',
    );
  }
  output.heading('The map');
  output.block(formatMapTable(decision.interactions));
  if (decision.findings.length > 0) {
    output.heading('Whole-system findings');
    for (const finding of decision.findings) output.finding(finding.severity, finding.message);
  }
  output.line(`Saved the answers in ${source}.`);
  const settings = chooseAdrSettings(options, answers, context.cwd);
  const code = await writeAdr({ answers, decision, pack, source, ...settings, stdout: false }, context);
  const adrDir = await resolveAdrDir(context.cwd, settings.dir);
  output.line(`In CI, the same decision runs without questions: npx sync-or-async check ${source} --adr ${adrDir.display}`);
  output.line(`After editing the answers by hand, rewrite the ADR with: npx sync-or-async decide ${source}`);
  return code;
}

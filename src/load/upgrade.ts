/**
 * Converting a version 1 answers file to version 2, in its own text: the `yaml` library keeps
 * its comments, quoting and layout, and only what changed is touched. Every change is reported
 * with its line, and an answer whose meaning version 2 splits is not guessed: it is removed, a
 * comment says what it was, and the question is left for the team (interview asks it).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar } from 'yaml';
import type { Document, Pair, YAMLMap } from 'yaml';
import { ANSWERS_VERSION } from '../model/answers.js';
import { InputError } from '../model/errors.js';

/** One change the upgrade made, or one answer it left to the team. */
export interface UpgradeChange {
  line: number;
  /** What happened, in one sentence. */
  message: string;
  /** The answer needs the team: the question is left unanswered. */
  needsAnswer: boolean;
}

export interface UpgradeResult {
  /** The version 2 text; the same text when the file already was version 2. */
  text: string;
  changes: UpgradeChange[];
  /** The file was version 2 already: nothing to do. */
  current: boolean;
}

const TO_STRING_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Version 1 asked whether the caller needs the result now; version 2 asks what it needs back. */
const OLD_QUESTION = 'needs_answer_now';
const NEW_QUESTION = 'caller_needs';

/**
 * The version 2 text of a version 1 answers file. Throws an InputError for a text that is not
 * a version 1 or 2 answers file (what the version key says decides; the rest is checked when
 * the result is read).
 */
export function upgradeAnswersText(text: string, file: string): UpgradeResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: false }) as unknown as Document;
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const at = error === undefined ? { line: 1, col: 1 } : lines.linePos(error.pos[0]);
    throw new InputError(`cannot read ${file}`, [
      {
        message: `not valid YAML: ${error?.message.split('\n')[0] ?? 'syntax error'}`,
        location: { file, line: at.line, column: at.col },
        hint: 'fix the YAML, then run upgrade again',
      },
    ]);
  }
  const root = doc.contents;
  const version = isMap(root) ? root.get('version') : undefined;
  if (!isMap(root) || (version !== 1 && version !== ANSWERS_VERSION)) {
    throw new InputError(`cannot upgrade ${file}`, [
      {
        message: isMap(root) ? `version is ${JSON.stringify(version ?? null)}, not 1` : 'the file does not hold an answers map',
        location: { file, line: 1, column: 1 },
        hint: 'upgrade converts an answers file whose first keys include version: 1',
      },
    ]);
  }
  if (version === ANSWERS_VERSION) return { text, changes: [], current: true };

  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined): number =>
    node?.range === undefined || node.range === null ? 1 : lines.linePos(node.range[0]).line;
  const changes: UpgradeChange[] = [];
  const versionPair = findPair(root, 'version');
  if (versionPair !== undefined && isScalar(versionPair.value)) versionPair.value.value = ANSWERS_VERSION;
  changes.push({ line: lineOf(versionPair?.value as Scalar | undefined), message: `version: 1 becomes version: ${ANSWERS_VERSION}`, needsAnswer: false });

  const interactions = root.get('interactions', true);
  if (isSeq(interactions)) {
    for (const item of interactions.items) {
      if (!isMap(item)) continue;
      upgradeInteraction(item, changes, lineOf);
    }
  }
  changes.sort((a, b) => a.line - b.line);
  return { text: doc.toString(TO_STRING_OPTIONS), changes, current: false };
}

function upgradeInteraction(
  interaction: YAMLMap,
  changes: UpgradeChange[],
  lineOf: (node: { range?: [number, number, number] | null } | null | undefined) => number,
): void {
  const answers = interaction.get('answers', true);
  if (!isMap(answers)) return;
  const pair = findPair(answers, OLD_QUESTION);
  if (pair === undefined) return;
  const id = String(interaction.get('id') ?? '(no id)');
  const line = lineOf(pair.key as Scalar);
  const raw = isScalar(pair.value) ? pair.value.value : undefined;
  const old = raw === true ? 'yes' : raw === false ? 'no' : String(raw);
  const intent = String(answers.get('intent') ?? '');
  if (intent === 'fact') {
    // Version 1 did not ask it of a fact either; it decided nothing there.
    answers.delete(OLD_QUESTION);
    changes.push({ line, message: `${id}: ${OLD_QUESTION} is not asked of a fact and was removed`, needsAnswer: false });
    return;
  }
  if (old === 'yes' || old === 'unknown') {
    const value = old === 'yes' ? 'result' : 'unknown';
    // Changed in place, so that comments on the line stay where they are.
    if (isScalar(pair.key)) pair.key.value = NEW_QUESTION;
    else pair.key = new Scalar(NEW_QUESTION);
    if (isScalar(pair.value)) pair.value.value = value;
    else pair.value = new Scalar(value);
    changes.push({ line, message: `${id}: ${OLD_QUESTION}: ${old} becomes ${NEW_QUESTION}: ${value}`, needsAnswer: false });
    return;
  }
  // "no" said only that the caller does not wait for the result. Whether it needs an
  // acknowledgement to follow the outcome, or nothing at all, version 1 never asked.
  answers.delete(OLD_QUESTION);
  const note = ` version 1 said ${OLD_QUESTION}: ${old}; answer ${NEW_QUESTION}: acknowledgement (the caller needs an id or a status to follow) or nothing`;
  const answersPair = findPair(interaction, 'answers');
  const key = answersPair?.key;
  if (isScalar(key)) key.commentBefore = key.commentBefore === undefined || key.commentBefore === null ? note : `${key.commentBefore}\n${note}`;
  changes.push({
    line,
    message: `${id}: ${OLD_QUESTION}: ${old} was removed; answer ${NEW_QUESTION} (acknowledgement or nothing)`,
    needsAnswer: true,
  });
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => (isScalar(pair.key) ? pair.key.value === key : pair.key === key));
}

/**
 * Converting a version 1 answers file to version 2 by editing its text: the `yaml` library
 * finds where each change goes, and only those characters change, so every other line, comment
 * and quote stays exactly as it was. Every change is reported with its line. An answer whose
 * meaning version 2 splits is not guessed: it is removed, a comment says what it was, and the
 * question is left for the team (interview asks it).
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Pair, Scalar, YAMLMap } from 'yaml';
import { ANSWERS_VERSION } from '../model/answers.js';
import { normaliseAnswer } from './answers.js';
import { InputError } from '../model/errors.js';
import { locateOffset, parseYamlDocument } from './yaml-source.js';

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
  /** The file is an unfinished interview (`draft: true`), to be checked as interview resumes it. */
  draft: boolean;
}

/** Version 1 asked whether the caller needs the result now; version 2 asks what it needs back. */
const OLD_QUESTION = 'needs_answer_now';
const NEW_QUESTION = 'caller_needs';

/** A replacement of the characters from `start` to `end` (exclusive) of the original text. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The version 2 text of a version 1 answers file. Throws an InputError, located, for a text
 * that is not YAML or not a version 1 or 2 answers file (the rest of the file is checked when
 * the result is read, as decide reads it).
 */
export function upgradeAnswersText(text: string, file: string): UpgradeResult {
  // Text that is not YAML is refused first by the YAML reader decide uses, with decide's
  // messages: given a long broken line, the yaml library reports an error per character, in
  // time and memory that grow with the line (80 KB of `{{x}}` took 13 s; 1 MB, 1.6 GB).
  // Lines are counted as decide counts them (a lone carriage return ends one too).
  const source = parseYamlDocument(text, file);
  const doc = parseDocument(text, { prettyErrors: false }) as unknown as Document;
  const at = (offset: number) => locateOffset(source, offset);
  const firstError = doc.errors[0];
  if (firstError !== undefined) {
    throw new InputError(`cannot read ${file}`, [
      { message: `not valid YAML: ${firstError.message.split('\n')[0] ?? 'syntax error'}`, location: at(firstError.pos[0]), hint: 'fix the YAML, then run upgrade again' },
    ]);
  }
  const root = doc.contents;
  const versionPair = isMap(root) ? findPair(root, 'version') : undefined;
  const version = isScalar(versionPair?.value) ? versionPair.value.value : undefined;
  if (!isMap(root) || versionPair === undefined || (version !== 1 && version !== ANSWERS_VERSION)) {
    const where = isScalar(versionPair?.value) ? (versionPair.value.range?.[0] ?? 0) : 0;
    throw new InputError(`cannot upgrade ${file}`, [
      {
        message: !isMap(root) ? 'the file does not hold an answers map' : versionPair === undefined ? 'the file has no version key' : `version is ${JSON.stringify(version ?? null)}, not 1`,
        location: at(where),
        hint: 'upgrade converts an answers file that says version: 1',
      },
    ]);
  }
  const draft = root.get('draft') === true;
  if (version === ANSWERS_VERSION) return { text, changes: [], current: true, draft };

  const edits: Edit[] = [];
  const changes: UpgradeChange[] = [];
  const versionNode = versionPair.value as Scalar;
  const [versionStart, versionEnd] = versionNode.range ?? [0, 0];
  edits.push({ start: versionStart, end: versionEnd, text: String(ANSWERS_VERSION) });
  changes.push({ line: at(versionStart).line, message: `version: 1 becomes version: ${ANSWERS_VERSION}`, needsAnswer: false });

  const interactions = root.get('interactions', true);
  if (isSeq(interactions)) {
    for (const item of interactions.items) {
      if (isMap(item)) upgradeInteraction(item, text, edits, changes, at);
    }
  }
  changes.sort((a, b) => a.line - b.line);
  return { text: applyEdits(text, edits), changes, current: false, draft };
}

function upgradeInteraction(
  interaction: YAMLMap,
  text: string,
  edits: Edit[],
  changes: UpgradeChange[],
  at: (offset: number) => { line: number },
): void {
  const answersPair = findPair(interaction, 'answers');
  const answers = answersPair?.value;
  if (answersPair === undefined || !isMap(answers)) return;
  const pair = findPair(answers, OLD_QUESTION);
  const key = pair?.key;
  const value = pair?.value;
  if (pair === undefined || !isScalar(key) || !isScalar(value) || isAlias(value)) return;
  const id = String(interaction.get('id') ?? '(no id)');
  const [keyStart, keyEnd] = key.range ?? [0, 0];
  const [valueStart, valueEnd] = value.range ?? [0, 0];
  const line = at(keyStart).line;
  const raw = value.value;
  const old = normaliseAnswer(typeof raw === 'boolean' ? raw : String(raw));
  const intent = String(answers.get('intent') ?? '');

  if (intent !== 'fact' && (old === 'yes' || old === 'unknown')) {
    const now = old === 'yes' ? 'result' : 'unknown';
    edits.push({ start: keyStart, end: keyEnd, text: NEW_QUESTION }, { start: valueStart, end: valueEnd, text: now });
    changes.push({ line, message: `${id}: ${OLD_QUESTION}: ${old} becomes ${NEW_QUESTION}: ${now}`, needsAnswer: false });
    return;
  }
  const removed = removePair(text, keyStart, valueEnd, answers.flow === true);
  edits.push(removed.edit);
  const kept = removed.comment === undefined ? '' : ` (its comment: ${removed.comment})`;
  const answersKey = answersPair.key as Scalar;
  const note =
    intent === 'fact'
      ? `version 1 said ${OLD_QUESTION}: ${old}${kept}; a fact's caller needs nothing back, so it was removed`
      : `version 1 said ${OLD_QUESTION}: ${old}${kept}; answer ${NEW_QUESTION}: acknowledgement (the caller needs an id or a status to follow) or nothing`;
  edits.push(commentBefore(text, answersKey.range?.[0] ?? 0, note));
  if (intent === 'fact') {
    changes.push({ line, message: `${id}: ${OLD_QUESTION} is not asked of a fact and was removed`, needsAnswer: false });
  } else {
    changes.push({ line, message: `${id}: ${OLD_QUESTION}: ${old} was removed; answer ${NEW_QUESTION} (acknowledgement or nothing)`, needsAnswer: true });
  }
}

/**
 * Removes one `key: value` pair: its whole line in a block map, or the pair and one comma next
 * to it in a flow map. A comment at the end of a removed line is returned, to be kept elsewhere.
 */
function removePair(text: string, start: number, end: number, flow: boolean): { edit: Edit; comment?: string } {
  if (flow) {
    const after = /^\s*,\s*/.exec(text.slice(end));
    if (after !== null) return { edit: { start, end: end + after[0].length, text: '' } };
    const before = /,\s*$/.exec(text.slice(0, start));
    return { edit: { start: before === null ? start : before.index, end, text: '' } };
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const rest = /^\s*#\s?(.*?)\s*$/.exec(text.slice(end, newline < 0 ? text.length : newline));
  const edit = { start: lineStart, end: lineEnd, text: '' };
  return rest === null ? { edit } : { edit, comment: rest[1] ?? '' };
}

/** A comment line inserted before the line holding `offset`, with that line's indentation. */
function commentBefore(text: string, offset: number, note: string): Edit {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ ]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineStart, end: lineStart, text: `${indent}# ${note}${lineBreak}` };
}

/** Applies edits that do not overlap; edits at the same place keep their order. */
function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = edits.map((edit, order) => ({ edit, order })).sort((a, b) => b.edit.start - a.edit.start || b.order - a.order);
  let result = text;
  for (const { edit } of sorted) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => (isScalar(pair.key) ? pair.key.value === key : pair.key === key));
}

/**
 * The starter answers file that `init` writes: a valid file with its two example services and
 * one example interaction, every question of the loaded packs answered `unknown` and explained
 * by a comment, so that a team can fill it in by hand or with `interview`. Questions the engine
 * reads from the services section are described there instead. Written as text rather than
 * built with a YAML library because most of it is comments.
 */
import { ANSWERS_VERSION, SERVICE_KINDS, STARTER_CONTEXT } from '../model/answers.js';
import type { Question } from '../model/pack.js';
import { isReadFromServices } from '../model/pack.js';

export interface StarterInput {
  /** Where the `$schema` modeline points; no modeline when undefined. */
  schemaReference: string | undefined;
  /** The questions to answer, in the order the interview asks them. */
  questions: readonly Question[];
}

const EXAMPLE = {
  title: 'Communication between the web shop and checkout',
  interaction: 'place-order',
  from: 'web-shop',
  to: 'checkout',
  summary: 'The customer places an order and waits for the confirmation',
};

/** A YAML comment line: comments end at the line break, so a text is kept on one line. */
function comment(indent: string, text: string): string {
  return `${indent}# ${text.replace(/\s+/g, ' ').trim()}`;
}

function answerLines(question: Question, indent: string): string[] {
  const choices = [...question.answers, 'unknown'].join(' | ');
  return [comment(indent, question.prompt), `${indent}${question.id}: unknown  # ${choices}`];
}

export function renderStarterAnswers(input: StarterInput): string {
  const lines = [
    ...(input.schemaReference === undefined ? [] : [`# yaml-language-server: $schema=${input.schemaReference}`]),
    '# What sync-or-async decides from: one entry under interactions for each call or message',
    '# between two parts of the system. Replace the example, answer the questions (unknown is',
    '# always allowed; it becomes an open question in the ADR), then run decide on this file.',
    `version: ${ANSWERS_VERSION}`,
    comment('', 'The title of the decision record; the ADR file name is made from it.'),
    `title: ${EXAMPLE.title}`,
    comment('', 'A stable id for the record (kebab-case). Set it before renaming the title, so that decide keeps updating the same ADR.'),
    '# id: web-shop-and-checkout',
    comment('', 'proposed | accepted | rejected | deprecated | superseded'),
    'status: proposed',
    comment('', 'The date of the decision as YYYY-MM-DD; without it, the date of the existing ADR, else today.'),
    '# date: 2026-01-31',
    comment('', 'Which system this is, and why the decision is being made now.'),
    'context: |',
    `  ${STARTER_CONTEXT}`,
    comment('', 'The people or teams who make the decision (consulted and informed work the same way).'),
    'decision_makers: [architecture team]',
    comment('', 'Where the ADR is kept (relative to this file) and its format, for decide, check and interview; --dir and --profile still win.'),
    comment('', 'profile: madr | nygard | log4brains. Without it, an existing ADR keeps its format and a new one is MADR.'),
    '# adr:',
    '#   dir: docs/decisions',
    '#   profile: madr',
    comment('', 'Each party once: what kind it is, and for a partner whether it can receive callbacks. Rules read these for every interaction.'),
    comment('', `kind: ${[...SERVICE_KINDS, 'unknown'].join(' | ')}; optional: reachable (yes | no), boundary (internal | partner | public), summary.`),
    'services:',
    `  ${EXAMPLE.from}: { kind: client, summary: The shop in the customer's browser }`,
    `  ${EXAMPLE.to}: { kind: service }`,
    'interactions:',
    comment('  ', 'One directed call or message: the caller (from), the callee (to) and what happens.'),
    `  - id: ${EXAMPLE.interaction}`,
    `    from: ${EXAMPLE.from}`,
    `    to: ${EXAMPLE.to}`,
    `    summary: ${EXAMPLE.summary}`,
    '    answers:',
    ...input.questions.filter((question) => !isReadFromServices(question)).flatMap((question) => answerLines(question, '      ')),
    comment('    ', 'Optional numbers, in milliseconds and fractions: they let decide check latency and availability along a flow.'),
    '    # latency: { budget_ms: 800, p99_ms: 300 }',
    '    # availability: 0.999',
    '    # timeout_ms: 500',
    '    # retries: 1',
    comment('    ', 'The style the team runs or intends today (sync | async | hybrid), compared with the recommendation.'),
    '    # declared: sync',
    comment('', 'A flow lists, in order, the interactions behind one user-facing action, with its end-to-end budget.'),
    '# flows:',
    `#   - id: ${EXAMPLE.interaction}`,
    `#     summary: ${EXAMPLE.summary}`,
    '#     budget_ms: 1500',
    '#     availability_target: 0.995',
    `#     steps: [${EXAMPLE.interaction}]`,
  ];
  return `${lines.join('\n')}\n`;
}

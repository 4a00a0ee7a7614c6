import { beforeAll, describe, expect, it } from 'vitest';
import { checkDraftAnswers, parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import { upgradeAnswersText } from '../../src/load/upgrade.js';
import type { UpgradeResult } from '../../src/load/upgrade.js';
import { InputError } from '../../src/model/errors.js';
import type { Problem } from '../../src/model/errors.js';
import type { Pack } from '../../src/model/pack.js';

let builtin: Pack;
beforeAll(async () => {
  builtin = await loadPacks([]);
});

/** A version 1 file with one interaction; `answers` are its answers lines, indented by six spaces. */
function withAnswers(...answers: string[]): string {
  return [
    'version: 1',
    'title: Checkout',
    'context: Orders.',
    'interactions:',
    '  - id: authorize',
    '    from: checkout',
    '    to: payments',
    '    summary: Authorize the card',
    '    answers:',
    ...answers.map((line) => `      ${line}`),
    '',
  ].join('\n');
}

/** Each change as `line message`, and `(open)` when the team must answer. */
function changesOf(result: UpgradeResult): string[] {
  return result.changes.map((change) => `${change.line} ${change.message}${change.needsAnswer ? ' (open)' : ''}`);
}

function refusal(text: string): { message: string; problems: Problem[] } {
  try {
    upgradeAnswersText(text, 'answers.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return { message: (error as InputError).message, problems: (error as InputError).problems };
  }
  throw new Error('expected the file to be refused');
}

/** A version 1 file with the four ways needs_answer_now was answered, comments and flow maps. */
const VERSION_ONE = `# yaml-language-server: $schema=../schema/answers.schema.json
# Checkout and the services behind it.
version: 1 # the format of this file
title: Checkout
context: |
  Why now. # not a comment: part of the text
interactions:
  # The card is authorized while the customer waits.
  - id: authorize
    from: checkout
    to: payments
    summary: Authorize the card
    answers:
      intent: command
      needs_answer_now: yes # the customer waits for the outcome
      when_down: fail_closed
  - id: reserve
    from: checkout
    to: inventory
    summary: Reserve the stock
    answers:
      intent: command
      needs_answer_now: false
      safe_to_repeat: no # reserving twice holds two items
  - id: price
    from: checkout
    to: pricing
    summary: Price the cart
    answers: { intent: query, needs_answer_now: unknown, freshness: strong }
  - id: order-created
    from: orders
    to: email
    summary: Tell email that an order exists
    answers: { intent: fact, needs_answer_now: no }
  - { id: stock-level, from: checkout, to: inventory, summary: Read the stock, answers: { intent: query, needs_answer_now: true } }
flows:
  - id: checkout
    steps: [authorize, reserve] # in this order
`;

describe('upgradeAnswersText: what needs_answer_now becomes', () => {
  it.each([
    ['yes', 'caller_needs: result', 'authorize: needs_answer_now: yes becomes caller_needs: result'],
    ['true', 'caller_needs: result', 'authorize: needs_answer_now: yes becomes caller_needs: result'],
    ['"yes"', 'caller_needs: result', 'authorize: needs_answer_now: yes becomes caller_needs: result'],
    ['unknown', 'caller_needs: unknown', 'authorize: needs_answer_now: unknown becomes caller_needs: unknown'],
  ])('needs_answer_now: %s becomes %s, in place', (answer, line, message) => {
    const result = upgradeAnswersText(withAnswers('intent: command', `needs_answer_now: ${answer}`, 'when_down: fail_fast'), 'answers.yaml');
    expect(result.current).toBe(false);
    expect(result.text).toBe(withAnswers('intent: command', line, 'when_down: fail_fast').replace('version: 1', 'version: 2'));
    expect(changesOf(result)).toEqual(['1 version: 1 becomes version: 2', `11 ${message}`]);
  });

  it.each(['no', 'false'])('removes needs_answer_now: %s, says on the answers key what it was, and leaves caller_needs to the team', (answer) => {
    const result = upgradeAnswersText(withAnswers('intent: command', `needs_answer_now: ${answer}`, 'when_down: defer'), 'answers.yaml');
    const lines = result.text.split('\n');
    expect(lines.slice(8, 12)).toEqual([
      '    # version 1 said needs_answer_now: no; answer caller_needs: acknowledgement (the caller needs an id or a status to follow) or nothing',
      '    answers:',
      '      intent: command',
      '      when_down: defer',
    ]);
    expect(lines.filter((line) => line.includes('caller_needs:') && !line.trimStart().startsWith('#'))).toEqual([]);
    expect(changesOf(result)).toEqual([
      '1 version: 1 becomes version: 2',
      '11 authorize: needs_answer_now: no was removed; answer caller_needs (acknowledgement or nothing) (open)',
    ]);
  });

  it.each(['yes', 'no', 'unknown'])('removes needs_answer_now: %s from a fact, which was never asked it, and leaves nothing open', (answer) => {
    const result = upgradeAnswersText(withAnswers('intent: fact', `needs_answer_now: ${answer}`, 'multiple_consumers: yes'), 'answers.yaml');
    const note = `    # version 1 said needs_answer_now: ${answer}; a fact's caller needs nothing back, so it was removed\n`;
    expect(result.text).toBe(withAnswers('intent: fact', 'multiple_consumers: yes').replace('version: 1', 'version: 2').replace('    answers:\n', `${note}    answers:\n`));
    expect(changesOf(result)).toEqual(['1 version: 1 becomes version: 2', '11 authorize: needs_answer_now is not asked of a fact and was removed']);
  });

  it('changes only the version of a file that never answered needs_answer_now', () => {
    const text = withAnswers('intent: query', 'freshness: eventual');
    const result = upgradeAnswersText(text, 'answers.yaml');
    expect(result.text).toBe(text.replace('version: 1', 'version: 2'));
    expect(changesOf(result)).toEqual(['1 version: 1 becomes version: 2']);
  });
});

describe('upgradeAnswersText: a whole file', () => {
  const result = upgradeAnswersText(VERSION_ONE, 'answers.yaml');

  it('lists every change with the line it was made at, in line order', () => {
    expect(changesOf(result)).toEqual([
      '3 version: 1 becomes version: 2',
      '15 authorize: needs_answer_now: yes becomes caller_needs: result',
      '23 reserve: needs_answer_now: no was removed; answer caller_needs (acknowledgement or nothing) (open)',
      '29 price: needs_answer_now: unknown becomes caller_needs: unknown',
      '34 order-created: needs_answer_now is not asked of a fact and was removed',
      '35 stock-level: needs_answer_now: yes becomes caller_needs: result',
    ]);
    const original = VERSION_ONE.split('\n');
    for (const change of result.changes.slice(1)) expect(original[change.line - 1], change.message).toContain('needs_answer_now');
  });

  it('keeps the comments: on the changed line, on the version, before interactions and elsewhere', () => {
    const lines = result.text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '# yaml-language-server: $schema=../schema/answers.schema.json',
      '# Checkout and the services behind it.',
      'version: 2 # the format of this file',
    ]);
    expect(lines).toContain('      caller_needs: result # the customer waits for the outcome');
    expect(lines).toContain('  # The card is authorized while the customer waits.');
    expect(lines).toContain('      safe_to_repeat: no # reserving twice holds two items');
    expect(lines.some((line) => line.trimEnd().endsWith('# in this order'))).toBe(true);
    expect(lines).toContain('  Why now. # not a comment: part of the text');
  });

  it('changes answers written as flow maps, whole interactions included', () => {
    const lines = result.text.split('\n');
    expect(lines.find((line) => line.includes('intent: query, caller_needs: unknown'))).toMatch(/^ {4}answers: \{ ?intent: query, caller_needs: unknown, freshness: strong ?\}$/);
    expect(lines.find((line) => line.includes('order-created'))).toBe('  - id: order-created');
    expect(lines.find((line) => line.includes('intent: fact'))).toMatch(/^ {4}answers: \{ ?intent: fact ?\}$/);
    expect(lines.find((line) => line.includes('stock-level'))).toMatch(/answers: \{ ?intent: query, caller_needs: result ?\} ?\}$/);
    expect(result.text).not.toMatch(/^[^#]*needs_answer_now/m);
  });

  it('gives a version 2 file that decide reads with the built-in pack', () => {
    const answers = parseAnswers(result.text, 'answers.yaml', builtin);
    expect(answers.version).toBe(2);
    expect(Object.fromEntries(answers.interactions.map((interaction) => [interaction.id, interaction.answers]))).toEqual({
      authorize: { intent: 'command', caller_needs: 'result', when_down: 'fail_closed' },
      reserve: { intent: 'command', safe_to_repeat: 'no' },
      price: { intent: 'query', caller_needs: 'unknown', freshness: 'strong' },
      'order-created': { intent: 'fact' },
      'stock-level': { intent: 'query', caller_needs: 'result' },
    });
    expect(answers.flows.map((flow) => flow.steps)).toEqual([['authorize', 'reserve']]);
  });

  it('gives a version 2 draft that the interview resumes', () => {
    const draft = ['version: 1', 'draft: true', 'interactions:', '  - from: checkout', '    answers: { intent: command, needs_answer_now: yes }', ''].join('\n');
    const upgraded = upgradeAnswersText(draft, 'answers.yaml');
    expect(upgraded.text).toContain('caller_needs: result');
    expect(upgraded.draft).toBe(true);
    expect(() => checkDraftAnswers(upgraded.text, 'answers.yaml', builtin)).not.toThrow();
  });

  it('leaves a version 2 file as it is, the same text, with nothing to report', () => {
    const again = upgradeAnswersText(result.text, 'answers.yaml');
    expect(again).toEqual({ text: result.text, changes: [], current: true, draft: false });
    // Even an old answer in a version 2 file is left to decide, which names caller_needs.
    const stray = withAnswers('needs_answer_now: yes').replace('version: 1', 'version: 2');
    expect(upgradeAnswersText(stray, 'answers.yaml')).toEqual({ text: stray, changes: [], current: true, draft: false });
  });
});

describe('upgradeAnswersText: what it refuses', () => {
  it.each([
    ['an unclosed quote', 'version: 1\ntitle: "open\ncontext: x\n', 3, 1, /^YAML syntax: /],
    ['a repeated key', 'version: 1\ntitle: a\ntitle: b\n', 3, 1, /^duplicate key "title"$/],
    ['a bad indentation', 'version: 1\ninteractions:\n  - id: a\n     from: b\n', 4, 10, /^YAML syntax: bad indentation/],
    ['two documents', 'version: 1\n---\nversion: 1\n', 2, 1, /^the file holds more than one YAML document$/],
  ])('invalid YAML (%s), located as decide locates it', (_name, text, line, column, message) => {
    const { message: summary, problems } = refusal(text);
    expect(summary).toBe('answers.yaml: invalid YAML');
    expect(problems).toEqual([{ message: expect.stringMatching(message), location: { file: 'answers.yaml', line, column }, hint: expect.any(String) }]);
    expect(problems[0]?.message).not.toContain('\n');
  });

  it('locates what the yaml library refuses by the lines decide counts', () => {
    // Lines ended by \r\r\n: two line breaks each to YAML, one to a count of \n alone.
    const text = ['# Written for 0.1.', 'title: Checkout', 'version: 1', 'context: c', 'interactions:', '  - id: a', ''].join('\r\r\n');
    const { problems } = refusal(text);
    expect(problems).toEqual([{ message: 'not valid YAML: Nested mappings are not allowed in compact mappings', location: { file: 'answers.yaml', line: 9, column: 14 }, hint: 'fix the YAML, then run upgrade again' }]);
  });

  it('reads a large valid file in time that grows with its size', () => {
    // Plain values and no comments: what the fast reader of decide took quadratic time on.
    const interactions = Array.from({ length: 6_000 }, (_, index) => `  - id: call-${index}\n    from: a\n    to: b\n    summary: Call number ${index}\n    answers:\n      intent: query\n`);
    const text = `version: 2\ntitle: Many calls\ncontext: A large file.\ninteractions:\n${interactions.join('')}`;
    const started = performance.now();
    expect(upgradeAnswersText(text, 'answers.yaml').current).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('refuses a long broken line at once: the yaml library would report an error per character', () => {
    const started = performance.now();
    const { problems } = refusal(`version: 1\ntitle: ${'{{x}}'.repeat(200_000)}\n`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.location).toMatchObject({ file: 'answers.yaml', line: 2 });
  });

  it.each([
    ['an empty file', '', 'the file does not hold an answers map', 1, 1],
    ['a list', '- version: 1\n', 'the file does not hold an answers map', 1, 1],
    ['a plain scalar', 'version 1\n', 'the file does not hold an answers map', 1, 1],
    ['a map without a version', 'title: Checkout\n', 'the file has no version key', 1, 1],
    ['version 3', 'title: Checkout\nversion: 3\n', 'version is 3, not 1', 2, 10],
    ['version "1" as text', 'version: "1"\ntitle: Checkout\n', 'version is "1", not 1', 1, 10],
    ['a rule pack', 'rules:\n  - id: a\n', 'the file has no version key', 1, 1],
  ])('a file that is not an answers file (%s)', (_name, text, message, line, column) => {
    const { message: summary, problems } = refusal(text);
    expect(summary).toBe('cannot upgrade answers.yaml');
    expect(problems).toEqual([{ message, location: { file: 'answers.yaml', line, column }, hint: 'upgrade converts an answers file that says version: 1' }]);
  });

  it('refuses an alias that names no anchor, at the alias', () => {
    const { problems } = refusal('version: 1\ntitle: t\ncontext: c\ninteractions:\n  - id: a\n    from: *nope\n');
    expect(problems).toEqual([
      { message: 'cannot resolve an alias: unidentified alias "nope"', location: { file: 'answers.yaml', line: 6, column: 12 }, hint: 'define each anchor (&name) before its aliases (*name)' },
    ]);
  });

  it('names the file as given', () => {
    try {
      upgradeAnswersText('- a\n', 'docs/sync-or-async.yaml');
      expect.unreachable('the file should be refused');
    } catch (error) {
      expect((error as InputError).message).toBe('cannot upgrade docs/sync-or-async.yaml');
      expect((error as InputError).problems[0]?.location?.file).toBe('docs/sync-or-async.yaml');
    }
  });
});

describe('upgradeAnswersText: only what changes is touched', () => {
  it('keeps the comment of a removed line in the note, and every other character as it was', () => {
    const text = [
      'version: 1   # the format',
      'title: Orders',
      'decision_makers: [a team, b team]',
      'context: c',
      'interactions:',
      '  - id: reserve',
      '    from: saga',
      '    to: stock',
      '    summary: Reserve stock',
      '    latency: { budget_ms: 800, p99_ms: 300 }',
      '    answers:',
      '      intent: command',
      '      needs_answer_now: no   # the saga goes on',
      "      when_down: 'defer'",
      '',
    ].join('\n');
    const result = upgradeAnswersText(text, 'answers.yaml');
    expect(result.text).toBe(
      [
        'version: 2   # the format',
        'title: Orders',
        'decision_makers: [a team, b team]',
        'context: c',
        'interactions:',
        '  - id: reserve',
        '    from: saga',
        '    to: stock',
        '    summary: Reserve stock',
        '    latency: { budget_ms: 800, p99_ms: 300 }',
        '    # version 1 said needs_answer_now: no (its comment: the saga goes on); answer caller_needs: acknowledgement (the caller needs an id or a status to follow) or nothing',
        '    answers:',
        '      intent: command',
        "      when_down: 'defer'",
        '',
      ].join('\n'),
    );
  });

  it('removes an answer from a flow map with its comma, wherever it stands', () => {
    const text = 'version: 1\ntitle: t\ncontext: c\ninteractions:\n  - {id: a, from: x, to: y, summary: s, answers: {needs_answer_now: no, intent: command}}\n  - {id: b, from: x, to: y, summary: s, answers: {intent: command, needs_answer_now: no}}\n';
    const lines = upgradeAnswersText(text, 'answers.yaml').text.split('\n');
    expect(lines.filter((line) => line.startsWith('  - '))).toEqual([
      '  - {id: a, from: x, to: y, summary: s, answers: {intent: command}}',
      '  - {id: b, from: x, to: y, summary: s, answers: {intent: command}}',
    ]);
    expect(lines.filter((line) => line.startsWith('  #'))).toHaveLength(2);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import type { Pack, Question } from '../../src/model/pack.js';
import { renderStarterAnswers } from '../../src/render/starter-answers.js';

let pack: Pack;
let text: string;

beforeAll(async () => {
  pack = await loadPacks([]);
  text = renderStarterAnswers({ schemaReference: '../schema/answers.schema.json', questions: pack.questions });
});

describe('renderStarterAnswers', () => {
  it('starts with the schema modeline', () => {
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/answers.schema.json');
  });

  it('is a valid answers file in which every question of the pack is answered unknown', () => {
    const answers = parseAnswers(text, 'sync-or-async.yaml', pack);
    expect(answers.interactions).toHaveLength(1);
    const [interaction] = answers.interactions;
    expect(Object.keys(interaction!.answers)).toEqual(pack.questions.map((question) => question.id));
    expect(new Set(Object.values(interaction!.answers))).toEqual(new Set(['unknown']));
    expect(answers).toMatchObject({ version: 1, status: 'proposed', decision_makers: ['architecture team'], flows: [] });
    expect(answers.title).not.toBe('');
    expect(answers.context.trim()).not.toBe('');
  });

  it('explains each question on the line above its answer and lists the allowed answers after it', () => {
    const lines = text.split('\n');
    for (const question of pack.questions) {
      const index = lines.findIndex((line) => line.startsWith(`      ${question.id}: `));
      expect(index, question.id).toBeGreaterThan(0);
      expect(lines[index - 1]).toBe(`      # ${question.prompt}`);
      expect(lines[index]).toBe(`      ${question.id}: unknown  # ${[...question.answers, 'unknown'].join(' | ')}`);
    }
  });

  it('follows the questions it is given, so a changed pack shows up', () => {
    const extra: Question = { ...pack.questions[0]!, id: 'team_owned', prompt: 'Does the\nsame team own both sides?', answers: ['yes', 'no'] };
    const changed = renderStarterAnswers({ schemaReference: 'x.json', questions: [extra] });
    expect(changed).toContain('      # Does the same team own both sides?\n      team_owned: unknown  # yes | no | unknown\n');
    expect(changed).not.toContain('intent:');
  });

  it('stays valid with the commented-out examples switched on', () => {
    const enabled = text
      .replace(/^(\s*)# (latency|availability|timeout_ms|retries|declared|id|date): /gm, '$1$2: ')
      .replace(/^# (flows:)$/m, '$1')
      .replace(/^#( {3}- | {5}\w+: )/gm, '$1');
    const answers = parseAnswers(enabled, 'sync-or-async.yaml', pack);
    expect(answers.flows).toHaveLength(1);
    expect(answers.flows[0]?.steps).toEqual([answers.interactions[0]?.id]);
    expect(answers.interactions[0]?.numbers).toEqual({ latency_budget_ms: 800, latency_p99_ms: 300, availability: 0.999, timeout_ms: 500, retries: 1 });
    expect(answers.interactions[0]?.declared).toBe('sync');
    expect(answers.id).toBe('web-shop-and-checkout');
    expect(answers.date).toBe('2026-01-31');
  });

  it('is the same text every time', () => {
    expect(renderStarterAnswers({ schemaReference: '../schema/answers.schema.json', questions: pack.questions })).toBe(text);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import { ANSWERS_VERSION } from '../../src/model/answers.js';
import type { Pack, Question } from '../../src/model/pack.js';
import { renderStarterAnswers } from '../../src/render/starter-answers.js';

let pack: Pack;
let text: string;

beforeAll(async () => {
  pack = await loadPacks([]);
  text = renderStarterAnswers({ schemaReference: '../schema/answers.schema.json', questions: pack.questions });
});

/** Questions the engine reads from the services section rather than from the interaction. */
const FROM_SERVICES = ['caller.kind', 'callee.kind', 'caller.reachable', 'boundary'];

function isReadFromServices(question: Question): boolean {
  return question.derive !== undefined && FROM_SERVICES.includes(question.derive);
}

describe('renderStarterAnswers', () => {
  it('starts with the schema modeline', () => {
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/answers.schema.json');
  });

  it('is a valid answers file of version 2 with its two example services described', () => {
    const answers = parseAnswers(text, 'sync-or-async.yaml', pack);
    expect(ANSWERS_VERSION).toBe(2);
    expect(text).toMatch(/^version: 2$/m);
    expect(answers).toMatchObject({ version: 2, status: 'proposed', decision_makers: ['architecture team'], flows: [] });
    expect(answers.title).not.toBe('');
    expect(answers.context.trim()).not.toBe('');
    expect(answers.services.map(({ name, kind }) => ({ name, kind }))).toEqual([
      { name: 'web-shop', kind: 'client' },
      { name: 'checkout', kind: 'service' },
    ]);
    expect(answers.interactions).toHaveLength(1);
    const [interaction] = answers.interactions;
    expect([interaction!.from, interaction!.to]).toEqual(['web-shop', 'checkout']);
  });

  it('answers every question unknown except those read from the services, which it does not list', () => {
    const answers = parseAnswers(text, 'sync-or-async.yaml', pack);
    const [interaction] = answers.interactions;
    const fromServices = pack.questions.filter(isReadFromServices).map((question) => question.id);
    expect(fromServices).toEqual(expect.arrayContaining(['caller_kind', 'callee_kind', 'caller_reachable', 'trust_boundary']));
    expect(Object.keys(interaction!.answers)).toEqual(pack.questions.filter((question) => !isReadFromServices(question)).map((question) => question.id));
    expect(Object.keys(interaction!.answers)).toContain('fits_latency_budget');
    expect(new Set(Object.values(interaction!.answers))).toEqual(new Set(['unknown']));
    for (const id of fromServices) {
      expect(text, id).not.toMatch(new RegExp(`^\\s*${id}:`, 'm'));
    }
    expect(text).not.toMatch(/needs_answer_now/);
  });

  it('decides without errors, reading the parties from the services section', () => {
    const answers = parseAnswers(text, 'sync-or-async.yaml', pack);
    const decision = decide(answers, pack);
    expect(decision.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    const [interaction] = decision.interactions;
    expect(interaction).toMatchObject({ id: 'place-order', style: 'sync', mechanism: 'call', confidence: 'low', main_reasons: ['default'] });
    expect(interaction!.answers).toMatchObject({ caller_kind: 'client', callee_kind: 'service', caller_reachable: 'no', trust_boundary: 'public' });
    expect(interaction!.derived).toEqual(['caller_kind', 'callee_kind', 'caller_reachable', 'trust_boundary']);
    expect(interaction!.open_questions.map((question) => question.question)).toContain('caller_needs');
  });

  it('explains each question on the line above its answer and lists the allowed answers after it', () => {
    const lines = text.split('\n');
    for (const question of pack.questions.filter((candidate) => !isReadFromServices(candidate))) {
      const index = lines.findIndex((line) => line.startsWith(`      ${question.id}: `));
      expect(index, question.id).toBeGreaterThan(0);
      expect(lines[index - 1]).toBe(`      # ${question.prompt}`);
      expect(lines[index]).toBe(`      ${question.id}: unknown  # ${[...question.answers, 'unknown'].join(' | ')}`);
    }
  });

  it('explains the services section and lists the kinds, unknown included', () => {
    const lines = text.split('\n');
    const index = lines.indexOf('services:');
    expect(index).toBeGreaterThan(0);
    expect(lines[index - 1]).toBe(
      '# kind: client | edge | service | partner | read_model | unknown; optional: reachable (yes | no), boundary (internal | partner | public), summary.',
    );
    expect(lines.slice(index + 1, index + 3)).toEqual([
      "  web-shop: { kind: client, summary: The shop in the customer's browser }",
      '  checkout: { kind: service }',
    ]);
  });

  it('follows the questions it is given, so a changed pack shows up', () => {
    const extra: Question = { ...pack.questions[0]!, id: 'team_owned', prompt: 'Does the\nsame team own both sides?', answers: ['yes', 'no'], derive: undefined };
    const fromServices: Question = { ...extra, id: 'team_kind', derive: 'callee.kind' };
    const fromNumbers: Question = { ...extra, id: 'team_fast', derive: 'latency' };
    const changed = renderStarterAnswers({ schemaReference: 'x.json', questions: [extra, fromServices, fromNumbers] });
    expect(changed).toContain('      # Does the same team own both sides?\n      team_owned: unknown  # yes | no | unknown\n');
    expect(changed).toContain('      team_fast: unknown  # yes | no | unknown\n');
    expect(changed).not.toContain('team_kind');
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
    expect(decide(answers, pack).findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('is the same text every time', () => {
    expect(renderStarterAnswers({ schemaReference: '../schema/answers.schema.json', questions: pack.questions })).toBe(text);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/paths.js';
import { loadPacks } from '../../src/load/pack.js';
import { describeValue, getValidator, parseInstancePath, quoteValue, readSchema } from '../../src/load/schemas.js';
import { ADR_STATUSES, ANSWERS_VERSION, BOUNDARIES, NUMBER_NAMES, SERVICE_KINDS, STYLES } from '../../src/model/answers.js';
import { ASYNC_MECHANISMS, DERIVATIONS, MECHANISM_PARTS, REPLIES, SEVERITIES, SYSTEM_RULE_IDS } from '../../src/model/pack.js';

type Schema = Record<string, unknown>;

/** Every property schema below `node`, with its path. */
function collectProperties(node: unknown, path: string, found: [string, Schema][]): void {
  if (node === null || typeof node !== 'object') return;
  const schema = node as Schema;
  for (const [name, child] of Object.entries((schema['properties'] as Record<string, Schema> | undefined) ?? {})) {
    found.push([`${path}.${name}`, child]);
    collectProperties(child, `${path}.${name}`, found);
  }
  for (const [name, child] of Object.entries((schema['definitions'] as Record<string, Schema> | undefined) ?? {})) {
    collectProperties(child, `${path}#${name}`, found);
  }
  for (const key of ['items', 'additionalProperties']) {
    if (schema[key] && typeof schema[key] === 'object') collectProperties(schema[key], `${path}.${key}`, found);
  }
}

function schemaAt(schema: Schema, ...keys: string[]): Schema {
  let node: unknown = schema;
  for (const key of keys) node = (node as Schema)[key];
  return node as Schema;
}

const builtinPresent = existsSync(packagePath('rules')) && readdirSync(packagePath('rules')).some((name) => /\.ya?ml$/.test(name));

describe.each(['answers', 'rules'] as const)('schema/%s.schema.json', (name) => {
  it('describes every property, so editors show help', () => {
    const found: [string, Schema][] = [];
    collectProperties(readSchema(name), '', found);
    expect(found.length).toBeGreaterThan(10);
    const bare = found.filter(([, schema]) => typeof schema['description'] !== 'string').map(([path]) => path);
    expect(bare).toEqual([]);
  });

  it('compiles once and is reused', () => {
    expect(getValidator(name)).toBe(getValidator(name));
  });
});

describe('the validator the CLI checks answers files with', () => {
  const file = (answers: Record<string, unknown>) => ({
    version: 2,
    title: 'T',
    context: 'C',
    interactions: [{ id: 'a', from: 'x', to: 'y', summary: 's', answers }],
  });

  it('leaves answer values to the rule packs, which know custom questions too', () => {
    expect(getValidator('answersShape')(file({ intent: 'bogus', custom_question: 'maybe' }))).toBe(true);
    expect(getValidator('answers')(file({ intent: 'bogus' }))).toBe(false);
  });

  it('still holds everything else to the published schema', () => {
    expect(getValidator('answersShape')(file({ intent: 5 }))).toBe(false);
    expect(getValidator('answersShape')({ ...file({}), extra: 1 })).toBe(false);
    const [interaction] = file({}).interactions;
    expect(getValidator('answersShape')({ ...file({}), interactions: [{ ...interaction, retries: -1 }] })).toBe(false);
    expect(getValidator('answersShape')({ ...file({}), interactions: [{ ...interaction, colour: 'red' }] })).toBe(false);
    expect(getValidator('answersShape')({ ...file({}), version: 1 })).toBe(false);
  });

  it('holds the services section to the published schema', () => {
    const valid = { x: { kind: 'client', reachable: false, boundary: 'public', summary: 'The shop' }, y: { kind: 'unknown', reachable: 'unknown' }, z: {} };
    expect(getValidator('answersShape')({ ...file({}), services: valid })).toBe(true);
    expect(getValidator('answersShape')({ ...file({}), services: { x: { kind: 'browser' } } })).toBe(false);
    expect(getValidator('answersShape')({ ...file({}), services: { x: { reachable: 'maybe' } } })).toBe(false);
    expect(getValidator('answersShape')({ ...file({}), services: { x: { colour: 'red' } } })).toBe(false);
    expect(getValidator('answersShape')({ ...file({}), services: ['x'] })).toBe(false);
  });
});

describe('schemas in step with the model', () => {
  const answers = readSchema('answers');
  const rules = readSchema('rules');
  const interaction = schemaAt(answers, 'definitions', 'interaction', 'properties');

  it('lists the version, styles, statuses, service attributes and mechanisms the model knows', () => {
    expect(schemaAt(answers, 'properties', 'version', 'const')).toBe(ANSWERS_VERSION);
    expect(schemaAt(answers, 'properties', 'status', 'enum')).toEqual(ADR_STATUSES);
    expect(schemaAt(interaction, 'declared', 'enum')).toEqual(STYLES);
    const service = schemaAt(answers, 'definitions', 'service', 'properties');
    expect(schemaAt(service, 'kind', 'enum')).toEqual([...SERVICE_KINDS, 'unknown']);
    expect(schemaAt(service, 'reachable', 'enum')).toEqual(['yes', 'no', true, false, 'unknown']);
    expect(schemaAt(service, 'boundary', 'enum')).toEqual([...BOUNDARIES, 'unknown']);
    const rule = schemaAt(rules, 'definitions', 'rule', 'properties');
    expect(Object.keys(schemaAt(rule, 'recommend', 'properties'))).toEqual(['sync', 'async', 'mechanism', 'reply']);
    expect(schemaAt(rule, 'recommend', 'properties', 'sync', 'enum')).toEqual(['yes', 'no', true, false]);
    expect(schemaAt(rule, 'recommend', 'properties', 'async', 'enum')).toEqual(['yes', 'no', true, false]);
    expect(schemaAt(rule, 'recommend', 'properties', 'mechanism', 'enum')).toEqual(ASYNC_MECHANISMS);
    expect(schemaAt(rule, 'recommend', 'properties', 'reply', 'enum')).toEqual(REPLIES);
    expect(schemaAt(rules, 'definitions', 'question', 'properties', 'derive', 'enum')).toEqual(DERIVATIONS);
    expect(schemaAt(rule, 'finding', 'properties', 'severity', 'enum')).toEqual(SEVERITIES);
    const condition = schemaAt(rules, 'definitions', 'condition', 'properties');
    expect(schemaAt(condition, 'number', 'enum')).toEqual(NUMBER_NAMES);
    expect(schemaAt(rules, 'definitions', 'systemRule', 'properties', 'id', 'enum')).toEqual(SYSTEM_RULE_IDS);
    const neededBy = schemaAt(rules, 'definitions', 'checklistItem', 'properties', 'needed_by', 'properties');
    expect(schemaAt(neededBy, 'mechanisms', 'items', 'enum')).toEqual(MECHANISM_PARTS);
    expect(schemaAt(neededBy, 'styles', 'items', 'enum')).toEqual(STYLES);
  });

  it.skipIf(!builtinPresent)('lists the built-in questions with the answers the built-in pack allows', async () => {
    const pack = await loadPacks([]);
    const listed = schemaAt(interaction, 'answers', 'properties') as Record<string, Schema>;
    const expected = Object.fromEntries(
      pack.questions.map((question) => [
        question.id,
        question.type === 'yes_no' ? ['yes', 'no', true, false, 'unknown'] : [...question.answers, 'unknown'],
      ]),
    );
    const actual = Object.fromEntries(Object.entries(listed).map(([id, schema]) => [id, schema['enum']]));
    expect(actual).toEqual(expected);
  });
});

describe('parseInstancePath', () => {
  it('turns list positions into numbers and keeps numeric map keys as keys', () => {
    const data = { interactions: [{ answers: { '2': 'x' } }] };
    expect(parseInstancePath('/interactions/0/answers/2', data)).toEqual(['interactions', 0, 'answers', '2']);
    expect(parseInstancePath('', data)).toEqual([]);
    expect(parseInstancePath('/a~1b/c~0d', {})).toEqual(['a/b', 'c~d']);
  });
});

describe('generated validators', () => {
  it('are in step with the published schemas', () => {
    const result = spawnSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'build-validators.mjs'), '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('quoteValue', () => {
  it('quotes a short value as JSON does, line breaks and controls escaped', () => {
    expect(quoteValue('fail_close')).toBe('"fail_close"');
    expect(quoteValue('a\nb\t"c"')).toBe('"a\\nb\\t\\"c\\""');
    expect(describeValue('line one\nline two')).toBe('"line one\\nline two"');
  });

  it('cuts a long value, counting characters rather than UTF-16 units', () => {
    expect(quoteValue('x'.repeat(60))).toBe(`"${'x'.repeat(60)}"`);
    expect(quoteValue('x'.repeat(5000))).toBe(`"${'x'.repeat(50)}"... (5000 characters)`);
    expect(quoteValue('\u{1F600}'.repeat(61))).toBe(`"${'\u{1F600}'.repeat(50)}"... (61 characters)`);
  });
});

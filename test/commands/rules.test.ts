import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/context.js';
import { runRulesList, runRulesTest } from '../../src/commands/rules.js';
import { packagePath } from '../../src/io/paths.js';
import { loadPacks } from '../../src/load/pack.js';
import { InputError } from '../../src/model/errors.js';
import type { Pack } from '../../src/model/pack.js';

/** The commands run in the fixtures folder, so the team pack's files read team/<file>. */
const fixtures = fileURLToPath(new URL('../fixtures/rule-tests/', import.meta.url));

let out: string;
let err: string;
let context: CommandContext;
let team: Pack;
let builtin: Pack;

beforeAll(async () => {
  team = await loadPacks([join(fixtures, 'team')]);
  builtin = await loadPacks([]);
});

beforeEach(() => {
  out = '';
  err = '';
  context = {
    cwd: fixtures,
    now: new Date('2027-03-04T00:00:00Z'),
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
  };
});

/** The rows of one group of the text listing, heading excluded. */
function groupRows(text: string, heading: string): string[] {
  const block = text.trimEnd().split('\n\n').find((candidate) => candidate.startsWith(`${heading} (`));
  if (block === undefined) throw new Error(`no group ${heading}`);
  return block.split('\n').slice(1);
}

describe('rules list, text', () => {
  it('groups by kind in load order, counts each group, and names files relative to the working directory', async () => {
    expect(await runRulesList({ rules: ['team'], format: 'text' }, context)).toBe(0);
    expect(err).toBe('');
    const headings = out.split('\n').filter((line) => line !== '' && !line.startsWith(' '));
    expect(headings).toEqual([
      `questions (${team.questions.length})`,
      `rules (${team.rules.length})`,
      `checklist items (${team.checklist.length})`,
      `system rules (${team.systemRules.length})`,
      'switched off (1)',
    ]);
    const questions = groupRows(out, 'questions');
    expect(questions[0]).toMatch(/^ {2}id +pack +source +prompt$/);
    expect(questions.at(-1)).toMatch(/^ {2}pci_scope +payments-team +team\/pack\.yaml:7 +Does the call carry card data\?$/);
    // The built-in pack comes first, named relative to the fixtures folder, at each question's line.
    const [first] = builtin.questions;
    expect(questions[1]).toMatch(new RegExp(`^ {2}${first!.id} +builtin +\\.\\./\\.\\./\\.\\./rules/questions\\.yaml:${first!.location.line} +What kind of party starts this interaction\\?$`));
    expect(questions.find((row) => row.startsWith('  intent '))).toMatch(/^ {2}intent +builtin +\.\.\/\.\.\/\.\.\/rules\/questions\.yaml:\d+ +What is the caller doing here/);
    expect(groupRows(out, 'rules').at(-1)).toMatch(/^ {2}pci-leaves-the-organisation +payments-team +team\/pack\.yaml:30 +Card data that leaves the organisation is reviewed$/);
    expect(groupRows(out, 'switched off')).toEqual([expect.stringMatching(/^ {2}id +by pack +where$/), expect.stringMatching(/^ {2}spiky-load-buffer +payments-team +team\/pack\.yaml:4$/)]);
    // A switched-off rule is gone from the rules.
    expect(groupRows(out, 'rules').some((row) => row.includes('spiky-load-buffer '))).toBe(false);
  });

  it('aligns the columns of each group', async () => {
    await runRulesList({ rules: ['team'], format: 'text' }, context);
    for (const heading of ['questions', 'rules', 'checklist items', 'system rules']) {
      const rows = groupRows(out, heading);
      const header = rows[0] ?? '';
      for (const column of ['pack', 'source']) {
        const at = header.indexOf(` ${column} `) + 1;
        // Every row has a cell that starts exactly where the column's header does.
        for (const row of rows.slice(1)) expect(row[at - 1], `${heading}: ${row}`).toBe(' ');
        for (const row of rows.slice(1)) expect(row[at], `${heading}: ${row}`).not.toBe(' ');
      }
    }
  });

  it('leaves out the switched-off group when nothing is switched off', async () => {
    await runRulesList({ rules: [], format: 'text' }, context);
    expect(out).not.toContain('switched off');
    expect(out).toMatch(new RegExp(`^rules \\(${builtin.rules.length}\\)$`, 'm'));
  });
});

describe('rules list, json', () => {
  it('prints one JSON document with every entry, its pack and its location', async () => {
    expect(await runRulesList({ rules: ['team'], format: 'json' }, context)).toBe(0);
    expect(out.endsWith('}\n')).toBe(true);
    const document = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(['version', 'packs', 'questions', 'rules', 'checklist', 'system_rules', 'disabled']);
    expect(document['version']).toBe(1);
    expect(document['packs']).toEqual([
      { name: 'builtin', description: expect.any(String), dir: '../../../rules' },
      { name: 'payments-team', description: 'A team pack with its own question, rules and checklist item.', dir: 'team' },
    ]);
    const ids = (key: string) => (document[key] as { id: string }[]).map((entry) => entry.id);
    expect(ids('questions')).toEqual(team.questions.map((question) => question.id));
    expect(ids('rules')).toEqual(team.rules.map((rule) => rule.id));
    expect(ids('checklist')).toEqual(team.checklist.map((item) => item.id));
    expect(ids('system_rules')).toEqual(team.systemRules.map((rule) => rule.id));
    expect((document['questions'] as unknown[]).at(-1)).toEqual({
      id: 'pci_scope',
      title: 'Does the call carry card data?',
      pack: 'payments-team',
      location: { file: 'team/pack.yaml', line: 7, column: 5 },
    });
    expect((document['system_rules'] as { location: { file: string } }[])[0]?.location.file).toBe('../../../rules/system-rules.yaml');
    expect(document['disabled']).toEqual([{ id: 'spiky-load-buffer', pack: 'payments-team', location: { file: 'team/pack.yaml', line: 4, column: 13 } }]);
  });

  it('refuses a broken pack with an InputError (exit 2) and prints nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rules-list-'));
    try {
      await writeFile(join(dir, 'pack.yaml'), 'rules:\n  - id: x\n    title: X\n    when: { answer: intnet, eq: query }\n    recommend: { sync: yes }\n    reason: X.\n');
      const error = await runRulesList({ rules: [dir], format: 'json' }, context).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems[0]?.message).toBe('unknown question "intnet"');
      expect(out).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('rules test', () => {
  it('runs the built-in tests by default: every case passes and every built-in rule fires', async () => {
    expect(await runRulesTest([], {}, context)).toBe(0);
    expect(out).toContain('../../../rules/reference-cases.test.yaml\n  ✓ ');
    expect(out).not.toContain('✗');
    expect(out).toMatch(new RegExp(`\\n\\d+ passed, 0 failed\\nevery rule of the tested packs fires in at least one case \\(${builtin.rules.length} rules\\)\\n$`));
  });

  it("runs only the named folders' tests, every case of them", async () => {
    const cases = (parse(await readFile(join(fixtures, 'team', 'pci.test.yaml'), 'utf8')) as { cases: { name: string }[] }).cases;
    expect(await runRulesTest(['team'], {}, context)).toBe(0);
    const [report, summary] = out.split('\n\n');
    expect(report).toBe(['team/pci.test.yaml', ...cases.map((testCase) => `  ✓ ${testCase.name}`)].join('\n'));
    expect(summary).toMatch(new RegExp(`^${cases.length} passed, 0 failed\n`));
    expect(out).not.toContain('rules/');
  });

  it('lists the rules of the tested packs that no case fires', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rules-untested-'));
    try {
      await writeFile(
        join(dir, 'pack.yaml'),
        [
          'pack: { name: half-tested }',
          'rules:',
          '  - id: facts-are-events',
          '    title: Facts are events',
          '    when: { answer: intent, eq: fact }',
          '    recommend: { async: yes, mechanism: event }',
          '    reason: A fact is announced.',
          '  - id: long-work-is-queued',
          '    title: Long work is queued',
          '    when: { answer: duration, eq: long }',
          '    recommend: { async: yes, mechanism: queue }',
          '    reason: Long work waits in a queue.',
          '',
        ].join('\n'),
      );
      await writeFile(join(dir, 'facts.test.yaml'), 'cases:\n  - name: a fact\n    answers: { intent: fact }\n    expect: { fires: [facts-are-events] }\n');
      expect(await runRulesTest(['.'], {}, { ...context, cwd: dir })).toBe(0);
      expect(out).toBe(['facts.test.yaml', '  ✓ a fact', '', '1 passed, 0 failed', 'rules no test fires: long-work-is-queued', ''].join('\n'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 when a case fails, with the reasons under it and where the case is', async () => {
    expect(await runRulesTest(['failing'], {}, context)).toBe(1);
    expect(out).toContain(
      [
        '  ✓ a fact is published as an event',
        '  ✗ a long query waited for is made asynchronous (failing/reports.test.yaml:9:5)',
        '      expected style async, got hybrid',
        '      rule fact-as-event did not fire; fired: result-needed-now, long-work-in-a-request, reports-are-events',
        '',
        '1 passed, 1 failed',
      ].join('\n'),
    );
  });

  it('paints passes, failures, file names and locations with the paint it is given', async () => {
    const paint = { pass: (t: string) => `<p>${t}</p>`, fail: (t: string) => `<f>${t}</f>`, heading: (t: string) => `<h>${t}</h>`, dim: (t: string) => `<d>${t}</d>` };
    await runRulesTest(['failing'], { paint }, context);
    expect(out).toContain('<h>failing/reports.test.yaml</h>\n  <p>✓</p> a fact');
    expect(out).toContain('  <f>✗</f> a long query waited for is made asynchronous <d>(failing/reports.test.yaml:9:5)</d>');
    expect(out).toContain('<p>1 passed</p>, <f>1 failed</f>');
  });

  it('refuses an invalid test file before running any case, naming it relative to the working directory', async () => {
    const error = await runRulesTest(['broken'], {}, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((problem) => `${problem.location?.file}:${problem.location?.line}:${problem.location?.column}`)).toEqual([
      'broken/broken.test.yaml:3:24',
      'broken/broken.test.yaml:6:15',
      'broken/broken.test.yaml:8:5',
    ]);
    expect(out).toBe('');
  });

  it('tests the built-in folder when it is named, without loading it twice', async () => {
    expect(await runRulesTest([packagePath('rules'), 'failing'], {}, context)).toBe(1);
    expect(out).toContain('../../../rules/rules.test.yaml\n');
    expect(out).toContain('failing/reports.test.yaml\n');
    // Both packs are tested: the built-in rules and the failing pack's one.
    expect(out).toMatch(new RegExp(`\\nevery rule of the tested packs fires in at least one case \\(${builtin.rules.length + 1} rules\\)\\n$`));
  });

  it('refuses built-in tests that expect a rule a later pack switched off', async () => {
    const error = await runRulesTest([packagePath('rules'), 'team'], {}, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^rule "spiky-load-buffer" is switched off by pack payments-team \(team\/pack\.yaml:4:13\), so it can never fire$/),
    ]);
  });
});

afterEach(() => {
  // Diagnostics never go to stdout, and these commands write none.
  expect(err).toBe('');
});

/**
 * The files the fuzzer starts from: the example answers files, the answers files among the
 * test fixtures, the built-in rule pack and the rule pack fixtures (with their rule tests), and
 * the committed example ADR and golden ADRs, which decide and check read back. Everything is
 * read once from the repository and never written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseDocument, isMap, isSeq, isScalar } from 'yaml';
import type { Vocabulary } from './structure-mutations.js';

export interface SeedFile {
  name: string;
  text: string;
}

export interface AnswersSeed {
  /** Where it comes from, relative to the repository. */
  origin: string;
  text: string;
}

/** A rule pack folder: its pack files and its rule test files. */
export interface PackSeed {
  origin: string;
  files: SeedFile[];
  tests: SeedFile[];
}

/** An ADR as decide writes it, with the name it has in an ADR folder. */
export interface AdrSeed {
  origin: string;
  name: string;
  text: string;
}

export interface Seeds {
  answers: AnswersSeed[];
  packs: PackSeed[];
  /** The committed example ADR and the golden ADRs of each profile. */
  adrs: AdrSeed[];
  /** Pristine team pack for answers cases that also load one (its name and files). */
  teamPack: PackSeed;
  vocabulary: Vocabulary;
}

/** A pack file with nothing in it but a name, for folders that hold only rule tests. */
export const NAME_ONLY_PACK = 'pack:\n  name: fuzz-tests\n';

function listYaml(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name) && statSync(join(dir, name)).isFile())
    .sort();
}

function listDirs(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    found.push(path, ...listDirs(path));
  }
  return found;
}

const isTestFile = (name: string): boolean => /\.test\.ya?ml$/.test(name);

/**
 * A built-in pack file turned into a team pack that loads beside the built-in one: the ids it
 * defines get a prefix (references to built-in ids stay as they are and still resolve) and the
 * pack gets its own name. Comments and layout are kept.
 */
export function rebaseBuiltinFile(text: string): string {
  const document = parseDocument(text);
  const root: unknown = document.contents;
  if (!isMap(root)) return text;
  for (const section of ['questions', 'rules', 'checklist']) {
    const list: unknown = root.get(section);
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const id: unknown = item.get('id', true);
      if (isScalar(id) && typeof id.value === 'string') id.value = section === 'questions' ? `team_${id.value}` : `team-${id.value}`;
    }
  }
  const block: unknown = root.get('pack');
  if (isMap(block)) block.set('name', document.createNode('team'));
  return document.toString();
}

function vocabularyOf(builtinDir: string): Vocabulary {
  const questions = new Map<string, string[]>();
  const rules: string[] = [];
  const checklist: string[] = [];
  const systemRules: string[] = [];
  for (const name of listYaml(builtinDir).filter((file) => !isTestFile(file))) {
    const data = parse(readFileSync(join(builtinDir, name), 'utf8')) as Record<string, { id: string; type?: string; answers?: string[] }[] | undefined> | null;
    for (const question of data?.['questions'] ?? []) questions.set(question.id, question.type === 'choice' ? (question.answers ?? []) : ['yes', 'no']);
    for (const rule of data?.['rules'] ?? []) rules.push(rule.id);
    for (const item of data?.['checklist'] ?? []) checklist.push(item.id);
    for (const rule of data?.['system_rules'] ?? []) systemRules.push(rule.id);
  }
  return { questions, rules, checklist, systemRules };
}

/** An answers file says which version it is written for; other YAML fixtures do not. */
const isAnswersText = (text: string): boolean => /^version:\s*\S/m.test(text);

export function readSeeds(root: string): Seeds {
  const show = (path: string): string => relative(root, path).split('\\').join('/');
  const answers: AnswersSeed[] = [];
  const packs: PackSeed[] = [];

  const answerDirs = [join(root, 'examples'), ...listDirs(join(root, 'examples')), join(root, 'test', 'fixtures'), ...listDirs(join(root, 'test', 'fixtures'))];
  for (const dir of answerDirs) {
    for (const name of listYaml(dir)) {
      const path = join(dir, name);
      const text = readFileSync(path, 'utf8');
      if (!isTestFile(name) && isAnswersText(text)) answers.push({ origin: show(path), text });
    }
  }

  const builtinDir = join(root, 'rules');
  for (const name of listYaml(builtinDir)) {
    const text = readFileSync(join(builtinDir, name), 'utf8');
    if (isTestFile(name)) {
      packs.push({ origin: `rules/${name}`, files: [{ name: 'pack.yaml', text: NAME_ONLY_PACK }], tests: [{ name, text }] });
    } else {
      packs.push({ origin: `rules/${name} (as a team pack)`, files: [{ name, text: rebaseBuiltinFile(text) }], tests: [] });
    }
  }

  const packRoots = ['packs', 'rule-tests', join('fuzz', 'packs')].map((dir) => join(root, 'test', 'fixtures', dir));
  for (const packRoot of packRoots) {
    let dirs: string[];
    try {
      dirs = listDirs(packRoot);
    } catch {
      continue;
    }
    for (const dir of dirs) {
      const names = listYaml(dir);
      const files = names.filter((name) => !isTestFile(name)).map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
      const tests = names.filter(isTestFile).map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
      // Sub-folders of a pack are not part of it, and answers files are seeds of their own.
      if (files.length === 0 || files.every((file) => isAnswersText(file.text))) continue;
      packs.push({ origin: show(dir), files, tests });
    }
  }

  const adrs: AdrSeed[] = [];
  for (const dir of listDirs(join(root, 'examples')).filter((path) => path.endsWith('decisions'))) {
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.md')).sort()) adrs.push({ origin: show(join(dir, name)), name, text: readFileSync(join(dir, name), 'utf8') });
  }
  // The goldens are named as their profile names files in an ADR folder.
  const goldens: [string, string][] = [
    ['adr-madr.md', '0001-checkout-and-order-communication.md'],
    ['adr-nygard.md', '0007-checkout-and-order-communication.md'],
    ['adr-log4brains.md', '20261122-checkout-and-order-communication.md'],
  ];
  for (const [golden, name] of goldens) adrs.push({ origin: `test/golden/${golden}`, name, text: readFileSync(join(root, 'test', 'golden', golden), 'utf8') });

  const teamPack = packs.find((pack) => pack.origin === 'test/fixtures/packs/team');
  if (teamPack === undefined) throw new Error('the team pack fixture (test/fixtures/packs/team) is missing');
  return { answers, packs, adrs, teamPack, vocabulary: vocabularyOf(builtinDir) };
}

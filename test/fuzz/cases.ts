/**
 * One fuzz case: a seed file, a few mutations of it, the other files of its workspace and the
 * command run on them. A case is a pure function of the run's seed and the case number, so
 * `--seed S --case K` gives back exactly the same files and command.
 */
import { createRandom } from './random.js';
import type { Random } from './random.js';
import type { PackSeed, Seeds } from './seeds.js';
import { mutateStructure } from './structure-mutations.js';
import { BYTE_MUTATIONS, TEXT_MUTATIONS } from './text-mutations.js';

/** What the command is, for the contract: which exit codes it may end with, what it may write. */
export type CommandKind =
  | 'decide-dir'
  | 'decide-stdout'
  | 'decide-json'
  | 'check'
  | 'check-adr'
  | 'check-reports'
  | 'upgrade-stdout'
  | 'upgrade-in-place'
  | 'rules-list'
  | 'rules-test'
  | 'decide-supersede'
  | 'adr-index'
  | 'adr-index-write';

export interface FuzzFile {
  /** Relative to the workspace, with forward slashes. */
  path: string;
  content: string | Uint8Array;
}

export interface FuzzCase {
  seed: number;
  index: number;
  /** The seed file and what was done to it, for reports. */
  origin: string;
  mutated: string;
  mutations: string[];
  command: CommandKind;
  argv: string[];
  files: FuzzFile[];
  /**
   * The ADR directory holds the ADR that decide writes from this (unmutated) answers text, so
   * that check --adr has a committed ADR to compare with and decide has one to update.
   */
  committedAdrFrom?: string;
  /** Paths (files or folders, relative to the workspace) the command may change when it succeeds. */
  writes: string[];
}

export const ANSWERS = 'answers.yaml';
export const PACK_DIR = 'pack';
export const TEAM_DIR = 'team';
export const ADR_DIR = 'adr';
export const REPORTS_DIR = 'reports';

/** The exit codes each command may end with. */
export const ALLOWED_CODES: Record<CommandKind, readonly number[]> = {
  'decide-dir': [0, 2],
  'decide-stdout': [0, 2],
  'decide-json': [0, 2],
  check: [0, 1, 2],
  'check-adr': [0, 1, 2],
  'check-reports': [0, 1, 2],
  'upgrade-stdout': [0, 2],
  'upgrade-in-place': [0, 2],
  'rules-list': [0, 2],
  'rules-test': [0, 1, 2],
  'decide-supersede': [0, 2],
  'adr-index': [0, 2],
  'adr-index-write': [0, 2],
};

/** Applies 1 to 4 mutations, mostly of the text, some of the structure, rarely of the bytes. */
function mutate(text: string, random: Random, seeds: Seeds, others: readonly string[]): { content: string | Uint8Array; names: string[] } {
  const names: string[] = [];
  let current = text;
  // A quarter of the cases change only what a file means, in ways that mostly keep it valid,
  // so that decisions, findings and every renderer see odd but accepted input too.
  if (random.chance(0.25)) {
    for (let round = random.between(1, 2); round > 0; round -= 1) {
      const mutated = mutateStructure(current, random, seeds.vocabulary, { gentle: true });
      if (mutated === undefined) break;
      current = mutated.text;
      names.push(`structure:${mutated.name}`);
    }
    if (names.length > 0) return { content: current, names };
  }
  const rounds = random.weighted([
    [5, 1],
    [3, 2],
    [2, 3],
    [1, 4],
  ] as const);
  // Structure mutations come before text ones: the YAML library they parse with is slow on
  // some broken text (long runs of nested flow collections), and damaged text is the text
  // mutations' business anyway.
  let parsable = true;
  for (let round = 0; round < rounds; round += 1) {
    if (parsable && random.chance(0.4)) {
      const mutated = mutateStructure(current, random, seeds.vocabulary);
      if (mutated !== undefined) {
        current = mutated.text;
        names.push(`structure:${mutated.name}`);
        continue;
      }
    }
    parsable = false;
    const mutation = random.weighted(TEXT_MUTATIONS.map((candidate) => [candidate.weight, candidate] as const));
    current = mutation.apply(current, random, others);
    names.push(`text:${mutation.name}`);
  }
  // Keep generated files within what a case can afford to write and read many times.
  if (current.length > 2_000_000) {
    current = current.slice(0, 2_000_000);
    names.push('text:truncate-to-2MB');
  }
  if (random.chance(0.04)) {
    const mutation = random.pick(BYTE_MUTATIONS);
    names.push(`bytes:${mutation.name}`);
    return { content: mutation.apply(new TextEncoder().encode(current), random), names };
  }
  return { content: current, names };
}

function packFiles(dir: string, pack: PackSeed, withTests: boolean): FuzzFile[] {
  return [...pack.files, ...(withTests ? pack.tests : [])].map((file) => ({ path: `${dir}/${file.name}`, content: file.text }));
}

function answersCase(random: Random, seeds: Seeds, base: Pick<FuzzCase, 'seed' | 'index'>): FuzzCase {
  const seed = random.pick(seeds.answers);
  const others = seeds.answers.filter((other) => other !== seed).map((other) => other.text);
  const { content, names } = mutate(seed.text, random, seeds, others);
  const files: FuzzFile[] = [{ path: ANSWERS, content }];
  const command = random.weighted<CommandKind>([
    [3, 'decide-dir'],
    [2, 'decide-stdout'],
    [2, 'decide-json'],
    [1, 'check'],
    [2, 'check-adr'],
    [1, 'check-reports'],
    [1, 'upgrade-stdout'],
    [1, 'upgrade-in-place'],
  ]);
  const argv: string[] = [];
  let committedAdrFrom: string | undefined;
  let writes: string[] = [];
  switch (command) {
    case 'decide-dir':
      argv.push('decide', ANSWERS, '--dir', ADR_DIR);
      if (random.chance(0.6)) committedAdrFrom = seed.text;
      writes = [ADR_DIR];
      break;
    case 'decide-stdout':
      argv.push('decide', ANSWERS, '--stdout');
      if (random.chance(0.4)) argv.push('--profile', random.pick(['madr', 'nygard', 'log4brains']));
      break;
    case 'decide-json':
      argv.push('decide', ANSWERS, '--format', 'json');
      break;
    case 'check':
      argv.push('check', ANSWERS);
      break;
    case 'check-adr':
      argv.push('check', ANSWERS, '--adr', ADR_DIR);
      committedAdrFrom = seed.text;
      break;
    case 'check-reports':
      argv.push('check', ANSWERS, '--format', 'json', '--format', `sarif=${REPORTS_DIR}/check.sarif`, '--format', `junit=${REPORTS_DIR}/junit.xml`);
      argv.push('--require-checklist', '--fail-severity', random.pick(['error', 'warning', 'info']));
      writes = [REPORTS_DIR];
      break;
    case 'upgrade-stdout':
      argv.push('upgrade', ANSWERS, '--stdout');
      break;
    default:
      argv.push('upgrade', ANSWERS);
      writes = [ANSWERS];
  }
  // Now and then the answers are read with a team pack too, or under a small size limit.
  if (command !== 'upgrade-in-place' && random.chance(0.15)) {
    files.push(...packFiles(TEAM_DIR, seeds.teamPack, false));
    argv.push('--rules', TEAM_DIR);
  }
  if (random.chance(0.03)) argv.push('--max-size', random.pick(['1KB', '4KB', '64KB']));
  const fuzzCase: FuzzCase = { ...base, origin: seed.origin, mutated: ANSWERS, mutations: names, command, argv, files, writes };
  if (committedAdrFrom !== undefined) fuzzCase.committedAdrFrom = committedAdrFrom;
  return fuzzCase;
}

function packCase(random: Random, seeds: Seeds, base: Pick<FuzzCase, 'seed' | 'index'>): FuzzCase {
  const pack = random.pick(seeds.packs);
  const candidates = [...pack.files, ...pack.tests];
  const target = random.pick(candidates);
  const testing = pack.tests.includes(target) || (pack.tests.length > 0 && random.chance(0.4));
  const others = seeds.packs.flatMap((other) => [...other.files, ...other.tests]).filter((file) => file !== target).map((file) => file.text);
  const { content, names } = mutate(target.text, random, seeds, others);
  const files = packFiles(PACK_DIR, pack, testing).map((file) => (file.path === `${PACK_DIR}/${target.name}` ? { path: file.path, content } : file));
  const answers = seeds.answers.find((seed) => seed.origin === 'examples/checkout/answers.yaml') ?? seeds.answers[0]!;
  let command: CommandKind;
  const argv: string[] = [];
  let writes: string[] = [];
  let committedAdrFrom: string | undefined;
  if (testing) {
    command = 'rules-test';
    argv.push('rules', 'test', PACK_DIR);
  } else {
    command = random.weighted<CommandKind>([
      [3, 'rules-list'],
      [2, 'decide-stdout'],
      [1, 'decide-dir'],
      [1, 'decide-json'],
      [1, 'check'],
    ]);
    switch (command) {
      case 'rules-list':
        argv.push('rules', 'list', '--rules', PACK_DIR);
        if (random.chance(0.4)) argv.push('--format', 'json');
        break;
      case 'decide-stdout':
        argv.push('decide', ANSWERS, '--rules', PACK_DIR, '--stdout');
        break;
      case 'decide-dir':
        argv.push('decide', ANSWERS, '--rules', PACK_DIR, '--dir', ADR_DIR);
        committedAdrFrom = answers.text;
        writes = [ADR_DIR];
        break;
      case 'decide-json':
        argv.push('decide', ANSWERS, '--rules', PACK_DIR, '--format', 'json');
        break;
      default:
        argv.push('check', ANSWERS, '--rules', PACK_DIR, '--format', random.pick(['stylish', 'json', 'sarif', 'github', 'junit', 'markdown']));
    }
    if (argv[0] !== 'rules') files.push({ path: ANSWERS, content: answers.text });
  }
  const fuzzCase: FuzzCase = { ...base, origin: `${pack.origin}: ${target.name}`, mutated: `${PACK_DIR}/${target.name}`, mutations: names, command, argv, files, writes };
  if (committedAdrFrom !== undefined) fuzzCase.committedAdrFrom = committedAdrFrom;
  return fuzzCase;
}

/**
 * A committed ADR damaged (its front matter, title, status lines and decision id are what the
 * commands read back), beside the example's answers, sometimes with a second ADR or an index.
 */
function adrCase(random: Random, seeds: Seeds, base: Pick<FuzzCase, 'seed' | 'index'>): FuzzCase {
  const adr = random.pick(seeds.adrs);
  const others = seeds.adrs.filter((other) => other !== adr).map((other) => other.text);
  const { content, names } = mutate(adr.text, random, seeds, others);
  const answers = seeds.answers.find((seed) => seed.origin === 'examples/checkout/answers.yaml') ?? seeds.answers[0]!;
  const name = random.chance(0.85) ? adr.name : random.pick(['0002-other.md', '0001-other.md', '20260101-other.md', 'notes.md', '0001-.md', '9999-x.MD']);
  const files: FuzzFile[] = [
    { path: ANSWERS, content: answers.text },
    { path: `${ADR_DIR}/${name}`, content },
  ];
  if (random.chance(0.2)) {
    const second = random.pick(seeds.adrs);
    files.push({ path: `${ADR_DIR}/${random.pick(['0002-second.md', '0001-second.md', '20261121-second.md', second.name])}`, content: second.text });
  }
  // An index written by hand or by an earlier version (index.md), or by this one (README.markdown):
  // the names of src/commands/adr-index.ts, written out because this file is also compiled alone
  // for `npm run fuzz`.
  if (random.chance(0.1)) {
    const index = random.pick(['index.md', 'README.markdown']);
    files.push({ path: `${ADR_DIR}/${index}`, content: random.pick(['# Decisions\n', '<!-- written by sync-or-async adr index -->\n# Index\n']) });
  }
  const unique = [...new Map(files.map((file) => [file.path, file])).values()];
  const command = random.weighted<CommandKind>([
    [3, 'decide-dir'],
    [1, 'decide-supersede'],
    [3, 'check-adr'],
    [2, 'adr-index'],
    [1, 'adr-index-write'],
  ]);
  const argv: string[] = [];
  let writes: string[] = [];
  switch (command) {
    case 'decide-dir':
      argv.push('decide', ANSWERS, '--dir', ADR_DIR);
      if (random.chance(0.3)) argv.push('--profile', random.pick(['madr', 'nygard', 'log4brains']));
      writes = [ADR_DIR];
      break;
    case 'decide-supersede': {
      // An older decision beside it, so that the old ADR marked is sometimes the damaged one
      // and sometimes another.
      const older = random.pick(seeds.adrs);
      unique.push({ path: `${ADR_DIR}/0002-older-decision.md`, content: older.text.replaceAll('checkout-and-order-communication', 'older-decision') });
      const number = /^(\d{4})-/.exec(name)?.[1];
      argv.push('decide', ANSWERS, '--dir', ADR_DIR, '--supersedes', random.pick([number === undefined ? name.replace(/\.md$/i, '') : String(Number(number)), '2', '0002-older-decision', '3']));
      writes = [ADR_DIR];
      break;
    }
    case 'check-adr':
      argv.push('check', ANSWERS, '--adr', random.chance(0.7) ? ADR_DIR : `${ADR_DIR}/${name}`);
      break;
    case 'adr-index':
      argv.push('adr', 'index', '--dir', ADR_DIR, '--stdout');
      break;
    default:
      argv.push('adr', 'index', '--dir', ADR_DIR);
      // It writes its index, and removes an index.md that an earlier version wrote.
      writes = [`${ADR_DIR}/README.markdown`, `${ADR_DIR}/index.md`];
  }
  return { ...base, origin: adr.origin, mutated: `${ADR_DIR}/${name}`, mutations: names, command, argv, files: unique, writes };
}

/** Case `index` of the run started with `seed`: mostly answers files, then packs, then ADRs read back. */
export function generateCase(seeds: Seeds, seed: number, index: number): FuzzCase {
  const random = createRandom(seed, index);
  const base = { seed, index };
  const roll = random.next();
  if (roll < 0.6) return answersCase(random, seeds, base);
  if (roll < 0.88) return packCase(random, seeds, base);
  return adrCase(random, seeds, base);
}

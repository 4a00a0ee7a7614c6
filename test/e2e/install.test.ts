/**
 * The package as a team adds it to its own repository, following the README's "Use it in your
 * repository": packed into a tarball, installed into a fresh project as a development
 * dependency, and run there with npx; and installed from the repository's git URL, which builds
 * it on install. npm reaches the registry for the dependencies (its cache, filled by npm ci,
 * serves them when it can).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from './cli.js';

const IN_CI = process.env['CI'] === 'true';
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const tarballName = `sync-or-async-${version}.tgz`;

interface Shell {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without what `npm test` sets for its own scripts, which would steer the inner npm. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith('npm_') && name !== 'INIT_CWD') env[name] = value;
  }
  return env;
}

function sh(command: string, cwd: string, timeout = 240_000): Shell {
  const result = spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', env: cleanEnv(), timeout, input: '' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOk(result: Shell, what: string): void {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
}

/** The commands of the README's "Use it in your repository" block, comments taken off. */
function readmeCommands(): { pack: string[]; project: string[] } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split('\n## Use it in your repository\n')[1]?.split('\n## ')[0];
  if (section === undefined) throw new Error('README.md has no "Use it in your repository" section');
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('the "Use it in your repository" section has no sh block');
  const [packPart = '', projectPart = ''] = block.split(/\n(?=# In your repository)/);
  const commands = (part: string): string[] =>
    part
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  return { pack: commands(packPart), project: commands(projectPart) };
}

let work: string;
let tarball: string;

beforeAll(async () => {
  ensureBuilt();
  work = await mkdtemp(join(tmpdir(), 'install-'));
  const packDir = join(work, 'pack');
  await mkdir(packDir);
  // `npm pack` as the README says, without its build step: the suite runs on a fresh build, and
  // rebuilding dist here would pull it from under the tests running beside this one.
  expectOk(sh(`npm pack --ignore-scripts --pack-destination ${JSON.stringify(packDir)}`, root), 'npm pack');
  tarball = join(packDir, tarballName);
}, 120_000);

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('the README says how to make and install the package', () => {
  it('makes it with npm pack in a clone, under the name the install line gives', () => {
    const { pack, project } = readmeCommands();
    expect(pack).toEqual(['npm ci && npm pack']);
    expect(project[0]).toBe(`npm install --save-dev path/to/${tarballName}`);
  });

  it('packs the CLI, its rules, templates, schemas, README and licence, and nothing of the sources or tests', () => {
    const listed = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (const file of ['package/bin/sync-or-async.js', 'package/dist/cli/main.js', 'package/rules/rules.yaml', 'package/templates/madr.md.mustache', 'package/schema/answers.schema.json', 'package/README.md', 'package/LICENSE', 'package/package.json']) {
      expect(listed).toContain(file);
    }
    expect(listed.filter((file) => /^package\/(src|test|scripts|examples|tmp)/.test(file))).toEqual([]);
  });
});

describe('publishing', () => {
  it('passes npm publish --dry-run with nothing to correct, and the metadata a registry page shows', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'sync-or-async', license: 'MIT', bin: { 'sync-or-async': 'bin/sync-or-async.js' }, engines: { node: '>=20' } });
    expect(manifest['keywords']).toEqual(expect.arrayContaining(['adr', 'architecture']));
    expect(manifest['private']).toBeUndefined();
    // No registry login here: the dry run reports that, and nothing else may be wrong.
    const result = sh('npm publish --dry-run --ignore-scripts', root);
    expectOk(result, 'npm publish --dry-run');
    const warnings = result.stderr.split('\n').filter((line) => /\bwarn\b/.test(line) && !/requires you to be logged in/.test(line));
    expect(warnings).toEqual([]);
    expect(result.stderr).toContain(`sync-or-async@${version}`);
  });
});

describe('installed from the tarball into a fresh project', () => {
  let project: string;

  beforeAll(async () => {
    project = join(work, 'project');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'their-system', version: '1.0.0', private: true }, null, 2)}\n`);
  });

  it("runs the README's commands there: install, init, decide and check", async () => {
    const { project: commands } = readmeCommands();
    for (const command of commands) {
      const run = command.startsWith('npm install') ? `${command.replace(`path/to/${tarballName}`, JSON.stringify(tarball))} --prefer-offline --no-audit --no-fund` : command;
      const result = sh(run, project);
      expectOk(result, run);
      if (command.includes(' check ')) {
        expect(result.stdout).not.toContain('adr-drift');
        expect(result.stdout).toMatch(/1 interaction/);
      }
    }
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    expect(manifest.devDependencies?.['sync-or-async']).toMatch(new RegExp(`${tarballName.replace(/\./g, '\\.')}$`));
    expect(await readdir(join(project, 'docs', 'decisions'))).toEqual([expect.stringMatching(/^0001-.+\.md$/)]);
  }, 300_000);

  it('runs the installed copy: its version, and a modeline that points into node_modules at a schema that is there', async () => {
    expect(sh('npx sync-or-async --version', project).stdout.trim()).toBe(version);
    const text = await readFile(join(project, 'sync-or-async.yaml'), 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(.+)$/m.exec(text.split('\n')[0] ?? '');
    expect(modeline?.[1]).toBe('node_modules/sync-or-async/schema/answers.schema.json');
    expect(JSON.parse(await readFile(join(project, modeline?.[1] ?? ''), 'utf8'))).toMatchObject({ title: expect.stringContaining('answers file') });
  });

  it('decides the bundled example there and finds its own ADR up to date on the second run', async () => {
    await writeFile(join(project, 'answers.yaml'), readFileSync(join(root, 'examples', 'checkout', 'answers.yaml')));
    expectOk(sh('npx sync-or-async decide answers.yaml --dir adr', project), 'decide');
    const second = sh('npx sync-or-async decide answers.yaml --dir adr', project);
    expectOk(second, 'decide again');
    expect(`${second.stdout}${second.stderr}`).toMatch(/up to date/);
    expect(await readFile(join(project, 'adr', '0001-checkout-and-order-communication.md'), 'utf8')).toBe(
      readFileSync(join(root, 'examples', 'checkout', 'decisions', '0001-checkout-and-order-communication.md'), 'utf8').replace(
        /examples\/checkout\/answers\.yaml/g,
        'answers.yaml',
      ),
    );
  });
});

describe.runIf(existsSync(join(root, '.git')) || IN_CI)('installed from the git URL of the repository', () => {
  it('builds itself on install and runs', async () => {
    const project = join(work, 'from-git');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'their-other-system', version: '1.0.0', private: true }, null, 2)}\n`);
    expectOk(sh(`npm install --save-dev ${JSON.stringify(`git+file://${root}`)} --prefer-offline --no-audit --no-fund`, project, 480_000), 'npm install from git');
    expect(existsSync(join(project, 'node_modules', 'sync-or-async', 'dist', 'cli', 'main.js'))).toBe(true);
    expect(sh('npx sync-or-async --version', project).stdout.trim()).toBe(version);
    const init = sh('npx sync-or-async init && npx sync-or-async decide sync-or-async.yaml --stdout', project);
    expectOk(init, 'init and decide');
    expect(init.stdout).toMatch(/^# /m);
  }, 600_000);
});

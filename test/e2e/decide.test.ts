/**
 * End-to-end runs of the built binary in a temporary directory: what a user sees and what ends
 * up on disk.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { bin, ensureBuilt, listFiles, root, runCli } from './cli.js';
import type { Run } from './cli.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const example = join(root, 'examples', 'checkout', 'answers.yaml');
const fixture = existsSync(example) ? example : join(root, 'test', 'fixtures', 'decide', 'answers.yaml');
const answersText = readFileSync(fixture, 'utf8');
const title = /^title: (.+)$/m.exec(answersText)?.[1] ?? '';
const slug = (title.toLowerCase().match(/[a-z0-9]+/g) ?? []).join('-');
const adrName = `0001-${slug}.md`;

beforeAll(ensureBuilt, 120_000);

let cwd: string;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'decide-e2e-'));
  await writeFile(join(cwd, 'answers.yaml'), answersText);
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function run(args: string[], directory = cwd, env: Record<string, string> = {}): Run {
  return runCli(args, directory, env);
}

/** Every file below cwd except the answers file, with its content. */
async function snapshotOutputs(directory = cwd): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const path of listFiles(directory)) {
    const name = relative(directory, path).split('\\').join('/');
    if (name !== 'answers.yaml') files[name] = await readFile(path, 'utf8');
  }
  return files;
}

describe('decide writes the ADR', () => {
  it('writes docs/decisions/0001-<slug>.md and says so on stderr', async () => {
    const result = run(['decide', 'answers.yaml']);
    expect(result.stderr).toMatch(new RegExp(`^wrote docs/decisions/${adrName}: \\d+ interactions? \\(.+\\), \\d+ findings?`));
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(Object.keys(await snapshotOutputs())).toEqual([`docs/decisions/${adrName}`]);
    const adr = await readFile(join(cwd, 'docs/decisions', adrName), 'utf8');
    expect(adr).toContain(`# ${title}`);
    expect(adr).toMatch(/^decision-id: /m);
    expect(adr).not.toContain('\u001b[');
  });

  it('updates the same file with identical bytes on a second run', async () => {
    expect(run(['decide', 'answers.yaml']).status).toBe(0);
    const first = await snapshotOutputs();
    expect(run(['decide', 'answers.yaml']).status).toBe(0);
    expect(await snapshotOutputs()).toEqual(first);
  });

  it('keeps the file name and number when the title changes', async () => {
    expect(run(['decide', 'answers.yaml']).status).toBe(0);
    const id = /^decision-id: (.+)$/m.exec(await readFile(join(cwd, 'docs/decisions', adrName), 'utf8'))?.[1];
    const renamed = answersText.replace(/^title: .+$/m, `id: ${id}\ntitle: A renamed decision`);
    await writeFile(join(cwd, 'answers.yaml'), renamed);
    const result = run(['decide', 'answers.yaml']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`wrote docs/decisions/${adrName}`);
    expect(await readdir(join(cwd, 'docs/decisions'))).toEqual([adrName]);
    expect(await readFile(join(cwd, 'docs/decisions', adrName), 'utf8')).toContain('# A renamed decision');
  });

  it('uses an existing docs/adr directory', async () => {
    await mkdir(join(cwd, 'docs/adr'), { recursive: true });
    const result = run(['decide', 'answers.yaml']);
    expect(result.status).toBe(0);
    expect(Object.keys(await snapshotOutputs())).toEqual([`docs/adr/${adrName}`]);
  });

  it('writes into --dir, numbering after the ADRs already there and leaving them alone', async () => {
    await mkdir(join(cwd, 'architecture'));
    await writeFile(join(cwd, 'architecture/0001-use-adrs.md'), '# Use ADRs\n');
    await writeFile(join(cwd, 'architecture/0004-pick-a-database.md'), '# Pick a database\n');
    const result = run(['decide', 'answers.yaml', '--dir', 'architecture']);
    expect(result.status).toBe(0);
    expect(await readdir(join(cwd, 'architecture'))).toEqual(['0001-use-adrs.md', '0004-pick-a-database.md', `0005-${slug}.md`]);
    expect(await readFile(join(cwd, 'architecture/0001-use-adrs.md'), 'utf8')).toBe('# Use ADRs\n');
  });

  it('does not clobber a pre-existing ADR of the same name that it did not write', async () => {
    const mine = '# Written by hand\n\nNot generated.\n';
    await mkdir(join(cwd, 'docs/decisions'), { recursive: true });
    await writeFile(join(cwd, 'docs/decisions', adrName), mine);
    const result = run(['decide', 'answers.yaml']);
    expect(result.status).toBe(0);
    expect(await readFile(join(cwd, 'docs/decisions', adrName), 'utf8')).toBe(mine);
    expect(result.stderr).toContain(`wrote docs/decisions/0002-${slug}.md`);
    expect((await readdir(join(cwd, 'docs/decisions'))).sort()).toEqual([adrName, `0002-${slug}.md`]);
  });

  it('writes the same bytes in two separate directories', async () => {
    const other = await mkdtemp(join(tmpdir(), 'decide-e2e-other-'));
    try {
      await writeFile(join(other, 'answers.yaml'), answersText);
      expect(run(['decide', 'answers.yaml']).status).toBe(0);
      expect(run(['decide', 'answers.yaml'], other).status).toBe(0);
      expect(await snapshotOutputs(other)).toEqual(await snapshotOutputs());
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('names log4brains files by date and keeps Nygard files in place on re-runs', async () => {
    const date = /^date: (\d{4})-(\d{2})-(\d{2})$/m.exec(answersText);
    const log4brains = run(['decide', 'answers.yaml', '--profile', 'log4brains', '--dir', 'l4b']);
    expect(log4brains.status).toBe(0);
    const [name] = await readdir(join(cwd, 'l4b'));
    expect(name).toMatch(new RegExp(`^${date ? date.slice(1).join('') : '\\d{8}'}-${slug}\\.md$`));
    expect(await readFile(join(cwd, 'l4b', name ?? ''), 'utf8')).toMatch(/<!-- decision-id: .+ -->\n$/);

    expect(run(['decide', 'answers.yaml', '--profile', 'nygard', '--dir', 'doc/adr']).status).toBe(0);
    const first = await snapshotOutputs();
    expect(run(['decide', 'answers.yaml', '--profile', 'nygard', '--dir', 'doc/adr']).status).toBe(0);
    expect(await snapshotOutputs()).toEqual(first);
    expect(await readFile(join(cwd, 'doc/adr', adrName), 'utf8')).toMatch(/^# 1\. /);
  });
});

describe('decide prints instead of writing', () => {
  it('--stdout prints the ADR and writes nothing', async () => {
    const result = run(['decide', 'answers.yaml', '--stdout']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(await snapshotOutputs()).toEqual({});
    expect(run(['decide', 'answers.yaml']).status).toBe(0);
    expect(result.stdout).toBe(await readFile(join(cwd, 'docs/decisions', adrName), 'utf8'));
  });

  it('--format json prints one JSON document and writes nothing', async () => {
    const result = run(['decide', 'answers.yaml', '--format', 'json']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const document = JSON.parse(result.stdout) as { interactions?: unknown[] };
    expect(typeof document).toBe('object');
    expect(result.stdout.endsWith('}\n')).toBe(true);
    expect(await snapshotOutputs()).toEqual({});
  });
});

describe('decide refuses bad input and unusable output', () => {
  it('exits 2 on an invalid answers file, pointing at the line, and writes nothing', async () => {
    const lines = answersText.split('\n');
    const index = lines.findIndex((line) => /^\s+when_down: \w+$/.test(line));
    lines[index] = (lines[index] ?? '').replace(/when_down: \w+/, 'when_down: fail_close');
    await writeFile(join(cwd, 'answers.yaml'), lines.join('\n'));
    const result = run(['decide', 'answers.yaml']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^answers\\.yaml:${index + 1}:\\d+ error interactions\\[\\d+\\]\\.answers\\.when_down: .+\\n {2}hint: .*fail_closed`, 'm'),
    );
    expect(await snapshotOutputs()).toEqual({});
  });

  it('exits 2 when the answers file is missing', () => {
    const result = run(['decide', 'missing.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/missing\.yaml/);
  });

  it('exits 2 when --dir is a file, and leaves the file alone', async () => {
    await writeFile(join(cwd, 'adr'), 'a file');
    const result = run(['decide', 'answers.yaml', '--dir', 'adr']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: cannot use adr as the ADR directory: it is a file\n {2}hint: /);
    expect(await readFile(join(cwd, 'adr'), 'utf8')).toBe('a file');
  });

  it('exits 2 when docs/decisions is a file', async () => {
    await mkdir(join(cwd, 'docs'));
    await writeFile(join(cwd, 'docs/decisions'), 'a file');
    const result = run(['decide', 'answers.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/docs\/decisions/);
    expect(await snapshotOutputs()).toEqual({ 'docs/decisions': 'a file' });
  });

  it('exits 2 on an unknown option without touching anything', async () => {
    const result = run(['decide', 'answers.yaml', '--colour']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown option/);
    expect(await snapshotOutputs()).toEqual({});
  });
});

describe('colour', () => {
  it('colours errors only when FORCE_COLOR asks for it on a pipe, and never with NO_COLOR alone', () => {
    expect(run(['decide', 'missing.yaml']).stderr).not.toContain('\u001b[');
    expect(run(['decide', 'missing.yaml'], cwd, { NO_COLOR: '1' }).stderr).not.toContain('\u001b[');
    expect(run(['decide', 'missing.yaml'], cwd, { FORCE_COLOR: '1' }).stderr).toContain('\u001b[');
    expect(run(['decide', 'missing.yaml', '--no-color'], cwd, { FORCE_COLOR: '1' }).stderr).not.toContain('\u001b[');
  });
});

describe('version', () => {
  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(run(['-V']).stdout).toBe(`${version}\n`);
  });
});

describe('decide --stdout into a reader that stops early', () => {
  it('ends quietly when the pipe closes, as with | head', async () => {
    // Enough interactions that the ADR is still being written when the reader goes away.
    const dir = await mkdtemp(join(tmpdir(), 'sync-or-async-pipe-'));
    const interactions = Array.from({ length: 400 }, (_, index) =>
      [`  - id: call-${index}`, `    from: s${index}`, `    to: s${index + 1}`, '    summary: A call', '    answers: { intent: query, caller_needs: result }'].join('\n'),
    );
    await writeFile(join(dir, 'answers.yaml'), ['version: 2', 'title: Many calls', 'context: c', 'interactions:', ...interactions, ''].join('\n'));
    const child = spawn(process.execPath, [bin, 'decide', 'answers.yaml', '--stdout'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await rm(dir, { recursive: true, force: true });
    expect(stderr).not.toContain('EPIPE');
    expect(status).toBe(0);
  });
});

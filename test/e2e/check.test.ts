/**
 * check through the built binary, run the way the documented GitHub Actions workflow runs it:
 * the commands are read from docs/ci/github-actions.yml, so the documentation cannot drift
 * from what is tested.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, listFiles, root, runCli } from './cli.js';

beforeAll(ensureBuilt, 120_000);

const workflow = parse(await readFile(join(root, 'docs/ci/github-actions.yml'), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
/** The sync-or-async commands of the workflow, as argument lists. */
const commands = Object.values(workflow.jobs)
  .flatMap((job) => job.steps)
  .map((step) => step.run ?? '')
  .filter((run) => run.startsWith('npx sync-or-async '))
  .map((run) => run.replace(/^npx sync-or-async /, '').split(/\s+/));

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'check-e2e-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/**
 * The checkout example as a team would keep it: every required checklist item acknowledged,
 * the two error findings waived with reasons, and the ADR written by decide.
 */
async function preparedProject(): Promise<void> {
  const example = await readFile(join(root, 'examples/checkout/answers.yaml'), 'utf8');
  await writeFile(join(cwd, 'sync-or-async.yaml'), example);
  const decision = JSON.parse(runCli(['decide', 'sync-or-async.yaml', '--format', 'json'], cwd).stdout) as {
    interactions: { id: string; checklist: { id: string }[] }[];
    findings: { rule: string; severity: string; flow?: string; interaction?: string }[];
  };
  const document = parseDocument(example);
  const interactions = (document.get('interactions') as { items: YAMLMap[] }).items;
  for (const item of interactions) {
    const decided = decision.interactions.find((interaction) => interaction.id === item.get('id'));
    item.set('checklist', Object.fromEntries(decided!.checklist.map((required) => [required.id, 'done'])));
  }
  const errors = decision.findings.filter((finding) => finding.severity === 'error');
  expect(errors.length).toBeGreaterThan(0);
  document.set(
    'waivers',
    errors.map((finding) => ({ rule: finding.rule, ...(finding.flow === undefined ? {} : { flow: finding.flow }), reason: 'accepted for this release', until: '2999-12-31' })),
  );
  await writeFile(join(cwd, 'sync-or-async.yaml'), document.toString());
  expect(runCli(['decide', 'sync-or-async.yaml'], cwd).status).toBe(0);
}

describe('the documented GitHub Actions workflow', () => {
  it('holds a check command on the answers file init writes, with github, sarif and markdown reports', () => {
    expect(commands).toHaveLength(1);
    expect(commands[0]!.slice(0, 2)).toEqual(['check', 'sync-or-async.yaml']);
    expect(commands[0]).toEqual(expect.arrayContaining(['check', '--format', 'github', 'sarif=sync-or-async.sarif', 'markdown=sync-or-async.md']));
  });

  it('passes on a project whose checklist is acknowledged, errors waived and ADR up to date', async () => {
    await preparedProject();
    const result = runCli(commands[0]!, cwd);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // Warnings still show as annotations; waived findings do not.
    expect(result.stdout).toMatch(/^::warning file=sync-or-async\.yaml,line=\d+,col=\d+,title=[a-z-]+::/m);
    expect(result.stdout).not.toMatch(/^::error/m);
    const sarif = JSON.parse(await readFile(join(cwd, 'sync-or-async.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.filter((item: { suppressions?: unknown }) => item.suppressions !== undefined).length).toBeGreaterThan(0);
    expect(await readFile(join(cwd, 'sync-or-async.md'), 'utf8')).toContain('### sync-or-async check: passed');
  });

  it('passes on the bundled example as shipped, with its waived errors and open items shown', async () => {
    await writeFile(join(cwd, 'sync-or-async.yaml'), await readFile(join(root, 'examples/checkout/answers.yaml'), 'utf8'));
    expect(runCli(['decide', 'sync-or-async.yaml'], cwd).status).toBe(0);
    const result = runCli(commands[0]!, cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^::warning file=sync-or-async\.yaml,line=\d+,col=\d+,title=question-open::fraud-check: tolerates_pending is not answered/m);
    expect(await readFile(join(cwd, 'sync-or-async.md'), 'utf8')).toContain('### sync-or-async check: passed');
  });

  it('passes on a fresh init file, telling what is outstanding, and fails once require_checklist: true is set', async () => {
    expect(runCli(['init'], cwd).status).toBe(0);
    expect(runCli(['decide', 'sync-or-async.yaml'], cwd).status).toBe(0);
    const first = runCli(commands[0]!, cwd);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^::warning file=sync-or-async\.yaml,line=\d+,col=\d+,title=context-placeholder::/m);
    expect(first.stdout).toMatch(/^::warning file=sync-or-async\.yaml,line=\d+,col=\d+,title=interaction-unanswered::place-order: none of its questions is answered yet/m);
    const answers = await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8');
    await writeFile(join(cwd, 'sync-or-async.yaml'), `${answers}require_checklist: true\n`);
    const tightened = runCli(commands[0]!, cwd);
    expect(tightened.status).toBe(1);
    expect(tightened.stdout).toMatch(/^::error file=sync-or-async\.yaml,line=\d+,col=\d+,title=checklist-missing::place-order: timeout-budget /m);
  });

  it('fails with annotations when an answer changed but the ADR did not', async () => {
    await preparedProject();
    const answers = await readFile(join(cwd, 'sync-or-async.yaml'), 'utf8');
    await writeFile(join(cwd, 'sync-or-async.yaml'), answers.replace('summary: Authorize the card while the customer waits', 'summary: Authorize the card'));
    const result = runCli(commands[0]!, cwd);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^::error file=docs\/decisions\/0001-checkout-and-order-communication\.md,line=\d+,col=1,title=adr-drift::/m);
    expect(await readFile(join(cwd, 'sync-or-async.md'), 'utf8')).toContain('### sync-or-async check: failed');
  });

  it('exits 2, not 1, and writes no report when the answers file cannot be read', async () => {
    await preparedProject();
    await writeFile(join(cwd, 'sync-or-async.yaml'), 'version: 2\ntitle: [broken\n');
    const before = listFiles(cwd).sort();
    const result = runCli(commands[0]!, cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^sync-or-async\.yaml:\d+:\d+ error: YAML syntax/m);
    expect(listFiles(cwd).sort()).toEqual(before);
    expect(existsSync(join(cwd, 'sync-or-async.sarif'))).toBe(false);
  });
});

describe('check on the command line', () => {
  it('prints the stylish report by default, with the example errors shown as waived, and passes', async () => {
    const result = runCli(['check', join(root, 'examples/checkout/answers.yaml')], cwd);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/waived +availability 0\.9915 along checkout/);
    expect(result.stdout).toMatch(/^check passed at fail severity error: 15 interactions \(5 sync, 7 async, 3 hybrid\); 7 findings: 0 errors, 7 warnings, 0 info; 2 waived$/m);
  });

  it('fails on the example errors once their waivers are gone', async () => {
    const example = await readFile(join(root, 'examples/checkout/answers.yaml'), 'utf8');
    await writeFile(join(cwd, 'answers.yaml'), example.slice(0, example.indexOf('\n# Findings the team accepts')));
    const result = runCli(['check', 'answers.yaml'], cwd);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/error +availability 0\.9915 along checkout/);
    expect(result.stdout).toMatch(/^check failed: findings at or above error: 15 interactions \(5 sync, 7 async, 3 hybrid\); 9 findings: 2 errors, 7 warnings, 0 info; 0 waived$/m);
  });

  it('refuses an unknown format and a format with an empty file name as usage errors', () => {
    expect(runCli(['check', 'answers.yaml', '--format', 'html'], cwd).status).toBe(2);
    expect(runCli(['check', 'answers.yaml', '--format', 'sarif='], cwd).stderr).toContain('names no file');
  });

  it('exits 2 for a broken rule pack', async () => {
    await writeFile(join(cwd, 'pack.yaml'), 'pack: { name: broken }\nrules:\n  - id: x\n    when: { answer: no_such_question, eq: yes }\n');
    const result = runCli(['check', join(root, 'examples/checkout/answers.yaml'), '--rules', '.'], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('pack.yaml:');
  });
});

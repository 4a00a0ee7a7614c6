import { beforeEach, describe, expect, it, vi } from 'vitest';

const runRulesList = vi.hoisted(() => vi.fn(async (_options: unknown, _context: unknown): Promise<number> => 0));
const runRulesTest = vi.hoisted(() => vi.fn(async (_dirs: string[], _options: { paint?: { fail: (text: string) => string } }, _context: unknown): Promise<number> => 0));

// The commands are replaced: these tests are about parsing, colour and exit codes.
vi.mock('../../src/commands/rules.js', () => ({ runRulesList, runRulesTest }));

const { runCli } = await import('../../src/cli/program.js');

async function run(argv: string[], env: Record<string, string | undefined> = {}, stdoutIsTTY = false): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runCli(argv, {
    cwd: '/work/project',
    env,
    now: () => new Date('2026-11-22T10:00:00Z'),
    stdout: () => undefined,
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTTY,
    stderrIsTTY: false,
  });
  return { code, stderr };
}

beforeEach(() => {
  runRulesList.mockReset();
  runRulesList.mockResolvedValue(0);
  runRulesTest.mockReset();
  runRulesTest.mockResolvedValue(0);
});

describe('rules list', () => {
  it('collects repeated --rules in order and passes the format', async () => {
    expect((await run(['rules', 'list', '--rules', 'a', '--rules', 'b', '--format', 'json'])).code).toBe(0);
    expect(runRulesList).toHaveBeenCalledWith({ rules: ['a', 'b'], format: 'json' }, expect.objectContaining({ cwd: '/work/project' }));
  });

  it('defaults to text and no extra packs, and refuses an unknown format with exit 2', async () => {
    await run(['rules', 'list']);
    expect(runRulesList).toHaveBeenCalledWith({ rules: [], format: 'text' }, expect.anything());
    const bad = await run(['rules', 'list', '--format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are text, json/);
  });
});

describe('rules test', () => {
  it('passes the folders in order and keeps the exit code of the command', async () => {
    runRulesTest.mockResolvedValue(1);
    expect((await run(['rules', 'test', 'packs/a', 'packs/b'])).code).toBe(1);
    expect(runRulesTest).toHaveBeenCalledWith(['packs/a', 'packs/b'], {}, expect.objectContaining({ cwd: '/work/project' }));
  });

  it('colours only on a terminal, and never with --no-color or NO_COLOR', async () => {
    await run(['rules', 'test']);
    expect(runRulesTest.mock.calls[0]?.[1]).toEqual({});
    await run(['rules', 'test'], {}, true);
    expect(runRulesTest.mock.calls[1]?.[1].paint?.fail('x')).toBe('\u001b[31mx\u001b[39m');
    await run(['rules', 'test', '--no-color'], {}, true);
    expect(runRulesTest.mock.calls[2]?.[1]).toEqual({});
    await run(['rules', 'test'], { NO_COLOR: '1' }, true);
    expect(runRulesTest.mock.calls[3]?.[1]).toEqual({});
  });

  it('exits 2 without a sub-command and shows the sub-commands', async () => {
    const result = await run(['rules']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/list \[options\]/);
    expect(result.stderr).toMatch(/test \[dirs\.\.\.\]/);
    expect(runRulesTest).not.toHaveBeenCalled();
  });
});

/**
 * Argument parsing of schema, init, upgrade, adr index and decide --supersedes: the commands are
 * replaced, so these tests see exactly what each slot hands its command.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runCapturing } from './capture.js';
import type { Captured } from './capture.js';

const commands = vi.hoisted(() => ({
  runDecide: vi.fn(async (..._args: unknown[]): Promise<number> => 0),
  runSchema: vi.fn(async (..._args: unknown[]): Promise<number> => 0),
  runInit: vi.fn(async (..._args: unknown[]): Promise<number> => 0),
  runAdrIndex: vi.fn(async (..._args: unknown[]): Promise<number> => 0),
  runUpgrade: vi.fn(async (..._args: unknown[]): Promise<number> => 0),
}));

vi.mock('../../src/commands/decide.js', () => ({ runDecide: commands.runDecide }));
vi.mock('../../src/commands/schema.js', () => ({ runSchema: commands.runSchema }));
vi.mock('../../src/commands/init.js', () => ({ runInit: commands.runInit }));
vi.mock('../../src/commands/adr-index.js', () => ({ runAdrIndex: commands.runAdrIndex }));
vi.mock('../../src/commands/upgrade.js', () => ({ runUpgrade: commands.runUpgrade }));

const { runCli } = await import('../../src/cli/program.js');

function run(argv: string[]): Promise<Captured> {
  return runCapturing(runCli, argv);
}

beforeEach(() => {
  for (const command of Object.values(commands)) {
    command.mockReset();
    command.mockResolvedValue(0);
  }
});

describe('schema', () => {
  it('prints the answers schema by default', async () => {
    expect((await run(['schema'])).code).toBe(0);
    expect(commands.runSchema).toHaveBeenCalledWith('answers', expect.objectContaining({ cwd: '/work/project' }));
  });

  it('takes rules', async () => {
    await run(['schema', 'rules']);
    expect(commands.runSchema.mock.calls[0]?.[0]).toBe('rules');
  });

  it('refuses another name with exit 2 and the allowed names', async () => {
    const result = await run(['schema', 'answer']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices are answers, rules/);
    expect(commands.runSchema).not.toHaveBeenCalled();
  });
});

describe('init', () => {
  it('defaults to the file interview uses', async () => {
    await run(['init']);
    expect(commands.runInit).toHaveBeenCalledWith('sync-or-async.yaml', { force: false }, expect.anything());
    const interviewHelp = (await run(['interview', '--help'])).stdout;
    expect(interviewHelp).toContain('(default: "sync-or-async.yaml")');
    expect((await run(['init', '--help'])).stdout).toContain('(default: "sync-or-async.yaml")');
  });

  it('passes the file and --force', async () => {
    await run(['init', 'answers/system.yaml', '--force']);
    expect(commands.runInit).toHaveBeenCalledWith('answers/system.yaml', { force: true }, expect.anything());
  });

  it('passes on the exit code of the command', async () => {
    commands.runInit.mockResolvedValue(2);
    expect((await run(['init'])).code).toBe(2);
  });
});

describe('upgrade', () => {
  it('defaults to the file init writes, in place, with the built-in pack only', async () => {
    expect((await run(['upgrade'])).code).toBe(0);
    expect(commands.runUpgrade).toHaveBeenCalledWith('sync-or-async.yaml', { rules: [], stdout: false, maxBytes: 4 * 1024 * 1024 }, expect.objectContaining({ cwd: '/work/project' }));
  });

  it('passes the file, --stdout, every --rules and --max-size', async () => {
    await run(['upgrade', 'specs/answers.yaml', '--stdout', '--rules', 'team', '--rules', 'org', '--max-size', '8MB']);
    expect(commands.runUpgrade).toHaveBeenCalledWith('specs/answers.yaml', { rules: ['team', 'org'], stdout: true, maxBytes: 8 * 1024 * 1024 }, expect.anything());
  });

  it('refuses a bad size and an unknown option with exit 2, without running', async () => {
    expect((await run(['upgrade', '--max-size', 'lots'])).code).toBe(2);
    expect((await run(['upgrade', '--force'])).code).toBe(2);
    expect(commands.runUpgrade).not.toHaveBeenCalled();
  });

  it('passes on the exit code of the command', async () => {
    commands.runUpgrade.mockResolvedValue(2);
    expect((await run(['upgrade'])).code).toBe(2);
  });

  it('explains in its help what becomes of needs_answer_now, and lists the exit codes', async () => {
    const help = (await run(['upgrade', '--help'])).stdout;
    for (const text of ['[answers]', '--stdout', '--rules <dir>', '--max-size <size>', 'needs_answer_now', 'caller_needs', '(default: "sync-or-async.yaml")']) expect(help).toContain(text);
    expect(help).toMatch(/\b2\b.*invalid/i);
  });
});

describe('adr index', () => {
  it('passes --dir and --stdout', async () => {
    await run(['adr', 'index', '--dir', 'doc/adr', '--stdout']);
    expect(commands.runAdrIndex).toHaveBeenCalledWith({ dir: 'doc/adr', stdout: true }, expect.anything());
  });

  it('writes by default in the directory decide would use', async () => {
    await run(['adr', 'index']);
    expect(commands.runAdrIndex).toHaveBeenCalledWith({ stdout: false }, expect.anything());
  });

  it('refuses an unknown subcommand with exit 2', async () => {
    const result = await run(['adr', 'reindex']);
    expect(result.code).toBe(2);
    expect(commands.runAdrIndex).not.toHaveBeenCalled();
  });
});

describe('decide --supersedes', () => {
  it('passes the ADR reference on', async () => {
    await run(['decide', 'answers.yaml', '--supersedes', '7']);
    expect(commands.runDecide.mock.calls[0]?.[1]).toMatchObject({ supersedes: '7' });
  });

  it('leaves it out when not given', async () => {
    await run(['decide', 'answers.yaml']);
    expect(commands.runDecide.mock.calls[0]?.[1]).not.toHaveProperty('supersedes');
  });

  it('needs a value', async () => {
    const result = await run(['decide', 'answers.yaml', '--supersedes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/argument missing/);
  });

  it('explains in the help that the links outlive the option', async () => {
    const help = (await run(['decide', '--help'])).stdout;
    expect(help).toContain('--supersedes <adr>');
    expect(help).toMatch(/kept by later runs without the option/);
  });
});

describe('the program help', () => {
  it('lists the new commands', async () => {
    const help = (await run(['--help'])).stdout;
    for (const name of ['schema', 'init', 'upgrade', 'adr']) expect(help).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });
});

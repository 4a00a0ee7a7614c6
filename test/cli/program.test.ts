import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { InputError, OutputError } from '../../src/model/errors.js';
import { runCapturing } from './capture.js';
import type { Captured } from './capture.js';

const runDecide = vi.hoisted(() =>
  vi.fn(async (_file: string, _options: unknown, _context: { cwd: string; now: Date }): Promise<number> => 0),
);

// The command is replaced: these tests are about parsing and exit codes, not deciding.
vi.mock('../../src/commands/decide.js', () => ({ runDecide }));

const { runCli } = await import('../../src/cli/program.js');

function run(argv: string[], env: Record<string, string | undefined> = {}): Promise<Captured> {
  return runCapturing(runCli, argv, env);
}

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

beforeEach(() => {
  runDecide.mockReset();
  runDecide.mockResolvedValue(0);
});

describe('usage errors exit 2', () => {
  it('rejects an unknown option', async () => {
    const result = await run(['decide', 'answers.yaml', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--frobnicate'/);
    expect(runDecide).not.toHaveBeenCalled();
  });

  it('rejects a missing answers file argument', async () => {
    const result = await run(['decide']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing required argument 'answers'/);
  });

  it('rejects an unknown command', async () => {
    const result = await run(['decied', 'answers.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'decied'/);
    expect(result.stderr).toMatch(/decide/);
  });

  it('rejects a call without a command', async () => {
    expect((await run([])).code).toBe(2);
  });

  it.each([
    [['--profile', 'arc42']],
    [['--format', 'yaml']],
    [['--max-size', 'lots']],
    [['--max-size', '0']],
  ])('rejects decide %j', async (extra) => {
    const result = await run(['decide', 'answers.yaml', ...extra]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: option/);
    expect(runDecide).not.toHaveBeenCalled();
  });
});

describe('help and version', () => {
  it('lists the exit codes in --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Exit codes:/);
    expect(result.stdout).toMatch(/^ {2}0 +done/m);
    expect(result.stdout).toMatch(/^ {2}1 +findings/m);
    expect(result.stdout).toMatch(/^ {2}2 +invalid input/m);
    expect(result.stdout).toMatch(/decide/);
    expect(result.stderr).toBe('');
  });

  it('lists the exit codes in decide --help, with its options', async () => {
    const result = await run(['decide', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Exit codes:/);
    for (const option of ['--dir', '--rules', '--profile', '--stdout', '--format', '--max-size']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('prints the package version', async () => {
    const result = await run(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('decide options', () => {
  it('passes defaults', async () => {
    const result = await run(['decide', 'answers.yaml']);
    expect(result.code).toBe(0);
    expect(runDecide).toHaveBeenCalledTimes(1);
    const [file, options, context] = runDecide.mock.calls[0] ?? [];
    expect(file).toBe('answers.yaml');
    expect(options).toEqual({ rules: [], stdout: false, format: 'markdown', maxBytes: 4 * 1024 * 1024 });
    expect(context?.cwd).toBe('/work/project');
    expect(context?.now.toISOString()).toBe('2026-11-22T10:00:00.000Z');
  });

  it('normalises every option, global ones after the command too', async () => {
    await run([
      'decide',
      'a.yaml',
      '--dir',
      'doc/adr',
      '--rules',
      'team',
      '--rules',
      'org',
      '--profile',
      'nygard',
      '--stdout',
      '--format',
      'json',
      '--max-size',
      '500KB',
      '--verbose',
      '--no-color',
    ]);
    expect(runDecide.mock.calls[0]?.[1]).toEqual({
      dir: 'doc/adr',
      rules: ['team', 'org'],
      profile: 'nygard',
      stdout: true,
      format: 'json',
      maxBytes: 500 * 1024,
    });
  });

  it('returns the exit code of the command', async () => {
    runDecide.mockResolvedValue(1);
    expect((await run(['decide', 'a.yaml'])).code).toBe(1);
  });
});

describe('errors thrown by a command', () => {
  it('prints input problems one per line with hints and exits 2', async () => {
    runDecide.mockRejectedValue(
      new InputError('2 problems', [
        {
          message: 'unknown answer "fail_close"',
          location: { file: 'answers.yaml', line: 12, column: 17 },
          path: 'interactions[2].answers.when_down',
          hint: 'did you mean "fail_closed"?',
        },
        { message: 'version must be 1', location: { file: 'answers.yaml', line: 1, column: 10 }, path: 'version' },
      ]),
    );
    const result = await run(['decide', 'answers.yaml']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        'answers.yaml:12:17 error interactions[2].answers.when_down: unknown answer "fail_close"',
        '  hint: did you mean "fail_closed"?',
        'answers.yaml:1:10 error version: version must be 1',
        '',
      ].join('\n'),
    );
  });

  it('prints an output error with its hint and exits 2', async () => {
    runDecide.mockRejectedValue(new OutputError('cannot write docs/decisions: permission denied', 'pass --dir'));
    const result = await run(['decide', 'answers.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: cannot write docs/decisions: permission denied\n  hint: pass --dir\n');
  });

  it('reports an unexpected error as internal, with the stack only under --verbose', async () => {
    runDecide.mockRejectedValue(new TypeError('boom'));
    const quiet = await run(['decide', 'answers.yaml']);
    expect(quiet.code).toBe(2);
    expect(quiet.stderr).toBe('internal error: boom (run with --verbose for the stack)\n');
    const verbose = await run(['--verbose', 'decide', 'answers.yaml']);
    expect(verbose.code).toBe(2);
    expect(verbose.stderr).toMatch(/^internal error: boom\nTypeError: boom\n\s+at /);
  });

  it('colours only when forced, and never with --no-color', async () => {
    runDecide.mockRejectedValue(new OutputError('nope'));
    expect((await run(['decide', 'a.yaml'])).stderr).not.toContain('\u001b[');
    expect((await run(['decide', 'a.yaml'], { FORCE_COLOR: '1' })).stderr).toContain('\u001b[');
    expect((await run(['decide', 'a.yaml', '--no-color'], { FORCE_COLOR: '1' })).stderr).not.toContain('\u001b[');
  });
});

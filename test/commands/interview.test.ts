import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext, Terminal } from '../../src/commands/context.js';
import { runDecide } from '../../src/commands/decide.js';
import { runInterview } from '../../src/commands/interview.js';
import type { InterviewOptions } from '../../src/commands/interview.js';
import { answersSchemaReference, packagePath } from '../../src/io/paths.js';
import { InputError, UsageError } from '../../src/model/errors.js';
import { answers, INTERRUPT, kinds, QUERY_ANSWERED_NOW, RecordingOutput, ScriptedPrompter } from '../interview/scripted.js';
import type { Step } from '../interview/scripted.js';

const options: InterviewOptions = { rules: [], maxBytes: 4 * 1024 * 1024 };


const WHOLE_INTERVIEW: Step[] = [
  ['title', 'Checkout and payments'],
  ['context', 'How checkout talks to payments.'],
  ['decision_makers', 'payments team'],
  ['from', 'checkout'],
  ['to', 'pricing'],
  ['summary', 'Look up the price'], ['interaction-id', 'look-up-the-price'],
  ...kinds({ checkout: 'service', pricing: 'service' }),
  ...answers(QUERY_ANSWERED_NOW),
  ['numbers', false],
  ['review:look-up-the-price', 'accept'],
  ['next', 'finish'],
];

/** The steps of the whole interview before the prompt with this id. */
function stepsBefore(id: string): Step[] {
  const at = WHOLE_INTERVIEW.findIndex(([step]) => step === id);
  if (at < 0) throw new Error(`the whole interview has no step ${id}`);
  return WHOLE_INTERVIEW.slice(0, at);
}

let cwd: string;
let err: string;
let out: string;
let interruptHook: (() => void) | undefined;

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'interview-command-'));
  err = '';
  out = '';
  interruptHook = undefined;
});

afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function contextWith(prompter: ScriptedPrompter, interactive = true): { context: CommandContext; output: RecordingOutput } {
  const output = new RecordingOutput();
  const terminal: Terminal = {
    interactive,
    open: async () => ({ prompter, output, close: () => undefined }),
    onInterrupt: (save) => {
      interruptHook = save;
      return () => {
        interruptHook = undefined;
      };
    },
  };
  const context: CommandContext = {
    cwd,
    now: new Date('2027-01-02T10:00:00Z'),
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    terminal,
  };
  return { context, output };
}

describe('runInterview', () => {
  it('refuses to start without a terminal, before asking or writing anything', async () => {
    const prompter = new ScriptedPrompter([]);
    const { context } = contextWith(prompter, false);
    await expect(runInterview('answers.yaml', options, context)).rejects.toThrow(UsageError);
    await expect(runInterview('answers.yaml', options, context)).rejects.toThrow(/sync-or-async decide/);
    expect(prompter.asked).toEqual([]);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('writes the answers file and the ADR that decide writes from it, byte for byte', async () => {
    const prompter = new ScriptedPrompter(WHOLE_INTERVIEW);
    const { context, output } = contextWith(prompter);
    expect(await runInterview('specs/answers.yaml', options, context)).toBe(0);
    prompter.assertDone();
    const text = await readFile(join(cwd, 'specs/answers.yaml'), 'utf8');
    expect(text).not.toContain('yaml-language-server');
    expect(parse(text)).toMatchObject({
      version: 2,
      title: 'Checkout and payments',
      services: { checkout: { kind: 'service' }, pricing: { kind: 'service' } },
      interactions: [{ id: 'look-up-the-price', answers: QUERY_ANSWERED_NOW }],
    });
    const [adrName] = await readdir(join(cwd, 'docs/decisions'));
    expect(adrName).toBe('0001-checkout-and-payments.md');
    const written = await readFile(join(cwd, 'docs/decisions', adrName!), 'utf8');

    const decideOut: string[] = [];
    const decideContext: CommandContext = { cwd, now: new Date('2027-01-02T10:00:00Z'), stdout: (t) => void decideOut.push(t), stderr: () => undefined };
    await runDecide('specs/answers.yaml', { ...options, stdout: true, format: 'markdown' }, decideContext);
    expect(decideOut.join('')).toBe(written);
    expect(written).toContain('specs/answers.yaml');

    expect(output.text()).toContain('# The map');
    expect(output.text()).toContain('In CI, the same decision runs without questions: npx sync-or-async check specs/answers.yaml --adr docs/decisions');
    expect(err).toContain('wrote docs/decisions/0001-checkout-and-payments.md');
  });

  it('remembers --dir and --profile in the answers file, so that decide needs neither flag afterwards', async () => {
    const prompter = new ScriptedPrompter(WHOLE_INTERVIEW);
    const { context } = contextWith(prompter);
    expect(await runInterview('specs/answers.yaml', { ...options, dir: 'records', profile: 'nygard' }, context)).toBe(0);
    const text = await readFile(join(cwd, 'specs/answers.yaml'), 'utf8');
    // Relative to the answers file's folder, and before the services, as the documentation orders keys.
    expect(text).toMatch(/\nadr:\n {2}dir: \.\.\/records\n {2}profile: nygard\nservices:/);
    const written = await readFile(join(cwd, 'records/0001-checkout-and-payments.md'), 'utf8');
    expect(written).toMatch(/^# 1\. Checkout and payments\n/);
    const decideOut: string[] = [];
    const decideContext: CommandContext = { cwd, now: new Date('2027-01-02T10:00:00Z'), stdout: (t) => void decideOut.push(t), stderr: () => undefined };
    await runDecide('specs/answers.yaml', { ...options, stdout: true, format: 'markdown' }, decideContext);
    expect(decideOut.join('')).toBe(written);
  });

  it('saves a draft with every answer given when the user presses Ctrl-C, and exits 130', async () => {
    const prompter = new ScriptedPrompter([...stepsBefore('answer:critical_decision'), ['answer:critical_decision', INTERRUPT]]);
    const { context } = contextWith(prompter);
    expect(await runInterview('answers.yaml', options, context)).toBe(130);
    const data = parse(await readFile(join(cwd, 'answers.yaml'), 'utf8'));
    expect(data).toMatchObject({
      draft: true,
      title: 'Checkout and payments',
      services: { checkout: { kind: 'service' }, pricing: { kind: 'service' } },
      interactions: [{ id: 'look-up-the-price', from: 'checkout', to: 'pricing', answers: { intent: 'query', caller_needs: 'result' } }],
    });
    expect(Object.keys(data.interactions[0].answers)).toEqual(['intent', 'caller_needs']);
    expect(err).toContain('saved in answers.yaml as a draft');
    expect(existsSync(join(cwd, 'docs'))).toBe(false);
    // decide will not take a draft for a decision.
    const decideContext: CommandContext = { cwd, now: new Date(), stdout: () => undefined, stderr: () => undefined };
    const refused = runDecide('answers.yaml', { ...options, stdout: false, format: 'markdown' }, decideContext);
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toMatchObject({ problems: [{ message: expect.stringContaining('unfinished interview'), hint: expect.stringContaining('interview answers.yaml') }] });
  });

  it('resumes the draft where it stopped and finishes it without the draft key', async () => {
    const first = new ScriptedPrompter([...stepsBefore('answer:critical_decision'), ['answer:critical_decision', INTERRUPT]]);
    expect(await runInterview('answers.yaml', options, contextWith(first).context)).toBe(130);
    const rest = new ScriptedPrompter(WHOLE_INTERVIEW.slice(stepsBefore('answer:critical_decision').length));
    const { context, output } = contextWith(rest);
    expect(await runInterview('answers.yaml', options, context)).toBe(0);
    rest.assertDone();
    expect(output.lines[0]).toBe('Resuming answers.yaml.');
    const data = parse(await readFile(join(cwd, 'answers.yaml'), 'utf8'));
    expect(data.draft).toBeUndefined();
    expect(data.interactions[0].answers).toEqual(QUERY_ANSWERED_NOW);
    // The services described before the interruption were not asked again.
    expect(rest.ids().some((id) => id.startsWith('service:'))).toBe(false);
    expect(data.services).toEqual({ checkout: { kind: 'service' }, pricing: { kind: 'service' } });
  });

  it('writes nothing when Ctrl-C comes before the first answer', async () => {
    const prompter = new ScriptedPrompter([['title', INTERRUPT]]);
    expect(await runInterview('answers.yaml', options, contextWith(prompter).context)).toBe(130);
    expect(await readdir(cwd)).toEqual([]);
    expect(err).toContain('nothing was written');
  });

  it('saves the answers when the terminal goes away between prompts', async () => {
    // The hook main.ts runs on SIGHUP, SIGTERM or a Ctrl-C outside a prompt, before exiting 130.
    let saved = '';
    const prompter = new ScriptedPrompter([...stepsBefore('answer:intent'), ['answer:intent', 'query']]);
    prompter.select = async function select(prompt) {
      if (prompt.id === 'answer:caller_needs') {
        interruptHook?.();
        saved = await readFile(join(cwd, 'answers.yaml'), 'utf8');
        throw new Error('the process would have exited here');
      }
      return ScriptedPrompter.prototype.select.call(this, prompt) as never;
    };
    await expect(runInterview('answers.yaml', options, contextWith(prompter).context)).rejects.toThrow('would have exited');
    expect(parse(saved)).toMatchObject({ draft: true, services: { checkout: { kind: 'service' } }, interactions: [{ answers: { intent: 'query' } }] });
  });

  it('keeps the answers when something breaks mid-interview, then reports the error', async () => {
    const prompter = new ScriptedPrompter(stepsBefore('answer:caller_needs'));
    const { context } = contextWith(prompter);
    await expect(runInterview('answers.yaml', options, context)).rejects.toThrow(/unexpected question/);
    const data = parse(await readFile(join(cwd, 'answers.yaml'), 'utf8'));
    expect(data).toMatchObject({ draft: true, interactions: [{ answers: { intent: 'query' } }] });
  });

  it('refuses an existing answers file with errors before asking anything', async () => {
    await writeFile(join(cwd, 'answers.yaml'), 'version: 2\ntitle: T\ncontext: C\ninteractions:\n  - id: a\n    from: x\n    to: y\n    summary: s\n    answers: { intent: maybe }\n');
    const prompter = new ScriptedPrompter([]);
    const refused = runInterview('answers.yaml', options, contextWith(prompter).context);
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toMatchObject({ problems: [{ message: expect.stringContaining('"maybe" is not an answer to intent'), location: { line: 9 } }] });
    expect(prompter.asked).toEqual([]);
  });

  it('refuses a version 1 file before asking anything, and names the upgrade that converts it', async () => {
    const text = 'version: 1\ntitle: T\ncontext: C\ninteractions:\n  - id: a\n    from: x\n    to: y\n    summary: s\n    answers: { intent: query, needs_answer_now: yes }\n';
    await writeFile(join(cwd, 'answers.yaml'), text);
    const prompter = new ScriptedPrompter([]);
    const refused = runInterview('answers.yaml', options, contextWith(prompter).context);
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toMatchObject({
      problems: [{ message: expect.stringContaining('version 1'), location: { file: 'answers.yaml', line: 1 }, hint: expect.stringContaining('sync-or-async upgrade answers.yaml') }],
    });
    expect(prompter.asked).toEqual([]);
    expect(await readFile(join(cwd, 'answers.yaml'), 'utf8')).toBe(text);
  });

  it('leaves a complete file complete when interrupted during a revisit, and does not rewrite an untouched one', async () => {
    expect(await runInterview('answers.yaml', options, contextWith(new ScriptedPrompter(WHOLE_INTERVIEW)).context)).toBe(0);
    const path = join(cwd, 'answers.yaml');
    const edited = (await readFile(path, 'utf8')).replace('title: Checkout and payments', 'title: Checkout and payments # named by the team');
    await writeFile(path, edited);
    const before = await stat(path);

    // Nothing changed: the file is left exactly as it was, comment and all.
    const untouched = new ScriptedPrompter([['next', 'finish']]);
    expect(await runInterview('answers.yaml', options, contextWith(untouched).context)).toBe(0);
    expect(await readFile(path, 'utf8')).toBe(edited);
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs);

    err = '';
    const revisit = new ScriptedPrompter([
      ['next', 'revisit'],
      ['revisit', 0],
      ['review:look-up-the-price', 'revise'],
      ['revise:look-up-the-price', 'when_down'],
      ['answer:when_down', 'degrade'],
      ['review:look-up-the-price', INTERRUPT],
    ]);
    expect(await runInterview('answers.yaml', options, contextWith(revisit).context)).toBe(130);
    const text = await readFile(path, 'utf8');
    expect(parse(text).draft).toBeUndefined();
    expect(parse(text).interactions[0].answers.when_down).toBe('degrade');
    expect(text).toContain('# named by the team');
    expect(err).toContain('the ADR was not updated');
  });
});

describe('runInterview and files it cannot write', () => {
  it('refuses a target below a file before asking anything', async () => {
    await writeFile(join(cwd, 'specs'), 'a file, not a folder');
    const prompter = new ScriptedPrompter([]);
    await expect(runInterview('specs/answers.yaml', options, contextWith(prompter).context)).rejects.toThrow(/cannot save the answers in specs\/answers.yaml: part of the path is a file/);
    expect(prompter.asked).toEqual([]);
  });

  it('refuses a target that is a folder before asking anything', async () => {
    await mkdir(join(cwd, 'answers.yaml'));
    const prompter = new ScriptedPrompter([]);
    const refused = runInterview('answers.yaml', options, contextWith(prompter).context);
    await expect(refused).rejects.toThrow(/is a directory, not a file/);
    await expect(refused).rejects.toMatchObject({ exitCode: 2 });
    expect(prompter.asked).toEqual([]);
  });

  it('creates the folders of a new answers file only when it saves', async () => {
    const prompter = new ScriptedPrompter([['title', INTERRUPT]]);
    expect(await runInterview('a/b/answers.yaml', options, contextWith(prompter).context)).toBe(130);
    expect(await readdir(cwd)).toEqual([]);
    expect(await runInterview('a/b/answers.yaml', options, contextWith(new ScriptedPrompter(WHOLE_INTERVIEW)).context)).toBe(0);
    expect(existsSync(join(cwd, 'a/b/answers.yaml'))).toBe(true);
  });
});

describe('answersSchemaReference', () => {
  it('points at the package schema by a relative path when the package is inside the project', () => {
    const root = packagePath();
    expect(answersSchemaReference(join(root, 'examples/checkout/answers.yaml'), root)).toBe('../../schema/answers.schema.json');
  });

  it('gives no reference otherwise, never an absolute path', () => {
    // cwd is a fresh folder of its own, which the package cannot be inside.
    expect(answersSchemaReference(join(cwd, 'answers.yaml'), cwd)).toBeUndefined();
  });
});

/**
 * `rules list` and `rules test`: what the loaded packs define, and the rule tests that sit
 * beside a pack. Both load the packs as `decide --rules` does, built-in first.
 */
import { resolve } from 'node:path';
import { runRuleTests } from '../engine/rule-tests.js';
import { packagePath, toPosixRelative } from '../io/paths.js';
import { loadPacks } from '../load/pack.js';
import { parseRuleTestFiles, readRuleTestFiles } from '../load/rule-tests.js';
import { ExitCode } from '../model/errors.js';
import { listPackContents, renderRuleListJson, renderRuleListText } from '../render/rule-list.js';
import { PLAIN_PAINT, renderRuleTestReport } from '../render/rule-tests.js';
import type { RuleTestPaint } from '../render/rule-tests.js';
import type { CommandContext } from './context.js';

/** A failed rule test ends the run with 1, the code that means "something to fix" in CI. */
const TESTS_FAILED = ExitCode.Findings;

export interface RulesListOptions {
  /** Extra rule pack folders, loaded after the built-in pack in this order. */
  rules: string[];
  format: 'text' | 'json';
}

export async function runRulesList(options: RulesListOptions, context: CommandContext): Promise<number> {
  const pack = await loadPacks(options.rules.map((dir) => resolve(context.cwd, dir)));
  const listing = listPackContents(pack, (path) => toPosixRelative(path, context.cwd));
  context.stdout(options.format === 'json' ? renderRuleListJson(listing) : renderRuleListText(listing));
  return ExitCode.Ok;
}

export interface RulesTestOptions {
  /** How the report is styled; the CLI colours it on a terminal only. Plain by default. */
  paint?: RuleTestPaint;
  /** The built-in pack folder; the package's rules/ unless a test says otherwise. */
  builtinDir?: string;
}

/**
 * Runs the *.test.yaml files of each folder in `dirs` (the built-in pack when none is given)
 * against the built-in pack plus those folders. Exit 0 when every case passes, 1 when one
 * fails; invalid packs or test files throw an InputError (exit 2) before any case runs.
 */
export async function runRulesTest(dirs: readonly string[], options: RulesTestOptions, context: CommandContext): Promise<number> {
  const builtin = options.builtinDir ?? packagePath('rules');
  // The built-in folder named on the command line is tested, not loaded a second time.
  const tested = [...new Set(dirs.length === 0 ? [builtin] : dirs.map((dir) => resolve(context.cwd, dir)))];
  const pack = await loadPacks(
    tested.filter((dir) => dir !== builtin),
    { builtinDir: builtin },
  );
  const display = (path: string): string => toPosixRelative(path, context.cwd);
  const files = parseRuleTestFiles(await readRuleTestFiles(tested, { display }), pack, { display });
  const testedPacks = pack.packs.filter((info) => tested.includes(info.dir)).map((info) => info.name);
  const report = runRuleTests(files, pack, testedPacks);
  context.stdout(renderRuleTestReport(report, options.paint ?? PLAIN_PAINT));
  return report.failed > 0 ? TESTS_FAILED : ExitCode.Ok;
}

/**
 * The report of `rules test`, as a test runner prints it: one line per case grouped by file,
 * the reasons under each failed case, then the counts and the rules no case fires.
 */
import { formatLocation } from '../model/errors.js';
import type { RuleTestReport } from '../model/rule-test.js';
/**
 * How the report is styled. The renderer never decides colour: the CLI hands in a colouring
 * paint on a terminal, and PLAIN_PAINT is used everywhere else.
 */
export interface RuleTestPaint {
  pass: (text: string) => string;
  fail: (text: string) => string;
  heading: (text: string) => string;
  dim: (text: string) => string;
}

const keep = (text: string): string => text;

export const PLAIN_PAINT: RuleTestPaint = { pass: keep, fail: keep, heading: keep, dim: keep };

export function renderRuleTestReport(report: RuleTestReport, paint: RuleTestPaint = PLAIN_PAINT): string {
  const lines: string[] = [];
  for (const file of report.files) {
    lines.push(paint.heading(file.file));
    for (const result of file.results) {
      if (result.failures.length === 0) {
        lines.push(`  ${paint.pass('✓')} ${result.name}`);
        continue;
      }
      lines.push(`  ${paint.fail('✗')} ${result.name} ${paint.dim(`(${formatLocation(result.location)})`)}`);
      for (const failure of result.failures) lines.push(`      ${failure}`);
    }
    lines.push('');
  }
  const passed = `${report.passed} passed`;
  const failed = `${report.failed} failed`;
  lines.push(`${report.passed > 0 ? paint.pass(passed) : passed}, ${report.failed > 0 ? paint.fail(failed) : failed}`);
  if (report.untested.length > 0) {
    lines.push(`rules no test fires: ${report.untested.join(', ')}`);
  } else if (report.rules === 0) {
    lines.push('the tested packs have no rules of their own');
  } else {
    lines.push(`every rule of the tested packs fires in at least one case (${report.rules} ${report.rules === 1 ? 'rule' : 'rules'})`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Rule tests: YAML files named *.test.yaml beside a pack's files. Each case gives one
 * interaction's answers (and numbers, and what its two parties are) and what the loaded packs
 * must make of them.
 */
import type { NumberName, Service, SourceLocation, Style } from './answers.js';
import type { Confidence } from './decision.js';

export interface RuleTestExpectation {
  style?: Style;
  /** The full mechanism as a decision states it, reply included: call+request-reply:polling. */
  mechanism?: string;
  confidence?: Confidence;
  /** Rule or system rule ids that must fire. */
  fires: string[];
  /** Rule or system rule ids that must not fire. */
  does_not_fire: string[];
  /** Checklist item ids that must be required. */
  checklist: string[];
}

export interface RuleTestCase {
  name: string;
  /** The caller (named 'caller') and the callee ('callee'), where the case describes them. */
  services: Service[];
  /** Question id -> answer, booleans already turned into yes / no. */
  answers: Record<string, string>;
  numbers: Partial<Record<NumberName, number>>;
  expect: RuleTestExpectation;
  location: SourceLocation;
}

export interface RuleTestFile {
  /** The file, relative to the working directory, as messages show it. */
  file: string;
  cases: RuleTestCase[];
}

/** What one case gave. */
export interface RuleTestResult {
  name: string;
  location: SourceLocation;
  /** Empty when the case passed; otherwise one sentence per expectation that failed. */
  failures: string[];
  /** Rules and system rules that fired, in pack order. */
  fired: string[];
}

export interface RuleTestFileResult {
  file: string;
  results: RuleTestResult[];
}

export interface RuleTestReport {
  files: RuleTestFileResult[];
  passed: number;
  failed: number;
  /** Rules of the tested packs that no case fires, in pack order. */
  untested: string[];
  /** How many rules the tested packs have. */
  rules: number;
}

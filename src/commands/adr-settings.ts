/**
 * Where a decision's ADR is kept and in which format. A flag (--dir, --profile) wins; then what
 * the answers file remembers in its `adr` section; then, for the format, the format the existing
 * ADR is written in, so that leaving out a flag never rewrites a record in another format.
 */
import { dirname, resolve } from 'node:path';
import { toPosixRelative } from '../io/paths.js';
import type { AdrProfile, AnswersFile } from '../model/answers.js';

export interface AdrFlags {
  dir?: string | undefined;
  profile?: AdrProfile | undefined;
}

export interface AdrSettingsChoice {
  /** The ADR directory relative to the working directory; undefined: the conventional ones are looked for. */
  dir: string | undefined;
  /** The format asked for; undefined: the existing ADR's, else MADR. */
  profile: AdrProfile | undefined;
  /** Who asked for the format, for the message when it changes an existing ADR's. */
  profileFrom: string | undefined;
}

export function chooseAdrSettings(flags: AdrFlags, answers: AnswersFile, cwd: string): AdrSettingsChoice {
  const remembered = answers.adr ?? {};
  let dir = flags.dir;
  if (dir === undefined && remembered.dir !== undefined) {
    // The answers file names its ADR directory from its own folder, so it reads the same from anywhere.
    dir = toPosixRelative(resolve(cwd, dirname(answers.source), remembered.dir), cwd) || '.';
  }
  if (flags.profile !== undefined) return { dir, profile: flags.profile, profileFrom: '--profile' };
  if (remembered.profile !== undefined) return { dir, profile: remembered.profile, profileFrom: `adr.profile in ${answers.source}` };
  return { dir, profile: undefined, profileFrom: undefined };
}

/** Turning command-line strings into the values commands take. */
import { InvalidArgumentError, Option } from 'commander';

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1024,
  k: 1024,
  mb: 1024 ** 2,
  m: 1024 ** 2,
  gb: 1024 ** 3,
  g: 1024 ** 3,
};

/** '500KB', '8MB', '1.5 MB', '4096' (bytes) -> bytes. Units are binary (1 KB = 1024 bytes). */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match?.[1]) {
    return undefined;
  }
  const unit = SIZE_UNITS[(match[2] ?? '').toLowerCase()];
  if (unit === undefined) {
    return undefined;
  }
  const bytes = Math.floor(Number(match[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

/** Commander argument parser for sizes: a bad value is a usage error naming the accepted forms. */
export function parseSizeOption(text: string): number {
  const bytes = parseSize(text);
  if (bytes === undefined) {
    throw new InvalidArgumentError('expected a size such as 500KB, 8MB or a number of bytes.');
  }
  return bytes;
}

/** Commander accumulator for repeatable options (no previous value on the first occurrence). */
export function collectValues(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The answers file size accepted unless --max-size says otherwise. */
export const DEFAULT_MAX_BYTES = 4 * 1024 ** 2;

/** --max-size, as every command that reads an answers file takes it. */
export function maxSizeOption(): Option {
  return new Option('--max-size <size>', 'largest answers file accepted, e.g. 500KB or 8MB').argParser(parseSizeOption).default(DEFAULT_MAX_BYTES, '4MB');
}

/** --rules DIR, repeatable: team rule packs applied after the built-in one. */
export function rulesOption(description = 'add a rule pack folder, applied after the built-in rules (repeatable)'): Option {
  return new Option('--rules <dir>', description).argParser(collectValues);
}

/** The ADR formats, as --profile takes them (kept here so that parsing loads no renderer). */
export const PROFILE_CHOICES: readonly string[] = ['madr', 'nygard', 'log4brains'];

/** --dir, as the commands that write an ADR take it. */
export function adrDirOption(): Option {
  return new Option('--dir <dir>', "ADR directory (default: the answers file's adr.dir, else docs/decisions, docs/adr or doc/adr, whichever exists; else docs/decisions)");
}

/** --profile, as the commands that write an ADR take it. */
export function profileOption(): Option {
  return new Option('--profile <profile>', "ADR format (default: the answers file's adr.profile, else the existing ADR's, else madr)").choices(PROFILE_CHOICES);
}

/** --window: how many spans may wait for the rest of their trace while an export is read. */
export function windowOption(): Option {
  return new Option('--window <spans>', 'spans kept waiting for the rest of their trace while an export is read; raise it when late spans are reported as orphans')
    .default(200_000, '200000')
    .argParser((text: string) => {
      const value = Number(text);
      if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number of spans, at least 1');
      return value;
    });
}

/**
 * Holds the layer boundaries: the engine and the renderers are pure, colour belongs to the
 * CLI, and YAML / schema libraries are only touched by the loaders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out.sort();
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const found: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
  for (const match of text.matchAll(pattern)) found.push((match[1] ?? match[2] ?? match[3]) as string);
  return found;
}

function offenders(dir: string, forbidden: (spec: string) => boolean): string[] {
  const bad: string[] = [];
  for (const file of sourceFiles(dir)) {
    for (const spec of importsOf(file)) if (forbidden(spec)) bad.push(`${relative(root, join(root, file))} imports ${spec}`);
  }
  return bad;
}

const touchesOutside = (spec: string) =>
  spec.startsWith('node:') ||
  ['fs', 'path', 'os', 'process', 'child_process', 'chalk', 'yaml', 'js-yaml', 'ajv', 'commander', 'mustache', '@inquirer/prompts', 'inquirer'].includes(spec) ||
  /^\.\.\/(load|io|commands|cli|interview)\//.test(spec);

describe('layer boundaries', () => {
  it('finds the source files it checks', () => {
    expect(sourceFiles('src/engine').length).toBeGreaterThan(0);
    expect(importsOf('test/architecture.test.ts')).toContain('node:fs');
  });

  it('keeps the engine pure: no I/O, no process, no libraries that read or print', () => {
    expect(offenders('src/engine', (s) => touchesOutside(s) || /^\.\.\/render\//.test(s))).toEqual([]);
  });

  it('keeps the renderers pure: templates arrive as strings', () => {
    // mustache renders strings only; it reads no files.
    expect(offenders('src/render', (s) => s !== 'mustache' && touchesOutside(s))).toEqual([]);
  });

  it('keeps colour and the process in the CLI layer', () => {
    const dirs = ['src/engine', 'src/render', 'src/load', 'src/io', 'src/commands', 'src/model', 'src/interview'];
    const bad = dirs.flatMap((d) => offenders(d, (s) => s === 'chalk' || s === 'commander' || s === 'node:process'));
    expect(bad).toEqual([]);
  });

  it('keeps YAML parsing and schema validation in the loaders', () => {
    const dirs = ['src/engine', 'src/render', 'src/commands', 'src/cli', 'src/model'];
    const bad = dirs.flatMap((d) => offenders(d, (s) => s === 'yaml' || s === 'js-yaml' || s === 'ajv'));
    expect(bad).toEqual([]);
  });

  it('keeps the interview flow free of the terminal: prompts and colour come in through interfaces', () => {
    const bad = offenders('src/interview', (s) => s === 'chalk' || s.startsWith('@inquirer/') || s.startsWith('node:') || /^\.\.\/(cli|io|commands)\//.test(s));
    expect(bad).toEqual([]);
    // Only the terminal module of the CLI and its own prompt load the prompt library.
    const prompts = ['src/engine', 'src/render', 'src/load', 'src/io', 'src/commands', 'src/model', 'src/interview', 'src/cli']
      .flatMap((d) => offenders(d, (s) => s.startsWith('@inquirer/')))
      .filter((line) => !line.startsWith('src/cli/interview-terminal.ts') && !line.startsWith('src/cli/suggest-prompt.ts'));
    expect(prompts).toEqual([]);
  });

  it('keeps the model free of behaviour that reaches outside', () => {
    expect(offenders('src/model', (s) => !s.startsWith('./'))).toEqual([]);
  });
});

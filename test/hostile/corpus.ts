/**
 * The hostile corpus: answers files whose every free-text field tries to break the record
 * (test/fixtures/hostile/), the same files with CRLF line endings, and one generated file with
 * very long and very many names. Each is loaded, decided and rendered as the CLI would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from '../../src/engine/decide.js';
import { readAdrTemplates } from '../../src/io/templates.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import type { AnswersFile } from '../../src/model/answers.js';
import type { Decision } from '../../src/model/decision.js';
import type { Pack } from '../../src/model/pack.js';
import { ADR_PROFILES, renderAdr } from '../../src/render/adr.js';
import type { AdrProfile } from '../../src/render/adr.js';
import { renderMermaid } from '../../src/render/mermaid.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'hostile');

export interface HostileCase {
  name: string;
  answers: AnswersFile;
  decision: Decision;
  adrs: Record<AdrProfile, string>;
  mermaid: string;
}

/** Pieces of hostile text; the generated file names its services with pairs of them. */
export const HOSTILE_PIECES = [
  '<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '%%{init: {"theme": "dark"}}%%',
  'end',
  'subgraph',
  '`tick`',
  '"quote"',
  'a|b',
  '\\',
  '# hash',
  '<!--',
  '&amp;',
  '💳',
  'مرحبا',
  '\u200b',
  '*star*',
];

function buildGeneratedFile(): string {
  const lines = [
    'version: 2',
    `title: ${JSON.stringify(`A very long title ${'with many words '.repeat(150)}`)}`,
    'date: 2026-03-08',
    `context: ${JSON.stringify(`${'A long paragraph. '.repeat(500)}\n\n# Heading\n\n${'- item\n'.repeat(50)}`)}`,
    'interactions:',
  ];
  const longName = `service-${'x'.repeat(2000)}`;
  HOSTILE_PIECES.forEach((first, index) => {
    const second = HOSTILE_PIECES[(index * 7 + 3) % HOSTILE_PIECES.length]!;
    lines.push(
      `  - id: generated-${index + 1}`,
      `    from: ${JSON.stringify(index === 0 ? longName : `${first} ${second}`)}`,
      `    to: ${JSON.stringify(`${second}${first}`)}`,
      `    summary: ${JSON.stringify(`${first} then ${second} ${'and more '.repeat(index === 0 ? 1000 : 1)}`)}`,
      `    answers: { intent: ${['query', 'command', 'fact'][index % 3]}, caller_needs: ${['result', 'acknowledgement', 'nothing'][index % 3]} }`,
    );
  });
  return `${lines.join('\n')}\n`;
}

function listSources(): { name: string; text: string }[] {
  const sources: { name: string; text: string }[] = [];
  for (const file of readdirSync(FIXTURES).filter((name) => name.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    sources.push({ name: file, text }, { name: `${file} (CRLF)`, text: text.replace(/\n/g, '\r\n') });
  }
  sources.push({ name: 'generated long and many names', text: buildGeneratedFile() });
  return sources;
}

export async function loadHostileCorpus(): Promise<HostileCase[]> {
  const pack: Pack = await loadPacks([]);
  const templates = await readAdrTemplates();
  return listSources().map(({ name, text }) => {
    const answers = parseAnswers(text, name, pack);
    const decision = decide(answers, pack);
    const adrs = {} as Record<AdrProfile, string>;
    for (const profile of ADR_PROFILES) {
      adrs[profile] = renderAdr({ answers, decision, pack, profile, number: 12, date: '2026-03-09', source: 'answers.yaml', templates });
    }
    return { name, answers, decision, adrs, mermaid: renderMermaid(decision) };
  });
}

/**
 * The check report's Markdown (a job summary or a pull-request comment) quotes finding messages,
 * which name services, and waiver reasons: written with hostile text, its tables keep their
 * columns, the texts read back as written and nothing in it runs script.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import { applyGate, summariseGate } from '../../src/engine/gate.js';
import { parseAnswers } from '../../src/load/answers.js';
import { loadPacks } from '../../src/load/pack.js';
import { formatMarkdown } from '../../src/render/check-report.js';
import { foldLines, replaceControlCharacters } from '../../src/render/markdown.js';
import { findDangers, inspectHtml, renderHtml, RENDERERS, tableRows } from './html.js';

let markdown: string;
let waiverReason: string;
let openFindings: number;

beforeAll(async () => {
  const pack = await loadPacks([]);
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hostile', 'hostile-waivers.yaml'), 'utf8');
  const answers = parseAnswers(text, 'answers.yaml', pack);
  const decision = decide(answers, pack);
  const findings = applyGate(answers, decision, { today: '2026-03-09', requireChecklist: true });
  const ack = answers.interactions.find((interaction) => interaction.id === 'notify-search')?.acknowledged?.['timeout-budget'];
  if (ack?.kind !== 'waived') throw new Error('the fixture waives timeout-budget on notify-search');
  waiverReason = ack.reason;
  openFindings = findings.filter((finding) => finding.waived === undefined).length;
  markdown = formatMarkdown({
    source: 'answers.yaml',
    findings,
    summary: summariseGate(decision, findings, 'error'),
    rules: new Map(),
    tool: { name: 'sync-or-async', version: '0.0.0', informationUri: 'https://example.com' },
  });
});

describe.each(RENDERERS)('the check report rendered by %s', (renderer) => {
  it('keeps every table row to its columns and shows the waiver reason as written', () => {
    const report = inspectHtml(renderHtml(markdown, renderer));
    const tables = report.tables.map(tableRows);
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const rows of tables) for (const row of rows) expect(row).toHaveLength(rows[0]!.length);
    const waived = tables.find((rows) => rows[0]?.[3] === 'Reason');
    expect(waived?.slice(1).map((row) => [row[0], row[3]])).toEqual([['checklist-missing', foldLines(replaceControlCharacters(waiverReason))]]);
    const open = tables.find((rows) => rows[0]?.[3] === 'Finding');
    expect(open).toHaveLength(openFindings + 1);
  });

  it('has nothing that runs script; its only raw HTML is the folding of the waived findings', () => {
    const html = renderHtml(markdown, renderer);
    const dangers = findDangers(html, inspectHtml(html)).filter((danger) => danger !== 'a <details> element' && danger !== 'a <summary> element');
    expect(dangers).toEqual([]);
  });
});

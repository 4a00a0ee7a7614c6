/**
 * Every Mermaid diagram of the hostile corpus, rendered by the mermaid package itself in
 * headless Chromium: each parses, renders an SVG with one node per service and one edge per
 * interaction, shows every name as written, and has nothing that runs script, with Mermaid's
 * default `strict` security level as GitHub uses it and with `loose`, which lets labels hold
 * HTML and enables click callbacks.
 *
 * Needs Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH). Without it the test is skipped
 * locally, and fails in CI (CI=true), where .ci/run installs it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Style } from '../../src/model/answers.js';
import { foldLines, replaceControlCharacters } from '../../src/render/markdown.js';
import { MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, renderMermaid, renderMermaidDiagrams } from '../../src/render/mermaid.js';
import { decisionOf, mapInteraction } from '../render/fixture.js';
import { loadHostileCorpus } from './corpus.js';
import type { HostileCase } from './corpus.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env['CI'] === 'true';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What the page reports of one rendered diagram. */
interface Rendered {
  error?: string;
  nodes: number;
  edges: number;
  nodeLabels: string[];
  edgeLabels: string[];
  /** Elements and attributes that could run script. */
  dangers: string[];
}

/** Runs in the page: renders each diagram with the given security level and reads the SVG. */
async function renderInPage(page: Page, diagrams: string[], securityLevel: 'strict' | 'loose'): Promise<Rendered[]> {
  return page.evaluate(
    async ({ diagrams, securityLevel }) => {
      const mermaid = (globalThis as unknown as { mermaid: { initialize(config: object): void; parse(text: string): Promise<unknown>; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel });
      const results = [];
      for (const [index, text] of diagrams.entries()) {
        try {
          await mermaid.parse(text);
          const { svg } = await mermaid.render(`diagram-${securityLevel}-${index}`, text);
          const holder = document.createElement('div');
          holder.innerHTML = svg;
          document.body.append(holder);
          const dangers: string[] = [];
          for (const element of holder.querySelectorAll('*')) {
            const name = element.localName;
            if (['script', 'iframe', 'object', 'embed', 'img', 'a'].includes(name)) dangers.push(`<${name}>`);
            for (const attr of element.attributes) {
              if (/^on/i.test(attr.name)) dangers.push(`${attr.name} on <${name}>`);
              if (/^\s*(javascript|vbscript|data):/i.test(attr.value) && /href|src|action/i.test(attr.name)) dangers.push(`${attr.name}=${attr.value}`);
            }
          }
          const read = (selector: string) => [...holder.querySelectorAll(selector)].map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim());
          results.push({
            nodes: holder.querySelectorAll('g.node').length,
            edges: holder.querySelectorAll('path.flowchart-link').length,
            nodeLabels: read('g.node .nodeLabel'),
            edgeLabels: read('g.edgeLabel .edgeLabel').filter((label) => label !== ''),
            dangers,
          });
          holder.remove();
        } catch (error) {
          results.push({ error: String(error), nodes: 0, edges: 0, nodeLabels: [], edgeLabels: [], dangers: [] });
        }
      }
      return results;
    },
    { diagrams, securityLevel },
  );
}

function expectedNodeLabels(hostile: HostileCase): string[] {
  const names = new Set<string>();
  for (const interaction of hostile.decision.interactions) names.add(interaction.from).add(interaction.to);
  return [...names].map((name) => foldLines(replaceControlCharacters(name))).sort();
}

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`Skipping the Mermaid browser test: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
}

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('Mermaid diagrams of the hostile corpus in headless Chromium', () => {
  let corpus: HostileCase[];
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  const rendered = new Map<string, Rendered[]>();

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`no Chromium at ${CHROMIUM}: CI must install it (see .ci/run)`);
    corpus = await loadHostileCorpus();
    profileDir = mkdtempSync(join(tmpdir(), 'sync-or-async-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, offline: true });
    const page = await context.newPage();
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js') });
    const diagrams = corpus.map((hostile) => hostile.mermaid);
    for (const level of ['strict', 'loose'] as const) rendered.set(level, await renderInPage(page, diagrams, level));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profileDir !== undefined) rmSync(profileDir, { recursive: true, force: true });
  });

  it('renders a diagram of the corpus as a sanity check of the page itself', () => {
    expect(corpus.length).toBeGreaterThan(10);
    expect(rendered.get('strict')).toHaveLength(corpus.length);
  });

  describe.each(['strict', 'loose'] as const)('securityLevel %s', (level) => {
    it('renders every diagram without an error, with one node per service and one edge per interaction', () => {
      corpus.forEach((hostile, index) => {
        const result = rendered.get(level)![index]!;
        expect(result.error, hostile.name).toBeUndefined();
        expect([result.nodes, result.edges], hostile.name).toEqual([expectedNodeLabels(hostile).length, hostile.decision.interactions.length]);
      });
    });

    it('shows every service name and edge label as written', () => {
      corpus.forEach((hostile, index) => {
        const result = rendered.get(level)![index]!;
        expect([...result.nodeLabels].sort(), hostile.name).toEqual(expectedNodeLabels(hostile));
        expect(result.edgeLabels, hostile.name).toEqual(hostile.decision.interactions.map((interaction) => `${interaction.id}: ${interaction.mechanism}`));
      });
    });

    it('has nothing in the SVG that could run script', () => {
      corpus.forEach((hostile, index) => {
        expect(rendered.get(level)![index]!.dangers, hostile.name).toEqual([]);
      });
    });
  });
});

/**
 * A map with more interactions than Mermaid draws in one diagram, and one with labels too long
 * for one: drawn whole, Mermaid refuses them (an error, or a box saying the text is too large,
 * with no edge); drawn in the parts the ADR uses, every part renders with all its edges.
 */
describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('Mermaid diagrams of maps larger than one diagram holds, in headless Chromium', () => {
  const STYLES: readonly [Style, string][] = [
    ['sync', 'call'],
    ['async', 'event'],
    ['hybrid', 'call+queue'],
  ];
  const many = decisionOf(
    Array.from({ length: 2 * MERMAID_MAX_EDGES + 50 }, (_, index) => {
      const [style, mechanism] = STYLES[index % 3] as [Style, string];
      return mapInteraction(`i-${index}`, `caller "${index % 23}"`, `callee <${index % 41}>`, style, mechanism);
    }),
  );
  const wordy = decisionOf(
    Array.from({ length: 90 }, (_, index) => mapInteraction(`${'long-id-'.repeat(90)}${index}`, `caller ${index % 4}`, `callee ${index % 9}`, 'async', 'event')),
  );
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`no Chromium at ${CHROMIUM}: CI must install it (see .ci/run)`);
    profileDir = mkdtempSync(join(tmpdir(), 'sync-or-async-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, offline: true });
    page = await context.newPage();
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js') });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (profileDir !== undefined) rmSync(profileDir, { recursive: true, force: true });
  });

  it('is refused whole by Mermaid, which is why the ADR splits it', async () => {
    expect(renderMermaid(wordy).length).toBeGreaterThan(MERMAID_MAX_TEXT);
    const [tooManyEdges, tooLong] = await renderInPage(page, [renderMermaid(many), renderMermaid(wordy)], 'strict');
    expect(tooManyEdges?.error).toMatch(/edge limit/i);
    expect(tooLong?.edges).toBe(0);
  }, 60_000);

  it.each([
    ['too many interactions', many],
    ['too long labels', wordy],
  ])('renders every part of a map with %s, each edge once', async (_name, decision) => {
    const diagrams = renderMermaidDiagrams(decision);
    expect(diagrams.length).toBeGreaterThan(1);
    const results = await renderInPage(
      page,
      diagrams.map((diagram) => diagram.source),
      'strict',
    );
    results.forEach((result, index) => expect(result.error, `part ${index + 1}`).toBeUndefined());
    const edgeLabels = results.flatMap((result) => result.edgeLabels);
    expect([...edgeLabels].sort()).toEqual(decision.interactions.map((interaction) => `${interaction.id}: ${interaction.mechanism}`).sort());
    expect(results.reduce((sum, result) => sum + result.edges, 0)).toBe(decision.interactions.length);
  }, 120_000);
});

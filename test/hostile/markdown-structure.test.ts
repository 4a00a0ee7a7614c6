/**
 * Every ADR of the hostile corpus, in every profile, through two real GFM renderers: the
 * record keeps one title, all its sections in order, the map as a table with a row per
 * interaction, the Mermaid block intact, and nothing that could run script. Plain-text fields
 * must read back exactly as written: escaping that shows a backslash, or loses a character, fails.
 */
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADR_PROFILES } from '../../src/render/adr.js';
import type { AdrProfile } from '../../src/render/adr.js';
import { foldLines, replaceControlCharacters } from '../../src/render/markdown.js';
import { loadHostileCorpus } from './corpus.js';
import type { HostileCase } from './corpus.js';
import { findDangers, inspectHtml, renderHtml, RENDERERS, splitFrontMatter, tableRows, textOf } from './html.js';
import type { Heading, HtmlReport } from './html.js';

/** What a reader should see of a plain-text field: the text on one line, control characters marked. */
function shown(text: string): string {
  return foldLines(replaceControlCharacters(text));
}

const MADR_SECTIONS: [string, string[]][] = [
  ['Context and Problem Statement', ['Services']],
  ['Decision Drivers', []],
  ['Considered Options', []],
  ['Decision Outcome', ['Communication map', 'Reasons per interaction', 'Consequences', 'Whole-system findings', 'Open questions', 'Confirmation']],
  ['Pros and Cons of the Options', []],
  ['More Information', []],
];

const NYGARD_SECTIONS: [string, string[]][] = [
  ['Status', []],
  ['Context', ['Services', 'Decision drivers']],
  ['Decision', ['Communication map', 'Reasons per interaction', 'Whole-system findings', 'Open questions']],
  ['Options weighed', []],
  ['Consequences', ['Checklist']],
  ['More information', []],
];

function expectedSections(profile: AdrProfile, hasServices: boolean): [string, string[]][] {
  const sections = profile === 'nygard' ? NYGARD_SECTIONS : MADR_SECTIONS;
  return sections.map(([h2, h3s]) => [h2, h3s.filter((h3) => hasServices || h3 !== 'Services')]);
}

/** The headings under each H2, up to the next H2. */
function groupByH2(headings: Heading[]): Map<string, Heading[]> {
  const groups = new Map<string, Heading[]>();
  let current: Heading[] | undefined;
  for (const heading of headings) {
    if (heading.level === 2) {
      current = [];
      groups.set(heading.text, current);
    } else if (heading.level > 2 && current !== undefined) {
      current.push(heading);
    }
  }
  return groups;
}

let corpus: HostileCase[];
beforeAll(async () => {
  corpus = await loadHostileCorpus();
});

const CASE_NAMES = [
  'context-edge-cases.yaml',
  'context-structure.yaml',
  'hostile-waivers.yaml',
  'html-and-links.yaml',
  'invisible-characters.yaml',
  'line-breakers.yaml',
  'mermaid-names.yaml',
  'table-breakers.yaml',
].flatMap((name) => [name, `${name} (CRLF)`]).concat('generated long and many names');

function caseNamed(name: string): HostileCase {
  const found = corpus.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no case ${name} in the corpus`);
  return found;
}

it('the corpus holds every fixture, in both line endings, and the generated file', () => {
  expect(corpus.map((hostile) => hostile.name).sort()).toEqual([...CASE_NAMES].sort());
});

describe.each(CASE_NAMES)('%s', (name) => {
  describe.each(ADR_PROFILES)('profile %s', (profile) => {
    describe.each(RENDERERS)('rendered by %s', (renderer) => {
      let hostile: HostileCase;
      let html: string;
      let report: HtmlReport;
      beforeAll(() => {
        hostile = caseNamed(name);
        html = renderHtml(hostile.adrs[profile], renderer);
        report = inspectHtml(html);
      });

      it('has exactly one H1, the title as written', () => {
        const h1s = report.headings.filter((heading) => heading.level === 1).map((heading) => heading.text);
        const title = shown(hostile.answers.title);
        expect(h1s).toEqual([profile === 'nygard' ? `12. ${title}` : title]);
      });

      it('has every section, in order, each sub-section under its own section', () => {
        const sections = expectedSections(profile, hostile.answers.services.length > 0);
        const h2s = report.headings.filter((heading) => heading.level === 2).map((heading) => heading.text);
        expect(h2s).toEqual(sections.map(([h2]) => h2));
        const groups = groupByH2(report.headings);
        for (const [h2, h3s] of sections) {
          const under = (groups.get(h2) ?? []).filter((heading) => heading.level === 3 && h3s.includes(heading.text)).map((heading) => heading.text);
          expect(under, `sub-sections of ${h2}`).toEqual(h3s);
        }
      });

      it('keeps the context inside its section, its headings below the section heading', () => {
        const contextSection = profile === 'nygard' ? 'Context' : 'Context and Problem Statement';
        const all = report.headings;
        const start = all.findIndex((heading) => heading.level === 2 && heading.text === contextSection);
        const end = all.findIndex((heading, index) => index > start && heading.level <= 2);
        expect(start).toBeGreaterThanOrEqual(0);
        for (const heading of all.slice(start + 1, end)) expect(heading.level, heading.text).toBeGreaterThanOrEqual(3);
      });

      it('has the map table with one row per interaction, names as written', () => {
        const maps = report.tables.map(tableRows).filter((rows) => rows[0]?.[0] === 'Interaction' && rows[0]?.[1] === 'From -> To');
        expect(maps).toHaveLength(1);
        const rows = maps[0]!;
        expect(rows[0]).toEqual(['Interaction', 'From -> To', 'Style', 'Mechanism', 'Confidence', 'Main reason', 'Declared']);
        expect(rows.slice(1).map((row) => row.slice(0, 4))).toEqual(
          hostile.decision.interactions.map((interaction) => [
            interaction.id,
            foldLines(`${shown(interaction.from)} -> ${shown(interaction.to)}`),
            interaction.style,
            interaction.mechanism,
          ]),
        );
        for (const row of rows) expect(row).toHaveLength(7);
      });

      it('has the services table with one row per service, names and summaries as written', () => {
        const services = hostile.answers.services;
        const tables = report.tables.map(tableRows).filter((rows) => rows[0]?.[0] === 'Service');
        if (services.length === 0) {
          expect(tables).toHaveLength(0);
          return;
        }
        expect(tables).toHaveLength(1);
        expect(tables[0]!.slice(1).map((row) => [row[0], row[4]])).toEqual(
          services.map((service) => [shown(service.name), service.summary === undefined ? '-' : shown(service.summary) || '-']),
        );
      });

      it('names each interaction as written in its heading under the reasons', () => {
        const expected = hostile.decision.interactions.map((interaction) => `${interaction.id}: ${foldLines(`${shown(interaction.from)} -> ${shown(interaction.to)}`)}`);
        const h4s = report.headings.filter((heading) => heading.level === 4).map((heading) => heading.text);
        for (const heading of expected) expect(h4s).toContain(heading);
      });

      it('has the Mermaid block exactly as generated', () => {
        // A context may hold a diagram of its own; the map's is the one the record generated.
        const blocks = report.codeBlocks.filter((block) => block.language === 'mermaid' && block.text === `${hostile.mermaid}\n`);
        expect(blocks).toHaveLength(1);
      });

      it('ends with the record\'s own closing text, so nothing swallowed the sections before it', () => {
        expect(textOfLastParagraph(html)).toMatch(/^This record is generated by sync-or-async from answers\.yaml/);
        const comments = report.comments.map((comment) => comment.trim());
        expect(comments).toEqual(profile === 'madr' ? [] : [`decision-id: ${hostile.answers.id}`]);
      });

      it('has nothing that could run script, and no element that raw HTML brought in', () => {
        expect(findDangers(html, report)).toEqual([]);
      });
    });
  });

  it('keeps the context as Markdown: none of the corpus needs the code-block fallback', () => {
    const adr = caseNamed(name).adrs.madr;
    const context = adr.slice(adr.indexOf('## Context and Problem Statement\n\n') + 34);
    expect(context).not.toMatch(/^`{3,}text\n/);
  });

  it('writes front matter that a YAML reader takes back as written', () => {
    const hostile = caseNamed(name);
    const { frontMatter } = splitFrontMatter(hostile.adrs.madr);
    expect(frontMatter).toBeDefined();
    const data = parseYaml(frontMatter!) as Record<string, unknown>;
    expect(data['status']).toBe(hostile.answers.status);
    expect(data['decision-id']).toBe(hostile.answers.id);
    const makers = hostile.answers.decision_makers;
    expect(data['decision-makers']).toBe(makers.length === 0 ? undefined : shown(makers.map((maker) => maker.trim()).join(', ')));
  });
});

function textOfLastParagraph(html: string): string {
  const paragraphs = inspectHtml(html).elements.filter((element) => element.tagName === 'p');
  const last = paragraphs[paragraphs.length - 1];
  return last === undefined ? '' : textOf(last);
}

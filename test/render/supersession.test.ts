/**
 * Superseded and superseding ADRs in each profile. The text decide writes for a superseded ADR
 * must be exactly what marking the old file gives, or every later run would rewrite it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeAdr, markAdrSuperseded, parseAdrText, parseSupersededBy } from '../../src/io/adr-dir.js';
import { readAdrTemplates } from '../../src/io/templates.js';
import { ADR_PROFILES, renderAdr } from '../../src/render/adr.js';
import type { AdrInput, AdrProfile, AdrTemplates } from '../../src/render/adr.js';
import { formatSupersededByLine, formatSupersededStatus, formatSupersedesLine } from '../../src/render/adr-view.js';
import type { AdrLink, Supersession } from '../../src/render/adr-view.js';
import { buildAnswers, buildDecision, buildMinimalCase, buildPack } from './fixture.js';

let templates: AdrTemplates;

beforeAll(async () => {
  templates = await readAdrTemplates();
});

function input(profile: AdrProfile, supersession?: Supersession): AdrInput {
  const base: AdrInput = { ...buildMinimalCase(), profile, number: 3, date: '2026-01-05', source: 'answers.yaml', templates };
  return supersession === undefined ? base : { ...base, supersession };
}

/** The checkout decision: services table, options, pros and cons, reasons under assumed answers. */
function checkoutInput(profile: AdrProfile, supersession?: Supersession): AdrInput {
  const pack = buildPack();
  const base: AdrInput = { answers: buildAnswers(), decision: buildDecision(pack), pack, profile, number: 7, date: '2026-11-22', source: 'answers.yaml', templates };
  return supersession === undefined ? base : { ...base, supersession };
}

const newer: AdrLink = { label: 'ADR-0004', title: 'Use a queue', file: '0004-use-a-queue.md' };
const older: AdrLink = { label: 'ADR-0001', title: 'Call directly', file: '0001-call-directly.md' };
const oldest: AdrLink = { label: '20250101-first-try', title: 'First try', file: '20250101-first-try.md' };

describe('superseded ADRs', () => {
  it.each(ADR_PROFILES)('%s: marking the rendered file gives the file rendered as superseded', (profile) => {
    const plain = renderAdr(input(profile, { supersedes: [older] }));
    const superseded = renderAdr(input(profile, { supersededBy: newer, supersedes: [older] }));
    expect(superseded).not.toBe(plain);
    expect(markAdrSuperseded(plain, { status: formatSupersededStatus(newer), line: formatSupersededByLine(newer) })).toBe(superseded);
  });

  it.each(ADR_PROFILES)('%s: marking an ADR without links gives the same text as rendering it superseded', (profile) => {
    const plain = renderAdr(input(profile));
    const superseded = renderAdr(input(profile, { supersededBy: newer, supersedes: [] }));
    expect(markAdrSuperseded(plain, { status: formatSupersededStatus(newer), line: formatSupersededByLine(newer) })).toBe(superseded);
  });

  it.each(ADR_PROFILES)('%s: marking a full decision, with its services table and options, gives it rendered as superseded', (profile) => {
    const plain = renderAdr(checkoutInput(profile, { supersedes: [older] }));
    const superseded = renderAdr(checkoutInput(profile, { supersededBy: newer, supersedes: [older] }));
    expect(plain).toContain('### Services');
    expect(markAdrSuperseded(plain, { status: formatSupersededStatus(newer), line: formatSupersededByLine(newer) })).toBe(superseded);
    expect(parseAdrText(superseded).status?.toLowerCase()).toBe('superseded by adr-0004');
  });

  it.each(ADR_PROFILES)('%s: the status read back names the superseding ADR', (profile) => {
    const facts = parseAdrText(renderAdr(input(profile, { supersededBy: newer, supersedes: [] })));
    expect(facts.status?.toLowerCase()).toBe('superseded by adr-0004');
  });

  it('writes the status where each format keeps it, and the link after the title', () => {
    const supersession = { supersededBy: newer, supersedes: [] };
    const madr = renderAdr(input('madr', supersession));
    expect(madr).toMatch(/^---\nstatus: superseded by ADR-0004\n/);
    expect(madr).toContain('\n# Price lookup\n\nSuperseded by [ADR-0004: Use a queue](0004-use-a-queue.md)\n\n## Context and Problem Statement\n');
    const nygard = renderAdr(input('nygard', supersession));
    expect(nygard).toContain('\n## Status\n\nSuperseded by ADR-0004\n\nSuperseded by [ADR-0004: Use a queue](0004-use-a-queue.md)\n\n## Context\n');
    const log4brains = renderAdr(input('log4brains', supersession));
    expect(log4brains).toContain('\n- Status: superseded by ADR-0004\n');
    expect(log4brains).toContain('\n- Date: 2026-01-05\n\nSuperseded by [ADR-0004: Use a queue](0004-use-a-queue.md)\n\n## Context and Problem Statement\n');
  });

  it.each(ADR_PROFILES)('%s: a date-named replacement is linked from the status, as log4brains links it', (profile) => {
    const dated: AdrLink = { label: '20261122-use-a-queue', title: 'Use a queue', file: '20261122-use-a-queue.md' };
    const plain = renderAdr(input(profile));
    const superseded = renderAdr(input(profile, { supersededBy: dated, supersedes: [] }));
    expect(markAdrSuperseded(plain, { status: formatSupersededStatus(dated), line: formatSupersededByLine(dated) })).toBe(superseded);
    const status = parseAdrText(superseded).status;
    expect(status?.toLowerCase()).toBe('superseded by [20261122-use-a-queue](20261122-use-a-queue.md)');
    expect(parseSupersededBy(status)).toBe('20261122-use-a-queue');
    if (profile === 'log4brains') expect(superseded).toContain('\n- Status: superseded by [20261122-use-a-queue](20261122-use-a-queue.md)\n');
  });

  it('names the superseding ADR without a link when its file is gone', () => {
    const text = renderAdr(input('madr', { supersededBy: { label: 'ADR-0004' }, supersedes: [] }));
    expect(text).toContain('\n\nSuperseded by ADR-0004\n\n');
    expect(text).toMatch(/^status: superseded by ADR-0004$/m);
  });
});

describe('superseding ADRs', () => {
  it.each(ADR_PROFILES)('%s: links back to each ADR it replaces, in the order given, and keeps its own status', (profile) => {
    const text = renderAdr(input(profile, { supersedes: [older, oldest] }));
    expect(text).toContain(
      '\n\nSupersedes [ADR-0001: Call directly](0001-call-directly.md)\n\nSupersedes [20250101-first-try: First try](20250101-first-try.md)\n\n',
    );
    expect(parseAdrText(text).status?.toLowerCase()).toBe(buildMinimalCase().answers.status);
  });

  it.each(ADR_PROFILES)('%s: an ADR without supersession renders as before', (profile) => {
    expect(renderAdr(input(profile, { supersedes: [] }))).toBe(renderAdr(input(profile)));
    expect(renderAdr(input(profile))).not.toMatch(/supersede/i);
  });

  it('escapes brackets in a title and encodes awkward file names in the link', () => {
    expect(formatSupersedesLine({ label: 'ADR-0002', title: 'Use [beta] API', file: '0002-use (beta) api.md' })).toBe(
      'Supersedes [ADR-0002: Use \\[beta\\] API](0002-use%20%28beta%29%20api.md)',
    );
    expect(formatSupersedesLine({ label: 'ADR-0002', title: 'Already \\[escaped\\]', file: '0002-x.md' })).toBe(
      'Supersedes [ADR-0002: Already \\[escaped\\]](0002-x.md)',
    );
  });

  it('reads the title of a Nygard ADR without its number, as the links show it', () => {
    const text = renderAdr(input('nygard'));
    expect(describeAdr('0003-price-lookup.md', parseAdrText(text)).title).toBe('Price lookup');
  });
});

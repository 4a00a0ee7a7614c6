import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/render/json.js';
import { buildAnswers, buildDecision, buildMinimalCase } from './fixture.js';

describe('renderJson', () => {
  it('golden document of the checkout decision', async () => {
    await expect(renderJson(buildAnswers(), buildDecision())).toMatchFileSnapshot('../golden/checkout-decision.json');
  });

  it('is one JSON document with a 2-space indent and a final newline', () => {
    const text = renderJson(buildAnswers(), buildDecision());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "version": 1,');
    expect(Object.keys(JSON.parse(text))).toEqual([
      'version',
      'decision_id',
      'title',
      'status',
      'interactions',
      'findings',
      'summary',
    ]);
  });

  it('gives every interaction exactly the documented keys, with declared null when absent', () => {
    const { answers, decision } = buildMinimalCase();
    const parsed = JSON.parse(renderJson(answers, decision));
    expect(Object.keys(parsed.interactions[0])).toEqual([
      'id',
      'from',
      'to',
      'summary',
      'style',
      'mechanism',
      'confidence',
      'reasons',
      'checklist',
      'declared',
      'open_questions',
      'derived',
      'location',
    ]);
    expect(parsed.interactions[0].declared).toBeNull();
    expect(parsed.findings).toEqual([]);
    expect(parsed.summary).toEqual({
      interactions: 1,
      styles: { sync: 1, async: 0, hybrid: 0 },
      findings: { error: 0, warning: 0, info: 0 },
    });
  });

  it('leaves absent finding keys out', () => {
    const parsed = JSON.parse(renderJson(buildAnswers(), buildDecision()));
    expect(Object.keys(parsed.findings[0])).toEqual(['rule', 'severity', 'message', 'flow', 'location']);
    expect(Object.keys(parsed.findings[1])).toEqual(['rule', 'severity', 'message', 'interaction', 'location']);
  });

  it('renders the same text twice', () => {
    expect(renderJson(buildAnswers(), buildDecision())).toBe(renderJson(buildAnswers(), buildDecision()));
  });
});

import { describe, expect, it } from 'vitest';
import { AnswersDocument } from '../../src/interview/answers-document.js';

const ORDER = ['intent', 'needs_answer_now', 'when_down', 'safe_to_repeat'];

describe('AnswersDocument', () => {
  it('writes a new file with the modeline first and every key in the documented order, whatever the order of the answers', () => {
    const document = AnswersDocument.create('../schema/answers.schema.json', ORDER);
    const index = document.addInteraction();
    // Given out of order on purpose.
    document.setAnswer(index, 'when_down', 'fail_fast');
    document.setInteractionField(index, 'summary', 'Look up the price');
    document.setNumber(index, 'retries', 2);
    document.setInteractionField(index, 'to', 'pricing');
    document.setAnswer(index, 'intent', 'query');
    document.setNumber(index, 'latency_p99_ms', 300);
    document.setInteractionField(index, 'from', 'checkout');
    document.setNumber(index, 'latency_budget_ms', 800);
    document.setInteractionField(index, 'id', 'look-up-the-price');
    document.setDeclared(index, 'sync');
    document.decisionMakers = ['payments team', 'web team'];
    document.context = 'Why we decide.\nAnd a second line.';
    document.title = 'Checkout';
    document.addFlow({ id: 'show-price', steps: ['look-up-the-price'], budget_ms: 1500 });
    expect(document.toString()).toBe(
      [
        '# yaml-language-server: $schema=../schema/answers.schema.json',
        '',
        'version: 1',
        'title: Checkout',
        'context: |',
        '  Why we decide.',
        '  And a second line.',
        'decision_makers: [ payments team, web team ]',
        'interactions:',
        '  - id: look-up-the-price',
        '    from: checkout',
        '    to: pricing',
        '    summary: Look up the price',
        '    answers:',
        '      intent: query',
        '      when_down: fail_fast',
        '    latency: { budget_ms: 800, p99_ms: 300 }',
        '    retries: 2',
        '    declared: sync',
        'flows:',
        '  - id: show-price',
        '    budget_ms: 1500',
        '    steps: [ look-up-the-price ]',
        '',
      ].join('\n'),
    );
  });

  it('gives the same text for the same answers given in another order', () => {
    const build = (reverse: boolean) => {
      const document = AnswersDocument.create('s.json', ORDER);
      const index = document.addInteraction();
      const steps: (() => void)[] = [
        () => document.setAnswer(index, 'intent', 'command'),
        () => document.setAnswer(index, 'safe_to_repeat', 'no'),
        () => document.setAnswer(index, 'needs_answer_now', 'unknown'),
        () => (document.title = 'T'),
      ];
      for (const step of reverse ? steps.reverse() : steps) step();
      return document.toString();
    };
    expect(build(true)).toBe(build(false));
  });

  it('keeps comments and unknown layout of an existing file, changing answers in place', () => {
    const text = [
      '# Our checkout decision.',
      'version: 1',
      'title: Checkout # the name the team uses',
      'context: Why.',
      'interactions:',
      '  # the price lookup',
      '  - id: a',
      '    from: x',
      '    to: y',
      '    summary: s',
      '    answers:',
      '      intent: query # asked in the workshop',
      '      when_down: fail_fast',
      '',
    ].join('\n');
    const document = AnswersDocument.parse(text, ORDER);
    document.setAnswer(0, 'intent', 'command');
    document.setAnswer(0, 'needs_answer_now', 'yes');
    const updated = document.toString();
    expect(updated).toContain('# Our checkout decision.\n');
    expect(updated).toContain('title: Checkout # the name the team uses\n');
    expect(updated).toContain('  # the price lookup\n');
    expect(updated).toContain('      intent: command # asked in the workshop\n      needs_answer_now: yes\n      when_down: fail_fast\n');
  });

  it('reads an interaction back as the engine sees it: true and false as yes and no, numbers flattened', () => {
    const document = AnswersDocument.parse(
      'version: 1\ninteractions:\n  - id: a\n    answers: { needs_answer_now: true, safe_to_repeat: false }\n    latency: { p99_ms: 5 }\n    availability: 0.99\n    declared: hybrid\n',
      ORDER,
    );
    expect(document.interaction(0)).toEqual({
      id: 'a',
      answers: { needs_answer_now: 'yes', safe_to_repeat: 'no' },
      numbers: { latency_p99_ms: 5, availability: 0.99 },
      declared: 'hybrid',
    });
  });

  it('removes what is cleared: a declared style, a number, an empty latency map, the draft flag', () => {
    const document = AnswersDocument.parse('version: 1\ndraft: true\ninteractions:\n  - id: a\n    latency: { budget_ms: 800 }\n    retries: 1\n    declared: sync\n', ORDER);
    expect(document.isDraft).toBe(true);
    document.isDraft = false;
    document.setDeclared(0, undefined);
    document.setNumber(0, 'latency_budget_ms', undefined);
    document.setNumber(0, 'retries', undefined);
    expect(document.toString()).toBe('version: 1\ninteractions:\n  - id: a\n');
  });

  it('puts the draft flag right after the version', () => {
    const document = AnswersDocument.create('s.json', ORDER);
    document.title = 'T';
    document.isDraft = true;
    expect(document.toString()).toContain('version: 1\ndraft: true\ntitle: T\n');
  });
});

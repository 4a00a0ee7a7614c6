import { describe, expect, it } from 'vitest';
import { AnswersDocument } from '../../src/interview/answers-document.js';

const ORDER = ['intent', 'caller_needs', 'when_down', 'safe_to_repeat'];

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
    document.setService('pricing', 'kind', 'service');
    document.setService('checkout', 'reachable', 'yes');
    document.setService('checkout', 'kind', 'edge');
    document.addFlow({ id: 'show-price', steps: ['look-up-the-price'], budget_ms: 1500 });
    expect(document.toString()).toBe(
      [
        '# yaml-language-server: $schema=../schema/answers.schema.json',
        '',
        'version: 2',
        'title: Checkout',
        'context: |',
        '  Why we decide.',
        '  And a second line.',
        'decision_makers: [payments team, web team]',
        'services:',
        '  pricing: {kind: service}',
        '  checkout: {kind: edge, reachable: yes}',
        'interactions:',
        '  - id: look-up-the-price',
        '    from: checkout',
        '    to: pricing',
        '    summary: Look up the price',
        '    answers:',
        '      intent: query',
        '      when_down: fail_fast',
        '    latency: {budget_ms: 800, p99_ms: 300}',
        '    retries: 2',
        '    declared: sync',
        'flows:',
        '  - id: show-price',
        '    budget_ms: 1500',
        '    steps: [look-up-the-price]',
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
        () => document.setAnswer(index, 'caller_needs', 'unknown'),
        () => document.setService('pricing', 'kind', 'partner'),
        () => document.setService('pricing', 'reachable', 'no'),
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
      'version: 2',
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
    document.setAnswer(0, 'caller_needs', 'result');
    const updated = document.toString();
    expect(updated).toContain('# Our checkout decision.\n');
    expect(updated).toContain('title: Checkout # the name the team uses\n');
    expect(updated).toContain('  # the price lookup\n');
    expect(updated).toContain('      intent: command # asked in the workshop\n      caller_needs: result\n      when_down: fail_fast\n');
  });

  it('reads an interaction back as the engine sees it: true and false as yes and no, numbers flattened', () => {
    const document = AnswersDocument.parse(
      'version: 2\ninteractions:\n  - id: a\n    answers: { joins_owners: true, safe_to_repeat: false }\n    latency: { p99_ms: 5 }\n    availability: 0.99\n    declared: hybrid\n',
      ORDER,
    );
    expect(document.interaction(0)).toEqual({
      id: 'a',
      answers: { joins_owners: 'yes', safe_to_repeat: 'no' },
      numbers: { latency_p99_ms: 5, availability: 0.99 },
      declared: 'hybrid',
    });
  });

  it('removes what is cleared: a declared style, a number, an empty latency map, the draft flag', () => {
    const document = AnswersDocument.parse('version: 2\ndraft: true\ninteractions:\n  - id: a\n    latency: { budget_ms: 800 }\n    retries: 1\n    declared: sync\n', ORDER);
    expect(document.isDraft).toBe(true);
    document.isDraft = false;
    document.setDeclared(0, undefined);
    document.setNumber(0, 'latency_budget_ms', undefined);
    document.setNumber(0, 'retries', undefined);
    expect(document.toString()).toBe('version: 2\ninteractions:\n  - id: a\n');
  });

  it('puts the draft flag right after the version', () => {
    const document = AnswersDocument.create('s.json', ORDER);
    document.title = 'T';
    document.isDraft = true;
    expect(document.toString()).toContain('version: 2\ndraft: true\ntitle: T\n');
  });

  it('reads the services as written, true and false as yes and no, and nothing from a section that is not a map', () => {
    const document = AnswersDocument.parse(
      'version: 2\nservices:\n  app: { kind: client, reachable: false, summary: The mobile app }\n  partner: { kind: partner, reachable: true, boundary: partner }\n  bare:\n',
      ORDER,
    );
    expect(document.services()).toEqual(
      new Map([
        ['app', { kind: 'client', reachable: 'no', summary: 'The mobile app' }],
        ['partner', { kind: 'partner', reachable: 'yes', boundary: 'partner' }],
        ['bare', {}],
      ]),
    );
    expect(AnswersDocument.parse('version: 2\nservices: [app]\n', ORDER).services()).toEqual(new Map());
  });

  it('adds a service to an existing section in place, keeping the comments and the layout of the others', () => {
    const text = ['version: 2', 'services:', '  # the shop', '  web:', '    kind: client # a browser', 'interactions: []', ''].join('\n');
    const document = AnswersDocument.parse(text, ORDER);
    document.setService('web', 'summary', 'The shop');
    document.setService('payments', 'kind', 'service');
    expect(document.toString()).toBe(
      ['version: 2', 'services:', '  # the shop', '  web:', '    kind: client # a browser', '    summary: The shop', '  payments: {kind: service}', 'interactions: []', ''].join('\n'),
    );
  });
});

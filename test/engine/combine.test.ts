import { describe, expect, it } from 'vitest';
import { combineVotes, defaultMechanism, describeParts, judgeVote, pickTop, votesOnlyReply } from '../../src/engine/combine.js';
import type { Recommendation, Weight } from '../../src/model/pack.js';
import { makeRule } from './helpers.js';

const rule = (id: string, recommend: Recommendation, weight: Weight = 'normal') => makeRule({ id, when: { all: [] }, recommend, weight });

describe('combineVotes: each part weighed on its own', () => {
  const cases: { name: string; rules: ReturnType<typeof rule>[]; intent?: string; style: string; mechanism: string; isDefault?: boolean }[] = [
    { name: 'no vote: the plain synchronous call, marked as the default', rules: [], style: 'sync', mechanism: 'call', isDefault: true },
    {
      name: 'a reply vote alone votes on no part',
      rules: [rule('r', { reply: 'callback' }, 'strong')],
      style: 'sync',
      mechanism: 'call',
      isDefault: true,
    },
    { name: 'a synchronous part alone is sync', rules: [rule('s', { sync: 'yes' })], style: 'sync', mechanism: 'call' },
    {
      name: 'an asynchronous part alone is async; a fact travels as an event',
      rules: [rule('a', { async: 'yes' })],
      intent: 'fact',
      style: 'async',
      mechanism: 'event',
    },
    { name: 'a command travels on a queue', rules: [rule('a', { async: 'yes' })], intent: 'command', style: 'async', mechanism: 'queue' },
    {
      name: 'a query travels as a request with a reply, polled by default',
      rules: [rule('a', { async: 'yes' })],
      intent: 'query',
      style: 'async',
      mechanism: 'request-reply:polling',
    },
    {
      name: 'both parts make a hybrid',
      rules: [rule('s', { sync: 'yes' }), rule('a', { async: 'yes', mechanism: 'event' })],
      style: 'hybrid',
      mechanism: 'call+event',
    },
    {
      name: 'one rule voting for both parts makes a hybrid',
      rules: [rule('h', { sync: 'yes', async: 'yes', mechanism: 'request-reply', reply: 'callback' })],
      style: 'hybrid',
      mechanism: 'call+request-reply:callback',
    },
    {
      name: 'a synchronous part outvoted disappears',
      rules: [rule('s', { sync: 'yes' }), rule('n', { sync: 'no', async: 'yes' }, 'strong')],
      intent: 'command',
      style: 'async',
      mechanism: 'queue',
    },
    {
      name: 'a tie on the synchronous part keeps it',
      rules: [rule('s', { sync: 'yes' }, 'strong'), rule('n', { sync: 'no', async: 'yes' }, 'strong')],
      intent: 'fact',
      style: 'hybrid',
      mechanism: 'call+event',
    },
    {
      name: 'a tie on the asynchronous part drops it',
      rules: [rule('s', { sync: 'yes' }), rule('a', { async: 'yes' }), rule('n', { async: 'no' })],
      style: 'sync',
      mechanism: 'call',
    },
    {
      name: 'votes against both parts leave the plain call, not a default',
      rules: [rule('n', { sync: 'no', async: 'no' })],
      style: 'sync',
      mechanism: 'call',
    },
    {
      name: 'the mechanism with the most points wins',
      rules: [rule('q', { async: 'yes', mechanism: 'queue' }, 'strong'), rule('e1', { mechanism: 'event' }), rule('e2', { mechanism: 'event' })],
      style: 'async',
      mechanism: 'event',
    },
    {
      name: 'a mechanism tie goes to the first in pack order',
      rules: [rule('q', { async: 'yes', mechanism: 'queue' }), rule('e', { mechanism: 'event' })],
      style: 'async',
      mechanism: 'queue',
    },
    {
      name: 'a mechanism vote does not create an asynchronous part',
      rules: [rule('s', { sync: 'yes' }), rule('w', { mechanism: 'webhook' }, 'strong')],
      style: 'sync',
      mechanism: 'call',
    },
    {
      name: 'the reply with the most points wins',
      rules: [rule('a', { async: 'yes', mechanism: 'request-reply' }), rule('s', { reply: 'stream' }), rule('c', { reply: 'callback' }, 'strong')],
      style: 'async',
      mechanism: 'request-reply:callback',
    },
    {
      name: 'reply votes do not apply to other mechanisms',
      rules: [rule('a', { async: 'yes', mechanism: 'queue' }), rule('c', { reply: 'callback' }, 'strong')],
      style: 'async',
      mechanism: 'queue',
    },
  ];
  it.each(cases)('$name', ({ rules, intent, style, mechanism, isDefault }) => {
    const combination = combineVotes(rules, intent);
    expect(combination.style).toBe(style);
    expect(combination.mechanism).toBe(mechanism);
    expect(combination.isDefault).toBe(isDefault ?? false);
  });

  it('keeps the base mechanism apart from the reply', () => {
    const combination = combineVotes([rule('h', { sync: 'yes', async: 'yes', mechanism: 'request-reply', reply: 'stream' })], 'query');
    expect(combination.base).toBe('call+request-reply');
    expect(combination.parts).toEqual({ sync: 'call', async: 'request-reply', reply: 'stream' });
  });
});

describe('defaultMechanism', () => {
  it.each([
    ['fact', 'event'],
    ['query', 'request-reply'],
    ['command', 'queue'],
    [undefined, 'queue'],
  ])('%s travels as %s', (intent, mechanism) => {
    expect(defaultMechanism(intent)).toBe(mechanism);
  });
});

describe('describeParts', () => {
  it.each([
    [{ sync: 'call', async: null, reply: null }, 'sync', 'call'],
    [{ sync: null, async: 'webhook', reply: null }, 'async', 'webhook'],
    [{ sync: 'call', async: 'queue', reply: null }, 'hybrid', 'call+queue'],
    [{ sync: null, async: 'request-reply', reply: 'polling' }, 'async', 'request-reply:polling'],
  ] as const)('%j is %s via %s', (parts, style, mechanism) => {
    const described = describeParts({ ...parts });
    expect(described.style).toBe(style);
    expect(described.mechanism).toBe(mechanism);
  });
});

describe('judgeVote', () => {
  const hybrid = { sync: 'call', async: 'event', reply: null } as const;
  const sync = { sync: 'call', async: null, reply: null } as const;
  it.each([
    ['a vote for a part that exists', { sync: 'yes' }, hybrid, 'for'],
    ['a vote against a part that exists', { sync: 'no' }, hybrid, 'against'],
    ['a vote for a part that does not exist', { async: 'yes' }, sync, 'against'],
    ['a vote against a part that does not exist', { async: 'no' }, sync, 'for'],
    ['the right part with the wrong mechanism', { async: 'yes', mechanism: 'queue' }, hybrid, 'against'],
    ['a mechanism for an interaction without an asynchronous part', { mechanism: 'webhook' }, sync, undefined],
    ['a reply for an interaction without request-reply', { reply: 'polling' }, hybrid, undefined],
  ] as const)('%s', (_, vote, parts, stance) => {
    expect(judgeVote({ ...vote } as Recommendation, { ...parts })).toBe(stance);
  });
});

describe('pickTop and votesOnlyReply', () => {
  it('sums points per value and breaks a tie by the first vote', () => {
    const rules = [rule('a', { reply: 'callback' }), rule('b', { reply: 'polling' }), rule('c', { reply: 'polling' }, 'weak')];
    expect(pickTop(rules, (vote) => vote.reply)).toBe('polling');
    expect(pickTop(rules.slice(0, 2), (vote) => vote.reply)).toBe('callback');
    expect(pickTop([], (vote) => vote.reply)).toBeUndefined();
  });

  it('tells reply-only votes from the others', () => {
    expect(votesOnlyReply({ reply: 'stream' })).toBe(true);
    expect(votesOnlyReply({ reply: 'stream', mechanism: 'request-reply' })).toBe(false);
    expect(votesOnlyReply(undefined)).toBe(false);
  });
});

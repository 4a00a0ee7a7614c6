import { describe, expect, it } from 'vitest';
import {
  explorePossibilities,
  findRepresentative,
  isTruncated,
  isWeighed,
  listAssumedKinds,
  listLeaves,
  listReaders,
  listTriedQuestions,
  MAX_POSSIBILITIES,
  settle,
} from '../../src/engine/possibilities.js';
import type { Condition, Pack, Recommendation, Weight } from '../../src/model/pack.js';
import { makePack, makeQuestion, makeRule } from './helpers.js';

const when = (answer: string, eq: string): Condition => ({ answer, eq });
const rule = (id: string, condition: Condition, recommend: Recommendation, weight: Weight = 'normal') => makeRule({ id, when: condition, recommend, weight });

function weigh(pack: Pack, answers: Record<string, string>) {
  const styleRules = pack.rules.filter((r) => r.phase === 'style');
  const tree = explorePossibilities(answers, { pack, styleRules, readers: listReaders(styleRules), numbers: {} });
  return { tree, outcome: settle(tree) };
}

describe('explorePossibilities', () => {
  const pack = makePack({
    questions: [makeQuestion('intent', { answers: ['query', 'command', 'fact'] }), makeQuestion('needs'), makeQuestion('noise')],
    rules: [
      rule('fact-async', when('intent', 'fact'), { async: 'yes', mechanism: 'event' }, 'strong'),
      rule('needs-sync', when('needs', 'yes'), { sync: 'yes' }),
    ],
  });

  it('tries only the questions that keep a rule open, one answer per branch, each answer counting alike', () => {
    const { tree } = weigh(pack, { intent: 'command' });
    expect(tree.question?.id).toBe('needs');
    expect(tree.children?.map((child) => child.possibility.assumed)).toEqual([{ needs: 'yes' }, { needs: 'no' }]);
    expect(listLeaves(tree).map((leaf) => leaf.weight)).toEqual([0.5, 0.5]);
    expect(listTriedQuestions(tree, pack).map((question) => question.id)).toEqual(['needs']);
  });

  it('tries nothing when the known answers settle every rule', () => {
    const { tree, outcome } = weigh(pack, { intent: 'fact', needs: 'no' });
    expect(tree.children).toBeUndefined();
    expect(outcome).toEqual({ style: 'async', mechanism: 'event', saferTaken: false });
  });

  it('weighs nothing when told not to', () => {
    const tree = explorePossibilities({}, { pack, styleRules: pack.rules, readers: listReaders(pack.rules), numbers: {} }, false);
    expect(tree.children).toBeUndefined();
    expect(tree.possibility.combination.isDefault).toBe(true);
  });

  it('does not try a question whose ask_when is not known to hold', () => {
    const gated = makePack({
      questions: [makeQuestion('gate'), makeQuestion('detail', { ask_when: when('gate', 'yes') })],
      rules: [rule('detail-async', when('detail', 'yes'), { async: 'yes' }, 'strong')],
    });
    expect(weigh(gated, {}).tree.children).toBeUndefined();
    expect(weigh(gated, { gate: 'no' }).tree.children).toBeUndefined();
    expect(weigh(gated, { gate: 'yes' }).tree.question?.id).toBe('detail');
  });

  it('does not try a question whose rule would change nothing if it held', () => {
    const redundant = makePack({
      questions: [makeQuestion('a'), makeQuestion('b')],
      rules: [rule('a-sync', when('a', 'yes'), { sync: 'yes' }, 'strong'), rule('b-sync', when('b', 'yes'), { sync: 'yes' }, 'weak')],
    });
    expect(weigh(redundant, { a: 'yes' }).tree.children).toBeUndefined();
  });

  it('tries a reply question only where a request-reply is decided or still possible', () => {
    const replies = makePack({
      questions: [makeQuestion('slow'), makeQuestion('reachable')],
      rules: [
        rule('slow-later', when('slow', 'yes'), { sync: 'yes', async: 'yes', mechanism: 'request-reply' }, 'strong'),
        rule('callback', when('reachable', 'yes'), { reply: 'callback' }),
      ],
    });
    expect(weigh(replies, { slow: 'no' }).tree.children).toBeUndefined();
    expect(weigh(replies, { slow: 'yes' }).tree.question?.id).toBe('reachable');
  });

  it(`stops growing before more than ${MAX_POSSIBILITIES} possibilities, and says so`, () => {
    // While no rule has fired, each question's rule would decide something, so every answer
    // but the deciding one opens the next question: 4, 13, 40, 121, 364 possibilities.
    const questions = Array.from({ length: 6 }, (_, index) => makeQuestion(`q${index}`, { answers: ['a', 'b', 'c', 'd'] }));
    const rules = questions.map((question, index) => rule(`r${index}`, when(question.id, 'a'), { sync: 'yes' }));
    const wide = makePack({ questions, rules });
    const { tree } = weigh(wide, {});
    expect(listLeaves(tree).length).toBeLessThanOrEqual(MAX_POSSIBILITIES);
    expect(isTruncated(tree)).toBe(true);
    expect(isTruncated(weigh(pack, { intent: 'command' }).tree)).toBe(false);
  });
});

describe('settle: one question at a time', () => {
  const pack = makePack({
    questions: [makeQuestion('kind', { answers: ['a', 'b', 'c'] }), makeQuestion('flag')],
    rules: [
      rule('a-sync', when('kind', 'a'), { sync: 'yes' }),
      rule('b-async', when('kind', 'b'), { async: 'yes', mechanism: 'queue' }),
      rule('c-async', when('kind', 'c'), { async: 'yes', mechanism: 'event' }),
      rule('flag-sync', when('flag', 'yes'), { sync: 'yes' }, 'strong'),
    ],
  });

  it('takes the style most answers lead to, then the mechanism most of those lead to', () => {
    // kind a: sync; kind b: async queue; kind c: async event. Two of three answers give async.
    const { outcome } = weigh(pack, { flag: 'no' });
    expect(outcome.style).toBe('async');
    expect(outcome.mechanism).toBe('queue');
    expect(outcome.saferTaken).toBe(false);
  });

  it('takes the safer style when the answers of a question split evenly', () => {
    const even = makePack({
      questions: [makeQuestion('flag')],
      rules: [rule('yes-async', when('flag', 'yes'), { async: 'yes', mechanism: 'event' }), rule('no-sync', when('flag', 'no'), { sync: 'yes' })],
    });
    const { outcome } = weigh(even, {});
    expect(outcome).toEqual({ style: 'sync', mechanism: 'call', saferTaken: true });
  });

  it('does not let two unlikely answers of two questions outweigh what most answers of each say', () => {
    // Each of x and y turns the call into a hybrid on one answer of its own. Jointly that is
    // three possibilities in four; question by question, the answers of each split evenly.
    const rare = makePack({
      questions: [makeQuestion('x'), makeQuestion('y')],
      rules: [
        rule('base', { all: [] }, { sync: 'yes' }),
        rule('x-later', when('x', 'yes'), { async: 'yes', mechanism: 'queue' }),
        rule('y-later', when('y', 'yes'), { async: 'yes', mechanism: 'queue' }),
      ],
    });
    const { tree, outcome } = weigh(rare, {});
    const hybridShare = listLeaves(tree)
      .filter((leaf) => leaf.combination.style === 'hybrid')
      .reduce((sum, leaf) => sum + leaf.weight, 0);
    expect(hybridShare).toBe(0.75);
    expect(outcome).toEqual({ style: 'sync', mechanism: 'call', saferTaken: true });
    expect(settle(tree, { question: 'x', answer: 'yes' }).style).toBe('hybrid');
  });

  it('breaks a tie between mechanisms by what the known answers give on their own', () => {
    const replies = makePack({
      questions: [makeQuestion('reachable'), makeQuestion('live')],
      rules: [
        rule('later', { all: [] }, { async: 'yes', mechanism: 'request-reply' }, 'strong'),
        rule('callback', when('reachable', 'yes'), { reply: 'callback' }),
        rule('stream', when('live', 'yes'), { reply: 'stream' }, 'strong'),
      ],
    });
    const { outcome } = weigh(replies, { reachable: 'yes' });
    expect(outcome.mechanism).toBe('request-reply:callback');
  });

  it('takes one question as answered with fixed', () => {
    const { tree } = weigh(pack, { flag: 'no' });
    expect(settle(tree, { question: 'kind', answer: 'a' })).toMatchObject({ style: 'sync', mechanism: 'call' });
    expect(settle(tree, { question: 'kind', answer: 'c' })).toMatchObject({ style: 'async', mechanism: 'event' });
  });

  it('finds the possibility that stands for the outcome', () => {
    const { tree, outcome } = weigh(pack, { flag: 'no' });
    const representative = findRepresentative(tree, outcome);
    expect(representative.combination.mechanism).toBe('queue');
    expect(representative.assumed).toEqual({ kind: 'b' });
  });
});

describe('a party kind left unknown', () => {
  const pack = makePack({
    questions: [makeQuestion('caller_kind', { derive: 'caller.kind', answers: ['client', 'edge', 'service', 'partner', 'read_model'] }), makeQuestion('needs')],
    rules: [
      rule('endpoint', { answer: 'caller_kind', in: ['client', 'edge', 'partner'] }, { sync: 'yes' }, 'strong'),
      rule('inside', when('caller_kind', 'service'), { async: 'yes', mechanism: 'queue' }),
      rule('needs-sync', when('needs', 'yes'), { sync: 'yes' }),
    ],
  });

  it('is taken to be a service in one branch of full weight, not weighed over every kind', () => {
    const { tree, outcome } = weigh(pack, {});
    const kind = pack.questions[0];
    expect(kind !== undefined && isWeighed(kind)).toBe(false);
    expect(tree.question?.id).toBe('caller_kind');
    expect(tree.children?.map((child) => [child.possibility.assumed, child.possibility.weight])).toEqual([[{ caller_kind: 'service' }, 1]]);
    // The kind is an assumption; the weighed question is needs.
    expect(listTriedQuestions(tree, pack).map((question) => question.id)).toEqual(['needs']);
    expect(listAssumedKinds(tree, pack).map((question) => question.id)).toEqual(['caller_kind']);
    expect(listLeaves(tree).map((leaf) => leaf.weight)).toEqual([0.5, 0.5]);
    expect(outcome.style).toBe('hybrid');
  });

  it('weighs a kind question whose answers have no service, as any other question', () => {
    const own = makeQuestion('caller_kind', { derive: 'caller.kind', answers: ['inside', 'outside'] });
    expect(isWeighed(own)).toBe(true);
  });
});

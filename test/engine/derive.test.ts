import { describe, expect, it } from 'vitest';
import { deriveAnswers, readBoundary, readDerivation, readReachable } from '../../src/engine/derive.js';
import type { Service } from '../../src/model/answers.js';
import { makeInteraction, makeService, makeStandardQuestions } from './helpers.js';

const questions = makeStandardQuestions();
const servicesOf = (...services: Service[]) => new Map(services.map((service) => [service.name, service]));

describe('deriveAnswers', () => {
  it('reads the parties from the services and the latency from the numbers', () => {
    const interaction = makeInteraction({ from: 'app', to: 'orders', numbers: { latency_budget_ms: 200, latency_p99_ms: 300 } });
    const { answers, derived } = deriveAnswers(
      interaction,
      servicesOf(makeService('app', { kind: 'client' }), makeService('orders', { kind: 'service' })),
      questions,
    );
    expect(answers).toMatchObject({
      caller_kind: 'client',
      callee_kind: 'service',
      caller_reachable: 'no',
      trust_boundary: 'public',
      fits_latency_budget: 'no',
    });
    expect(derived).toEqual(['caller_kind', 'callee_kind', 'fits_latency_budget', 'caller_reachable', 'trust_boundary']);
  });

  it('keeps an answer given on the interaction, and fills one given as unknown', () => {
    const interaction = makeInteraction({ from: 'a', to: 'b', answers: { caller_kind: 'service', callee_kind: 'unknown' } });
    const { answers, derived } = deriveAnswers(interaction, servicesOf(makeService('a', { kind: 'client' }), makeService('b', { kind: 'partner' })), questions);
    expect(answers['caller_kind']).toBe('service');
    expect(answers['callee_kind']).toBe('partner');
    expect(derived).toContain('callee_kind');
    expect(derived).not.toContain('caller_kind');
  });

  it('derives nothing for services nobody described', () => {
    const { answers, derived } = deriveAnswers(makeInteraction({ from: 'a', to: 'b' }), new Map(), questions);
    expect(derived).toEqual([]);
    expect(answers).toEqual({});
  });
});

describe('readReachable', () => {
  it.each([
    ['client', undefined, 'no'],
    ['edge', undefined, 'no'],
    ['service', undefined, 'yes'],
    ['read_model', undefined, 'yes'],
    ['partner', undefined, undefined],
    ['partner', 'yes', 'yes'],
    ['client', 'yes', 'yes'],
    [undefined, undefined, undefined],
  ] as const)('a %s with reachable %s reads %s', (kind, reachable, expected) => {
    const service = makeService('s', { ...(kind === undefined ? {} : { kind }), ...(reachable === undefined ? {} : { reachable }) });
    expect(readReachable(service)).toBe(expected);
  });
});

describe('readBoundary and the boundary of an interaction', () => {
  it.each([
    ['client', 'public'],
    ['partner', 'partner'],
    ['service', 'internal'],
    ['edge', 'internal'],
    ['read_model', 'internal'],
  ] as const)('a %s stands %s', (kind, boundary) => {
    expect(readBoundary(makeService('s', { kind }))).toBe(boundary);
  });

  it.each([
    [{ kind: 'service' }, { kind: 'service' }, 'internal'],
    [{ kind: 'service' }, { kind: 'partner' }, 'partner'],
    [{ kind: 'partner' }, { kind: 'client' }, 'public'],
    [{ kind: 'client', boundary: 'internal' }, { kind: 'service' }, 'internal'],
    // Nothing is further out than public, so an unknown party does not matter next to one.
    [{}, { kind: 'client' }, 'public'],
    [{}, { kind: 'service' }, undefined],
  ] as const)('%j to %j crosses %s', (caller, callee, expected) => {
    const interaction = makeInteraction({ from: 'a', to: 'b' });
    const services = servicesOf(makeService('a', { ...caller }), makeService('b', { ...callee }));
    expect(readDerivation('boundary', interaction, services)).toBe(expected);
  });
});

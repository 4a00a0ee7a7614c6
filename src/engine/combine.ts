/**
 * Combining the votes of the rules that fired into an outcome. Each part of an interaction is
 * weighed on its own: the synchronous part (what the caller waits for) and the asynchronous
 * part (work and reactions that come later). The style follows from the parts that exist, and
 * a hybrid is exactly a synchronous part plus an asynchronous part.
 */
import type { Style } from '../model/answers.js';
import type { Parts } from '../model/decision.js';
import type { AsyncMechanism, Recommendation, Reply, Rule } from '../model/pack.js';
import { CALL, WEIGHT_POINTS } from '../model/pack.js';

export interface Combination {
  style: Style;
  parts: Parts;
  /** The decided mechanism: call, event, call+request-reply:polling... */
  mechanism: string;
  /** The mechanism without its reply channel, as outcome leaves compare it. */
  base: string;
  /** No rule voted on any part: the plain synchronous starting point. */
  isDefault: boolean;
}

/** Safer first: a caller that hears back can always be relaxed later. */
export const STYLE_SAFETY: readonly Style[] = ['sync', 'hybrid', 'async'];

/**
 * The mechanism an asynchronous part takes when no rule names one: what the intent usually
 * travels as. A fact is an event, a question a request with a reply, anything else (a command,
 * an unknown or missing intent) a command on a queue.
 */
export function defaultMechanism(intent: string | undefined): AsyncMechanism {
  if (intent === 'fact') return 'event';
  if (intent === 'query') return 'request-reply';
  return 'queue';
}

/**
 * The outcome of the rules that fired (in pack order). The synchronous part exists when the
 * points for it are at least those against it, the asynchronous part when the points for it
 * exceed those against it; when neither exists, the plain synchronous call is the outcome.
 */
export function combineVotes(fired: readonly Rule[], intent: string | undefined): Combination {
  let syncFor = 0;
  let syncAgainst = 0;
  let asyncFor = 0;
  let asyncAgainst = 0;
  for (const rule of fired) {
    const points = WEIGHT_POINTS[rule.weight];
    const vote = rule.recommend ?? {};
    if (vote.sync === 'yes') syncFor += points;
    if (vote.sync === 'no') syncAgainst += points;
    if (vote.async === 'yes') asyncFor += points;
    if (vote.async === 'no') asyncAgainst += points;
  }
  const isDefault = syncFor + syncAgainst + asyncFor + asyncAgainst === 0;
  let hasSync = syncFor > 0 && syncFor >= syncAgainst;
  const hasAsync = asyncFor > asyncAgainst;
  if (!hasSync && !hasAsync) hasSync = true;

  const mechanism = hasAsync ? (pickTop(fired, (vote) => vote.mechanism) ?? defaultMechanism(intent)) : undefined;
  const reply = mechanism === 'request-reply' ? (pickTop(fired, (vote) => vote.reply) ?? 'polling') : undefined;
  return describeParts({ sync: hasSync ? CALL : null, async: mechanism ?? null, reply: reply ?? null }, isDefault);
}

/** Style and mechanism names of a set of parts. */
export function describeParts(parts: Parts, isDefault = false): Combination {
  const style: Style = parts.async === null ? 'sync' : parts.sync === null ? 'async' : 'hybrid';
  let base: string = CALL;
  if (parts.async !== null) base = parts.sync === null ? parts.async : `${CALL}+${parts.async}`;
  const mechanism = parts.reply === null ? base : `${base}:${parts.reply}`;
  return { style, parts, mechanism, base, isDefault };
}

/**
 * The value with the most points among the fired rules' votes for it; a tie goes to the value
 * voted for first (pack order).
 */
export function pickTop<T extends string>(fired: readonly Rule[], read: (vote: Recommendation) => T | undefined): T | undefined {
  const points = new Map<T, number>();
  for (const rule of fired) {
    const value = rule.recommend === undefined ? undefined : read(rule.recommend);
    if (value === undefined) continue;
    points.set(value, (points.get(value) ?? 0) + WEIGHT_POINTS[rule.weight]);
  }
  let best: T | undefined;
  let bestPoints = 0;
  // Map iteration follows insertion, which is pack order: the first value voted for wins a tie.
  for (const [value, sum] of points) {
    if (sum > bestPoints) {
      best = value;
      bestPoints = sum;
    }
  }
  return best;
}

/**
 * How a vote relates to a set of parts: 'for' when it agrees on every part it speaks about,
 * 'against' when it disagrees on one, undefined when it speaks about nothing these parts have
 * (a reply channel for an interaction without request-reply, say).
 */
export function judgeVote(vote: Recommendation, parts: Parts): 'for' | 'against' | undefined {
  let relevant = false;
  let disagrees = false;
  if (vote.sync !== undefined) {
    relevant = true;
    if ((vote.sync === 'yes') !== (parts.sync !== null)) disagrees = true;
  }
  if (vote.async !== undefined) {
    relevant = true;
    if ((vote.async === 'yes') !== (parts.async !== null)) disagrees = true;
  }
  if (vote.mechanism !== undefined && parts.async !== null) {
    relevant = true;
    if (vote.mechanism !== parts.async) disagrees = true;
  }
  if (vote.reply !== undefined && parts.reply !== null) {
    relevant = true;
    if (vote.reply !== parts.reply) disagrees = true;
  }
  if (!relevant) return undefined;
  return disagrees ? 'against' : 'for';
}

/** Whether a vote asks for these parts' reply channel to be chosen at all. */
export function votesOnlyReply(vote: Recommendation | undefined): boolean {
  return vote !== undefined && vote.reply !== undefined && vote.sync === undefined && vote.async === undefined && vote.mechanism === undefined;
}

export type { Reply };

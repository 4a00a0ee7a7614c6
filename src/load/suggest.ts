/**
 * The candidate closest to a misspelt word, or undefined when none is close enough to be a
 * plausible typo. Case-insensitive Levenshtein distance; a candidate qualifies when the
 * distance is at most max(2, a third of the word's length). Ties go to the earlier candidate,
 * so callers control the preference by ordering.
 */
export function suggestNearest(word: string, candidates: readonly string[]): string | undefined {
  const needle = word.toLowerCase();
  const limit = Math.max(2, Math.floor(needle.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = measureDistance(needle, candidate.toLowerCase(), limit);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance; stops early once every path exceeds the limit (returns limit + 1). */
function measureDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/** A hint lists this many candidates at most, each cut to LISTED_LENGTH characters. */
const LISTED_COUNT = 40;
const LISTED_LENGTH = 40;

/**
 * A hint for an unknown word: the nearest candidate, else the list to choose from. The list
 * is the file's own ids at times (thousands of interactions, or an id that is a whole line of
 * text), so it is cut to its first entries and each entry to its start.
 */
export function hintNearest(word: string, candidates: readonly string[], listLabel = 'expected one of'): string {
  const nearest = suggestNearest(word, candidates);
  if (nearest !== undefined) return `did you mean "${nearest}"?`;
  if (candidates.length === 0) return 'nothing is defined that could be meant here';
  const listed = candidates.slice(0, LISTED_COUNT).map((candidate) => {
    const characters = [...candidate];
    return characters.length <= LISTED_LENGTH ? candidate : `${characters.slice(0, LISTED_LENGTH - 10).join('')}...`;
  });
  const more = candidates.length - listed.length;
  return `${listLabel}: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/**
 * An interaction's numbers in one fixed shape. The loaded `numbers` objects hold whichever
 * numbers the file gives, in its order, so a large file has many shapes of them and every
 * named read from them is slow; reading them once, here, lets the rest of the engine read a
 * single shape. A missing number is undefined, exactly as reading it from the original gives.
 */
import type { NumberName } from '../model/answers.js';

export type Numbers = Record<NumberName, number | undefined>;

export function readNumbers(numbers: Partial<Record<NumberName, number>>): Numbers {
  const read: Numbers = {
    latency_budget_ms: undefined,
    latency_p99_ms: undefined,
    availability: undefined,
    timeout_ms: undefined,
    retries: undefined,
  };
  // for-in reads each property through the object's own key cache.
  for (const name in numbers) {
    switch (name) {
      case 'latency_budget_ms':
      case 'latency_p99_ms':
      case 'availability':
      case 'timeout_ms':
      case 'retries':
        read[name] = numbers[name];
        break;
      default:
    }
  }
  return read;
}

/** Transient faults are retried forever, but never more than this far apart: a store that comes back is used within about a second. */
export const MAX_BACKOFF_MS = 1_000;
const BASE_BACKOFF_MS = 25;

/**
 * Capped exponential backoff with jitter: the n-th wait (1-based) is drawn
 * from the upper half of min(cap, base·2ⁿ), so reactors and lanes that failed
 * together do not all come back at the same instant.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

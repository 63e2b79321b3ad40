/** Median and 90th percentile of some durations or counts; null when there are none. */
export interface Summary {
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
}

/**
 * Nearest rank: the p-th percentile is the smallest value with at least p %
 * of the values at or below it, so it is always a value that occurred (no
 * interpolation between two waits nobody waited) and is easy to check by hand.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarise(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, median: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

/** Nearest-rank percentiles of a list of numbers. */

/** The q-quantile (0 < q <= 1) by nearest rank: the smallest value with at least q of the list at or below it. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

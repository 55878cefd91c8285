export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  const lower = Math.floor(rank);
  const upper = Math.min(n - 1, lower + 1);
  const lo = sorted[lower] ?? Number.NaN;
  const hi = sorted[upper] ?? Number.NaN;
  return lo + (hi - lo) * (rank - lower);
}

/**
 * The p-th percentile (p in 0..100) with linear interpolation between order statistics (the
 * "type 7" definition of R and NumPy's default), so p50 of [1, 2, 3, 4] is 2.5.
 * NaN for no values: a latency of 0 ms would be a lie. The input is not modified.
 */
export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(Float64Array.from(values).sort(), p);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

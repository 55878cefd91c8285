// Statistics for small paired evaluations: tens to thousands of cases, each pass/fail, the same
// cases run under two strategies or two runs. Pure and deterministic (the bootstrap is seeded).
import { assertPaired } from "./check.js";
import { percentileOfSorted } from "./percentile.js";
import { mulberry32 } from "./random.js";

export interface BootstrapOptions {
  iterations?: number;
  seed?: number;
  confidence?: number;
}

export interface BootstrapResult {
  /** Observed mean of b minus that of a (pass rates, for pass/fail). */
  diff: number;
  low: number;
  high: number;
}

/**
 * Percentile bootstrap of the paired difference in pass rates (b − a), resampling case indices so
 * the pairing (same case under both) is kept. No cases: diff 0 with a zero-width interval.
 */
export function pairedBootstrap(
  a: readonly boolean[],
  b: readonly boolean[],
  options: BootstrapOptions = {},
): BootstrapResult {
  assertPaired(a, b);
  return pairedBootstrapMean(
    a.map((x) => (x ? 1 : 0)),
    b.map((x) => (x ? 1 : 0)),
    options,
  );
}

/**
 * Percentile bootstrap of the mean paired difference of graded scores (b − a): a judge's grades,
 * similarities. Same resampling as pairedBootstrap (which is this on 0/1).
 */
export function pairedBootstrapMean(
  a: readonly number[],
  b: readonly number[],
  { iterations = 2000, seed = 1, confidence = 0.95 }: BootstrapOptions = {},
): BootstrapResult {
  assertPaired(a, b);
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError("iterations must be a positive integer");
  if (!(confidence > 0 && confidence < 1)) throw new RangeError("confidence must be in (0, 1)");
  const n = a.length;
  if (n === 0) return { diff: 0, low: 0, high: 0 };
  const d = new Float64Array(n);
  let observed = 0;
  for (let i = 0; i < n; i++) {
    d[i] = (b[i] ?? 0) - (a[i] ?? 0);
    observed += d[i] ?? 0;
  }
  const random = mulberry32(seed);
  const diffs = new Float64Array(iterations);
  for (let it = 0; it < iterations; it++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += d[Math.floor(random() * n)] ?? 0;
    diffs[it] = sum / n;
  }
  diffs.sort();
  const tail = ((1 - confidence) / 2) * 100;
  return {
    diff: observed / n,
    low: percentileOfSorted(diffs, tail),
    high: percentileOfSorted(diffs, 100 - tail),
  };
}

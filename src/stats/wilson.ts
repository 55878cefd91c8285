// Statistics for small paired evaluations: tens to thousands of cases, each pass/fail, the same
// cases run under two strategies or two runs. Pure and deterministic (the bootstrap is seeded).
import { assertCount } from "./check.js";

export interface Interval {
  rate: number;
  low: number;
  high: number;
}

/**
 * Wilson score interval for a pass rate. Chosen over the normal approximation because it stays
 * inside [0, 1] and is honest at 0/n and n/n, which small suites hit all the time.
 * n = 0 knows nothing: rate 0 with the whole [0, 1] as its interval.
 */
export function wilsonInterval(successes: number, n: number, z = 1.959964): Interval {
  assertCount("successes", successes);
  assertCount("n", n);
  if (successes > n) throw new RangeError(`successes (${successes}) exceed n (${n})`);
  if (n === 0) return { rate: 0, low: 0, high: 1 };
  return wilsonAt(successes / n, n, z);
}

/**
 * The Wilson interval around an observed `rate` as if it came from `n` independent observations.
 * For a rate averaged over repeats of the same cases (`--repeat`), n is the number of cases: the
 * repeats of one case are not independent, so they must not narrow the interval.
 * wilsonAt(s / n, n) is exactly wilsonInterval(s, n).
 */
export function wilsonAt(rate: number, n: number, z = 1.959964): Interval {
  assertCount("n", n);
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rate must be between 0 and 1, got ${rate}`);
  if (n === 0) return { rate, low: 0, high: 1 };
  const p = rate;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // The bounds are exactly 0 and 1 at the extremes; rounding would otherwise leave -1e-17.
  return {
    rate: p,
    low: p === 0 ? 0 : Math.max(0, centre - half),
    high: p === 1 ? 1 : Math.min(1, centre + half),
  };
}

// Statistics for small paired evaluations: tens to thousands of cases, each pass/fail, the same
// cases run under two strategies or two runs. Pure and deterministic (the bootstrap is seeded).

export interface Interval {
  rate: number;
  low: number;
  high: number;
}

function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
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

/**
 * Exact two-sided McNemar test: b and c are the discordant pairs (fixed vs broke). Under the null
 * each discordant pair goes either way with probability 1/2, so p = min(1, 2·P(X ≤ min(b, c)))
 * with X ~ Bin(b + c, 1/2).
 * The terms are summed in log space relative to the largest one (at k = min(b, c) ≤ n/2, since
 * the terms rise towards the middle): 0.5^100000 underflows, ratios to the largest term do not.
 * O(min(b, c)).
 */
export function mcnemarExact(b: number, c: number): number {
  assertCount("b", b);
  assertCount("c", c);
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  if (2 * k >= n) return 1;
  // log C(n, i) built up iteratively; its relative error grows only like i·ε.
  const logTerms = new Float64Array(k + 1);
  let logC = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    logTerms[i] = logC;
  }
  const top = logTerms[k] ?? 0;
  let ratioSum = 0;
  for (let i = 0; i <= k; i++) ratioSum += Math.exp((logTerms[i] ?? 0) - top);
  const logTail = top - n * Math.LN2 + Math.log(ratioSum);
  return Math.min(1, 2 * Math.exp(logTail));
}

/** Small, fast, seedable PRNG (mulberry32): same seed, same bootstrap, same report. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  iterations?: number;
  seed?: number;
  confidence?: number;
}

export interface BootstrapResult {
  /** Observed pass rate of b minus that of a. */
  diff: number;
  low: number;
  high: number;
}

function assertPaired(a: readonly boolean[], b: readonly boolean[]): void {
  if (a.length !== b.length) {
    throw new RangeError(`paired samples must have equal length (got ${a.length} and ${b.length})`);
  }
}

/**
 * Percentile bootstrap of the paired difference in pass rates (b − a), resampling case indices so
 * the pairing (same case under both) is kept. No cases: diff 0 with a zero-width interval.
 */
export function pairedBootstrap(
  a: readonly boolean[],
  b: readonly boolean[],
  { iterations = 2000, seed = 1, confidence = 0.95 }: BootstrapOptions = {},
): BootstrapResult {
  assertPaired(a, b);
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError("iterations must be a positive integer");
  if (!(confidence > 0 && confidence < 1)) throw new RangeError("confidence must be in (0, 1)");
  const n = a.length;
  if (n === 0) return { diff: 0, low: 0, high: 0 };
  const d = new Int8Array(n);
  let observed = 0;
  for (let i = 0; i < n; i++) {
    d[i] = (b[i] ? 1 : 0) - (a[i] ? 1 : 0);
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

/**
 * Holm step-down adjustment for several comparisons at once (e.g. every strategy against the
 * baseline): controls the family-wise error rate without assuming independence, and is uniformly
 * more powerful than Bonferroni. Returned in the input order, monotone in the sorted order, ≤ 1.
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
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

export interface CompareOptions extends BootstrapOptions {
  /** Significance level for McNemar; default 0.05. */
  alpha?: number;
  /** Fewest discordant pairs for a better/worse verdict; default 6. */
  minDiscordant?: number;
  /** Fewest cases for "no-change" when nothing flipped; default 30. */
  noChangeMinCases?: number;
}

export type PairedVerdict = "better" | "worse" | "inconclusive" | "no-change";

export interface PairedComparison {
  n: number;
  /** a failed, b passed. */
  fixed: number;
  /** a passed, b failed. */
  broke: number;
  /** Exact McNemar p-value on fixed vs broke. */
  p: number;
  bootstrap: BootstrapResult;
  verdict: PairedVerdict;
}

/**
 * Compares paired pass/fail results of the same cases under a (baseline) and b (candidate).
 *
 * Verdict rule:
 * - "better" / "worse": at least `minDiscordant` (6) discordant pairs and McNemar p < alpha, the
 *   direction from fixed vs broke. (With the exact test, 6 vs 0 is the smallest split reaching
 *   p < 0.05, so the count floor only matters if alpha is raised.)
 * - "no-change": no case flipped and n ≥ `noChangeMinCases` (30). By the rule of three, zero flips
 *   in n cases bounds the flip rate below 3/n (10% at 30) with 95% confidence; with fewer cases
 *   zero flips says little.
 * - "inconclusive": everything else. Never read as "no difference": the test lacked the evidence.
 */
export function comparePaired(
  a: readonly boolean[],
  b: readonly boolean[],
  options: CompareOptions = {},
): PairedComparison {
  assertPaired(a, b);
  const { alpha = 0.05, minDiscordant = 6, noChangeMinCases = 30, ...bootstrapOptions } = options;
  let fixed = 0;
  let broke = 0;
  for (let i = 0; i < a.length; i++) {
    if (!a[i] && b[i]) fixed++;
    else if (a[i] && !b[i]) broke++;
  }
  const p = mcnemarExact(fixed, broke);
  const discordant = fixed + broke;
  let verdict: PairedVerdict = "inconclusive";
  if (discordant >= minDiscordant && p < alpha) verdict = fixed > broke ? "better" : "worse";
  else if (discordant === 0 && a.length >= noChangeMinCases) verdict = "no-change";
  return { n: a.length, fixed, broke, p, bootstrap: pairedBootstrap(a, b, bootstrapOptions), verdict };
}

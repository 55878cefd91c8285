// Statistics for small paired evaluations: tens to thousands of cases, each pass/fail, the same
// cases run under two strategies or two runs. Pure and deterministic (the bootstrap is seeded).
import { assertCount } from "./check.js";

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

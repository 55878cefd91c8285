// The Wilcoxon signed-rank test for paired graded scores (a judge's 1-5, a similarity): whether
// b tends to score higher or lower than a on the same cases, without assuming the differences are
// normal. Zero differences are dropped (Wilcoxon's convention); tied magnitudes share their mean rank.
import { assertPaired } from "./check.js";
import { normalCdf } from "./normal.js";

/** Up to this many non-zero differences the p-value is exact; beyond, the normal approximation. */
export const EXACT_MAX = 200;

export interface SignedRankResult {
  /** Non-zero differences: the n of the test. */
  n: number;
  /** Sum of the ranks of the positive differences (b above a). */
  wPlus: number;
  /** Two-sided p-value. */
  p: number;
  /** "exact" (the permutation distribution given the ranks) or "normal" (tie-corrected, continuity-corrected). */
  method: "exact" | "normal";
}

function ranksOf(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((x, y) => x.v - y.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.v === order[start]?.v) end++;
    const mean = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]?.i as number] = mean;
    start = end + 1;
  }
  return ranks;
}

/** P(W+ ≤ w) and P(W+ ≥ w) when each rank's sign is a fair coin: a subset-sum count on doubled ranks. */
function exactTails(ranks: readonly number[], wPlus: number): [number, number] {
  const doubled = ranks.map((r) => Math.round(r * 2));
  const total = doubled.reduce((a, b) => a + b, 0);
  let ways = new Float64Array(total + 1);
  ways[0] = 1;
  for (const r of doubled) {
    const next = ways.slice();
    for (let s = total - r; s >= 0; s--) if (ways[s]) next[s + r] = (next[s + r] ?? 0) + (ways[s] ?? 0);
    ways = next;
  }
  const w = Math.round(wPlus * 2);
  const all = 2 ** ranks.length;
  let low = 0;
  let high = 0;
  for (let s = 0; s <= total; s++) {
    if (s <= w) low += ways[s] ?? 0;
    if (s >= w) high += ways[s] ?? 0;
  }
  return [low / all, high / all];
}

/** Two-sided Wilcoxon signed-rank test of b − a. */
export function wilcoxonSignedRank(a: readonly number[], b: readonly number[]): SignedRankResult {
  assertPaired(a, b);
  const diffs = a.map((x, i) => (b[i] ?? 0) - x).filter((d) => Math.abs(d) > 1e-12);
  const n = diffs.length;
  if (n === 0) return { n, wPlus: 0, p: 1, method: "exact" };
  const ranks = ranksOf(diffs.map(Math.abs));
  const wPlus = ranks.reduce((sum, r, i) => sum + ((diffs[i] ?? 0) > 0 ? r : 0), 0);
  if (n <= EXACT_MAX) {
    const [low, high] = exactTails(ranks, wPlus);
    return { n, wPlus, p: Math.min(1, 2 * Math.min(low, high)), method: "exact" };
  }
  const mean = (n * (n + 1)) / 4;
  // Ties shrink the variance: Σ(t³ − t)/48 over groups of tied magnitudes.
  const groups = new Map<number, number>();
  for (const r of ranks) groups.set(r, (groups.get(r) ?? 0) + 1);
  let ties = 0;
  for (const t of groups.values()) ties += (t ** 3 - t) / 48;
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - ties);
  const z = sd === 0 ? 0 : (Math.abs(wPlus - mean) - 0.5) / sd;
  return { n, wPlus, p: Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))), method: "normal" };
}

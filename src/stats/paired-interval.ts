// The confidence interval of a paired difference in pass rates: the same cases under A and B.
import { assertCount } from "./check.js";
import { normalQuantile } from "./normal.js";
import { wilsonInterval } from "./wilson.js";

/** The 2×2 table of paired outcomes: both pass, only A passes (B broke), only B passes (B fixed), neither. */
export interface PairedTable {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

export interface DiffInterval {
  /** Pass rate of B minus pass rate of A. */
  diff: number;
  low: number;
  high: number;
}

/**
 * MOVER: combines the intervals of two rates into one for their difference p2 − p1, given the
 * correlation φ of the two estimates (0 for independent samples). Newcombe's method 10 when the
 * rate intervals are Wilson's.
 */
export function moverDifference(
  r1: { rate: number; low: number; high: number },
  r2: { rate: number; low: number; high: number },
  phi = 0,
): DiffInterval {
  const diff = r2.rate - r1.rate;
  const lowGap = Math.sqrt(
    Math.max(
      0,
      (r2.rate - r2.low) ** 2 - 2 * phi * (r2.rate - r2.low) * (r1.high - r1.rate) + (r1.high - r1.rate) ** 2,
    ),
  );
  const highGap = Math.sqrt(
    Math.max(
      0,
      (r2.high - r2.rate) ** 2 - 2 * phi * (r2.high - r2.rate) * (r1.rate - r1.low) + (r1.rate - r1.low) ** 2,
    ),
  );
  return { diff, low: Math.max(-1, diff - lowGap), high: Math.min(1, diff + highGap) };
}

/**
 * Newcombe's φ for method 10: the correlation of the paired outcomes with his continuity
 * correction (a positive covariance is reduced by 1/(2n) and floored at 0). Without it a table
 * with no discordant pair at a 50 % rate has φ = 1 and a zero-width interval, so ten cases that
 * never flipped would read "equivalent". In covariance form so clustered cases (repeats) share it:
 * with one outcome per case, cov = (both·neither − onlyA·onlyB)/n² and this is Newcombe's formula.
 */
export function newcombePhi(cov: number, varA: number, varB: number, n: number): number {
  if (!(varA > 0 && varB > 0) || n === 0) return 0;
  const corrected = cov > 1 / (2 * n) ? cov - 1 / (2 * n) : Math.min(cov, 0);
  return Math.max(-1, Math.min(1, corrected / Math.sqrt(varA * varB)));
}

/**
 * Newcombe's (1998) method 10 for paired proportions: Wilson score intervals of both marginal
 * rates combined with the (continuity-corrected) φ correlation of the 2×2 table, as in Newcombe's
 * paper and Altman et al., Statistics with Confidence (2000). Chosen over the paired Wald interval
 * because it stays inside [−1, 1] and keeps its coverage at the 0 and 100 % rates small suites hit;
 * deterministic where the bootstrap is not. `confidence` 0.90 gives the interval of a two one-sided
 * test at α = 0.05 (equivalence, non-inferiority).
 */
export function pairedDiffInterval(table: PairedTable, confidence = 0.95): DiffInterval {
  const { both, onlyA, onlyB, neither } = table;
  for (const [name, value] of Object.entries(table)) assertCount(name, value);
  const n = both + onlyA + onlyB + neither;
  if (n === 0) return { diff: 0, low: -1, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const a = wilsonInterval(both + onlyA, n, z);
  const b = wilsonInterval(both + onlyB, n, z);
  const cov = (both * neither - onlyA * onlyB) / (n * n);
  return moverDifference(a, b, newcombePhi(cov, a.rate * (1 - a.rate), b.rate * (1 - b.rate), n));
}

/** The 2×2 table of paired outcomes (A's and B's pass/fail on the same cases). */
export function pairedTable(a: readonly boolean[], b: readonly boolean[]): PairedTable {
  if (a.length !== b.length)
    throw new RangeError(`paired samples must have equal length (got ${a.length} and ${b.length})`);
  const table: PairedTable = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) table.both++;
    else if (a[i]) table.onlyA++;
    else if (b[i]) table.onlyB++;
    else table.neither++;
  }
  return table;
}

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
 * Newcombe's (1998) method 10 for paired proportions: Wilson score intervals of both marginal
 * rates combined with the phi correlation of the 2×2 table. Chosen over the paired Wald interval
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
  const margins = (both + onlyA) * (onlyB + neither) * (both + onlyB) * (onlyA + neither);
  const phi = margins === 0 ? 0 : (both * neither - onlyA * onlyB) / Math.sqrt(margins);
  return moverDifference(a, b, phi);
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

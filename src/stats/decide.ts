// One vocabulary for every comparison, decided from the interval of a paired difference:
// better / worse (significant), equivalent (enough data to say the difference is inside ±margin),
// inconclusive (neither). Non-inferiority gates use the same interval.
import type { DiffInterval } from "./paired-interval.js";

export type Decision = "better" | "worse" | "equivalent" | "inconclusive";

/**
 * B against A from the two-sided (1 − α) interval of B − A (significance) and the (1 − 2α)
 * interval (a two one-sided test, TOST, for equivalence within ±margin). A significant difference
 * wins over equivalence: a real 1-point drop inside a 5-point margin still reads "worse".
 */
export function decide(significance: DiffInterval, equivalence: DiffInterval, margin: number): Decision {
  if (significance.low > 0) return "better";
  if (significance.high < 0) return "worse";
  return isEquivalent(equivalence, margin) ? "equivalent" : "inconclusive";
}

/** TOST: the (1 − 2α) interval of the difference lies inside ±margin. */
export function isEquivalent(equivalence: DiffInterval, margin: number): boolean {
  return equivalence.low > -margin && equivalence.high < margin;
}

/**
 * The same vocabulary when significance comes from a test rather than an interval: the exact
 * McNemar (or case-level sign-flip) p, Holm-adjusted within its family, below α, in the direction
 * of the observed difference. The test is exact where the interval is approximate, and only a
 * p-value can be Holm-adjusted.
 */
export function decideByTest(p: number, alpha: number, equivalence: DiffInterval, margin: number): Decision {
  if (p < alpha && equivalence.diff !== 0) return equivalence.diff > 0 ? "better" : "worse";
  return isEquivalent(equivalence, margin) ? "equivalent" : "inconclusive";
}

export type GateOutcome = "pass" | "fail" | "inconclusive";

/**
 * Non-inferiority of a candidate against a reference: the drop is reference − candidate. Passes
 * when the upper bound of the drop's (1 − 2α) interval (a one-sided α test) is below the margin;
 * fails when its lower bound is above the margin (the drop is significantly larger); otherwise the
 * data cannot tell.
 */
export function nonInferiority(candidateMinusReference: DiffInterval, margin: number): GateOutcome {
  const dropHigh = -candidateMinusReference.low;
  const dropLow = -candidateMinusReference.high;
  if (dropHigh < margin) return "pass";
  if (dropLow > margin) return "fail";
  return "inconclusive";
}

// Paired comparisons at the level of the case: with `--repeat k` a case's k answers are one cluster,
// not k independent observations. With one answer per case everything here is the plain paired
// statistics (Newcombe's interval, McNemar's exact test), so one code path serves both.
import { normalQuantile } from "./normal.js";
import { moverDifference, newcombePhi } from "./paired-interval.js";
import type { CaseRepeats } from "./repeats.js";
import { signFlipTest } from "./sign-flip.js";
import { wilsonAt } from "./wilson.js";

/** One case under both sides: reference (a) and candidate (b), each its answered and passing repeats. */
export interface CasePair {
  a: CaseRepeats;
  b: CaseRepeats;
}

const share = (c: CaseRepeats) => (c.answered === 0 ? 0 : c.passed / c.answered);

/** Each case's candidate share minus reference share: in {−1, 0, 1} with one repeat. */
export function caseDifferences(pairs: readonly CasePair[]): number[] {
  return pairs.map((p) => share(p.b) - share(p.a));
}

/**
 * The effective number of independent observations behind a rate over clustered cases (Kish's
 * design effect, as Korn and Graubard use it for survey proportions): rate·(1 − rate) over the
 * cluster-robust variance of the mean. It lies between the number of cases (repeats that always
 * agree add nothing) and the number of answers (repeats that vary independently count fully); at
 * a rate of 0 or 1 the data cannot tell, so the cases count. With one repeat it is the case count.
 */
export function effectiveN(shares: readonly number[], answers: number): number {
  const n = shares.length;
  if (n === 0) return 0;
  const rate = shares.reduce((s, x) => s + x, 0) / n;
  const spread = shares.reduce((s, x) => s + (x - rate) ** 2, 0) / n;
  if (rate <= 0 || rate >= 1) return n;
  const neff = spread === 0 ? answers : (rate * (1 - rate) * n) / spread;
  // The epsilon keeps 17·(1 − 1e-16) at 17: with one repeat this is exactly the case count.
  return Math.max(n, Math.min(answers, Math.floor(neff + 1e-9)));
}

/**
 * The interval of candidate − reference over paired cases: Newcombe's method 10 with each rate's
 * Wilson interval at its effective n and φ the (continuity-corrected) correlation of the case
 * shares. Its width then follows the clustered variance of the case differences; with one repeat
 * it is exactly pairedDiffInterval of the 2×2 table.
 */
export function clusteredDiffInterval(
  pairs: readonly CasePair[],
  confidence = 0.95,
): { diff: number; low: number; high: number } {
  const n = pairs.length;
  if (n === 0) return { diff: 0, low: -1, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const xs = pairs.map((p) => share(p.a));
  const ys = pairs.map((p) => share(p.b));
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / n;
  const [pa, pb] = [mean(xs), mean(ys)];
  const answers = (side: "a" | "b") => pairs.reduce((s, p) => s + p[side].answered, 0);
  const a = wilsonAt(pa, effectiveN(xs, answers("a")), z);
  const b = wilsonAt(pb, effectiveN(ys, answers("b")), z);
  const varA = xs.reduce((s, x) => s + (x - pa) ** 2, 0) / n;
  const varB = ys.reduce((s, y) => s + (y - pb) ** 2, 0) / n;
  const cov = xs.reduce((s, x, i) => s + (x - pa) * ((ys[i] as number) - pb), 0) / n;
  return moverDifference(a, b, newcombePhi(cov, varA, varB, n));
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The case-level paired test of candidate against reference: the sign-flip test of the case
 * differences, which with one repeat is McNemar's exact test. The differences are whole multiples
 * of 1/lcm(repeat counts); past 10,000 they are rounded to that grid.
 */
export function pairedCaseTest(pairs: readonly CasePair[]): number {
  let denominator = 1;
  for (const p of pairs)
    for (const k of [p.a.answered, p.b.answered])
      if (k > 0) denominator = Math.min(10_000, (denominator * k) / gcd(denominator, k));
  return signFlipTest(caseDifferences(pairs), denominator);
}

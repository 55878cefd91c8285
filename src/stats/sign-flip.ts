// The paired test at the level of the case: under "no difference" each case's difference
// (candidate share − reference share) is as likely positive as negative, so its sign can be flipped.
// With one repeat the differences are ±1 and this is exactly McNemar's exact test.
import { mcnemarExact } from "./mcnemar.js";
import { normalCdf } from "./normal.js";

/** Above this many DP cells (cases × reachable sums) the normal approximation takes over. */
const EXACT_LIMIT = 1e7;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Two-sided p of the sign-flip (randomisation) test of Σ dᵢ, given each case's difference as a
 * fraction of a common denominator: exact by dynamic programming over the reachable sums, McNemar's
 * exact test when every difference has the same size, the normal approximation (variance Σ dᵢ²)
 * when the exact table would be too large. `denominator` is an lcm of the repeat counts, so every
 * dᵢ·denominator is a whole number.
 */
export function signFlipTest(differences: readonly number[], denominator = 1): number {
  const steps = differences.map((d) => Math.round(d * denominator)).filter((v) => v !== 0);
  if (steps.length === 0) return 1;
  const sizes = steps.map(Math.abs);
  if (sizes.every((s) => s === sizes[0])) {
    const up = steps.filter((s) => s > 0).length;
    return mcnemarExact(up, steps.length - up);
  }
  const unit = sizes.reduce(gcd);
  const units = sizes.map((s) => s / unit);
  const total = units.reduce((s, v) => s + v, 0);
  const observed = Math.abs(steps.reduce((s, v) => s + v, 0)) / unit;
  if (units.length * (2 * total + 1) > EXACT_LIMIT) {
    const sd = Math.sqrt(units.reduce((s, v) => s + v * v, 0));
    return Math.min(1, 2 * (1 - normalCdf((observed - 0.5) / sd)));
  }
  // dist[total + s] = P(Σ ±vᵢ = s), built one case at a time.
  let dist = new Float64Array(2 * total + 1);
  dist[total] = 1;
  let reach = 0;
  for (const v of units) {
    const next = new Float64Array(2 * total + 1);
    for (let s = total - reach; s <= total + reach; s++) {
      const p = dist[s] ?? 0;
      if (p === 0) continue;
      next[s - v] = (next[s - v] ?? 0) + p / 2;
      next[s + v] = (next[s + v] ?? 0) + p / 2;
    }
    reach += v;
    dist = next;
  }
  let tail = 0;
  for (let s = 0; s < dist.length; s++) if (Math.abs(s - total) >= observed) tail += dist[s] ?? 0;
  return Math.min(1, tail);
}

// How many paired cases a comparison needs, and how small a drop a suite can detect: the
// closed-form power of McNemar's test (Connor 1987), for planning and for reports that must say
// what a "pass" on a small suite is worth.
import { normalCdf, normalQuantile } from "./normal.js";

export interface PowerOptions {
  /** Two-sided significance level; default 0.05. */
  alpha?: number;
  /** Wanted power; default 0.8. */
  power?: number;
}

/**
 * Cases needed to detect a paired difference `drop` (= p10 − p01, the share of cases broken minus
 * the share fixed) when `discordance` (= p10 + p01) of the cases flip either way:
 * n = (z₁₋α/₂·√ψ + z₁₋β·√(ψ − δ²))² / δ². Infinity when the drop cannot happen (δ² ≥ ψ or δ = 0).
 */
export function casesNeeded(drop: number, discordance: number, options: PowerOptions = {}): number {
  const { alpha = 0.05, power = 0.8 } = options;
  const d = Math.abs(drop);
  if (d === 0 || d * d >= discordance || d > discordance) return Number.POSITIVE_INFINITY;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  return Math.ceil((za * Math.sqrt(discordance) + zb * Math.sqrt(discordance - d * d)) ** 2 / (d * d));
}

/** The power of McNemar's test on n cases for a drop δ at discordance ψ (the same approximation). */
export function mcnemarPower(n: number, drop: number, discordance: number, alpha = 0.05): number {
  const d = Math.abs(drop);
  if (n <= 0 || d === 0 || d * d >= discordance) return d === 0 ? alpha : 1;
  const za = normalQuantile(1 - alpha / 2);
  return normalCdf((Math.sqrt(n) * d - za * Math.sqrt(discordance)) / Math.sqrt(discordance - d * d));
}

/**
 * The smallest drop n cases detect with the wanted power at discordance ψ (bisection on the power,
 * which rises with the drop). When ψ is unknown (no flips seen yet), the caller states one.
 */
export function detectableDrop(n: number, discordance: number, options: PowerOptions = {}): number {
  const { alpha = 0.05, power = 0.8 } = options;
  if (n <= 0 || discordance <= 0) return 1;
  let low = 0;
  let high = Math.min(1, discordance);
  if (mcnemarPower(n, high - 1e-9, discordance, alpha) < power) return high;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (mcnemarPower(n, mid, discordance, alpha) >= power) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * Cases needed for a non-inferiority verdict at `margin` when the true drop is `drop` (< margin):
 * n = (z₁₋α + z₁₋β)²·ψ / (margin − drop)², the one-sided test the maxDrop gate runs.
 */
export function casesForNonInferiority(
  drop: number,
  margin: number,
  discordance: number,
  options: PowerOptions = {},
): number {
  const { alpha = 0.05, power = 0.8 } = options;
  const gap = Math.abs(margin - drop);
  if (gap === 0) return Number.POSITIVE_INFINITY;
  const z = normalQuantile(1 - alpha) + normalQuantile(power);
  return Math.ceil((z * z * Math.max(discordance, 1e-6)) / (gap * gap));
}

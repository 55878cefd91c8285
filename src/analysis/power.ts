// What a comparison could have detected, and what would settle one that could not decide: the
// report must say what a "pass" on a small suite is worth.
import { casesForNonInferiority, detectableDrop, mcnemarPower } from "../stats/index.js";
import { formatCount, percent } from "./format.js";
import type { Comparison, Power } from "./model.js";

/** The power every detectable drop is stated at. */
export const POWER = 0.8;
/** Stands in for the discordance when no case flipped (stated in the report wherever it is used). */
export const ASSUMED_DISCORDANCE = 0.1;

/** The discordance to plan with: the observed one, or the assumed one when nothing flipped. */
export function discordanceOf(c: Pick<Comparison, "discordance">): { value: number; assumed: boolean } {
  return c.discordance > 0
    ? { value: c.discordance, assumed: false }
    : { value: ASSUMED_DISCORDANCE, assumed: true };
}

/**
 * The smallest drop n cases detect with 80 % power at α and discordance ψ; null when even a drop
 * of ψ itself (every flip the same way) would be missed more often than that.
 */
export function smallestDetectable(n: number, discordance: number, alpha: number): number | null {
  if (n === 0 || mcnemarPower(n, discordance * (1 - 1e-9), discordance, alpha) < POWER) return null;
  return detectableDrop(n, discordance, { alpha, power: POWER });
}

export function powerOf(c: Comparison, alpha: number): Power {
  const psi = discordanceOf(c);
  return {
    detectableDrop: smallestDetectable(c.n, psi.value, alpha),
    discordance: psi.value,
    assumed: psi.assumed,
  };
}

/** Rounded up to two significant digits: "about 180 cases", never "about 173". */
export function about(n: number): number {
  if (n <= 10) return Math.ceil(n);
  const step = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / step) * step;
}

/** The discordance at k repeats: the repeat-to-repeat part shrinks as 1/k, the rest stays. */
export function discordanceAtRepeats(c: Comparison, k: number): number | null {
  if (c.repeatNoise === null) return null;
  const { value } = discordanceOf(c);
  return Math.max(1e-6, value - c.repeatNoise.variance + (c.repeatNoise.variance * c.repeatNoise.k) / k);
}

/**
 * What would settle a non-inferiority question the data leave open: how many more cases (at the
 * observed drop and discordance), and whether repeating each case would do instead, which it can
 * only when the cases are flaky.
 */
export function settleAdvice(c: Comparison, margin: number, alpha: number): string {
  const drop = -c.diff.value;
  const psi = discordanceOf(c);
  const needed = casesForNonInferiority(drop, margin, psi.value, { alpha, power: POWER });
  if (!Number.isFinite(needed)) return "the observed drop equals the margin: more cases only narrow it";
  const more = about(Math.max(1, needed - c.n));
  const basis = psi.assumed ? `, assuming ${percent(psi.value)} of cases flip` : "";
  let text = `add about ${formatCount(more)} cases${basis}`;
  if (c.repeatNoise === null) text += " (--repeat helps only if cases are flaky)";
  else if (c.repeatNoise.variance === 0) text += "; repeats would not help: no case was flaky";
  else {
    for (let k = c.repeatNoise.k + 1; k <= 10; k++) {
      const atK = discordanceAtRepeats(c, k) as number;
      if (casesForNonInferiority(drop, margin, atK, { alpha, power: POWER }) <= c.n)
        return `${text}, or run --repeat ${k} (the cases are flaky)`;
    }
    text += "; more repeats alone would not settle it";
  }
  return text;
}

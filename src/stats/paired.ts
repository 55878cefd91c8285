// Statistics for small paired evaluations: tens to thousands of cases, each pass/fail, the same
// cases run under two strategies or two runs. Pure and deterministic (the bootstrap is seeded).
import { type BootstrapOptions, type BootstrapResult, pairedBootstrap } from "./bootstrap.js";
import { assertPaired } from "./check.js";
import { mcnemarExact } from "./mcnemar.js";

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

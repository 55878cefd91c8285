// One paired comparison of two sides on the same cases, and its decision in the one vocabulary
// (better / worse / equivalent / inconclusive, see docs/report-schema.md "Decisions").
import {
  type CasePair,
  type CaseRepeats,
  caseDifferences,
  clusteredDiffInterval,
  type Decision,
  decideByTest,
  pairedCaseTest,
} from "../stats/index.js";
import type { Comparison } from "./model.js";

/** How decisions are made: the run's α and the equivalence margin (config `decisions:`). */
export interface DecisionSettings {
  alpha: number;
  margin: number;
}

export const DEFAULT_DECISIONS: DecisionSettings = { alpha: 0.05, margin: 0.05 };

/**
 * Candidate against reference, case by case: fixed/broke count the cases where the candidate did
 * better/worse; p is McNemar's exact test (the sign-flip test of the case differences with
 * repeats); the intervals are Newcombe's method 10 at 1 − α (shown) and 1 − 2α (equivalence and
 * non-inferiority, a one-sided α test each way), clustered by case.
 */
export function compareCases(
  pairs: readonly CasePair[],
  excluded: number,
  alpha = DEFAULT_DECISIONS.alpha,
): Comparison {
  const d = caseDifferences(pairs);
  const n = d.length;
  const shown = clusteredDiffInterval(pairs, 1 - alpha);
  const tost = clusteredDiffInterval(pairs, 1 - 2 * alpha);
  return {
    n,
    excluded,
    fixed: d.filter((x) => x > 0).length,
    broke: d.filter((x) => x < 0).length,
    discordance: n === 0 ? 0 : d.reduce((s, x) => s + x * x, 0) / n,
    p: pairedCaseTest(pairs),
    diff: { value: shown.diff, low: shown.low, high: shown.high },
    equivalence: { low: tost.low, high: tost.high },
    repeatNoise: repeatNoise(pairs),
  };
}

/**
 * The variance the repeats leave in the case differences: per side x(1 − x)/(k − 1), the unbiased
 * estimate of a case share's variance over its k repeats, averaged over the cases.
 */
function repeatNoise(pairs: readonly CasePair[]): Comparison["repeatNoise"] {
  const k = pairs.reduce((max, p) => Math.max(max, p.a.answered, p.b.answered), 0);
  if (k < 2) return null;
  const part = (c: CaseRepeats) => {
    if (c.answered < 2) return 0;
    const x = c.passed / c.answered;
    return (x * (1 - x)) / (c.answered - 1);
  };
  const variance = pairs.reduce((s, p) => s + part(p.a) + part(p.b), 0) / pairs.length;
  return { k, variance };
}

/** The decision on a comparison at p (adjusted within its family, or its own p when exploratory). */
export function decisionOf(c: Comparison, p: number, settings: DecisionSettings): Decision {
  return decideByTest(
    p,
    settings.alpha,
    { diff: c.diff.value, low: c.equivalence.low, high: c.equivalence.high },
    settings.margin,
  );
}

/** The same comparison seen from the other side. */
export function flipDecision(d: Decision): Decision {
  return d === "better" ? "worse" : d === "worse" ? "better" : d;
}

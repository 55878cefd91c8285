// Graded scores of two strategies compared on the same cases: the paired bootstrap of the mean
// difference for its size, the Wilcoxon signed-rank test for its significance (McNemar is for
// pass/fail; a 4 against a 5 is not a flip). Holm across every graded comparison of the run, then
// the one vocabulary (better / worse / equivalent / inconclusive, docs/report-schema.md).
import type { TrialRecord } from "../runlog/index.js";
import { decideByTest, holm, pairedBootstrapMean, wilcoxonSignedRank } from "../stats/index.js";
import type { DecisionSettings } from "./compare.js";
import { caseGrades, commonScale } from "./grades.js";
import type { GradedComparison } from "./model.js";

export interface GradedInput {
  scorer: string;
  reference: readonly TrialRecord[];
  candidate: readonly TrialRecord[];
}

type Unadjusted = Omit<GradedComparison, "pAdjusted" | "decision">;

/** One scorer on one pair, before the Holm adjustment; null when neither side was graded. */
export function compareGraded({ scorer, reference, candidate }: GradedInput, seed = 1): Unadjusted | null {
  const a = caseGrades(reference, scorer);
  const b = caseGrades(candidate, scorer);
  if (a.size === 0 && b.size === 0) return null;
  const ids = [...b.keys()].filter((id) => a.has(id)).sort();
  const x = ids.map((id) => a.get(id) as number);
  const y = ids.map((id) => b.get(id) as number);
  const boot = pairedBootstrapMean(x, y, { seed });
  // The (1 − 2α) interval equivalence reads: 90 % at the default α. A bootstrap of cases that all
  // differ alike has no spread, which says nothing: then the rule of three bounds it (no case out
  // of n differing bounds the share that do below 3/n, and a grade differs by at most 1).
  const tost = pairedBootstrapMean(x, y, { seed, confidence: 0.9 });
  const spread =
    tost.high > tost.low ? tost : { low: boot.diff - 3 / ids.length, high: boot.diff + 3 / ids.length };
  const refScale = commonScale(reference, scorer);
  const candScale = commonScale(candidate, scorer);
  const same = refScale && candScale && refScale[0] === candScale[0] && refScale[1] === candScale[1];
  return {
    scorer,
    n: ids.length,
    diff: { value: boot.diff, low: boot.low, high: boot.high },
    equivalence: { low: spread.low, high: spread.high },
    scale: same ? refScale : null,
    p: wilcoxonSignedRank(x, y).p,
  };
}

/**
 * Holm across all graded comparisons, then the decision: better / worse when the adjusted p is
 * below α, equivalent when the 90 % interval of the mean difference (0..1 units) lies inside
 * ±margin, else inconclusive.
 */
export function adjustGraded(all: readonly Unadjusted[][], settings: DecisionSettings): GradedComparison[][] {
  const adjusted = holm(all.flat().map((c) => c.p));
  let i = 0;
  return all.map((list) =>
    list.map((c) => {
      const pAdjusted = adjusted[i++] ?? 1;
      const interval = { diff: c.diff.value, ...c.equivalence };
      return {
        ...c,
        pAdjusted,
        decision: decideByTest(pAdjusted, settings.alpha, interval, settings.margin),
      };
    }),
  );
}

// Graded scores of two strategies compared on the same cases: the paired bootstrap of the mean
// difference for its size, the Wilcoxon signed-rank test for its significance (McNemar is for
// pass/fail; a 4 against a 5 is not a flip). Holm across every graded comparison of the run.
import type { TrialRecord } from "../runlog/index.js";
import { holm, type PairedVerdict, pairedBootstrapMean, wilcoxonSignedRank } from "../stats/index.js";
import { caseGrades, commonScale } from "./grades.js";
import type { GradedComparison } from "./model.js";

export interface GradedInput {
  scorer: string;
  reference: readonly TrialRecord[];
  candidate: readonly TrialRecord[];
}

type Unadjusted = Omit<GradedComparison, "pAdjusted" | "verdict"> & { allEqual: boolean };

/** One scorer on one pair, before the Holm adjustment; null when neither side was graded. */
export function compareGraded({ scorer, reference, candidate }: GradedInput, seed = 1): Unadjusted | null {
  const a = caseGrades(reference, scorer);
  const b = caseGrades(candidate, scorer);
  if (a.size === 0 && b.size === 0) return null;
  const ids = [...b.keys()].filter((id) => a.has(id)).sort();
  const x = ids.map((id) => a.get(id) as number);
  const y = ids.map((id) => b.get(id) as number);
  const boot = pairedBootstrapMean(x, y, { seed });
  const refScale = commonScale(reference, scorer);
  const candScale = commonScale(candidate, scorer);
  const same = refScale && candScale && refScale[0] === candScale[0] && refScale[1] === candScale[1];
  return {
    scorer,
    n: ids.length,
    diff: { value: boot.diff, low: boot.low, high: boot.high },
    scale: same ? refScale : null,
    p: wilcoxonSignedRank(x, y).p,
    allEqual: x.every((v, i) => v === y[i]),
  };
}

/** Holm across all graded comparisons; a verdict like comparePaired's, on the adjusted p. */
export function adjustGraded(all: readonly Unadjusted[][], alpha = 0.05): GradedComparison[][] {
  const adjusted = holm(all.flat().map((c) => c.p));
  let i = 0;
  return all.map((list) =>
    list.map(({ allEqual, ...c }) => {
      const pAdjusted = adjusted[i++] ?? 1;
      let verdict: PairedVerdict = "inconclusive";
      if (pAdjusted < alpha) verdict = c.diff.value > 0 ? "better" : "worse";
      else if (allEqual && c.n >= 30) verdict = "no-change";
      return { ...c, pAdjusted, verdict };
    }),
  );
}

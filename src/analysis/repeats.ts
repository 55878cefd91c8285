// `--repeat k`: how consistent each strategy is, case by case. A case's repeats are one cluster:
// pass@k (some repeat passed), pass^k (every repeat passed), flip rates and the flaky cases.
import type { TrialRecord } from "../runlog/index.js";
import { effectiveN, flipRate, repeatStats, wilsonAt } from "../stats/index.js";
import { caseTallies, indexTrials } from "./cases.js";
import type { RepeatGroup } from "./model.js";

/** One group per suite × strategy whose cases ran more than once; empty when every case ran once. */
export function repeatGroups(trials: readonly TrialRecord[]): RepeatGroup[] {
  // A case that ran once has nothing to tell: no index of 100,000 single trials.
  if (!trials.some((t) => t.repeat > 0)) return [];
  const out: RepeatGroup[] = [];
  for (const [suite, byStrategy] of indexTrials(trials))
    for (const [strategy, byCase] of byStrategy) {
      const tallies = caseTallies(byCase.values());
      const stats = repeatStats([...tallies.values()]);
      if (stats.k < 2) continue;
      const answered = [...tallies.values()].filter((c) => c.answered > 0);
      const shares = answered.map((c) => c.passed / c.answered);
      const rate = shares.reduce((s, x) => s + x, 0) / Math.max(1, shares.length);
      const neff = effectiveN(
        shares,
        answered.reduce((s, c) => s + c.answered, 0),
      );
      const { low, high } = wilsonAt(rate, neff);
      const caseFlips = [...tallies]
        .filter(([, c]) => c.answered > 0)
        .map(([caseId, c]) => ({ caseId, passed: c.passed, answered: c.answered, flipRate: flipRate(c) }))
        .sort((a, b) => b.flipRate - a.flipRate || a.caseId.localeCompare(b.caseId));
      out.push({
        suite,
        strategy,
        canary: [...byCase.values()].some((t) => t.canary),
        k: stats.k,
        cases: stats.cases,
        passAtK: stats.passAtK,
        passAllK: stats.passAllK,
        meanFlipRate: stats.meanFlipRate,
        flaky: stats.flaky,
        pass: { rate, low, high, effectiveN: neff },
        caseFlips,
      });
    }
  return out;
}

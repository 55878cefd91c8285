// What a line of the run log spent: the one definition the budget, the progress line and a
// resumed run's starting sum share, so they agree.
import { INDEX_BUILD_SCHEMA, type IndexBuildRecord } from "./index-build.js";
import type { JudgmentRecord } from "./judgment.js";
import { type EvalCost, TRIAL_SCHEMA, type TrialRecord } from "./record.js";

/** Dollars spent now by scorers' own calls (judges, embedders); an unpriced one counts as 0. */
const evaluation = (cost: EvalCost | undefined): number => cost?.spent ?? 0;

/**
 * What a record spent now: a trial's call (nothing for a cached answer) and its scorers' calls; a
 * judgment's judge calls; a retrieval index build's embeddings. An unpriced call counts as 0 (a
 * budget refuses unpriced strategies).
 */
export function spentBy(record: TrialRecord | JudgmentRecord | IndexBuildRecord): number {
  if (record.schema === TRIAL_SCHEMA) {
    const call = record.cached ? 0 : (record.cost.total ?? 0);
    return record.scores.reduce((sum, s) => sum + evaluation(s.cost), call);
  }
  if (record.schema === INDEX_BUILD_SCHEMA) return record.cost ?? 0;
  return evaluation(record.kind === "pairwise" ? record.cost : record.score.cost);
}

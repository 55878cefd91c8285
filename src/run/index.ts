// Generating a run: plan -> pool -> execute -> log, and re-scoring a run from its log.
export { budgetProblems } from "./budget.js";
export { type EstimateOptions, estimateRun, type RunEstimate } from "./dry-run.js";
export { executeTrial, type TrialContext } from "./execute.js";
export { ResumeError } from "./folder.js";
export type { RunHooks, RunInfo } from "./hooks.js";
export { JUDGE_VERDICT_TOKENS, type JudgeTally } from "./judge-estimate.js";
export { iteratePlan, type PlannedTrial, planSize, planTrials } from "./plan.js";
export { forEachConcurrent } from "./pool.js";
export {
  recordSnapshot,
  snapshotTarget,
} from "./record.js";
export { type RescoreOptions, type RescoreResult, rescoreRun } from "./rescore.js";
export { type RunOptions, type RunResult, runSuites } from "./runner.js";
export { endpointsOf } from "./select.js";
export { shardFilter } from "./shard.js";
export { RunStoppedError } from "./stopped.js";

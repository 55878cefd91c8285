export { executeTrial } from "./execute.js";
export { RunLogWriter, readRunLog, readTrialLines, SUMMARY_FILE, TRIALS_FILE } from "./log.js";
export { iteratePlan, type PlannedTrial, planSize, planTrials, trialKey } from "./plan.js";
export { forEachConcurrent } from "./pool.js";
export { ResumeError, type ResumeState, readForResume, resolveRunDir } from "./resume.js";
export { newRunId } from "./run-id.js";
export { type EndpointCalls, type RunOptions, type RunResult, runSuites } from "./runner.js";
export { type RunHeader, TRIAL_SCHEMA, type TrialCost, type TrialRecord } from "./trial.js";

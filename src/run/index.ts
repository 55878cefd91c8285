export { executeTrial, trialCost } from "./execute.js";
export { RunLogWriter, readRunLog, readTrialLines, SUMMARY_FILE, TRIALS_FILE } from "./log.js";
export { type PlannedTrial, planTrials, trialKey } from "./plan.js";
export { newRunId } from "./run-id.js";
export { type RunOptions, type RunResult, runSuites } from "./runner.js";
export { type RunHeader, TRIAL_SCHEMA, type TrialCost, type TrialRecord } from "./trial.js";

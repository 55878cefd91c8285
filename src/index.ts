// The public API: what `import ... from "tunebench"` offers.
export {
  type Config,
  ConfigError,
  type LoadedSuite,
  loadConfig,
  loadSuites,
  type Problem,
  type Suite,
  validateProject,
} from "./config/index.js";
export {
  estimateTrainingFile,
  prepareTraining,
  validateTrainingFile,
} from "./finetune/index.js";
export { readTunedRecord, type TunedModelRecord } from "./project/index.js";
export type { Report, Reporter, RunSummary } from "./report/index.js";
export {
  analyzeRun,
  /** Re-analyses a run log, optionally against a baseline run: compareRuns in one call. */
  buildReport,
  ConsoleReporter,
  createReporters,
  emitReport,
  gateExitCode,
  SummaryBuilder,
  summarize,
} from "./report/index.js";
export { type RunOptions, type RunResult, readRunLog, runSuites, type TrialRecord } from "./run/index.js";
export { type RunningSimulator, type SimOptions, startSimulator } from "./sim/index.js";
export type { Strategy } from "./strategies/index.js";

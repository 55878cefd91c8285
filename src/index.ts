// The public API: what `import ... from "tunebench"` offers, following the data flow: load a
// project, run it (the run log), analyse the log (the report), render the report.

export {
  analyzeRun,
  /** Re-analyses a run log, optionally against a baseline run. */
  buildReport,
  type CaseReport,
  type CaseSection,
  type Report,
  type RunSummary,
  SummaryBuilder,
  summarize,
  summarizeRun,
} from "./analysis/index.js";
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
export {
  ConsoleReporter,
  createReporters,
  emitReport,
  gateExitCode,
  type Reporter,
} from "./report/index.js";
export {
  type RescoreOptions,
  type RescoreResult,
  type RunHooks,
  type RunOptions,
  type RunResult,
  rescoreRun,
  runSuites,
} from "./run/index.js";
export { loadRun, type RunHeader, type TrialRecord } from "./runlog/index.js";
export type { Score, ScoreContext, ScoreResult, Scorer } from "./scoring/index.js";
export { type RunningSimulator, type SimOptions, startSimulator } from "./sim/index.js";
export type { Strategy } from "./strategies/index.js";

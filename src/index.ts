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
export type { Reporter, RunSummary } from "./report/index.js";
export { ConsoleReporter, SummaryBuilder, summarize } from "./report/index.js";
export { type RunOptions, type RunResult, readRunLog, runSuites, type TrialRecord } from "./run/index.js";
export { type RunningSimulator, type SimOptions, startSimulator } from "./sim/index.js";
export type { Strategy } from "./strategies/index.js";

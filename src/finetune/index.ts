export { CsvError, type CsvRecord, parseCsv, parseCsvObjects } from "./csv.js";
export { describeSchema, draftSchema, type JsonSchema } from "./draft-schema.js";
export {
  billedTokens,
  defaultEpochs,
  type EstimateOptions,
  estimateFromTokens,
  estimateTraining,
  estimateTrainingFile,
  latestRunDir,
  type MeasuredCost,
  measuredCosts,
  readRunSummary,
  type TrainingEstimate,
  type TunedCallEstimate,
  tokensPerEpoch,
} from "./estimate.js";
export { assistantTokens, exampleTokens, readJsonl } from "./examples.js";
export { ImportError, type ImportedPair, type ReadPairs, readPairs } from "./import-read.js";
export { DEFAULT_HOLDOUT } from "./import-split.js";
export { type ImportedSuite, type ImportOptions, importSuite, MIN_IMPORT_LINES } from "./import-suite.js";
export {
  createTuningJob,
  type FineTuningJob,
  type FineTuningJobEvent,
  followJob,
  isTerminal,
  newEvents,
  TERMINAL_STATUSES,
  uploadTrainingFile,
} from "./jobs.js";
export {
  baseModelOf,
  DEFAULT_TOKEN_LIMIT,
  FILE_SIZE_LIMIT,
  MIN_EXAMPLES,
  type TokenLimit,
  tokenLimitFor,
} from "./limits.js";
export {
  describePii,
  ibanValid,
  luhn,
  type PiiFinding,
  type PiiKind,
  type PiiReport,
  scanPii,
} from "./pii.js";
export {
  DEFAULT_LEAK_THRESHOLD,
  DEFAULT_VALID_SHARE,
  findLeaks,
  type Leak,
  LeakError,
  normalizeInput,
  PrepareError,
  type PrepareOptions,
  type PrepareResult,
  prepareTraining,
} from "./prepare.js";
export {
  cancelJob,
  type JobOutcome,
  jobStatusOnce,
  openProject,
  type Project,
  planUpload,
  type StartOptions,
  startJob,
  TuneError,
  type UploadPlan,
  waitForJob,
} from "./session.js";
export { readTuneState, type TuneState, writeTuneState } from "./state.js";
export { type Distribution, distribution } from "./stats.js";
export {
  type IssueSummary,
  RULES,
  type RuleCode,
  TrainingFileError,
  type ValidationOptions,
  type ValidationResult,
  validateTrainingData,
  validateTrainingFile,
} from "./validate.js";

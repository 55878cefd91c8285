// Validation is a training-data rule (shared with the simulator); fine-tuning's face shows it too.
export {
  TrainingFileError,
  type ValidationResult,
  validateTrainingData,
  validateTrainingFile,
} from "../training/index.js";
export { CsvError, type CsvRecord, parseCsv, parseCsvObjects } from "./csv.js";
export {
  type CallCostRow,
  callCostRows,
  type EstimateOptions,
  estimateFromTokens,
  estimateFromValidation,
  estimateTraining,
  estimateTrainingFile,
  type MeasuredCost,
  type TrainingEstimate,
  type TunedCallEstimate,
} from "./estimate.js";
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

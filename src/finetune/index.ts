// Fine-tuning: training data from suites, the upload plan, jobs and their state. Validation is a
// training-data rule (src/training, shared with the simulator), re-exported as a step of this flow.
export {
  TrainingFileError,
  type ValidationResult,
  validateTrainingData,
  validateTrainingFile,
} from "../training/index.js";
export { type Connection, connect } from "./connect.js";
export {
  AZURE_MANAGEMENT_API_VERSION,
  type Deployed,
  DeployFailedError,
  type DeployOptions,
  deploymentName,
  deployTunedModel,
} from "./deploy.js";
export { describeSchema, draftSchema, type JsonSchema } from "./draft-schema.js";
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
export { listTunedModels, type TunedModelRow } from "./list.js";
export {
  describePii,
  ibanValid,
  luhn,
  type PiiFinding,
  type PiiKind,
  type PiiReport,
  scanPii,
} from "./pii.js";
export { type FileCheck, planUpload, type StartOptions, type UploadPlan } from "./plan.js";
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
  openProject,
  type Project,
  type ProjectOptions,
  suiteFlags,
  TuneError,
  tuneSuites,
} from "./project.js";
export { cancelJob, type JobOutcome, jobStatusOnce, type WaitOptions, waitForJob } from "./session.js";
export { type Started, startJob } from "./start.js";
export { readTuneState, readTuneStates, type TuneState, type UploadedFile, writeTuneState } from "./state.js";
export { TRAINER_FORMATS, type TrainerFormat, writeTrainerFiles } from "./trainer-formats.js";

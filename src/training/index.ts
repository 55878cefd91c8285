// Training-data rules shared by fine-tuning (src/finetune) and the simulator's fine-tuning
// endpoint (src/sim): per-model limits, the cookbook token count, epochs and billed tokens,
// the JSONL line reader and the validation rules.
export { billedTokens, defaultEpochs, tokensPerEpoch } from "./epochs.js";
export {
  assistantTokens,
  canonicalJson,
  contentText,
  exampleTokens,
  isObject,
  type JsonObject,
  readJsonl,
  trainingMessages,
} from "./examples.js";
export {
  baseModelOf,
  DEFAULT_TOKEN_LIMIT,
  FILE_SIZE_LIMIT,
  MIN_EXAMPLES,
  type TokenLimit,
  tokenLimitFor,
} from "./limits.js";
export { type Distribution, distribution } from "./stats.js";
export {
  type ExampleStats,
  type IssueSummary,
  RULES,
  type RuleCode,
  TrainingFileError,
  type ValidationOptions,
  type ValidationResult,
  validateTrainingData,
  validateTrainingFile,
} from "./validate.js";

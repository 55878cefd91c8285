// Training-data rules shared by fine-tuning (src/finetune) and the simulator's fine-tuning
// endpoint (src/sim): per-model limits, the cookbook token count, epochs and billed tokens,
// the JSONL line reader and the validation rules.
export type { ExampleStats } from "./check.js";
export { billedTokens, defaultEpochs, tokensPerEpoch } from "./epochs.js";
export {
  canonicalJson,
  contentText,
  functionDefinitions,
  isObject,
  type JsonObject,
} from "./examples.js";
export { decodeLine, type JsonlLine, jsonlLines, readJsonlFile } from "./jsonl.js";
export {
  baseModelOf,
  DEFAULT_TOKEN_LIMIT,
  FILE_SIZE_LIMIT,
  MIN_EXAMPLES,
  type TokenLimit,
  tokenLimitFor,
} from "./limits.js";
export { type IssueSummary, RULES, type RuleCode, type Severity } from "./rules.js";
export { type Distribution, distribution } from "./stats.js";
export { assistantTokens, exampleTokens, functionTokens } from "./tokens.js";
export {
  TrainingDataError,
  TrainingFileError,
  type ValidationOptions,
  type ValidationResult,
  validateTrainingData,
  validateTrainingFile,
} from "./validate.js";

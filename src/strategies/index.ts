// Strategies: each turns a case into a request (messages, model, endpoint); one file per type.
export { describeOutput } from "./describe-output.js";
export { buildFewShotMessages, selectExamples } from "./prompt.js";
export { createStrategy, STRATEGIES } from "./registry.js";
export { buildRetrievalSystem, DEFAULT_CONTEXT_TOKENS } from "./retrieval.js";
export { canaryChecks, NO_TUNED_MODEL } from "./tuned.js";
export { type ServedModel, TunedServingError, tunedServing } from "./tuned-serving.js";
export type {
  BuiltRequest,
  Preparation,
  Strategy,
  StrategyDeps,
  StrategyFactory,
} from "./types.js";

import type { StrategyConfig, StrategyType } from "../config/schema.js";
import { SIM_BASE_MODEL } from "../project/index.js";
import type { Embedder } from "../retrieval/index.js";
import { createBaselineStrategy } from "./baseline.js";
import { createPromptStrategy } from "./prompt.js";
import { createRetrievalStrategy } from "./retrieval.js";
import { createTunedStrategy } from "./tuned.js";
import type { Strategy } from "./types.js";

export { describeOutput } from "./describe-output.js";
export { buildFewShotMessages, selectExamples } from "./prompt.js";
export { buildRetrievalSystem } from "./retrieval.js";
export { NO_TUNED_MODEL } from "./tuned.js";
export type { BuiltRequest, Strategy } from "./types.js";

export interface StrategyDeps {
  /** Embedder for a retrieval strategy's `embedding` setting. */
  embedderFor(config: StrategyConfig): Embedder;
  /** Where retrieval indexes live (e.g. .tunebench/index). */
  indexRoot: string;
}

export function createStrategy(
  name: string,
  type: StrategyType,
  config: StrategyConfig,
  deps: StrategyDeps,
): Strategy {
  const model = config.model ?? SIM_BASE_MODEL;
  switch (type) {
    case "baseline":
      return createBaselineStrategy(name, config, model);
    case "prompt":
      return createPromptStrategy(name, config, model);
    case "retrieval":
      return createRetrievalStrategy(name, config, model, deps.embedderFor(config), deps.indexRoot);
    case "tuned":
      return createTunedStrategy(name, config, config.model);
  }
}

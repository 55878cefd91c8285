// Strategy types to their factories. Typed by config's STRATEGY_KINDS, so a type without a factory
// fails to compile. Adding a strategy: its file, this entry, its kind in config/names.ts.
import type { StrategyConfig, StrategyType } from "../config/index.js";
import { createBaselineStrategy } from "./baseline.js";
import { createPromptStrategy } from "./prompt.js";
import { createRecordedStrategy } from "./recorded.js";
import { createRetrievalStrategy } from "./retrieval.js";
import { createTunedStrategy } from "./tuned.js";
import type { Strategy, StrategyDeps, StrategyFactory } from "./types.js";

export const STRATEGIES = {
  baseline: createBaselineStrategy,
  prompt: createPromptStrategy,
  retrieval: createRetrievalStrategy,
  tuned: createTunedStrategy,
  recorded: createRecordedStrategy,
} as const satisfies Record<StrategyType, StrategyFactory>;

/** A strategy of the given type (its factory from the registry). */
export function createStrategy(
  name: string,
  type: StrategyType,
  config: StrategyConfig,
  deps: StrategyDeps,
): Strategy {
  return STRATEGIES[type](name, config, deps);
}

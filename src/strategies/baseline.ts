import type { LoadedSuite, StrategyConfig } from "../config/schema.js";
import { type BuiltRequest, type Strategy, systemThenInput } from "./types.js";

/** Zero-shot control: the task's instructions and the input, nothing else. */
export function createBaselineStrategy(name: string, config: StrategyConfig, model: string): Strategy {
  return {
    name,
    type: "baseline",
    endpoint: config.endpoint,
    config,
    unavailable: () => null,
    async buildRequest(suite: LoadedSuite, input: string): Promise<BuiltRequest> {
      return systemThenInput(model, suite.task.system, input);
    },
  };
}

import type { LoadedSuite } from "../config/schema.js";
import { SIM_BASE_MODEL } from "../project/index.js";
import { type BuiltRequest, type StrategyFactory, systemThenInput } from "./types.js";

/** Zero-shot control: the task's instructions and the input, nothing else. */
export const createBaselineStrategy: StrategyFactory = (name, config) => {
  const model = config.model ?? SIM_BASE_MODEL;
  return {
    model,
    name,
    type: "baseline",
    endpoint: config.endpoint,
    config,
    unavailable: () => null,
    async buildRequest(suite: LoadedSuite, input: string): Promise<BuiltRequest> {
      return systemThenInput(model, suite.task.system, input);
    },
  };
};

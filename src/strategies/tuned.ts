import type { LoadedSuite } from "../config/schema.js";
import { type BuiltRequest, type StrategyFactory, systemThenInput } from "./types.js";

export const NO_TUNED_MODEL =
  "no tuned model recorded yet: run `tunebench tune start` (or set strategies.<name>.model to an ft: id)";

/**
 * The fine-tuned model with the short instructions it was trained with: the prompt it is meant to
 * save. Without a model in the config it uses the one `tunebench tune` recorded for its endpoint.
 */
export const createTunedStrategy: StrategyFactory = (name, config, { tunedRecord }) => {
  const model =
    config.model ?? (tunedRecord?.endpoint === config.endpoint ? tunedRecord.model : undefined) ?? null;
  return {
    name,
    type: "tuned",
    endpoint: config.endpoint,
    config,
    model,
    unavailable: () => (model ? null : NO_TUNED_MODEL),
    async buildRequest(suite: LoadedSuite, input: string): Promise<BuiltRequest> {
      if (!model) throw new Error(NO_TUNED_MODEL);
      return systemThenInput(model, suite.task.tunedSystem ?? suite.task.system, input);
    },
  };
};

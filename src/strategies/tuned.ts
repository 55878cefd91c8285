import type { LoadedSuite } from "../config/schema.js";
import { tunedServing } from "./tuned-serving.js";
import { type BuiltRequest, type Strategy, type StrategyFactory, systemThenInput } from "./types.js";

export const NO_TUNED_MODEL =
  "no tuned model recorded yet: run `tunebench tune start` (or set strategies.<name>.model to an ft: id)";

/**
 * The fine-tuned model with the short instructions it was trained with: the prompt it is meant to
 * save. Each task suite gets the model trained for it (see tuned-serving.ts); a canary suite gets
 * its model, or with several none (the run adds a strategy per model: canaryChecks).
 */
export const createTunedStrategy: StrategyFactory = (name, config, { tunedRecords, taskSuites }) => {
  const serving = tunedServing(name, config, tunedRecords, taskSuites);
  const model = serving.models[0]?.model ?? null;
  // With several models the canary suites are checked per model (canaryChecks), not here.
  const modelFor = (suite: LoadedSuite) =>
    config.model ??
    (suite.canary
      ? serving.models.length === 1
        ? model
        : null
      : (serving.bySuite.get(suite.name)?.model ?? null));
  return {
    name,
    type: "tuned",
    endpoint: config.endpoint,
    config,
    model,
    served: serving.models,
    unavailable: () => (model ? null : NO_TUNED_MODEL),
    serves: (suite) => modelFor(suite) !== null,
    modelFor,
    async buildRequest(suite: LoadedSuite, input: string): Promise<BuiltRequest> {
      const chosen = modelFor(suite);
      if (!chosen) throw new Error(NO_TUNED_MODEL);
      return systemThenInput(chosen, suite.task.tunedSystem ?? suite.task.system, input);
    },
  };
};

/**
 * Canary suites run against every tuned model of the run: a tuned strategy with several models
 * (one per task) gets one strategy per model, `<name>@<its suites>`, that answers the canary suites
 * only, so the report says per model what it forgot. With one model the strategy checks it itself.
 */
export function canaryChecks(strategy: Strategy): Strategy[] {
  const models = strategy.served ?? [];
  if (models.length < 2) return [];
  return models.map((m) => {
    const label = m.record?.suites?.join("+") ?? (m.record ? "project-wide" : m.model);
    return {
      ...strategy,
      name: `${strategy.name}@${label}`,
      model: m.model,
      served: [{ ...m, suites: [] }],
      canaryOf: strategy.name,
      serves: (suite: LoadedSuite) => suite.canary,
      modelFor: () => m.model,
      async buildRequest(suite: LoadedSuite, input: string): Promise<BuiltRequest> {
        return systemThenInput(m.model, suite.task.tunedSystem ?? suite.task.system, input);
      },
    };
  });
}

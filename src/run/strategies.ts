// The run's strategies, built from their config with what they need from the composition root.
import {
  ConfigError,
  configProblem,
  type LoadedConfig,
  type LoadedSuite,
  type ResolvedStrategy,
} from "../config/index.js";
import type { Endpoints } from "../endpoints/index.js";
import { projectLayout, readTunedRecords } from "../project/index.js";
import { type Embedder, LocalEmbedder } from "../retrieval/index.js";
import type { Snapshot } from "../runlog/index.js";
import { canaryChecks, STRATEGIES, type Strategy, TunedServingError } from "../strategies/index.js";

/** Raised by the embedder a dry run hands out for API embeddings: it must call nothing. */
export class NoCallsError extends Error {
  override name = "NoCallsError";
}

const noCalls = (model: string): Embedder => ({
  id: `dry-run:${model}`,
  priceModel: model,
  embed: () => Promise.reject(new NoCallsError("a dry run calls no embedding endpoint")),
});

/**
 * Strategies with their embedders (from the endpoints; without endpoints, as in a dry run, API
 * embeddings refuse to be called), the index folder and the tuning records; when canary suites
 * run, a tuned strategy with a model per task adds one canary check per model. Records that do not
 * fit the run's suites are a config problem at `strategies.<name>.records` (exit 2).
 */
export async function buildStrategies(
  defs: readonly ResolvedStrategy[],
  loaded: LoadedConfig,
  endpoints: Endpoints | null,
  suites: readonly LoadedSuite[],
  snapshots: ReadonlyMap<string, Snapshot> = new Map(),
  /** Where retrieval indexes are kept; a dry run, which writes nothing in the project, gives a scratch folder. */
  indexRoot?: string,
): Promise<Strategy[]> {
  const layout = projectLayout(loaded.dir);
  const deps = {
    embedderFor: (c: { embedding?: Parameters<Endpoints["embedder"]>[0] }) => {
      if (!c.embedding || c.embedding === "local") return new LocalEmbedder();
      return endpoints ? endpoints.embedder(c.embedding) : noCalls(c.embedding.model);
    },
    indexRoot: indexRoot ?? layout.index,
    tunedRecords: defs.some((d) => d.type === "tuned") ? readTunedRecords(layout) : [],
    taskSuites: suites.filter((s) => !s.canary).map((s) => s.name),
    snapshots,
  };
  const withCanary = suites.some((s) => s.canary);
  try {
    return defs.flatMap((d) => {
      const strategy = STRATEGIES[d.type](d.name, d.config, deps);
      return [strategy, ...(withCanary ? canaryChecks(strategy) : [])];
    });
  } catch (error) {
    if (error instanceof TunedServingError)
      throw new ConfigError([await configProblem(loaded, error.at, error.message)]);
    throw error;
  }
}

/** A warning per tuned strategy that has no model for some task suites of the run: it skips them. */
export function unservedLines(strategies: readonly Strategy[], suites: readonly LoadedSuite[]): string[] {
  return strategies.flatMap((s) => {
    if (s.type !== "tuned" || s.canaryOf || s.unavailable()) return [];
    const missing = suites.filter((x) => !x.canary && s.serves && !s.serves(x)).map((x) => x.name);
    return missing.length
      ? [
          `warning: strategy '${s.name}' has no model tuned for ${missing.join(", ")} (tunebench tune start --suite NAME), so it skips their cases`,
        ]
      : [];
  });
}

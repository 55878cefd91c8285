// The run's strategies, built from their config with what they need from the composition root.
import type { LoadedConfig, ResolvedStrategy } from "../config/index.js";
import type { Endpoints } from "../endpoints/index.js";
import { projectLayout, readTunedRecords, type TunedModelRecord } from "../project/index.js";
import { type Embedder, LocalEmbedder } from "../retrieval/index.js";
import { STRATEGIES, type Strategy } from "../strategies/index.js";

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
 * embeddings refuse to be called), the index folder and the tuning record.
 */
export function buildStrategies(
  defs: readonly ResolvedStrategy[],
  loaded: LoadedConfig,
  endpoints: Endpoints | null,
): { strategies: Strategy[]; tunedRecord: TunedModelRecord | null } {
  const layout = projectLayout(loaded.dir);
  const deps = {
    embedderFor: (c: { embedding?: Parameters<Endpoints["embedder"]>[0] }) => {
      if (!c.embedding || c.embedding === "local") return new LocalEmbedder();
      return endpoints ? endpoints.embedder(c.embedding) : noCalls(c.embedding.model);
    },
    indexRoot: layout.index,
    tunedRecord:
      readTunedRecords(layout)
        .filter((r) => r.suites === null)
        .at(-1) ?? null,
  };
  const strategies = defs.map((d) => STRATEGIES[d.type](d.name, d.config, deps));
  return { strategies, tunedRecord: deps.tunedRecord };
}

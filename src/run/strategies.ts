// The run's strategies, built from their config with what they need from the composition root.
import type { LoadedConfig, ResolvedStrategy } from "../config/index.js";
import type { Endpoints } from "../endpoints/index.js";
import { projectLayout, readTunedRecord, type TunedModelRecord } from "../project/index.js";
import { LocalEmbedder } from "../retrieval/index.js";
import { STRATEGIES, type Strategy } from "../strategies/index.js";

export function buildStrategies(
  defs: readonly ResolvedStrategy[],
  loaded: LoadedConfig,
  endpoints: Endpoints,
): { strategies: Strategy[]; tunedRecord: TunedModelRecord | null } {
  const layout = projectLayout(loaded.dir);
  const deps = {
    embedderFor: (c: { embedding?: Parameters<Endpoints["embedder"]>[0] }) =>
      c.embedding ? endpoints.embedder(c.embedding) : new LocalEmbedder(),
    indexRoot: layout.index,
    tunedRecord: readTunedRecord(layout.tunedRecord),
  };
  const strategies = defs.map((d) => STRATEGIES[d.type](d.name, d.config, deps));
  return { strategies, tunedRecord: deps.tunedRecord };
}

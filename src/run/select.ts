import type { ResolvedStrategy } from "../config/index.js";

/** Every endpoint the strategies call, embedding endpoints included. */
export function endpointsOf(strategies: readonly ResolvedStrategy[]): Set<string> {
  const names = new Set<string>();
  for (const { config } of strategies) {
    names.add(config.endpoint);
    if (config.embedding && config.embedding !== "local") names.add(config.embedding.endpoint);
  }
  return names;
}

import { type ResolvedStrategy, STRATEGY_KINDS } from "../config/index.js";

/**
 * Every endpoint the strategies call, embedding endpoints included unless `embeddings: false`
 * (the chat endpoints alone); an offline strategy (recorded) calls none.
 */
export function endpointsOf(
  strategies: readonly ResolvedStrategy[],
  { embeddings = true }: { embeddings?: boolean } = {},
): Set<string> {
  const names = new Set<string>();
  for (const { type, config } of strategies) {
    if (STRATEGY_KINDS[type].offline) continue;
    names.add(config.endpoint);
    if (embeddings && config.embedding && config.embedding !== "local") names.add(config.embedding.endpoint);
  }
  return names;
}

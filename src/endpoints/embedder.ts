import type { EmbeddingConfig } from "../config/index.js";
import { type ClientOptions, openaiFor, type ResolvedEndpoint } from "../model/index.js";
import { ApiEmbedder, type Embedder, LocalEmbedder } from "../retrieval/index.js";

/** The embedder a strategy's `embedding` setting asks for; `endpointFor` resolves (and key-checks) endpoints. */
export function createEmbedder(
  config: EmbeddingConfig,
  endpointFor: (name: string) => ResolvedEndpoint,
  options: ClientOptions,
): Embedder {
  if (config === "local") return new LocalEmbedder();
  const endpoint = endpointFor(config.endpoint);
  return new ApiEmbedder({
    client: openaiFor(endpoint, options),
    model: config.model,
    baseURL: endpoint.baseURL,
    ...(config.dimensions === undefined ? {} : { dimensions: config.dimensions }),
  });
}

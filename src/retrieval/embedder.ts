import type { EmbeddingConfig } from "../config/schema.js";
import { type ClientOptions, openaiFor, type ResolvedEndpoint } from "../model/index.js";
import { ApiEmbedder } from "./api-embedder.js";
import { LocalEmbedder } from "./local-embedder.js";
import type { Embedder } from "./types.js";

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

import type { EmbeddingConfig } from "../config/index.js";
import {
  type ClientOptions,
  EndpointBreaker,
  endpointRedactor,
  openaiFor,
  type ResolvedEndpoint,
} from "../model/index.js";
import { ApiEmbedder, type Embedder, LocalEmbedder } from "../retrieval/index.js";

/**
 * The embedder a strategy's `embedding` setting asks for; `endpointFor` resolves (and key-checks)
 * endpoints. An API embedder stops at its endpoint's breaker, as the chat client does: a dead key
 * fails the index build with the one line that says what to fix.
 */
export function createEmbedder(
  config: EmbeddingConfig,
  endpointFor: (name: string) => ResolvedEndpoint,
  options: ClientOptions,
  breakerFor: (name: string) => EndpointBreaker = (name) => new EndpointBreaker(name),
): Embedder {
  if (config === "local") return new LocalEmbedder();
  const endpoint = endpointFor(config.endpoint);
  const breaker = breakerFor(config.endpoint);
  const api = new ApiEmbedder({
    client: openaiFor(endpoint, options),
    model: config.model,
    baseURL: endpoint.baseURL,
    ...(config.dimensions === undefined ? {} : { dimensions: config.dimensions }),
  });
  const redactor = endpointRedactor(endpoint);
  return {
    id: api.id,
    priceModel: api.priceModel,
    async embed(texts) {
      breaker.check();
      try {
        return await api.embed(texts);
      } catch (error) {
        throw breaker.fail(error, redactor, config.model);
      }
    },
  };
}

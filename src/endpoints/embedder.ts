import type OpenAI from "openai";
import type { EmbeddingConfig } from "../config/index.js";
import { EndpointBreaker, endpointRedactor, type ResolvedEndpoint } from "../model/index.js";
import {
  ApiEmbedder,
  type Embedder,
  LocalEmbedder,
  withEmbeddingCache,
  withSharedCalls,
} from "../retrieval/index.js";

/** What an API embedder is made of; openEndpoints passes its own per-endpoint pieces. */
export interface EmbedderParts {
  /** Resolves (and key-checks) an endpoint. */
  endpoint(name: string): ResolvedEndpoint;
  /** The endpoint's SDK client (through its limiter, in openEndpoints). */
  client(name: string): OpenAI;
  /** The endpoint's identity for ids and cache keys; default: its base URL. */
  identity?(endpoint: ResolvedEndpoint): string;
  breaker?(name: string): EndpointBreaker;
  /** The response cache folder; absent: no cache (`--no-cache`). */
  cacheDir?: string;
}

/**
 * The embedder a strategy's or a scorer's `embedding` setting asks for: cache (per text, keyed by
 * endpoint identity, model, dimensions and text) -> one call per text in flight -> breaker -> SDK.
 * An API embedder stops at its endpoint's breaker, as the chat client does: a dead key fails the
 * index build with the one line that says what to fix.
 */
export function createEmbedder(config: EmbeddingConfig, parts: EmbedderParts): Embedder {
  if (config === "local") return new LocalEmbedder();
  const endpoint = parts.endpoint(config.endpoint);
  const breaker = parts.breaker?.(config.endpoint) ?? new EndpointBreaker(config.endpoint);
  const api = new ApiEmbedder({
    client: parts.client(config.endpoint),
    model: config.model,
    identity: parts.identity?.(endpoint) ?? endpoint.baseURL,
    ...(config.dimensions === undefined ? {} : { dimensions: config.dimensions }),
  });
  const redactor = endpointRedactor(endpoint);
  const guarded: Embedder = {
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
  const shared = withSharedCalls(guarded);
  return parts.cacheDir === undefined ? shared : withEmbeddingCache(shared, parts.cacheDir);
}

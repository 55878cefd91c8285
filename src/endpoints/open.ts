// The composition root: the only place that knows the simulator from a real endpoint. It resolves
// endpoints (a missing key fails before any call), starts the simulator when one is used, and
// composes every chat client as cache (disk + in-flight dedupe) -> breaker (a dead key or model
// stops the endpoint) -> limiter (budgets, retries, Retry-After) -> openai SDK (one attempt per call).
import type { EmbeddingConfig, LoadedConfig } from "../config/index.js";
import {
  type CacheStats,
  type ChatClient,
  type ClientOptions,
  createChatClient,
  EndpointBreaker,
  type LimiterStats,
  openaiFor,
  type Redactor,
  type ResolvedEndpoint,
  redactorFor,
  withBreaker,
  withCache,
  withRateLimit,
} from "../model/index.js";
import { projectLayout } from "../project/index.js";
import { type Embedder, withEmbeddingCache } from "../retrieval/index.js";
import type { ScoringModels } from "../scoring/index.js";
import type { RunningSimulator, SimOptions } from "../sim/index.js";
import { createEmbedder } from "./embedder.js";
import { resolveEndpoint } from "./resolve.js";
import { isBuiltinSim, simIdentity, simSettings, startBuiltinSim } from "./sim.js";

export interface EndpointsOptions {
  /** The endpoints that will be used: resolved up front, so a missing key fails before any call. */
  names: Iterable<string>;
  /** Overrides of the simulator's settings from the config. */
  sim?: Partial<SimOptions>;
  /** Use the response cache (.tunebench/cache); default: run.cache. */
  cache?: boolean;
  /** Calls in flight per endpoint; default: run.concurrency. */
  concurrency?: number;
}

/** What one endpoint's client did: requests, retries, 429s, pauses, and cache hits (null: no cache). */
export interface EndpointCalls extends LimiterStats {
  cache: CacheStats | null;
}

export interface Endpoints {
  resolve(name: string): ResolvedEndpoint;
  /**
   * Knows every configured key and secret header value: answers, recorded errors and every file
   * of the run (log, cache) pass it.
   */
  redactor: Redactor;
  /** The chat client of an endpoint: cache -> breaker -> limiter -> SDK, one per endpoint. */
  chat(name: string): ChatClient;
  /** The raw SDK client (files, fine-tuning jobs). */
  sdk(name: string, options?: Partial<ClientOptions>): ReturnType<typeof openaiFor>;
  embedder(config: EmbeddingConfig): Embedder;
  /** What scorers (judges, `similar`) call: the same chat clients, the prices, cached embedders. */
  scoringModels(): ScoringModels;
  calls(): Record<string, EndpointCalls>;
  close(): Promise<void>;
}

export async function openEndpoints(loaded: LoadedConfig, options: EndpointsOptions): Promise<Endpoints> {
  const { config } = loaded;
  const names = [...new Set(options.names)];
  const settings = simSettings(loaded, options.sim);
  const sim: RunningSimulator | null = names.some((n) => isBuiltinSim(n, loaded))
    ? await startBuiltinSim(settings)
    : null;
  const redactor = redactorFor(config, process.env);
  const clientOptions: ClientOptions = {
    timeoutMs: config.run.timeoutMs,
    maxRetries: config.run.maxRetries,
    redactor,
  };
  const resolved = new Map<string, ResolvedEndpoint>();
  const resolve = (name: string): ResolvedEndpoint => {
    let endpoint = resolved.get(name);
    if (!endpoint) {
      endpoint = resolveEndpoint(name, config, process.env, sim?.url);
      resolved.set(name, endpoint);
    }
    return endpoint;
  };
  try {
    for (const name of names) resolve(name);
  } catch (error) {
    await sim?.close();
    throw error;
  }
  // One breaker per endpoint, shared by its chat client and its embedder.
  const breakers = new Map<string, EndpointBreaker>();
  const breaker = (name: string) => {
    let found = breakers.get(name);
    if (!found) {
      found = new EndpointBreaker(name, config.endpoints[name]?.apiKeyEnv);
      breakers.set(name, found);
    }
    return found;
  };
  const clients = new Map<string, { client: ChatClient; calls: () => EndpointCalls }>();
  const chat = (name: string) => {
    let entry = clients.get(name);
    if (!entry) {
      entry = composeChat(resolve(name), breaker(name), loaded, options, settings, redactor);
      clients.set(name, entry);
    }
    return entry.client;
  };
  return {
    resolve,
    redactor,
    chat,
    sdk: (name, overrides) => openaiFor(resolve(name), { ...clientOptions, ...overrides }),
    embedder: (embedding) => createEmbedder(embedding, resolve, clientOptions, breaker),
    scoringModels: () => ({
      chat,
      prices: config.prices,
      embedder: (embedding) => {
        const embedder = createEmbedder(embedding, resolve, clientOptions, breaker);
        return (options.cache ?? config.run.cache)
          ? withEmbeddingCache(embedder, projectLayout(loaded.dir).cache)
          : embedder;
      },
    }),
    calls: () => Object.fromEntries([...clients].map(([name, e]) => [name, e.calls()])),
    close: async () => sim?.close(),
  };
}

function composeChat(
  endpoint: ResolvedEndpoint,
  breaker: EndpointBreaker,
  loaded: LoadedConfig,
  options: EndpointsOptions,
  settings: SimOptions,
  redactor: Redactor,
): { client: ChatClient; calls: () => EndpointCalls } {
  const { config } = loaded;
  const budgets: { rpm?: number; tpm?: number } = endpoint.simulated
    ? config.sim
    : (config.endpoints[endpoint.name] ?? {});
  const sdk = createChatClient(endpoint, { timeoutMs: config.run.timeoutMs, maxRetries: 0, redactor });
  const limited = withRateLimit(sdk, {
    rpm: budgets.rpm,
    tpm: budgets.tpm,
    maxRetries: config.run.maxRetries,
    maxInFlight: options.concurrency ?? config.run.concurrency,
    // The simulator's x-ratelimit-* headers are decorative: it enforces no limit.
    honourHeaders: !endpoint.simulated,
  });
  const guarded = withBreaker(limited, breaker);
  const cached =
    (options.cache ?? config.run.cache)
      ? withCache(guarded, {
          dir: projectLayout(loaded.dir).cache,
          identity: endpoint.simulated ? simIdentity(settings) : endpoint.baseURL,
          redact: redactor.text,
        })
      : null;
  return {
    client: cached ?? guarded,
    calls: () => ({ ...limited.stats, cache: cached ? { ...cached.stats } : null }),
  };
}

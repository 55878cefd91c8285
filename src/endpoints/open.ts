// The composition root: the only place that knows the simulator from a real endpoint. It resolves
// endpoints (a missing key fails before any call), starts the simulator when one is used, and
// composes every chat client as cache (disk + in-flight dedupe) -> breaker (a dead key or model
// stops the endpoint) -> limiter (budgets, retries, Retry-After) -> openai SDK (one attempt per call).
// An endpoint has one Limiter: its chat client, its embedders (cache -> breaker -> SDK) and its
// raw SDK client (files, fine-tuning jobs, batches) all wait for it, so its bounds hold for all.
import type { EmbeddingConfig, LoadedConfig } from "../config/index.js";
import {
  type CacheStats,
  type ChatClient,
  type ClientOptions,
  createChatClient,
  EndpointBreaker,
  Limiter,
  type LimiterStats,
  limitedFetch,
  openaiFor,
  type Redactor,
  type ResolvedEndpoint,
  type ResponseStore,
  redactorFor,
  withBreaker,
  withCache,
  withRateLimit,
} from "../model/index.js";
import { projectLayout } from "../project/index.js";
import type { Embedder } from "../retrieval/index.js";
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
  /** The answers its chat client's cache keeps; null with the cache off. */
  responses(name: string): ResponseStore | null;
  /** The raw SDK client (files, fine-tuning jobs, batches): every request passes the endpoint's limiter. */
  sdk(name: string, options?: Partial<ClientOptions>): ReturnType<typeof openaiFor>;
  /** An embedder: API embeddings pass the response cache (unless off) and the endpoint's limiter. */
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
  const useCache = options.cache ?? config.run.cache;
  const cacheDir = projectLayout(loaded.dir).cache;
  // What an endpoint is, for cache keys: the simulator's port changes every run, its settings do not.
  const identity = (endpoint: ResolvedEndpoint) =>
    endpoint.simulated ? simIdentity(settings) : endpoint.baseURL;
  // One breaker and one limiter per endpoint, shared by everything that calls it.
  const breaker = perEndpoint((name) => new EndpointBreaker(name, config.endpoints[name]?.apiKeyEnv));
  const limiter = perEndpoint((name) => limiterFor(resolve(name), loaded, options));
  const clients = new Map<string, ComposedChat>();
  const composed = (name: string) => {
    let entry = clients.get(name);
    if (!entry) {
      const endpoint = resolve(name);
      entry = composeChat(
        endpoint,
        breaker(name),
        limiter(name),
        loaded,
        useCache ? { cacheDir, identity: identity(endpoint) } : null,
        redactor,
      );
      clients.set(name, entry);
    }
    return entry;
  };
  const chat = (name: string) => composed(name).client;
  // The SDK retries these calls itself (clientOptions.maxRetries); each attempt passes the limiter.
  const sdk = (name: string, overrides?: Partial<ClientOptions>) =>
    openaiFor(
      resolve(name),
      { ...clientOptions, ...overrides },
      limitedFetch((input, init) => globalThis.fetch(input, init), limiter(name)),
    );
  const embedder = (embedding: EmbeddingConfig) =>
    createEmbedder(embedding, {
      endpoint: resolve,
      client: (name) => sdk(name),
      identity,
      breaker,
      ...(useCache ? { cacheDir } : {}),
    });
  return {
    resolve,
    redactor,
    chat,
    responses: (name) => composed(name).store,
    sdk,
    embedder,
    scoringModels: () => ({ chat, prices: config.prices, embedder }),
    calls: () => Object.fromEntries([...clients].map(([name, e]) => [name, e.calls()])),
    close: async () => sim?.close(),
  };
}

/** `make`, called once per endpoint name. */
function perEndpoint<T>(make: (name: string) => T): (name: string) => T {
  const made = new Map<string, T>();
  return (name) => {
    let found = made.get(name);
    if (found === undefined) {
      found = make(name);
      made.set(name, found);
    }
    return found;
  };
}

/** An endpoint's limits: the simulator's budgets from `sim`, a real endpoint's from its entry. */
function limiterFor(endpoint: ResolvedEndpoint, loaded: LoadedConfig, options: EndpointsOptions): Limiter {
  const { config } = loaded;
  const budgets: { rpm?: number; tpm?: number } = endpoint.simulated
    ? config.sim
    : (config.endpoints[endpoint.name] ?? {});
  return new Limiter({
    rpm: budgets.rpm,
    tpm: budgets.tpm,
    maxRetries: config.run.maxRetries,
    maxInFlight: options.concurrency ?? config.run.concurrency,
    // The simulator's x-ratelimit-* headers are decorative: it enforces no limit.
    honourHeaders: !endpoint.simulated,
  });
}

interface ComposedChat {
  client: ChatClient;
  calls: () => EndpointCalls;
  store: ResponseStore | null;
}

function composeChat(
  endpoint: ResolvedEndpoint,
  breaker: EndpointBreaker,
  limiter: Limiter,
  loaded: LoadedConfig,
  cache: { cacheDir: string; identity: string } | null,
  redactor: Redactor,
): ComposedChat {
  const sdk = createChatClient(endpoint, {
    timeoutMs: loaded.config.run.timeoutMs,
    maxRetries: 0,
    redactor,
    cutOff: breaker.signal,
  });
  const limited = withRateLimit(sdk, limiter);
  const guarded = withBreaker(limited, breaker);
  const cached = cache
    ? withCache(guarded, { dir: cache.cacheDir, identity: cache.identity, redact: redactor.text })
    : null;
  return {
    client: cached ?? guarded,
    calls: () => ({ ...limited.stats, cache: cached ? { ...cached.stats } : null }),
    store: cached?.store ?? null,
  };
}

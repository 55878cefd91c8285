import { createHash } from "node:crypto";
import type { ChatClient, ChatRequest, ChatResponse } from "./types.js";

export const CACHE_KEY_PREFIX = "tunebench:chat:v1:";

let cacachePackage: Promise<typeof import("cacache")> | undefined;
/** cacache, loaded on first use: a run with the cache off does not pay its load time and memory. */
export function diskCache(): Promise<typeof import("cacache")> {
  cacachePackage ??= import("cacache").then((m) => m.default);
  return cacachePackage;
}

export interface CacheOptions {
  /** cacache directory, e.g. <project>/.tunebench/cache. */
  dir: string;
  /**
   * What the endpoint is, for the key: its base URL (the built-in simulator, whose port changes
   * every run, uses a stable name plus its settings). Never the API key or headers.
   */
  identity: string;
  /** Applied to what is stored (see Redactor.text). */
  redact: (text: string) => string;
}

export interface CacheStats {
  hits: number;
  misses: number;
  /** Calls that shared the answer of an identical call in flight (sent once). */
  shared: number;
  writes: number;
  /** Reads or writes that failed (treated as a miss / skipped: the cache never fails a call). */
  failures: number;
}

export interface CachedClient extends ChatClient {
  readonly stats: CacheStats;
  /** The answers it keeps: `run --batch` looks a request up before submitting it, and stores what came back. */
  readonly store: ResponseStore;
}

/** The stored answers, by request. Neither method fails: a broken cache only costs calls. */
export interface ResponseStore {
  readonly stats: CacheStats;
  /** The request's cache key (computed once per request object). */
  key(request: ChatRequest): string;
  /** The stored answer (a hit, `cached: true`), or null (a miss). */
  get(request: ChatRequest): Promise<ChatResponse | null>;
  /**
   * get() that counts nothing: a budget's look before it admits a call. An answer it uses in
   * place of the call is counted by `hit()`; a call it lets through is counted by the client that
   * sends it (which looks again, or shares an identical call in flight).
   */
  peek(request: ChatRequest): Promise<ChatResponse | null>;
  /** Counts a peeked answer used in place of a call. */
  hit(): void;
  put(request: ChatRequest, response: ChatResponse): Promise<void>;
}

/**
 * sha256 of a canonical JSON of what determines the answer: endpoint identity, model, messages,
 * temperature, maxTokens, the repeat slot and JSON mode. Fixed field order, absent values as null;
 * JSON mode only when asked for, so the keys of every other request stay what they were.
 */
export function cacheKey(identity: string, request: ChatRequest): string {
  const canonical = JSON.stringify([
    identity,
    request.model,
    request.messages.map((m) => (m.name ? [m.role, m.content, m.name] : [m.role, m.content])),
    request.temperature ?? null,
    request.maxTokens ?? null,
    request.cacheSlot ?? 0,
    ...(request.json ? ["json"] : []),
  ]);
  return CACHE_KEY_PREFIX + createHash("sha256").update(canonical).digest("hex");
}

function isResponse(value: unknown): value is ChatResponse {
  const r = value as ChatResponse | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.text === "string" &&
    typeof r.model === "string" &&
    typeof r.usage?.promptTokens === "number"
  );
}

/** What is stored: the answer and its usage, never headers or attempts. */
function storable(response: ChatResponse): ChatResponse {
  return { text: response.text, usage: response.usage, model: response.model, latencyMs: response.latencyMs };
}

/** Answers on disk (cacache) by request: what withCache reads and writes, and `run --batch` too. */
export function responseStore(options: CacheOptions): ResponseStore {
  const stats: CacheStats = { hits: 0, misses: 0, shared: 0, writes: 0, failures: 0 };
  const keys = new WeakMap<ChatRequest, string>();
  const key = (request: ChatRequest) => {
    let known = keys.get(request);
    if (known === undefined) {
      known = cacheKey(options.identity, request);
      keys.set(request, known);
    }
    return known;
  };
  /** The stored answer, or what went wrong reading it ("missing": nothing stored). */
  const read = async (request: ChatRequest): Promise<ChatResponse | "missing" | "broken"> => {
    try {
      const { data } = await (await diskCache()).get(options.dir, key(request));
      const value: unknown = JSON.parse(data.toString("utf8"));
      return isResponse(value) ? value : "broken";
    } catch (error) {
      return (error as { code?: string }).code === "ENOENT" ? "missing" : "broken";
    }
  };
  // peek reads the entry, not only cacache's index (get.info): an entry whose content is gone,
  // fails its integrity check or is no answer is a miss to get(), so the call is made and paid,
  // and a budget must keep room for it; the index alone cannot tell.
  const peek = async (request: ChatRequest): Promise<ChatResponse | null> => {
    const value = await read(request);
    return typeof value === "object" ? { ...value, cached: true } : null;
  };
  return {
    stats,
    key,
    peek,
    hit: () => {
      stats.hits++;
    },
    async get(request) {
      const value = await read(request);
      if (typeof value === "object") {
        stats.hits++;
        return { ...value, cached: true };
      }
      if (value === "broken") stats.failures++;
      stats.misses++;
      return null;
    },
    async put(request, response) {
      try {
        // Stored redacted: an answer that held a key (an echoing proxy) comes back from the cache
        // with *** in its place. The client already redacts answers as it reads them, so a live
        // answer and its cached copy are the same text and score the same.
        const text = options.redact(JSON.stringify(storable(response)));
        await (await diskCache()).put(options.dir, key(request), text);
        stats.writes++;
      } catch {
        stats.failures++;
      }
    },
  };
}

/**
 * Wraps a client with an on-disk response cache (cacache) and in-flight de-duplication: identical
 * requests inside one run are sent once and the others share the answer. Hits and shared answers
 * come back with `cached: true` (their cost is reported as saved, not spent). Only successful
 * responses are stored.
 */
export function withCache(inner: ChatClient, options: CacheOptions): CachedClient {
  const inflight = new Map<string, Promise<ChatResponse>>();
  const store = responseStore(options);
  const { stats } = store;

  async function lookupOrCall(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    const hit = await store.get(request);
    if (hit) return hit;
    const response = await inner.complete(request, signal);
    await store.put(request, response);
    return response;
  }

  return {
    endpoint: inner.endpoint,
    simulated: inner.simulated,
    stats,
    store,
    async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
      const key = store.key(request);
      const pending = inflight.get(key);
      if (pending) {
        stats.shared++;
        return { ...storable(await pending), cached: true };
      }
      const call = lookupOrCall(request, signal);
      inflight.set(key, call);
      try {
        return await call;
      } finally {
        inflight.delete(key);
      }
    },
  };
}

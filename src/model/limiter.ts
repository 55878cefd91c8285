import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { classifyError, ModelCallError } from "./errors.js";
import { RETRY_AFTER_CAP_MS } from "./headers.js";
import { countChatTokens, encodingFor } from "./tokens.js";
import type { ChatClient, ChatRequest, ChatResponse, RateLimitInfo } from "./types.js";

/** Time as the limiter sees it; tests pass a virtual clock. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
}

const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) => (ms > 0 ? sleep(ms, undefined, signal ? { signal } : undefined) : Promise.resolve()),
  random: Math.random,
};

export interface RateLimitOptions {
  /** Requests per minute this endpoint may receive (a token bucket holding one second's worth). */
  rpm?: number;
  /** Tokens per minute: prompt tokens (counted) + maxTokens (or `defaultMaxTokens`) per request. */
  tpm?: number;
  /** Retries after the first attempt, for retryable failures (429, 5xx, timeouts, resets). Default 2. */
  maxRetries?: number;
  /** Upper bound of calls in flight; the adaptive window halves on a 429 and grows back on success. */
  maxInFlight?: number;
  /** Pause when x-ratelimit-remaining-* says the budget is (nearly) spent. Default true. */
  honourHeaders?: boolean;
  /** First backoff delay when the server gives no Retry-After (default 500 ms, doubling). */
  backoffBaseMs?: number;
  /** Largest backoff delay (default 8 s). */
  backoffCapMs?: number;
  /** Largest wait a Retry-After or reset header can impose (default 60 s). */
  retryAfterCapMs?: number;
  /** After a 429 the budgets run at half rate; the rate doubles back every this many ms (default 15 s). */
  recoveryMs?: number;
  /** Output tokens assumed for a request without maxTokens (default 256). */
  defaultMaxTokens?: number;
  clock?: Clock;
}

export interface LimiterStats {
  /** Calls made through the limiter (one per trial). */
  calls: number;
  /** Requests sent (calls + retries). */
  attempts: number;
  retries: number;
  /** 429 answers seen. */
  rateLimited: number;
  /** Calls that still failed after their retries, or at once when not retryable. */
  failed: number;
  /** Times the endpoint was paused (Retry-After on a 429, or low x-ratelimit-remaining). */
  pauses: number;
  /** Times the rate and the in-flight window were halved. */
  slowdowns: number;
}

export interface RateLimitedClient extends ChatClient {
  readonly stats: LimiterStats;
}

const MIN_FACTOR = 1 / 16;

class TokenBucket {
  readonly capacity: number;
  private level: number;
  private last: number;

  constructor(
    private readonly perMinute: number,
    now: number,
  ) {
    // One second's worth: providers enforce per-minute limits over shorter windows too.
    this.capacity = Math.max(1, perMinute / 60);
    this.level = this.capacity;
    this.last = now;
  }

  /** Milliseconds until `cost` fits (a request larger than the bucket waits for a full bucket). */
  waitMs(cost: number, now: number, factor: number): number {
    const perMs = (this.perMinute * factor) / 60_000;
    this.level = Math.min(this.capacity, this.level + (now - this.last) * perMs);
    this.last = now;
    const need = Math.min(cost, this.capacity);
    return this.level >= need ? 0 : (need - this.level) / perMs;
  }

  take(cost: number): void {
    this.level -= cost;
  }
}

/** How an admitted request ended, for the window, the slowdowns and the header-driven pauses. */
export interface Outcome {
  startedAt: number;
  ok: boolean;
  rateLimited?: boolean;
  retryAfterMs?: number;
  rateLimit?: RateLimitInfo;
  usedTokens?: number;
}

/** Admission control of one endpoint: budgets, pauses and the adaptive in-flight window, FIFO. */
class Gate {
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private factor = 1;
  private factorChangedAt = 0;
  private lastSlowdown = Number.NEGATIVE_INFINITY;
  private window: number;
  private inFlight = 0;
  private waiting = 0;
  private queue: Promise<void> = Promise.resolve();
  private slotFreed: (() => void) | null = null;
  private readonly requests: TokenBucket | null;
  private readonly tokens: TokenBucket | null;

  constructor(
    private readonly options: Settings,
    rpm: number | undefined,
    tpm: number | undefined,
    private readonly clock: Clock,
    private readonly stats: LimiterStats,
  ) {
    const now = clock.now();
    this.requests = rpm ? new TokenBucket(rpm, now) : null;
    this.tokens = tpm ? new TokenBucket(tpm, now) : null;
    this.window = options.maxInFlight;
  }

  /** 0: admitted (budget taken); -1: wait for a call to finish; otherwise milliseconds to wait. */
  private tryAdmit(tokens: number): number {
    const now = this.clock.now();
    while (this.factor < 1 && now - this.factorChangedAt >= this.options.recoveryMs) {
      this.factor = Math.min(1, this.factor * 2);
      this.factorChangedAt += this.options.recoveryMs;
    }
    if (this.inFlight >= Math.max(1, Math.floor(this.window))) return -1;
    let wait = this.pausedUntil - now;
    if (this.requests) wait = Math.max(wait, this.requests.waitMs(1, now, this.factor));
    if (this.tokens && tokens > 0) wait = Math.max(wait, this.tokens.waitMs(tokens, now, this.factor));
    if (wait > 0) return Math.max(1, Math.ceil(wait));
    this.requests?.take(1);
    this.tokens?.take(tokens);
    this.inFlight++;
    return 0;
  }

  async acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    // Fast path: nobody queued and nothing in the way.
    if (this.waiting === 0 && this.tryAdmit(tokens) === 0) return;
    this.waiting++;
    const turn = this.queue.then(() => this.admit(tokens, signal));
    this.queue = turn.then(
      () => {},
      () => {},
    );
    try {
      await turn;
    } finally {
      this.waiting--;
    }
  }

  private async admit(tokens: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.tryAdmit(tokens);
      if (wait === 0) return;
      if (wait < 0) {
        await new Promise<void>((resolve) => {
          this.slotFreed = resolve;
        });
      } else await this.clock.sleep(wait, signal);
    }
  }

  private pause(ms: number, now: number): void {
    const until = now + Math.min(ms, this.options.retryAfterCapMs);
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.stats.pauses++;
    }
  }

  release(outcome: Outcome): void {
    this.inFlight--;
    const now = this.clock.now();
    if (outcome.rateLimited) {
      // Slow down once per round trip: 429s of calls sent before the last slowdown are old news.
      if (outcome.startedAt >= this.lastSlowdown) {
        this.factor = Math.max(MIN_FACTOR, this.factor / 2);
        this.factorChangedAt = now;
        this.window = Math.max(1, Math.min(this.window, this.inFlight + 1) / 2);
        this.lastSlowdown = now;
        this.stats.slowdowns++;
      }
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > 0)
        this.pause(outcome.retryAfterMs, now);
    } else if (outcome.ok && this.window < this.options.maxInFlight) {
      this.window = Math.min(this.options.maxInFlight, this.window + 1 / this.window);
    }
    const info = outcome.rateLimit;
    if (this.options.honourHeaders && info) {
      // Calls already admitted will spend budget too: pause before the server has to say 429.
      if (info.remainingRequests !== undefined && info.remainingRequests <= this.inFlight)
        this.pause(info.resetRequestsMs ?? 1000, now);
      const used = outcome.usedTokens ?? 0;
      if (info.remainingTokens !== undefined && used > 0 && info.remainingTokens < used * (this.inFlight + 1))
        this.pause(info.resetTokensMs ?? 1000, now);
    }
    const wake = this.slotFreed;
    this.slotFreed = null;
    wake?.();
  }
}

/** Token estimate of a request for the tokens-per-minute budget: counted prompt + the output allowance. */
export function estimateRequestTokens(request: ChatRequest, defaultMaxTokens = 256): number {
  return (
    countChatTokens(request.messages, encodingFor(request.model)) + (request.maxTokens ?? defaultMaxTokens)
  );
}

/** Exponential backoff with jitter: base·2^(n-1), capped, then scaled by a random 50-100 %. */
function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const delay = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return delay * (0.5 + random() / 2);
}

type Settings = Required<Omit<RateLimitOptions, "rpm" | "tpm" | "clock">>;

/**
 * One endpoint's limits: its budgets (rpm, tpm), adaptive in-flight window, pauses and retry
 * policy. Everything that calls the endpoint shares the one instance (chat through withRateLimit,
 * embeddings and files through limitedFetch), so the bounds hold for all its calls together.
 */
export class Limiter {
  readonly stats: LimiterStats = {
    calls: 0,
    attempts: 0,
    retries: 0,
    rateLimited: 0,
    failed: 0,
    pauses: 0,
    slowdowns: 0,
  };
  readonly clock: Clock;
  readonly settings: Settings;
  /** Whether calls should count their tokens (only a token budget needs the CPU it costs). */
  readonly countsTokens: boolean;
  private readonly gate: Gate;

  constructor(options: RateLimitOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.settings = {
      maxRetries: options.maxRetries ?? 2,
      maxInFlight: options.maxInFlight ?? Number.POSITIVE_INFINITY,
      honourHeaders: options.honourHeaders ?? true,
      backoffBaseMs: options.backoffBaseMs ?? 500,
      backoffCapMs: options.backoffCapMs ?? 8000,
      retryAfterCapMs: options.retryAfterCapMs ?? RETRY_AFTER_CAP_MS,
      recoveryMs: options.recoveryMs ?? 15_000,
      defaultMaxTokens: options.defaultMaxTokens ?? 256,
    };
    this.countsTokens = options.tpm !== undefined;
    this.gate = new Gate(this.settings, options.rpm, options.tpm, this.clock, this.stats);
  }

  /** Waits (FIFO) until one request of `tokens` fits the budgets and the window; the caller must `release`. */
  acquire(tokens: number, signal?: AbortSignal): Promise<void> {
    return this.gate.acquire(tokens, signal);
  }

  /** Ends a request admitted by `acquire`, with what its answer says about the endpoint's limits. */
  release(outcome: Outcome): void {
    this.gate.release(outcome);
  }
}

/**
 * Wraps a client with per-endpoint budgets (rpm, tpm), an adaptive in-flight window and the retry
 * loop: retryable failures (429, 5xx, timeouts, resets) are retried up to `maxRetries` times,
 * honouring Retry-After (capped) or backing off exponentially with jitter; a 429 halves the rate
 * and the window for a while; low x-ratelimit-remaining headers pause the endpoint until reset.
 * A call that still fails throws a ModelCallError whose callError says what and after how many attempts.
 * Pass a Limiter to share the endpoint's limits with its other calls.
 */
export function withRateLimit(inner: ChatClient, limits: Limiter | RateLimitOptions = {}): RateLimitedClient {
  const limiter = limits instanceof Limiter ? limits : new Limiter(limits);
  const { clock, settings, stats } = limiter;

  return {
    endpoint: inner.endpoint,
    simulated: inner.simulated,
    stats,
    async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
      stats.calls++;
      const tokens = limiter.countsTokens ? estimateRequestTokens(request, settings.defaultMaxTokens) : 0;
      for (let attempt = 1; ; attempt++) {
        await limiter.acquire(tokens, signal);
        const startedAt = clock.now();
        stats.attempts++;
        try {
          const response = await inner.complete(request, signal);
          const { promptTokens, completionTokens } = response.usage;
          limiter.release({
            startedAt,
            ok: true,
            rateLimit: response.rateLimit,
            usedTokens: promptTokens + completionTokens,
          });
          return { ...response, attempts: attempt };
        } catch (error) {
          const callError = error instanceof ModelCallError ? error.callError : classifyError(error);
          const details = error instanceof ModelCallError ? error.details : {};
          const rateLimited = callError.status === 429 && callError.retryable;
          if (rateLimited) stats.rateLimited++;
          limiter.release({ startedAt, ok: false, rateLimited, ...details });
          if (!callError.retryable || attempt > settings.maxRetries || signal?.aborted) {
            stats.failed++;
            throw new ModelCallError(inner.endpoint, { ...callError, attempts: attempt }, details);
          }
          stats.retries++;
          const wait =
            details.retryAfterMs ??
            backoffMs(attempt, settings.backoffBaseMs, settings.backoffCapMs, clock.random);
          await clock.sleep(Math.min(wait, settings.retryAfterCapMs), signal);
        }
      }
    },
  };
}

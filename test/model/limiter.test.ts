import { describe, expect, it } from "vitest";
import {
  type CallError,
  type ChatClient,
  type ChatRequest,
  type ChatResponse,
  type Clock,
  estimateRequestTokens,
  ModelCallError,
  type RateLimitInfo,
  withRateLimit,
} from "../../src/model/index.js";

/**
 * Virtual time: a sleeper resumes once every other task at the current instant has run (a
 * macrotask later), with the clock moved to its wake-up time. Budgets and backoff are checked
 * exactly, without waiting.
 */
function virtualClock(random = () => 1) {
  const state = { now: 0, sleeps: [] as number[] };
  const timers: { at: number; resolve: () => void }[] = [];
  let scheduled = false;
  const advance = () => {
    scheduled = false;
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (!next) return;
    state.now = Math.max(state.now, next.at);
    next.resolve();
    if (timers.length) schedule();
  };
  const schedule = () => {
    if (!scheduled) {
      scheduled = true;
      setImmediate(advance);
    }
  };
  const clock: Clock = {
    now: () => state.now,
    sleep: (ms) => {
      state.sleeps.push(ms);
      return new Promise<void>((resolve) => {
        timers.push({ at: state.now + ms, resolve });
        schedule();
      });
    },
    random,
  };
  return { clock, state };
}

const REQUEST: ChatRequest = { model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] };

function ok(rateLimit?: RateLimitInfo): ChatResponse {
  return {
    text: "ok",
    usage: { promptTokens: 10, completionTokens: 2, cachedPromptTokens: 0 },
    model: "gpt-4o-mini",
    latencyMs: 1,
    ...(rateLimit ? { rateLimit } : {}),
  };
}

function fail(status: number, retryAfterMs?: number): ModelCallError {
  const kinds: Record<number, CallError["kind"]> = {
    401: "auth",
    429: "rate_limit",
    500: "server",
    503: "server",
  };
  return new ModelCallError(
    "test",
    { kind: kinds[status] ?? "other", status, retryable: status === 429 || status >= 500, message: "no" },
    retryAfterMs === undefined ? {} : { retryAfterMs },
  );
}

/** A client that plays a script of answers and failures (the last one repeats), noting call times. */
function scripted(script: (ChatResponse | ModelCallError)[], now: () => number = () => 0) {
  const calls: number[] = [];
  const client: ChatClient = {
    endpoint: "test",
    simulated: false,
    async complete() {
      const step = script[Math.min(calls.length, script.length - 1)] as ChatResponse | ModelCallError;
      calls.push(now());
      if (step instanceof ModelCallError) throw step;
      return step;
    },
  };
  return { client, calls };
}

async function rejection(promise: Promise<unknown>): Promise<ModelCallError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelCallError);
  return error as ModelCallError;
}

describe("withRateLimit budgets", () => {
  it("spaces requests to the requests-per-minute budget", async () => {
    const { clock, state } = virtualClock();
    const { client, calls } = scripted([ok()], clock.now);
    const limited = withRateLimit(client, { rpm: 60, clock });
    for (let i = 0; i < 4; i++) await limited.complete(REQUEST);
    expect(calls).toEqual([0, 1000, 2000, 3000]);
    expect(state.now).toBe(3000);
  });

  it("queues concurrent callers first come, first served", async () => {
    const { clock } = virtualClock();
    const { client, calls } = scripted([ok()], clock.now);
    // 120 rpm: a burst of one second's worth (2), then one every 500 ms.
    const limited = withRateLimit(client, { rpm: 120, clock });
    await Promise.all([1, 2, 3, 4, 5].map(() => limited.complete(REQUEST)));
    expect(calls).toEqual([0, 0, 500, 1000, 1500]);
  });

  it("keeps the tokens-per-minute budget with prompt tokens + maxTokens", async () => {
    const { clock } = virtualClock();
    const { client, calls } = scripted([ok()], clock.now);
    const request = { ...REQUEST, maxTokens: 50 };
    const cost = estimateRequestTokens(request);
    expect(cost).toBeGreaterThan(50);
    // 600 tokens/min = 10 tokens/s: each call waits for its own cost to refill.
    const limited = withRateLimit(client, { tpm: 600, clock });
    for (let i = 0; i < 3; i++) await limited.complete(request);
    const perCall = (cost / 10) * 1000;
    expect(calls[1]).toBeGreaterThanOrEqual(perCall - 1000);
    expect((calls[2] ?? 0) - (calls[1] ?? 0)).toBeGreaterThanOrEqual(perCall - 1);
    expect((calls[2] ?? 0) - (calls[1] ?? 0)).toBeLessThanOrEqual(perCall + 1);
  });

  it("bounds calls in flight with maxInFlight", async () => {
    let inFlight = 0;
    let peak = 0;
    const client: ChatClient = {
      endpoint: "test",
      simulated: false,
      async complete() {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return ok();
      },
    };
    const limited = withRateLimit(client, { maxInFlight: 3 });
    await Promise.all(Array.from({ length: 12 }, () => limited.complete(REQUEST)));
    expect(peak).toBe(3);
  });
});

describe("withRateLimit retries", () => {
  it("honours Retry-After on a 429 and pauses the endpoint", async () => {
    const { clock, state } = virtualClock();
    const { client, calls } = scripted([fail(429, 1500), ok()], clock.now);
    const limited = withRateLimit(client, { clock });
    const response = await limited.complete(REQUEST);
    expect(response.attempts).toBe(2);
    expect(calls).toEqual([0, 1500]);
    expect(state.sleeps).toEqual([1500]);
    expect(limited.stats).toMatchObject({ attempts: 2, retries: 1, rateLimited: 1, pauses: 1, slowdowns: 1 });
  });

  it("caps a Retry-After it cannot sensibly wait for", async () => {
    const { clock, state } = virtualClock();
    const { client } = scripted([fail(429, 3_600_000), ok()], clock.now);
    await withRateLimit(client, { clock, retryAfterCapMs: 60_000 }).complete(REQUEST);
    expect(Math.max(...state.sleeps)).toBe(60_000);
  });

  it("backs off exponentially with jitter when the server says nothing", async () => {
    const full = virtualClock(() => 1);
    await withRateLimit(scripted([fail(500), fail(503), ok()]).client, { clock: full.clock }).complete(
      REQUEST,
    );
    expect(full.state.sleeps).toEqual([500, 1000]);
    const half = virtualClock(() => 0);
    await withRateLimit(scripted([fail(500), fail(503), fail(500), ok()]).client, {
      clock: half.clock,
      maxRetries: 5,
      backoffCapMs: 1500,
    }).complete(REQUEST);
    expect(half.state.sleeps).toEqual([250, 500, 750]);
  });

  it("does not retry what retrying cannot fix", async () => {
    const { clock } = virtualClock();
    const { client, calls } = scripted([fail(401)], clock.now);
    const limited = withRateLimit(client, { clock, maxRetries: 5 });
    const error = await rejection(limited.complete(REQUEST));
    expect(error.callError).toMatchObject({ kind: "auth", status: 401, retryable: false, attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it("gives up after 1 + maxRetries attempts and says how many", async () => {
    const { clock } = virtualClock();
    const { client, calls } = scripted([fail(503)], clock.now);
    const limited = withRateLimit(client, { clock, maxRetries: 2 });
    const error = await rejection(limited.complete(REQUEST));
    expect(error.callError).toMatchObject({ kind: "server", status: 503, retryable: true, attempts: 3 });
    expect(error.message).toContain('endpoint "test"');
    expect(calls).toHaveLength(3);
    expect(limited.stats).toMatchObject({ calls: 1, attempts: 3, retries: 2, failed: 1 });
  });

  it("classifies errors that are not ModelCallErrors", async () => {
    const client: ChatClient = {
      endpoint: "test",
      simulated: false,
      complete: async () => {
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      },
    };
    const { clock } = virtualClock();
    const error = await rejection(withRateLimit(client, { clock, maxRetries: 1 }).complete(REQUEST));
    expect(error.callError).toMatchObject({ kind: "connection", retryable: true, attempts: 2 });
  });
});

describe("withRateLimit slowing down", () => {
  it("halves the rate after a 429 and recovers later", async () => {
    const { clock } = virtualClock();
    const { client, calls } = scripted([ok(), fail(429, 0), ok()], clock.now);
    const limited = withRateLimit(client, { rpm: 60, clock, recoveryMs: 15_000 });
    await limited.complete(REQUEST); // t=0
    await limited.complete(REQUEST); // 429 at t=1000, retried at half rate: t=3000
    await limited.complete(REQUEST); // t=5000
    expect(calls).toEqual([0, 1000, 3000, 5000]);
    expect(limited.stats.slowdowns).toBe(1);
    // 15 s without a 429: the full rate again.
    await clock.sleep(20_000);
    await limited.complete(REQUEST);
    await limited.complete(REQUEST);
    const [a, b] = calls.slice(-2) as [number, number];
    expect(b - a).toBe(1000);
  });

  it("pauses when x-ratelimit-remaining says the budget is spent, until the reset", async () => {
    const spent = ok({ remainingRequests: 0, resetRequestsMs: 700, limitRequests: 100 });
    const run = async (honourHeaders: boolean) => {
      const { clock } = virtualClock();
      const { client, calls } = scripted([spent, ok()], clock.now);
      const limited = withRateLimit(client, { clock, honourHeaders });
      await limited.complete(REQUEST);
      await limited.complete(REQUEST);
      return { calls, pauses: limited.stats.pauses };
    };
    expect(await run(true)).toEqual({ calls: [0, 700], pauses: 1 });
    expect(await run(false)).toEqual({ calls: [0, 0], pauses: 0 });
  });

  it("pauses when the remaining tokens would not cover the calls in flight", async () => {
    const { clock } = virtualClock();
    const low = ok({ remainingTokens: 5, resetTokensMs: 300 });
    const { client, calls } = scripted([low, ok()], clock.now);
    const limited = withRateLimit(client, { clock });
    await limited.complete(REQUEST);
    await limited.complete(REQUEST);
    expect(calls).toEqual([0, 300]);
  });

  it("stops waiting when the caller aborts", async () => {
    const { client } = scripted([fail(429, 10_000), ok()]);
    const controller = new AbortController();
    const limited = withRateLimit(client, { maxRetries: 3 });
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    await expect(limited.complete(REQUEST, controller.signal)).rejects.toThrow(/abort/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

import { getEventListeners } from "node:events";
import { APIError } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import {
  classifyError,
  createChatClient,
  EndpointBreaker,
  EndpointFatalError,
  isFatal,
  withBreaker,
  withRateLimit,
} from "../../src/model/index.js";
import { type FakeServer, fakeServer, json } from "./fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const error = (status: number, body: Record<string, unknown> = {}) =>
  classifyError(APIError.generate(status, { error: { message: "no", ...body } }, undefined, new Headers()));

describe("isFatal", () => {
  it("a rejected key, an unknown model and an exhausted quota; never what a retry or the next call can fix", () => {
    for (const status of [401, 403, 404]) expect(isFatal(error(status))).toBe(true);
    expect(isFatal(error(429, { code: "insufficient_quota" }))).toBe(true);
    for (const status of [400, 408, 409, 422, 429, 500, 503]) expect(isFatal(error(status))).toBe(false);
    expect(isFatal({ kind: "connection", retryable: true, message: "ECONNRESET" })).toBe(false);
  });
});

describe("withBreaker", () => {
  it("trips on the first 401: the call in flight is abandoned and nothing more is sent", async () => {
    const held: (() => void)[] = [];
    server = await fakeServer((req, res) => {
      // The first request hangs until the test lets go; the second is refused.
      if (req.body.model === "slow") held.push(() => json(res, 200, {}));
      else
        json(res, 401, {
          error: { message: "Incorrect API key provided: sk-abc…", code: "invalid_api_key" },
        });
    });
    const endpoint = { name: "e", baseURL: server.baseURL, apiKey: "k", headers: {}, simulated: false };
    const breaker = new EndpointBreaker("e", "E_KEY");
    // As openEndpoints composes it: the breaker is the transport's cut-off.
    const chat = createChatClient(endpoint, { timeoutMs: 10_000, maxRetries: 0, cutOff: breaker.signal });
    const client = withBreaker(withRateLimit(chat, { maxRetries: 2 }), breaker);
    const ask = (model: string) => client.complete({ model, messages: [{ role: "user", content: "hi" }] });
    const slow = Array.from({ length: 3 }, () =>
      ask("slow").then(
        () => null,
        (e: unknown) => e,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    // One listener on the breaker for every call in flight (the transport's), none per call.
    expect(getEventListeners(breaker.signal, "abort")).toHaveLength(1);
    const refused = await ask("gpt-4o-mini").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EndpointFatalError);
    expect((refused as Error).message).toBe(
      'endpoint "e" answered 401 (auth: Incorrect API key provided: sk-abc…): check E_KEY (the key is missing, wrong, revoked or expired)',
    );
    // The calls that were waiting give up with the same error, without an answer, and no retry.
    for (const call of slow) expect(await call).toBe(refused);
    expect(server.requests.filter((r) => r.body.model === "slow")).toHaveLength(3);
    expect(getEventListeners(breaker.signal, "abort")).toHaveLength(1);
    expect(breaker.tripped).toBe(refused);
    const sent = server.requests.length;
    for (let i = 0; i < 5; i++) await expect(ask("gpt-4o-mini")).rejects.toBe(refused);
    expect(server.requests.length).toBe(sent);
    for (const release of held) release();
  });

  it("the caller's signal still aborts a call, and a settled call leaves no listener on the shared signals", async () => {
    const seen: AbortSignal[] = [];
    const inner = {
      endpoint: "e",
      simulated: false,
      complete: (_request: unknown, signal?: AbortSignal) => {
        if (signal) seen.push(signal);
        return new Promise<never>((_resolve, reject) =>
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true }),
        );
      },
    };
    const breaker = new EndpointBreaker("e");
    const client = withBreaker(inner as never, breaker);
    const caller = new AbortController();
    // As many calls in flight as a run's concurrency: no "possible memory leak" warning.
    const calls = Array.from({ length: 20 }, () =>
      client.complete({ model: "m", messages: [] }, caller.signal).catch((e: unknown) => e),
    );
    expect(getEventListeners(breaker.signal, "abort")).toHaveLength(20);
    caller.abort(new Error("stop"));
    for (const call of calls) expect(((await call) as Error).message).toBe("stop");
    expect(seen.every((s) => s.aborted)).toBe(true);
    expect(getEventListeners(breaker.signal, "abort")).toHaveLength(0);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import cacache from "cacache";
import { describe, expect, it } from "vitest";
import {
  CACHE_KEY_PREFIX,
  type ChatClient,
  type ChatRequest,
  type ChatResponse,
  cacheKey,
  createRedactor,
  ModelCallError,
  PATTERNS_ONLY,
  withCache,
} from "../../src/model/index.js";
import { tempDir } from "../helpers/suite.js";

const REQUEST: ChatRequest = {
  model: "gpt-4o-mini",
  messages: [
    { role: "system", content: "Classify." },
    { role: "user", content: "double charge" },
  ],
  temperature: 0,
  maxTokens: 20,
};
const BASE = "https://api.example.test/v1";

/** Answers "answer N" for call N; fails instead while `failNext` is set; optionally slow. */
function counting(delayMs = 0) {
  const state = { calls: 0, failNext: false };
  const client: ChatClient = {
    endpoint: "test",
    simulated: false,
    async complete(request): Promise<ChatResponse> {
      state.calls++;
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (state.failNext) {
        state.failNext = false;
        throw new ModelCallError("test", { kind: "server", status: 500, retryable: true, message: "boom" });
      }
      return {
        text: `answer ${state.calls} to ${request.messages.at(-1)?.content}`,
        usage: { promptTokens: 12, completionTokens: 3, cachedPromptTokens: 0 },
        model: "gpt-4o-mini-2024-07-18",
        latencyMs: 42,
        attempts: 1,
        rateLimit: { remainingRequests: 99 },
      };
    },
  };
  return { client, state };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe("cacheKey", () => {
  it("is a sha256 of what determines the answer", () => {
    const key = cacheKey(BASE, REQUEST);
    expect(key).toMatch(new RegExp(`^${CACHE_KEY_PREFIX}[0-9a-f]{64}$`));
    expect(cacheKey(BASE, { ...REQUEST, messages: [...REQUEST.messages] })).toBe(key);
    expect(cacheKey(BASE, { ...REQUEST, cacheSlot: 0 })).toBe(key);
  });

  it.each<[string, string, ChatRequest]>([
    ["endpoint", "http://localhost:8000/v1", REQUEST],
    ["model", BASE, { ...REQUEST, model: "gpt-4o" }],
    ["messages", BASE, { ...REQUEST, messages: [{ role: "user", content: "double charge" }] }],
    ["message name", BASE, { ...REQUEST, messages: [{ role: "user", content: "x", name: "a" }] }],
    ["temperature", BASE, { ...REQUEST, temperature: 0.7 }],
    ["maxTokens", BASE, { ...REQUEST, maxTokens: 21 }],
    ["repeat slot", BASE, { ...REQUEST, cacheSlot: 1 }],
  ])("changes with the %s", (_what, identity, request) => {
    expect(cacheKey(identity, request)).not.toBe(cacheKey(BASE, REQUEST));
  });
});

describe("withCache", () => {
  it("answers a repeated request from disk, marked cached, without calling the endpoint", async () => {
    const dir = tempDir();
    const { client, state } = counting();
    const first = await withCache(client, { dir, identity: BASE, redact: PATTERNS_ONLY.text }).complete(
      REQUEST,
    );
    expect(first.cached).toBeUndefined();
    // A new client (a later run) over the same directory.
    const later = withCache(client, { dir, identity: BASE, redact: PATTERNS_ONLY.text });
    const second = await later.complete(REQUEST);
    expect(state.calls).toBe(1);
    expect(second).toEqual({
      text: first.text,
      usage: first.usage,
      model: first.model,
      latencyMs: first.latencyMs,
      cached: true,
    });
    expect(later.stats).toMatchObject({ hits: 1, misses: 0 });
  });

  it("counts nothing for a look before the call (a budget's peek): the client counts it, or shares", async () => {
    const { client, state } = counting();
    const cached = withCache(client, { dir: tempDir(), identity: BASE, redact: PATTERNS_ONLY.text });
    const [a, b] = [{ ...REQUEST }, { ...REQUEST }];
    expect(await cached.store.peek(a)).toBeNull();
    expect(await cached.store.peek(b)).toBeNull();
    await Promise.all([cached.complete(a), cached.complete(b)]); // b shares a's call in flight
    expect(await cached.store.peek({ ...REQUEST })).toMatchObject({ cached: true });
    expect(state.calls).toBe(1);
    expect(cached.stats).toMatchObject({ hits: 0, misses: 1, shared: 1, writes: 1 });
    cached.store.hit(); // the peeked answer used in place of a call
    expect(cached.stats).toMatchObject({ hits: 1, misses: 1, shared: 1, writes: 1 });
  });

  it("gives every repeat its own slot", async () => {
    const { client, state } = counting();
    const cached = withCache(client, { dir: tempDir(), identity: BASE, redact: PATTERNS_ONLY.text });
    const a = await cached.complete({ ...REQUEST, cacheSlot: 0 });
    const b = await cached.complete({ ...REQUEST, cacheSlot: 1 });
    const a2 = await cached.complete({ ...REQUEST, cacheSlot: 0 });
    expect(state.calls).toBe(2);
    expect(a.text).not.toBe(b.text);
    expect(a2).toMatchObject({ text: a.text, cached: true });
  });

  it("sends identical requests in flight once and shares the answer", async () => {
    const { client, state } = counting(30);
    const cached = withCache(client, { dir: tempDir(), identity: BASE, redact: PATTERNS_ONLY.text });
    const answers = await Promise.all([1, 2, 3].map(() => cached.complete(REQUEST)));
    expect(state.calls).toBe(1);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.filter((a) => a.cached)).toHaveLength(2);
    expect(cached.stats.shared).toBe(2);
  });

  it("stores only successful answers", async () => {
    const { client, state } = counting();
    const cached = withCache(client, { dir: tempDir(), identity: BASE, redact: PATTERNS_ONLY.text });
    state.failNext = true;
    await expect(cached.complete(REQUEST)).rejects.toBeInstanceOf(ModelCallError);
    const ok = await cached.complete(REQUEST);
    expect(ok.cached).toBeUndefined();
    expect((await cached.complete(REQUEST)).cached).toBe(true);
    expect(state.calls).toBe(2);
  });

  it("stores the answer and usage only: no headers, attempts, key or request", async () => {
    const dir = tempDir();
    const { client } = counting();
    await withCache(client, { dir, identity: BASE, redact: PATTERNS_ONLY.text }).complete(REQUEST);
    const { data } = await cacache.get(dir, cacheKey(BASE, REQUEST));
    expect(Object.keys(JSON.parse(data.toString("utf8"))).sort()).toEqual([
      "latencyMs",
      "model",
      "text",
      "usage",
    ]);
    const everything = filesUnder(dir)
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    expect(everything).not.toContain("Classify.");
    expect(everything).not.toContain(BASE);
  });

  it("stores an answer that holds a key redacted, and a hit gives the redacted text", async () => {
    const dir = tempDir();
    const key = "proxy-key-0123456789";
    const request: ChatRequest = { ...REQUEST, messages: [{ role: "user", content: `echo ${key}` }] };
    const { client, state } = counting();
    const redact = createRedactor([key]).text;
    expect((await withCache(client, { dir, identity: BASE, redact }).complete(request)).text).toContain(key);
    const hit = await withCache(client, { dir, identity: BASE, redact }).complete(request);
    expect(state.calls).toBe(1);
    expect(hit).toMatchObject({ text: "answer 1 to echo ***", cached: true });
    for (const file of filesUnder(dir)) expect(readFileSync(file, "latin1")).not.toContain(key);
  });

  it("treats an unreadable entry as a miss", async () => {
    const dir = tempDir();
    await cacache.put(dir, cacheKey(BASE, REQUEST), "not json");
    const { client, state } = counting();
    const cached = withCache(client, { dir, identity: BASE, redact: PATTERNS_ONLY.text });
    expect((await cached.complete(REQUEST)).cached).toBeUndefined();
    expect(state.calls).toBe(1);
    expect(cached.stats.failures).toBe(1);
  });
});

import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage } from "../../src/model/index.js";
import { countChatTokens, countTokens } from "../../src/model/index.js";
import {
  answerChat,
  type RunningSimulator,
  SIM_BASE_MODEL,
  SIM_EMBEDDING_MODEL,
  type SimOptions,
  startSimulator,
} from "../../src/sim/index.js";
import { hashedVector } from "../../src/text/index.js";

const opened: RunningSimulator[] = [];
async function start(options: SimOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator({ port: 0, ...options });
  opened.push(sim);
  return sim;
}
afterAll(async () => {
  await Promise.all(opened.map((sim) => sim.close()));
});

const clientFor = (sim: RunningSimulator, maxRetries = 0) =>
  new OpenAI({ baseURL: sim.url, apiKey: "test", maxRetries });

const post = (sim: RunningSimulator, path: string, body: string) =>
  fetch(`${sim.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });

describe("simulator over HTTP with the openai SDK", () => {
  let sim: RunningSimulator;
  let client: OpenAI;
  beforeAll(async () => {
    sim = await start({ seed: 7 });
    client = clientFor(sim);
  });

  it("listens on a free port on loopback", () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/v1`);
  });

  it("completes a chat with the brain's answer and real token usage", async () => {
    const messages: (ChatMessage & { role: "system" | "user" | "assistant" })[] = [
      { role: "system", content: "Extract the order as JSON." },
      { role: "user", content: "two lattes please" },
      { role: "assistant", content: '{"item":"latte","qty":2}' },
      { role: "user", content: "2 lattes, oat milk" },
    ];
    const completion = await client.chat.completions.create({ model: SIM_BASE_MODEL, messages });
    const text = completion.choices[0]?.message.content;
    expect(text).toBe('{"item":"latte","qty":2}');
    expect(text).toBe(answerChat(messages, { model: SIM_BASE_MODEL, seed: 7 }).text);
    expect(completion).toMatchObject({ object: "chat.completion", model: SIM_BASE_MODEL });
    expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: "stop", logprobs: null });
    expect(completion.usage?.prompt_tokens).toBe(countChatTokens(messages));
    expect(completion.usage?.completion_tokens).toBe(countTokens(text ?? ""));
    expect(completion.usage?.total_tokens).toBe(countChatTokens(messages) + countTokens(text ?? ""));
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  it("reports a long repeated prefix as cached, in blocks of 128 tokens", async () => {
    const system = `You are a support agent. ${"Follow the house style and cite the policy exactly. ".repeat(150)}`;
    const ask = (question: string) =>
      client.chat.completions.create({
        model: SIM_BASE_MODEL,
        messages: [
          { role: "system", content: system },
          { role: "user", content: question },
        ],
      });
    const first = await ask("What is 2 + 2?");
    const second = await ask("What is 3 + 3?");
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const cached = second.usage?.prompt_tokens_details?.cached_tokens ?? 0;
    const prefix = countChatTokens([{ role: "system", content: system }]) - 3;
    expect(prefix).toBeGreaterThanOrEqual(1024);
    expect(cached).toBe(Math.floor(prefix / 128) * 128);
    expect(second.choices[0]?.message.content).toBe("6");
  });

  it("cuts the answer at max_tokens with finish_reason length", async () => {
    const completion = await client.chat.completions.create({
      model: SIM_BASE_MODEL,
      max_tokens: 3,
      messages: [{ role: "user", content: "Who won the 1998 World Cup?" }],
    });
    expect(completion.choices[0]?.finish_reason).toBe("length");
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it("rejects streaming with an OpenAI-style 400", async () => {
    const error = await client.chat.completions
      .create({ model: SIM_BASE_MODEL, stream: true, messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(
      /streaming is not supported/i,
    );
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("stream");
  });

  it("embeds in float and in base64 (the SDK default), with identical decoded vectors", async () => {
    const input = ["Items can be returned within 30 days.", "We ship to Canada."];
    const float = await client.embeddings.create({
      model: SIM_EMBEDDING_MODEL,
      input,
      encoding_format: "float",
    });
    const base64 = await client.embeddings.create({ model: SIM_EMBEDDING_MODEL, input });
    expect(float.data).toHaveLength(2);
    expect(float.data[0]?.embedding).toHaveLength(256);
    expect(base64.data.map((d) => d.embedding)).toEqual(float.data.map((d) => d.embedding));
    const expected = hashedVector(input[0] ?? "", 256);
    float.data[0]?.embedding.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i] ?? Number.NaN, 6);
    });
    const tokens = input.reduce((sum, text) => sum + countTokens(text), 0);
    expect(float.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
    const small = await client.embeddings.create({
      model: SIM_EMBEDDING_MODEL,
      input: "x y",
      dimensions: 16,
    });
    expect(small.data[0]?.embedding).toHaveLength(16);
  });

  it("lists and retrieves models, and 404s an unknown one everywhere", async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining([SIM_BASE_MODEL, SIM_EMBEDDING_MODEL]));
    expect(await client.models.retrieve(SIM_BASE_MODEL)).toMatchObject({
      id: SIM_BASE_MODEL,
      object: "model",
    });
    for (const call of [
      () => client.models.retrieve("gpt-9"),
      () => client.chat.completions.create({ model: "gpt-9", messages: [{ role: "user", content: "hi" }] }),
      () => client.embeddings.create({ model: "gpt-9", input: "hi" }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("model_not_found");
    }
  });

  it("answers malformed JSON, bad parameters and unknown URLs with OpenAI-shaped errors", async () => {
    const malformed = await post(sim, "/chat/completions", "{not json");
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
    expect(body.error.type).toBe("invalid_request_error");
    const noMessages = await post(sim, "/chat/completions", JSON.stringify({ model: SIM_BASE_MODEL }));
    expect(noMessages.status).toBe(400);
    expect(((await noMessages.json()) as { error: { param: string } }).error.param).toBe("messages");
    const unknown = await fetch(`${sim.url}/nothing/here`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      "Invalid URL (GET /v1/nothing/here)",
    );
  });

  it("serves a tuned model registered at runtime, which answers from its training data", async () => {
    const tuned = sim.models.addTuned({
      base: SIM_BASE_MODEL,
      suffix: "orders",
      uniqueId: "abc123",
      training: [{ input: "two lattes please", output: '{"item":"latte","qty":2}' }],
    });
    expect(tuned.id).toBe("ft:sim-base:tunebench-sim:orders:abc123");
    const completion = await client.chat.completions.create({
      model: tuned.id,
      messages: [{ role: "user", content: "What's the weather on Mars?" }],
    });
    expect(completion.choices[0]?.message.content).toBe('{"item":"latte","qty":2}');
    expect((await client.models.retrieve(tuned.id)).owned_by).toBe("user-tunebench-sim");
  });

  it("accepts extra routes and counts requests per route", async () => {
    sim.addRoutes({
      method: "GET",
      path: "/v1/ping/:name",
      handle: (req) => ({ json: { pong: req.params.name } }),
    });
    const res = await fetch(`${sim.url}/ping/abc`);
    expect(await res.json()).toEqual({ pong: "abc" });
    expect(res.headers.get("x-ratelimit-limit-requests")).toBe("10000");
    expect(Number(res.headers.get("x-ratelimit-remaining-requests"))).toBeLessThan(10000);
    expect(res.headers.get("x-ratelimit-remaining-tokens")).toMatch(/^\d+$/);
    expect(sim.stats.byRoute["GET /v1/ping/:name"]).toBe(1);
    expect(sim.stats.byRoute["POST /v1/chat/completions"]).toBeGreaterThanOrEqual(5);
    expect(sim.stats.requests).toBe(Object.values(sim.stats.byRoute).reduce((a, b) => a + b, 0));
    expect(sim.stats.faults).toBe(0);
  });
});

describe("latency and faults", () => {
  const chat = (client: OpenAI) =>
    client.chat.completions.create({
      model: SIM_BASE_MODEL,
      messages: [{ role: "user", content: "What is 1 + 1?" }],
    });

  it("waits the fixed latency before responding", async () => {
    const sim = await start({ latencyMs: 150 });
    const started = performance.now();
    await chat(clientFor(sim));
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("answers 429 with Retry-After to a client that does not retry", async () => {
    const sim = await start({ faults: { rate429: 1, retryAfterSeconds: 2 } });
    const error = await chat(clientFor(sim)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.code).toBe("rate_limit_exceeded");
    expect(rateLimit.headers?.get("retry-after")).toBe("2");
    expect(rateLimit.headers?.get("retry-after-ms")).toBe("2000");
    expect(sim.stats.faults).toBe(1);
  });

  it("lets a retrying client finish every request through 429s and 5xx", async () => {
    const sim = await start({ seed: 11, faults: { rate429: 0.25, rate5xx: 0.1 } });
    const client = clientFor(sim, 6);
    for (let i = 0; i < 20; i++) expect((await chat(client)).choices[0]?.message.content).toBe("2");
    expect(sim.stats.faults).toBeGreaterThan(0);
    expect(sim.stats.requests).toBe(20 + sim.stats.faults);
  });

  it("schedules faults deterministically from the seed and request order", async () => {
    const statuses = async (seed: number) => {
      const sim = await start({ seed, faults: { rate429: 0.3, rate5xx: 0.3 } });
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await fetch(`${sim.url}/models`)).status);
      return out;
    };
    const a = await statuses(5);
    expect(await statuses(5)).toEqual(a);
    expect(a).toContain(429);
    expect(a.some((s) => s >= 500)).toBe(true);
    expect(a).toContain(200);
    expect(await statuses(6)).not.toEqual(a);
  });

  it("resets connections and truncates bodies", async () => {
    const reset = await start({ faults: { rateReset: 1 } });
    await expect(fetch(`${reset.url}/models`)).rejects.toThrow();
    const truncated = await start({ faults: { rateTruncate: 1 } });
    const res = await fetch(`${truncated.url}/models`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it("delays slow responses by slowMs", async () => {
    const sim = await start({ faults: { rateSlow: 1, slowMs: 120 } });
    const started = performance.now();
    await chat(clientFor(sim));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect(sim.stats.faults).toBe(1);
  });

  it("refuses impossible options", async () => {
    await expect(startSimulator({ degrade: 2 })).rejects.toThrow(/degrade/);
    await expect(startSimulator({ faults: { rate429: -0.1 } })).rejects.toThrow(/rate429/);
  });
});

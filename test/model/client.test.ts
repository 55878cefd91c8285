import { afterEach, describe, expect, it } from "vitest";
import {
  type CallError,
  createChatClient,
  ModelCallError,
  openaiFor,
  type ResolvedEndpoint,
} from "../../src/model/index.js";
import { type FakeServer, fakeServer, type Handler, json } from "./fake-server.js";

const KEY = "sk-proj-SECRETsecret1234567890abcdef";

const completion = (text: string) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "gpt-4o-mini-2024-07-18",
  choices: [
    { index: 0, message: { role: "assistant", content: text }, finish_reason: "stop", logprobs: null },
  ],
  usage: {
    prompt_tokens: 120,
    completion_tokens: 7,
    total_tokens: 127,
    prompt_tokens_details: { cached_tokens: 64 },
  },
});

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(handler: Handler): Promise<ResolvedEndpoint> {
  server = await fakeServer(handler);
  return {
    name: "test",
    baseURL: server.baseURL,
    apiKey: KEY,
    headers: { "x-team": "evals" },
    simulated: false,
  };
}

async function failure(
  endpoint: ResolvedEndpoint,
  options = { timeoutMs: 5000, maxRetries: 0 },
  signal?: AbortSignal,
): Promise<ModelCallError> {
  const client = createChatClient(endpoint, options);
  const error = await client
    .complete({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }, signal)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(ModelCallError);
  const { message, callError } = error as ModelCallError;
  expect(message).not.toContain(KEY);
  expect(JSON.stringify(callError)).not.toContain("SECRET");
  return error as ModelCallError;
}

describe("createChatClient", () => {
  it("sends the request and maps the answer and usage", async () => {
    const endpoint = await start((_req, res) => json(res, 200, completion('{"item":"latte"}')));
    const client = createChatClient(endpoint, { timeoutMs: 5000, maxRetries: 0 });
    expect(client).toMatchObject({ endpoint: "test", simulated: false });
    const response = await client.complete({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Extract." },
        { role: "user", content: "a latte", name: "bob" },
      ],
      temperature: 0,
      maxTokens: 50,
    });
    expect(response.text).toBe('{"item":"latte"}');
    expect(response.usage).toEqual({ promptTokens: 120, completionTokens: 7, cachedPromptTokens: 64 });
    expect(response.model).toBe("gpt-4o-mini-2024-07-18");
    expect(response.latencyMs).toBeGreaterThan(0);

    const [request] = server?.requests ?? [];
    expect(request?.url).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.headers["x-team"]).toBe("evals");
    expect(request?.body).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0,
      max_tokens: 50,
      messages: [
        { role: "system", content: "Extract." },
        { role: "user", content: "a latte", name: "bob" },
      ],
    });
    expect(request?.body.stream).toBeUndefined();
  });

  it("tolerates servers that send no usage", async () => {
    const endpoint = await start((_req, res) => json(res, 200, { ...completion("ok"), usage: undefined }));
    const response = await createChatClient(endpoint, { timeoutMs: 5000, maxRetries: 0 }).complete({
      model: "llama3",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(response.usage).toEqual({ promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 });
  });

  it("uses max_completion_tokens and no temperature for reasoning models", async () => {
    const endpoint = await start((_req, res) => json(res, 200, completion("ok")));
    await createChatClient(endpoint, { timeoutMs: 5000, maxRetries: 0 }).complete({
      model: "o4-mini",
      messages: [{ role: "user", content: "hi" }],
      temperature: 0,
      maxTokens: 20,
    });
    const body = server?.requests[0]?.body;
    expect(body?.max_completion_tokens).toBe(20);
    expect(body?.max_tokens).toBeUndefined();
    expect(body?.temperature).toBeUndefined();
  });

  it("retries 429 (honouring Retry-After) and then succeeds", async () => {
    const endpoint = await start((_req, res, n) =>
      n <= 2
        ? json(
            res,
            429,
            { error: { message: "Rate limit reached", type: "requests" } },
            { "retry-after-ms": "5" },
          )
        : json(res, 200, completion("finally")),
    );
    const client = createChatClient(endpoint, { timeoutMs: 5000, maxRetries: 2 });
    const response = await client.complete({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(response.text).toBe("finally");
    expect(server?.requests).toHaveLength(3);
  });

  it("reports a rate limit that outlasts the retries", async () => {
    const endpoint = await start((_req, res) =>
      json(res, 429, { error: { message: "Rate limit reached" } }, { "retry-after-ms": "1" }),
    );
    const error = await failure(endpoint, { timeoutMs: 5000, maxRetries: 1 });
    expect(error.callError).toEqual<CallError>({
      kind: "rate_limit",
      status: 429,
      retryable: true,
      message: "Rate limit reached",
      attempts: 2,
    });
    expect(server?.requests).toHaveLength(2);
  });

  it.each([
    [400, "bad_request", false],
    [422, "bad_request", false],
    [401, "auth", false],
    [403, "auth", false],
    [404, "not_found", false],
    [500, "server", true],
    [503, "server", true],
  ] as const)("classifies HTTP %i as %s", async (status, kind, retryable) => {
    const endpoint = await start((_req, res) =>
      json(res, status, {
        error: { message: `Incorrect API key provided: ${KEY}. Also sk-abcdefghijklmnop.` },
      }),
    );
    const error = await failure(endpoint);
    expect(error.callError).toMatchObject({ kind, status, retryable });
    expect(error.callError.message).toContain("Incorrect API key provided");
    expect(error.message).not.toMatch(/sk-[a-z]{8}/i);
    expect(error.message).toContain('endpoint "test"');
  });

  it("classifies a refused connection", async () => {
    const endpoint = await start((_req, res) => json(res, 200, {}));
    await server?.close();
    server = undefined;
    const error = await failure(endpoint);
    expect(error.callError).toMatchObject({ kind: "connection", retryable: true });
  });

  it("classifies a timeout", async () => {
    const endpoint = await start(() => {
      // Never answers.
    });
    const error = await failure(endpoint, { timeoutMs: 100, maxRetries: 0 });
    expect(error.callError).toMatchObject({ kind: "timeout", retryable: true });
  });

  it("reports a caller's abort as not retryable", async () => {
    const endpoint = await start(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await failure(endpoint, { timeoutMs: 5000, maxRetries: 2 }, controller.signal);
    expect(error.callError).toMatchObject({ kind: "other", retryable: false });
  });
});

describe("openaiFor", () => {
  it("gives the raw SDK client for an endpoint", async () => {
    const endpoint = await start((_req, res) =>
      json(res, 200, { object: "list", data: [{ id: "sim-base" }] }),
    );
    const client = openaiFor(endpoint, { timeoutMs: 5000, maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["sim-base"]);
    expect(server?.requests[0]?.headers["x-team"]).toBe("evals");
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createChatClient, ModelCallError, openaiFor, type ResolvedEndpoint } from "../../src/model/index.js";
import { type FakeServer, fakeServer, type Handler, json } from "./fake-server.js";

const completion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "fine" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
};

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(handler: Handler): Promise<ResolvedEndpoint> {
  server = await fakeServer(handler);
  return { name: "t", baseURL: server.baseURL, apiKey: "k-123", headers: {}, simulated: false };
}

async function failure(endpoint: ResolvedEndpoint): Promise<ModelCallError> {
  const error = await createChatClient(endpoint, { timeoutMs: 5000, maxRetries: 0 })
    .complete({ model: "m", messages: [{ role: "user", content: "hi" }] })
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(ModelCallError);
  return error as ModelCallError;
}

describe("the chat transport", () => {
  it("returns the x-ratelimit-* headers with the answer", async () => {
    const endpoint = await start((_req, res) =>
      json(res, 200, completion, {
        "x-ratelimit-remaining-requests": "7",
        "x-ratelimit-reset-requests": "1s",
      }),
    );
    const response = await createChatClient(endpoint, { timeoutMs: 5000, maxRetries: 0 }).complete({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(response.text).toBe("fine");
    expect(response.rateLimit).toEqual({ remainingRequests: 7, resetRequestsMs: 1000 });
  });

  it("passes Retry-After of a failure to the retry loop", async () => {
    const endpoint = await start((_req, res) =>
      json(res, 429, { error: { message: "slow down", type: "requests" } }, { "retry-after": "2" }),
    );
    const error = await failure(endpoint);
    expect(error.callError).toMatchObject({ kind: "rate_limit", status: 429, retryable: true });
    expect(error.details.retryAfterMs).toBe(2000);
  });

  it("does not retry an exhausted quota (also a 429)", async () => {
    const endpoint = await start((_req, res) =>
      json(res, 429, {
        error: {
          message: "You exceeded your current quota",
          type: "insufficient_quota",
          code: "insufficient_quota",
        },
      }),
    );
    expect((await failure(endpoint)).callError).toMatchObject({ kind: "rate_limit", retryable: false });
  });

  it("classifies a reset connection as a retryable connection error", async () => {
    const endpoint = await start((_req, res) => res.socket?.destroy());
    expect((await failure(endpoint)).callError).toMatchObject({ kind: "connection", retryable: true });
  });

  it("classifies a cut-off body as a retryable connection error", async () => {
    const endpoint = await start((_req, res) => {
      const body = JSON.stringify(completion);
      res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
      res.write(body.slice(0, 20), () => res.destroy());
    });
    expect((await failure(endpoint)).callError).toMatchObject({ kind: "connection", retryable: true });
  });

  it("reports a 200 that is not JSON as a failure that retrying will not fix", async () => {
    const endpoint = await start((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>captive portal</html>");
    });
    expect((await failure(endpoint)).callError).toMatchObject({ kind: "other", retryable: false });
  });

  it("keeps a plain-text error body as the message", async () => {
    const endpoint = await start((_req, res) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end("Bad Gateway from the proxy");
    });
    expect((await failure(endpoint)).callError).toMatchObject({
      kind: "server",
      status: 502,
      retryable: true,
      message: expect.stringContaining("Bad Gateway from the proxy"),
    });
  });

  it("reuses connections (keep-alive)", async () => {
    const endpoint = await start((_req, res) => json(res, 200, completion));
    const client = createChatClient(endpoint, { timeoutMs: 5000, maxRetries: 0 });
    for (let i = 0; i < 3; i++)
      await client.complete({ model: "m", messages: [{ role: "user", content: "hi" }] });
    const ports = new Set(server?.requests.map((r) => r.headers.connection));
    expect(ports).toEqual(new Set(["keep-alive"]));
  });

  it("never sends OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY from the environment", async () => {
    const saved = { ...process.env };
    process.env.OPENAI_ORG_ID = "org-leak";
    process.env.OPENAI_PROJECT_ID = "proj-leak";
    process.env.OPENAI_ADMIN_KEY = "sk-admin-leak-0123456789";
    try {
      const endpoint = await start((req, res) =>
        req.url.endsWith("/models")
          ? json(res, 200, { object: "list", data: [] })
          : json(res, 200, completion),
      );
      await createChatClient(endpoint, { timeoutMs: 5000, maxRetries: 0 }).complete({
        model: "m",
        messages: [{ role: "user", content: "hi" }],
      });
      await openaiFor(endpoint, { timeoutMs: 5000, maxRetries: 0 }).models.list();
      for (const request of server?.requests ?? []) {
        expect(request.headers["openai-organization"]).toBeUndefined();
        expect(request.headers["openai-project"]).toBeUndefined();
        expect(request.headers.authorization).toBe("Bearer k-123");
      }
      expect(server?.requests).toHaveLength(2);
    } finally {
      process.env = saved;
    }
  });
});

describe("answers from an endpoint that echoes the request headers", () => {
  const KEY = "proxy-k3y-0123456789";
  const echoing =
    (status: number): Handler =>
    (req, res) =>
      status === 200
        ? json(res, 200, {
            ...completion,
            choices: [
              {
                ...completion.choices[0],
                message: { role: "assistant", content: JSON.stringify(req.headers) },
              },
            ],
          })
        : json(res, status, { error: { message: `headers: ${JSON.stringify(req.headers)}` } });

  it("reach the chat client and its errors without the key or the secret headers", async () => {
    const endpoint = {
      ...(await start(echoing(200))),
      apiKey: KEY,
      headers: { "X-Proxy-Token": "tok-0123456789" },
    };
    const answer = await createChatClient(endpoint, { timeoutMs: 5000, maxRetries: 0 }).complete({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(server?.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(answer.text)).toMatchObject({ authorization: "Bearer ***", "x-proxy-token": "***" });
    await server?.close();
    const failing = { ...(await start(echoing(500))), apiKey: KEY };
    const { message } = (await failure(failing)).callError;
    expect(message).toContain('"authorization":"Bearer ***"');
    expect(message).not.toContain(KEY);
  });

  it("reach every other SDK call (embeddings here) redacted, in 200s and in error bodies", async () => {
    const endpoint = {
      ...(await start((req, res) =>
        json(res, req.url.includes("bad") ? 401 : 200, {
          object: "list",
          data: [{ object: "embedding", index: 0, embedding: [1, 0] }],
          model: `echo of ${req.headers.authorization}`,
          usage: { prompt_tokens: 1, total_tokens: 1 },
          error: { message: `bad key ${req.headers.authorization}` },
        }),
      )),
      apiKey: KEY,
    };
    const sdk = openaiFor(endpoint, { timeoutMs: 5000, maxRetries: 0 });
    const answer = await sdk.embeddings.create({ model: "e", input: ["x"], encoding_format: "float" });
    expect(answer.model).toBe("echo of Bearer ***");
    const error = await sdk.embeddings
      .create({ model: "e", input: ["x"] }, { path: "/bad" })
      .catch((e: Error) => e);
    expect(String((error as Error).message)).toContain("bad key Bearer ***");
  });

  it("are passed on byte for byte when they hold no secret, and binary bodies untouched", async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x42]);
    const endpoint = await start((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": "4" });
      res.end(bytes);
    });
    const response = await openaiFor(endpoint, { timeoutMs: 5000, maxRetries: 0 }).files.content("file-1");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });
});

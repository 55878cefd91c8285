// Embeddings and fine-tuning calls go through the endpoint's response cache and limiter, the same
// ones as its chat calls: counted at a loopback server, through the real openai SDK.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { toFile } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { type Endpoints, openEndpoints } from "../../src/endpoints/index.js";
import { countTokens, embeddingInputTokens } from "../../src/model/index.js";
import { writeProject } from "../helpers/project.js";

interface Counting {
  url: string;
  /** Requests per route, e.g. "POST /v1/embeddings". */
  routes: Record<string, number>;
  /** Most requests the server had in hand at once. */
  peak: number;
  /** When each request arrived (performance.now()). */
  arrivals: number[];
  close(): Promise<void>;
}

/** Answers embeddings, chat, files and fine-tuning jobs after `delayMs`, counting concurrency. */
async function countingServer(delayMs = 25): Promise<Counting> {
  let inFlight = 0;
  const state = { routes: {} as Record<string, number>, peak: 0, arrivals: [] as number[] };
  const server: Server = createServer((req, res) => {
    inFlight++;
    state.arrivals.push(performance.now());
    state.peak = Math.max(state.peak, inFlight);
    const route = `${req.method} ${(req.url ?? "").split("?")[0]}`;
    state.routes[route] = (state.routes[route] ?? 0) + 1;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const body = req.headers["content-type"]?.includes("json") ? JSON.parse(text) : {};
      setTimeout(() => {
        let answer: unknown = { object: "list", data: [], has_more: false };
        if (route === "POST /v1/embeddings") {
          const input = body.input as string[];
          answer = {
            object: "list",
            model: body.model,
            data: input.map((t, index) => ({ object: "embedding", index, embedding: [t.length, 1] })),
            usage: { prompt_tokens: input.length, total_tokens: input.length },
          };
        } else if (route === "POST /v1/chat/completions") {
          answer = {
            id: "c",
            object: "chat.completion",
            created: 0,
            model: body.model,
            choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "ok" } }],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          };
        } else if (route === "POST /v1/files") {
          answer = {
            id: "file-1",
            object: "file",
            bytes: 1,
            created_at: 0,
            filename: "t.jsonl",
            purpose: "fine-tune",
          };
        }
        inFlight--;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(answer));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    ...state,
    get peak() {
      return state.peak;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let server: Counting | null = null;
let endpoints: Endpoints | null = null;
afterEach(async () => {
  await endpoints?.close();
  await server?.close();
  endpoints = null;
  server = null;
});

async function open(
  options: { cache?: boolean; concurrency?: number } = {},
  limits = "",
): Promise<Endpoints> {
  server ??= await countingServer();
  const dir = writeProject({
    "eval.config.yaml": `suites: [suites/*.yaml]\nendpoints: { e: { baseURL: "${server.url}"${limits} } }\n`,
  });
  endpoints = await openEndpoints(await loadConfig(`${dir}/eval.config.yaml`), { names: ["e"], ...options });
  return endpoints;
}

const EMBEDDING = { endpoint: "e", model: "text-embedding-3-small" };

describe("embeddings through the endpoint's cache and limiter", () => {
  it("an embedding made twice is sent once; its vectors come back from the cache", async () => {
    const embedder = (await open()).embedder(EMBEDDING);
    const first = await embedder.embed(["alpha", "beta"]);
    const again = await embedder.embed(["alpha", "beta"]);
    expect(server?.routes["POST /v1/embeddings"]).toBe(1);
    expect(again.vectors).toEqual(first.vectors);
    expect(first).toMatchObject({ tokens: 2, cached: 0 });
    expect(again).toMatchObject({ tokens: 0, cached: 2 });
    // Scorers get the same composition.
    await endpoints?.scoringModels().embedder(EMBEDDING).embed(["alpha"]);
    expect(server?.routes["POST /v1/embeddings"]).toBe(1);
  });

  it("without the cache (--no-cache) the same embedding is sent twice", async () => {
    const embedder = (await open({ cache: false })).embedder(EMBEDDING);
    await embedder.embed(["alpha", "beta"]);
    await embedder.embed(["alpha", "beta"]);
    expect(server?.routes["POST /v1/embeddings"]).toBe(2);
  });

  it("holds the endpoint's concurrency bound, shared with its chat calls", async () => {
    const opened = await open({ cache: false, concurrency: 1 });
    const embedder = opened.embedder(EMBEDDING);
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => embedder.embed([`text ${i}`])),
      opened.chat("e").complete({ model: "m", messages: [{ role: "user", content: "hi" }] }),
    ]);
    expect(server?.routes["POST /v1/embeddings"]).toBe(5);
    expect(server?.routes["POST /v1/chat/completions"]).toBe(1);
    expect(server?.peak).toBe(1);
  });

  it("a larger bound lets embeddings overlap (the bound above is the limiter's, not the server's)", async () => {
    const embedder = (await open({ cache: false, concurrency: 4 })).embedder(EMBEDDING);
    await Promise.all(Array.from({ length: 8 }, (_, i) => embedder.embed([`text ${i}`])));
    expect(server?.peak).toBeGreaterThan(1);
    expect(server?.peak).toBeLessThanOrEqual(4);
  });

  it("holds the endpoint's requests-per-minute budget", async () => {
    // 600 rpm: a bucket of 10 requests, then one every 100 ms.
    const embedder = (await open({ cache: false }, ", rpm: 600")).embedder(EMBEDDING);
    await Promise.all(Array.from({ length: 13 }, (_, i) => embedder.embed([`text ${i}`])));
    const arrivals = server?.arrivals ?? [];
    expect(arrivals).toHaveLength(13);
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(250);
  });

  it("counts an embeddings request's input for the tokens-per-minute budget", () => {
    const body = JSON.stringify({ model: "text-embedding-3-small", input: ["hello world", "again"] });
    expect(embeddingInputTokens(body)).toBe(
      countTokens("hello world", "cl100k_base") + countTokens("again", "cl100k_base"),
    );
    expect(embeddingInputTokens(JSON.stringify({ input: "one text" }))).toBe(countTokens("one text"));
    expect(embeddingInputTokens("not json")).toBe(0);
    expect(embeddingInputTokens(undefined)).toBe(0);
  });
});

describe("fine-tuning calls through the endpoint's limiter", () => {
  it("uploads and job calls hold the concurrency bound and are never cached", async () => {
    const sdk = (await open({ concurrency: 1 })).sdk("e");
    await Promise.all([
      sdk.files.create({ file: await toFile(Buffer.from("{}\n"), "t.jsonl"), purpose: "fine-tune" }),
      sdk.fineTuning.jobs.list(),
      sdk.fineTuning.jobs.list(),
      sdk.fineTuning.jobs.listEvents("ftjob-1"),
    ]);
    expect(server?.routes).toMatchObject({
      "POST /v1/files": 1,
      "GET /v1/fine_tuning/jobs": 2,
      "GET /v1/fine_tuning/jobs/ftjob-1/events": 1,
    });
    expect(server?.peak).toBe(1);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createEmbedder } from "../../src/endpoints/index.js";
import { openaiFor, type ResolvedEndpoint } from "../../src/model/index.js";
import { tempDir } from "../helpers/suite.js";
import { type FakeServer, fakeServer, json } from "../model/fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** POST /v1/embeddings answering after `delayMs` (so calls overlap), 3 tokens per text; 500 if `fail`. */
async function slowEmbeddings(delayMs: number, fail = false): Promise<ResolvedEndpoint> {
  server = await fakeServer((req, res) => {
    const input = req.body.input as string[];
    setTimeout(() => {
      if (fail) return json(res, 500, { error: { message: "down" } });
      json(res, 200, {
        object: "list",
        model: req.body.model,
        data: input.map((text, index) => ({
          object: "embedding",
          index,
          embedding: [text.length, index, 1],
        })),
        usage: { prompt_tokens: input.length * 3, total_tokens: input.length * 3 },
      });
    }, delayMs);
  });
  return { name: "emb", baseURL: server.baseURL, apiKey: "none", headers: {}, simulated: false };
}

const embedderFor = (endpoint: ResolvedEndpoint, cacheDir?: string) =>
  createEmbedder(
    { endpoint: "emb", model: "text-embedding-3-small" },
    {
      endpoint: () => endpoint,
      client: () => openaiFor(endpoint, { timeoutMs: 5000, maxRetries: 0 }),
      ...(cacheDir ? { cacheDir } : {}),
    },
  );

describe("embedding calls in flight", () => {
  for (const cache of [false, true])
    it(`sends a text once while it is being embedded${cache ? " (response cache on)" : ""}`, async () => {
      const embedder = embedderFor(await slowEmbeddings(150), cache ? tempDir() : undefined);
      // Three trials of one case score `similar` against the same reference at the same moment.
      const results = await Promise.all([
        embedder.embed(["the reference", "answer one"]),
        embedder.embed(["the reference", "answer two"]),
        embedder.embed(["the reference", "answer one"]),
      ]);
      const sent = (server?.requests ?? []).flatMap((r) => r.body.input as string[]).sort();
      expect(sent).toEqual(["answer one", "answer two", "the reference"]);
      expect(results.map((r) => r.vectors[0])).toEqual([
        [13, 0, 1],
        [13, 0, 1],
        [13, 0, 1],
      ]);
      expect(results[2]?.vectors[1]).toEqual(results[0]?.vectors[1]);
      // Tokens are charged to the call that sent the text; the texts a call waited for are cached.
      expect(results.reduce((sum, r) => sum + r.tokens, 0)).toBe(9);
      expect(results.map((r) => r.cached)).toEqual([0, 1, 2]);
    });

  it("one text twice in a call is sent once; afterwards it is sent again (nothing kept)", async () => {
    const embedder = embedderFor(await slowEmbeddings(0));
    const first = await embedder.embed(["same", "same"]);
    expect(first.vectors).toEqual([
      [4, 0, 1],
      [4, 0, 1],
    ]);
    expect(first).toMatchObject({ tokens: 3, cached: 1 });
    await embedder.embed(["same"]);
    expect(server?.requests).toHaveLength(2);
  });

  it("a failed call fails every caller waiting on it, and the next call tries again", async () => {
    const endpoint = await slowEmbeddings(100, true);
    const embedder = embedderFor(endpoint);
    const calls = await Promise.allSettled([embedder.embed(["x"]), embedder.embed(["x"])]);
    expect(calls.map((c) => c.status)).toEqual(["rejected", "rejected"]);
    expect(server?.requests).toHaveLength(1);
    await expect(embedder.embed(["x"])).rejects.toThrow();
    expect(server?.requests).toHaveLength(2);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { createEmbedder } from "../../src/endpoints/index.js";
import { openaiFor, type ResolvedEndpoint } from "../../src/model/index.js";
import { ApiEmbedder, decodeEmbedding, LocalEmbedder } from "../../src/retrieval/index.js";
import { type FakeServer, fakeServer, json } from "../model/fake-server.js";

const vectorFor = (text: string, dimensions: number) =>
  Array.from({ length: dimensions }, (_, i) => ((text.length + i) % 7) / 8 - 0.25);

function base64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((v, i) => {
    bytes.writeFloatLE(v, i * 4);
  });
  return bytes.toString("base64");
}

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Imitates POST /v1/embeddings, in whichever encoding the client asked for; items come back reversed. */
async function embeddingsServer(options: { ignoreFormat?: boolean } = {}): Promise<ResolvedEndpoint> {
  server = await fakeServer((req, res) => {
    const input = req.body.input as string[];
    const dimensions = (req.body.dimensions as number | undefined) ?? 8;
    const asBase64 = req.body.encoding_format === "base64" && !options.ignoreFormat;
    const data = input.map((text, index) => ({
      object: "embedding",
      index,
      embedding: asBase64 ? base64(vectorFor(text, dimensions)) : vectorFor(text, dimensions),
    }));
    json(res, 200, {
      object: "list",
      model: req.body.model,
      data: data.reverse(),
      usage: { prompt_tokens: input.length * 3, total_tokens: input.length * 3 },
    });
  });
  return { name: "emb", baseURL: server.baseURL, apiKey: "none", headers: {}, simulated: false };
}

describe("ApiEmbedder", () => {
  it("embeds over HTTP with base64 float32, in order, in batches of 512", async () => {
    const endpoint = await embeddingsServer();
    const embedder = new ApiEmbedder({
      client: openaiFor(endpoint, { timeoutMs: 5000, maxRetries: 0 }),
      model: "text-embedding-3-small",
      identity: endpoint.baseURL,
    });
    expect(embedder.id).toBe(`${endpoint.baseURL}|text-embedding-3-small|default`);
    expect(embedder.priceModel).toBe("text-embedding-3-small");

    const texts = Array.from({ length: 1100 }, (_, i) => `text number ${i}${"!".repeat(i % 5)}`);
    texts[3] = "";
    const result = await embedder.embed(texts);
    expect(server?.requests.map((r) => (r.body.input as string[]).length)).toEqual([512, 512, 76]);
    expect(server?.requests[0]?.body.encoding_format).toBe("base64");
    expect((server?.requests[0]?.body.input as string[] | undefined)?.[3]).toBe(" ");
    expect(result.tokens).toBe(1100 * 3);
    expect(result.vectors).toHaveLength(1100);
    texts.forEach((text, i) => {
      const expected = vectorFor(i === 3 ? " " : text, 8);
      result.vectors[i]?.forEach((v, d) => {
        expect(v).toBeCloseTo(expected[d] ?? Number.NaN, 6);
      });
    });
  });

  it("also accepts servers that answer with plain float arrays", async () => {
    const endpoint = await embeddingsServer({ ignoreFormat: true });
    const embedder = new ApiEmbedder({
      client: openaiFor(endpoint, { timeoutMs: 5000, maxRetries: 0 }),
      model: "nomic-embed-text",
      identity: endpoint.baseURL,
    });
    const { vectors } = await embedder.embed(["abc"]);
    expect(vectors[0]).toEqual(vectorFor("abc", 8));
  });

  it("is made by createEmbedder from the config, with dimensions", async () => {
    const endpoint = await embeddingsServer();
    const seen: string[] = [];
    const embedder = createEmbedder(
      { endpoint: "emb", model: "text-embedding-3-large", dimensions: 16 },
      {
        endpoint: (name) => {
          seen.push(name);
          return endpoint;
        },
        client: () => openaiFor(endpoint, { timeoutMs: 5000, maxRetries: 0 }),
      },
    );
    expect(seen).toEqual(["emb"]);
    expect(embedder.id).toBe(`${endpoint.baseURL}|text-embedding-3-large|16`);
    const { vectors } = await embedder.embed(["hello"]);
    expect(vectors[0]).toHaveLength(16);
    expect(server?.requests[0]?.body.dimensions).toBe(16);
    const parts = {
      endpoint: () => endpoint,
      client: () => openaiFor(endpoint, { timeoutMs: 1, maxRetries: 0 }),
    };
    expect(createEmbedder("local", parts)).toBeInstanceOf(LocalEmbedder);
  });
});

describe("decodeEmbedding", () => {
  it("reads little-endian float32 base64 and arrays", () => {
    expect(decodeEmbedding(base64([1, -0.5, 0.25]))).toEqual([1, -0.5, 0.25]);
    expect(decodeEmbedding([0.5, 1])).toEqual([0.5, 1]);
    expect(() => decodeEmbedding(null)).toThrow();
  });
});

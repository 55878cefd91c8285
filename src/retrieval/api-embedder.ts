import type OpenAI from "openai";
import type { Embedder, EmbeddingResult } from "./types.js";

/** OpenAI caps one embeddings request at 2,048 inputs; smaller batches keep each request well under size limits. */
export const EMBED_BATCH = 512;

export interface ApiEmbedderOptions {
  client: OpenAI;
  model: string;
  dimensions?: number;
  /**
   * What the endpoint is (its base URL; the simulator's stable name and settings), part of the id,
   * so the same model name on another server never reuses an index or a cached vector.
   */
  identity: string;
}

/** A vector from either wire format: base64 little-endian float32, or a JSON array. */
export function decodeEmbedding(embedding: unknown): number[] {
  if (Array.isArray(embedding)) return embedding.map(Number);
  if (typeof embedding !== "string") throw new Error("embeddings endpoint returned an item without a vector");
  const bytes = Buffer.from(embedding, "base64");
  const vector = new Array<number>(Math.floor(bytes.length / 4));
  for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint. */
export class ApiEmbedder implements Embedder {
  readonly id: string;
  readonly priceModel: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly dimensions: number | undefined;

  constructor(options: ApiEmbedderOptions) {
    this.client = options.client;
    this.model = options.model;
    this.dimensions = options.dimensions;
    this.priceModel = options.model;
    this.id = `${options.identity}|${options.model}|${options.dimensions ?? "default"}`;
  }

  async embed(texts: string[]): Promise<EmbeddingResult> {
    const vectors: number[][] = [];
    let tokens = 0;
    for (let start = 0; start < texts.length; start += EMBED_BATCH) {
      // The API rejects empty strings; a space embeds as "nothing" just as well.
      const input = texts.slice(start, start + EMBED_BATCH).map((text) => (text.trim() === "" ? " " : text));
      // Asking for base64 explicitly makes the SDK hand back the raw items, so servers that ignore
      // the format and send float arrays still work (the SDK's own decoding would garble them).
      const response = await this.client.embeddings.create({
        model: this.model,
        input,
        encoding_format: "base64",
        ...(this.dimensions === undefined ? {} : { dimensions: this.dimensions }),
      });
      // Servers may return the items out of order; `index` is authoritative.
      const ordered = [...response.data].sort((a, b) => a.index - b.index);
      if (ordered.length !== input.length) {
        throw new Error(`embeddings endpoint returned ${ordered.length} vectors for ${input.length} inputs`);
      }
      for (const item of ordered) vectors.push(decodeEmbedding(item.embedding as unknown));
      tokens += response.usage?.prompt_tokens ?? response.usage?.total_tokens ?? 0;
    }
    return { vectors, tokens };
  }
}

// Embeddings kept on disk (cacache, the response cache's folder), keyed by the embedder's id and
// the text: scoring `expect.similar` again embeds nothing it has embedded before.
import { createHash } from "node:crypto";
import { diskCache } from "../model/index.js";
import type { Embedder, EmbeddingResult } from "./types.js";

const KEY_PREFIX = "tunebench:embedding:v1:";

const keyOf = (id: string, text: string) =>
  KEY_PREFIX +
  createHash("sha256")
    .update(JSON.stringify([id, text]))
    .digest("hex");

async function read(dir: string, key: string): Promise<number[] | null> {
  try {
    const value: unknown = JSON.parse((await (await diskCache()).get(dir, key)).data.toString("utf8"));
    return Array.isArray(value) && value.every((v) => typeof v === "number") ? value : null;
  } catch {
    return null;
  }
}

export function withEmbeddingCache(inner: Embedder, dir: string): Embedder {
  return {
    id: inner.id,
    priceModel: inner.priceModel,
    holds: async (texts) =>
      (await Promise.all(texts.map((t) => read(dir, keyOf(inner.id, t))))).every((v) => v !== null),
    async embed(texts: string[]): Promise<EmbeddingResult> {
      const vectors = await Promise.all(texts.map((t) => read(dir, keyOf(inner.id, t))));
      const missing = texts.flatMap((t, i) => (vectors[i] === null ? [{ t, i }] : []));
      let tokens = 0;
      let shared = 0;
      if (missing.length > 0) {
        const fresh = await inner.embed(missing.map((m) => m.t));
        tokens = fresh.tokens;
        shared = fresh.cached ?? 0; // answered by a call already under way (inflight-embedder.ts)
        await Promise.all(
          missing.map(async ({ t, i }, j) => {
            const vector = fresh.vectors[j] ?? [];
            vectors[i] = vector;
            // A failed write only costs a call next time.
            await (await diskCache())
              .put(dir, keyOf(inner.id, t), JSON.stringify(vector))
              .catch(() => undefined);
          }),
        );
      }
      return { vectors: vectors as number[][], tokens, cached: texts.length - missing.length + shared };
    },
  };
}

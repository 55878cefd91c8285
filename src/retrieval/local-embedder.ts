import { hashedVector } from "../text/index.js";
import type { Embedder, EmbeddingResult } from "./types.js";

/**
 * Free, offline, deterministic embeddings: feature hashing of words, trigrams and CJK bigrams.
 * Lexical only (no synonyms), which is enough to rank notes that share the question's words.
 */
export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly priceModel = null;

  constructor(readonly dimensions = 256) {
    // Bump the version whenever hashedVector's features change, so stored indexes rebuild.
    this.id = `local-hash-v1-${dimensions}`;
  }

  async embed(texts: string[]): Promise<EmbeddingResult> {
    return { vectors: texts.map((text) => hashedVector(text, this.dimensions)), tokens: 0 };
  }
}

import type { LocalIndex } from "vectra";
import type { Chunk, ScoredChunk, VectorStore } from "./types.js";

type ChunkMetadata = { source: string; text: string; tokens: number };

// vectra pulls in an NLP model for its BM25 mode at import time: load it only when an index is used.
async function localIndex(folder: string): Promise<LocalIndex<ChunkMetadata>> {
  const { LocalIndex } = await import("vectra");
  return new LocalIndex<ChunkMetadata>(folder);
}

const isZero = (vector: number[]) => !vector.some((v) => v !== 0);

/**
 * Chunk vectors in a vectra 0.12 index folder (one index.json). Writes happen in a single
 * beginUpdate/endUpdate, because every update outside one rewrites the whole file; queries are
 * vector-only, because vectra's BM25 mode breaks after a few dozen queries on Node 20.
 */
export class VectraStore implements VectorStore {
  private index: Promise<LocalIndex<ChunkMetadata>> | undefined;

  constructor(readonly folder: string) {}

  private open(): Promise<LocalIndex<ChunkMetadata>> {
    this.index ??= localIndex(this.folder);
    return this.index;
  }

  async rebuild(items: { chunk: Chunk; vector: number[] }[]): Promise<void> {
    const index = await this.open();
    await index.createIndex({ version: 1, deleteIfExists: true });
    await index.beginUpdate();
    try {
      for (const { chunk, vector } of items) {
        // A zero vector (a chunk of stopwords) has no direction: its cosine is NaN, which
        // would scramble vectra's sort, and it could never be the nearest anyway.
        if (isZero(vector)) continue;
        await index.insertItem({
          id: chunk.id,
          vector,
          metadata: { source: chunk.source, text: chunk.text, tokens: chunk.tokens },
        });
      }
      await index.endUpdate();
    } catch (error) {
      index.cancelUpdate();
      throw error;
    }
  }

  /** Items in the stored index, or null when there is none or it cannot be read. */
  async count(): Promise<number | null> {
    const index = await this.open();
    try {
      if (!(await index.isIndexCreated())) return null;
      return (await index.getIndexStats()).items;
    } catch {
      return null;
    }
  }

  async query(vector: number[], topK: number): Promise<ScoredChunk[]> {
    if (topK < 1 || isZero(vector)) return [];
    const index = await this.open();
    // queryItems(vector, query, topK, filter?, isBm25?): an empty text query and no BM25.
    const results = await index.queryItems(vector, "", topK);
    return results
      .filter((r) => Number.isFinite(r.score))
      .map(({ item, score }) => ({
        id: item.id,
        source: String(item.metadata.source),
        text: String(item.metadata.text),
        tokens: Number(item.metadata.tokens),
        score,
      }));
  }
}

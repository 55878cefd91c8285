export interface EmbeddingResult {
  vectors: number[][];
  /** Tokens billed for the embedding call (0 for the local embedder). */
  tokens: number;
  /** Texts answered from a cache (withEmbeddingCache), not billed again. */
  cached?: number;
}

/** Turns texts into vectors. `id` changes whenever vectors would change (model, dimensions, version). */
export interface Embedder {
  readonly id: string;
  /** The model id to price embedding tokens with, or null for free local embeddings. */
  readonly priceModel: string | null;
  embed(texts: string[]): Promise<EmbeddingResult>;
  /** Whether every text's vector is cached (no call to make); absent: no cache, never. */
  holds?(texts: string[]): Promise<boolean>;
}

export interface Chunk {
  id: string;
  source: string;
  text: string;
  tokens: number;
}

export interface ScoredChunk extends Chunk {
  score: number;
}

/** Where chunk vectors live; vector queries only (vectra's BM25 mode is unreliable on Node 20). */
export interface VectorStore {
  /** Replace the whole content in one batch. */
  rebuild(items: { chunk: Chunk; vector: number[] }[]): Promise<void>;
  query(vector: number[], topK: number): Promise<ScoredChunk[]>;
}

export { ApiEmbedder, type ApiEmbedderOptions, decodeEmbedding, EMBED_BATCH } from "./api-embedder.js";
export { withEmbeddingCache } from "./cached-embedder.js";
export { chunkText } from "./chunk.js";
export { withSharedCalls } from "./inflight-embedder.js";
export { LocalEmbedder } from "./local-embedder.js";
export { INDEX_FORMAT, type Manifest } from "./manifest.js";
export {
  DEFAULT_CHUNK_TOKENS,
  fitToBudget,
  forgetRetrievalIndexes,
  type IndexBuild,
  openRetrievalIndex,
  type RetrievalIndex,
  type RetrievalIndexOptions,
  type SearchOptions,
  type SearchResult,
} from "./retrieval-index.js";
export type { Chunk, Embedder, EmbeddingResult, ScoredChunk, VectorStore } from "./types.js";
export { VectraStore } from "./vectra-store.js";

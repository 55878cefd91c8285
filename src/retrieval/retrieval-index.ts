import { readFile } from "node:fs/promises";
import path from "node:path";
import { chunkText } from "./chunk.js";
import { manifestFor, type NoteFile, readManifest, removeManifest, writeManifest } from "./manifest.js";
import type { Chunk, Embedder, ScoredChunk } from "./types.js";
import { VectraStore } from "./vectra-store.js";

export interface RetrievalIndexOptions {
  /** Folder of this index, e.g. `.tunebench/index/<suite>`. */
  dir: string;
  noteFiles: readonly string[];
  embedder: Embedder;
  chunkTokens?: number;
}

export interface IndexBuild {
  /** False when the stored index matched the notes and embedder and was reused. */
  built: boolean;
  chunks: number;
  /** Tokens spent embedding the notes in this build (0 when reused). */
  embeddingTokens: number;
}

export interface SearchOptions {
  topK: number;
  /** Budget for the returned chunks' tokens; chunks are kept in score order while they fit. */
  contextTokens: number;
}

export interface SearchResult {
  chunks: ScoredChunk[];
  /** Tokens spent embedding the query. */
  embeddingTokens: number;
}

export interface RetrievalIndex {
  readonly dir: string;
  readonly embedder: Embedder;
  readonly build: IndexBuild;
  search(query: string, options: SearchOptions): Promise<SearchResult>;
}

export const DEFAULT_CHUNK_TOKENS = 200;

/** Keeps chunks in score order while their total tokens fit the budget. */
export function fitToBudget(chunks: readonly ScoredChunk[], contextTokens: number): ScoredChunk[] {
  const kept: ScoredChunk[] = [];
  let used = 0;
  for (const chunk of chunks) {
    if (used + chunk.tokens > contextTokens) break;
    kept.push(chunk);
    used += chunk.tokens;
  }
  return kept;
}

async function readNotes(files: readonly string[]): Promise<NoteFile[]> {
  const paths = [...new Set(files)].sort();
  return Promise.all(paths.map(async (file) => ({ path: file, text: await readFile(file, "utf8") })));
}

async function load(
  options: RetrievalIndexOptions,
  notes: NoteFile[],
  chunkTokens: number,
): Promise<RetrievalIndex> {
  const { dir, embedder } = options;
  const manifestFile = path.join(dir, "manifest.json");
  const store = new VectraStore(path.join(dir, "vectors"));
  const wanted = manifestFor(notes, embedder.id, chunkTokens);

  const stored = await readManifest(manifestFile);
  let build: IndexBuild;
  if (stored?.key === wanted.key && (await store.count()) === stored.items) {
    build = { built: false, chunks: stored.chunks, embeddingTokens: 0 };
  } else {
    await removeManifest(manifestFile);
    const chunks: Chunk[] = notes.flatMap((note) => chunkText(note.path, note.text, chunkTokens));
    const { vectors, tokens } = await embedder.embed(chunks.map((chunk) => chunk.text));
    if (vectors.length !== chunks.length) {
      throw new Error(
        `embedder ${embedder.id} returned ${vectors.length} vectors for ${chunks.length} chunks`,
      );
    }
    await store.rebuild(chunks.map((chunk, i) => ({ chunk, vector: vectors[i] ?? [] })));
    const items = (await store.count()) ?? 0;
    await writeManifest(manifestFile, { ...wanted, chunks: chunks.length, items });
    build = { built: true, chunks: chunks.length, embeddingTokens: tokens };
  }

  return {
    dir,
    embedder,
    build,
    async search(query: string, { topK, contextTokens }: SearchOptions): Promise<SearchResult> {
      if (build.chunks === 0 || topK < 1) return { chunks: [], embeddingTokens: 0 };
      const { vectors, tokens } = await embedder.embed([query]);
      const found = await store.query(vectors[0] ?? [], topK);
      return { chunks: fitToBudget(found, contextTokens), embeddingTokens: tokens };
    },
  };
}

// One build per folder per process: parallel trials and strategies opening the same index share it.
// A later opener reuses it, so for that opener it was not built (and cost nothing).
const reused = (index: RetrievalIndex): RetrievalIndex =>
  index.build.built ? { ...index, build: { ...index.build, built: false, embeddingTokens: 0 } } : index;
const open = new Map<string, { key: string; index: Promise<RetrievalIndex> }>();

/**
 * Opens the retrieval index for a set of notes, reusing the one on disk when the notes, the
 * embedder and the chunk size are unchanged, else rebuilding it.
 */
export async function openRetrievalIndex(options: RetrievalIndexOptions): Promise<RetrievalIndex> {
  const dir = path.resolve(options.dir);
  const chunkTokens = options.chunkTokens ?? DEFAULT_CHUNK_TOKENS;
  const notes = await readNotes(options.noteFiles);
  const { key } = manifestFor(notes, options.embedder.id, chunkTokens);
  const current = open.get(dir);
  if (current?.key === key) return current.index.then(reused);
  // A different build of the same folder waits for the one in flight instead of racing it on disk.
  const previous = current?.index.catch(() => undefined) ?? Promise.resolve();
  const index = previous.then(() => load({ ...options, dir }, notes, chunkTokens));
  const entry = { key, index };
  open.set(dir, entry);
  index.catch(() => {
    if (open.get(dir) === entry) open.delete(dir);
  });
  return index;
}

/** Forgets the in-process builds, so the next open reads the disk again (tests, long-lived hosts). */
export function forgetRetrievalIndexes(): void {
  open.clear();
}

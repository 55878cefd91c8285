import path from "node:path";
import type { LoadedSuite } from "../config/schema.js";
import { SIM_BASE_MODEL } from "../project/index.js";
import { openRetrievalIndex, type RetrievalIndex, type ScoredChunk } from "../retrieval/index.js";
import { describeOutput, joinSections } from "./describe-output.js";
import { type BuiltRequest, type StrategyFactory, systemThenInput } from "./types.js";

export const DEFAULT_TOP_K = 4;
export const DEFAULT_CONTEXT_TOKENS = 1000;
export const DEFAULT_CHUNK_TOKENS = 200;

const GROUNDING =
  "Answer only from the notes below. If they do not cover the question, say that you don't know.";

export function buildRetrievalSystem(suite: LoadedSuite, chunks: readonly ScoredChunk[]): string {
  const context = chunks
    .map((chunk) => `<context source="${path.relative(suite.dir, chunk.source)}">\n${chunk.text}\n</context>`)
    .join("\n");
  return joinSections(suite.task.system, describeOutput(suite.task.output), GROUNDING, context);
}

/** Retrieval-augmented prompt: the task's notes, chunked and embedded once, top-k chunks per input. */
export const createRetrievalStrategy: StrategyFactory = (name, config, deps) => {
  const model = config.model ?? SIM_BASE_MODEL;
  const embedder = deps.embedderFor(config);
  const indexes = new Map<string, Promise<RetrievalIndex>>();
  const indexFor = (suite: LoadedSuite) => {
    let index = indexes.get(suite.name);
    if (!index) {
      index = openRetrievalIndex({
        // One folder per strategy: two retrieval strategies may chunk or embed differently.
        dir: path.join(deps.indexRoot, suite.name, name),
        noteFiles: suite.noteFiles,
        embedder,
        chunkTokens: config.chunkTokens ?? DEFAULT_CHUNK_TOKENS,
      });
      indexes.set(suite.name, index);
    }
    return index;
  };
  return {
    name,
    type: "retrieval",
    model,
    endpoint: config.endpoint,
    config,
    unavailable: () => null,
    async prepare(suite) {
      if (suite.noteFiles.length === 0) return undefined;
      const { build } = await indexFor(suite);
      return build.built
        ? { embeddingTokens: build.embeddingTokens, embeddingModel: embedder.priceModel }
        : undefined;
    },
    async buildRequest(suite: LoadedSuite, input: string): Promise<BuiltRequest> {
      let chunks: ScoredChunk[] = [];
      let embeddingTokens = 0;
      if (suite.noteFiles.length > 0) {
        const found = await (await indexFor(suite)).search(input, {
          topK: config.topK ?? DEFAULT_TOP_K,
          contextTokens: config.contextTokens ?? DEFAULT_CONTEXT_TOKENS,
        });
        chunks = found.chunks;
        embeddingTokens = found.embeddingTokens;
      }
      const system = buildRetrievalSystem(suite, chunks);
      return systemThenInput(model, system, input, embeddingTokens, embedder.priceModel);
    },
  };
};

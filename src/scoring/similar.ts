// `expect.similar`: cosine similarity of the answer's embedding to a reference text's. Local
// embeddings are lexical (shared words and characters); an API embedder catches paraphrase.

import type { EmbeddingConfig } from "../config/index.js";
import { costOfTokens, priceFor } from "../model/index.js";
import { type Embedder, LocalEmbedder } from "../retrieval/index.js";
import type { ScoreResult, Scorer, ScoringModels } from "./types.js";

/** Cosine of two vectors, clamped to 0..1 (opposite directions are as unlike as it gets). */
export function vectorCosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  const denominator = Math.sqrt(na) * Math.sqrt(nb);
  return denominator === 0 ? 0 : Math.min(1, Math.max(0, dot / denominator));
}

/** How alike two texts are (cosine of their embeddings), and what embedding them cost. */
export async function similarity(
  a: string,
  b: string,
  embedding: EmbeddingConfig,
  models: ScoringModels | undefined,
): Promise<{ cosine: number; embedder: Embedder; cost?: ScoreResult["cost"] } | { error: string }> {
  let embedder: Embedder;
  if (embedding === "local") embedder = new LocalEmbedder();
  else if (models) embedder = models.embedder(embedding);
  else return { error: `no model access here (embedder on ${embedding.endpoint})` };
  const { vectors, tokens, cached = 0 } = await embedder.embed([a, b]);
  const cosine = vectorCosine(vectors[0] ?? [], vectors[1] ?? []);
  const price = embedder.priceModel ? (priceFor(embedder.priceModel, models?.prices)?.input ?? null) : 0;
  const dollars = costOfTokens(tokens, price);
  return {
    cosine,
    embedder,
    ...(embedder.priceModel
      ? { cost: { calls: 1, cached: cached === 2 ? 1 : 0, total: dollars, spent: dollars } }
      : {}),
  };
}

export const similarScorer: Scorer = async (output, testCase, context) => {
  const similar = testCase.expect.similar;
  if (!similar) return null;
  // Loading rejects `similar` with neither `to` nor a reference.
  const to = similar.to ?? testCase.expect.reference ?? "";
  const measured = await similarity(output, to, context.judging?.embedding ?? "local", context.models);
  if ("error" in measured) return { error: true, reason: `similar: ${measured.error}` };
  const { cosine, embedder, cost } = measured;
  const rounded = Math.round(cosine * 100) / 100;
  return {
    pass: cosine >= similar.min,
    score: cosine,
    reason: `similarity ${rounded} ${cosine >= similar.min ? "≥" : "<"} ${similar.min} to ${similar.to === undefined ? "the reference" : "the given text"} (${embedder.id})`,
    details: { embedder: embedder.id, similarity: cosine, min: similar.min },
    ...(cost ? { cost } : {}),
  };
};

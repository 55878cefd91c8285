// Texts being embedded are embedded once, however many callers ask at the same moment: the trials
// of one case (each strategy, each repeat) run side by side, and each asks `similar` to embed the
// same reference. The response cache only helps once the first answer is back.
import type { Embedder, EmbeddingResult } from "./types.js";

interface Waiting {
  promise: Promise<number[]>;
  resolve(vector: number[]): void;
  reject(error: unknown): void;
}

function waiting(): Waiting {
  let resolve!: (vector: number[]) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<number[]>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A caller that gave up (its own call failed first) leaves no unhandled rejection behind.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * One call for the texts no other call is embedding; the rest wait for the call that is. Texts a
 * call did not send itself count as `cached` (spent nothing), as the response cache's do.
 */
export function withSharedCalls(inner: Embedder): Embedder {
  const inFlight = new Map<string, Waiting>();
  return {
    id: inner.id,
    priceModel: inner.priceModel,
    async embed(texts: string[]): Promise<EmbeddingResult> {
      const mine = new Map<string, Waiting>();
      // Each text's answer: from this call, or from the call already embedding it.
      const answers = texts.map((text) => {
        const known = mine.get(text) ?? inFlight.get(text);
        if (known) return known.promise;
        const w = waiting();
        mine.set(text, w);
        inFlight.set(text, w);
        return w.promise;
      });
      let tokens = 0;
      if (mine.size > 0) {
        const sent = [...mine.keys()];
        try {
          const fresh = await inner.embed(sent);
          tokens = fresh.tokens;
          for (const [i, text] of sent.entries()) mine.get(text)?.resolve(fresh.vectors[i] ?? []);
        } catch (error) {
          for (const w of mine.values()) w.reject(error);
          throw error;
        } finally {
          for (const text of sent) inFlight.delete(text);
        }
      }
      return { vectors: await Promise.all(answers), tokens, cached: texts.length - mine.size };
    },
  };
}

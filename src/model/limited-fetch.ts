// The endpoint's limits for the calls that do not go through a ChatClient (embeddings, files,
// fine-tuning jobs, batches): every HTTP request the SDK sends, its own retries included, waits for
// the endpoint's Limiter and tells it what the answer said (429, Retry-After, x-ratelimit-*).
// The SDK keeps its retry loop here: a request body (a file upload) is only replayable by the SDK.
import { parseRateLimitHeaders, parseRetryAfter } from "./headers.js";
import type { Limiter } from "./limiter.js";
import { countTokens, encodingFor } from "./tokens.js";

/** Input tokens of an embeddings request body, for the tokens-per-minute budget (0 for other bodies). */
export function embeddingInputTokens(body: unknown): number {
  if (typeof body !== "string" || !body.includes('"input"')) return 0;
  try {
    const { input, model } = JSON.parse(body) as { input?: unknown; model?: unknown };
    const texts = Array.isArray(input) ? input : [input];
    const encoding = encodingFor(typeof model === "string" ? model : "");
    return texts.reduce<number>((sum, t) => sum + (typeof t === "string" ? countTokens(t, encoding) : 0), 0);
  } catch {
    return 0;
  }
}

/** A `fetch` whose every request passes `limiter` (admission before, the answer's limits after). */
export function limitedFetch(inner: typeof fetch, limiter: Limiter): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const tokens = limiter.countsTokens ? embeddingInputTokens(init?.body) : 0;
    const signal = init?.signal ?? undefined;
    await limiter.acquire(tokens, signal);
    const startedAt = limiter.clock.now();
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      limiter.release({ startedAt, ok: false });
      throw error;
    }
    const rateLimited = response.status === 429;
    if (rateLimited) limiter.stats.rateLimited++;
    const retryAfterMs = parseRetryAfter(response.headers);
    const rateLimit = parseRateLimitHeaders(response.headers);
    limiter.release({
      startedAt,
      ok: response.ok,
      rateLimited,
      usedTokens: tokens,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(rateLimit ? { rateLimit } : {}),
    });
    return response;
  }) as typeof fetch;
}

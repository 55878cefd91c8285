// The cookbook's default-epochs rule and what a job bills, shared by the estimate and the
// simulator's jobs (which report trained tokens the same way).

// Aim for about 100..25,000 example passes in total.
export const TARGET_EPOCHS = 3;
export const MIN_TARGET_EXAMPLES = 100;
export const MAX_TARGET_EXAMPLES = 25_000;
export const MIN_DEFAULT_EPOCHS = 1;
export const MAX_DEFAULT_EPOCHS = 25;

/** Epochs OpenAI picks for `n` examples when n_epochs is "auto": 3, more for tiny sets, fewer for huge ones. */
export function defaultEpochs(n: number): number {
  if (n <= 0) return TARGET_EPOCHS;
  if (n * TARGET_EPOCHS < MIN_TARGET_EXAMPLES)
    return Math.min(MAX_DEFAULT_EPOCHS, Math.floor(MIN_TARGET_EXAMPLES / n));
  if (n * TARGET_EPOCHS > MAX_TARGET_EXAMPLES)
    return Math.max(MIN_DEFAULT_EPOCHS, Math.floor(MAX_TARGET_EXAMPLES / n));
  return TARGET_EPOCHS;
}

/** Tokens billed per epoch: every example counts up to the limit (the rest is truncated). */
export function tokensPerEpoch(tokens: readonly number[], limit: number): number {
  return tokens.reduce((sum, t) => sum + Math.min(limit, t), 0);
}

/** epochs × Σ min(limit, tokens). */
export function billedTokens(tokens: readonly number[], limit: number, epochs: number): number {
  return epochs * tokensPerEpoch(tokens, limit);
}

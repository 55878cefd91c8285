// What a call will cost before it is made: prompt tokens counted as the provider counts them,
// output tokens estimated from maxTokens or the suite's example answers. `--dry-run` shows the
// expected numbers; `--max-cost` reserves the upper bound of every call it lets through.
import type { LoadedSuite, Price } from "../config/index.js";
import {
  type ChatRequest,
  costOfTokens,
  costOfUsage,
  countChatTokens,
  countTokens,
  encodingFor,
  priceFor,
} from "../model/index.js";
import type { Strategy } from "../strategies/index.js";

/** Output tokens assumed when a strategy sets no maxTokens and the suite has no examples. */
const DEFAULT_OUTPUT_TOKENS = 256;

export interface OutputEstimate {
  /** What an answer will likely take: the mean of the example answers (at most maxTokens). */
  expected: number;
  /**
   * What it will hardly exceed: maxTokens, else twice the longest example answer but at least
   * DEFAULT_OUTPUT_TOKENS (an answer in the wrong format, a refusal, may be longer than any example).
   */
  bound: number;
}

type Lengths = { mean: number; max: number } | null;
const outputs = new WeakMap<LoadedSuite, Map<string, Lengths>>();

/** Token lengths of the suite's example answers in the model's encoding (null: no examples). */
function exampleOutputs(suite: LoadedSuite, model: string): Lengths {
  const encoding = encodingFor(model);
  const bySuite = outputs.get(suite) ?? new Map<string, Lengths>();
  outputs.set(suite, bySuite);
  let known = bySuite.get(encoding);
  if (known === undefined) {
    const counts = suite.task.examples.map((e) => countTokens(e.output, encoding));
    known = counts.length
      ? { mean: counts.reduce((a, b) => a + b, 0) / counts.length, max: Math.max(...counts) }
      : null;
    bySuite.set(encoding, known);
  }
  return known;
}

export function outputEstimate(suite: LoadedSuite, strategy: Strategy): OutputEstimate {
  const cap = strategy.config.maxTokens;
  const examples = exampleOutputs(suite, strategy.model ?? "");
  const expected = examples ? examples.mean : (cap ?? DEFAULT_OUTPUT_TOKENS);
  return {
    expected: cap === undefined ? expected : Math.min(cap, expected),
    bound: cap ?? Math.max(DEFAULT_OUTPUT_TOKENS, examples ? 2 * examples.max : 0),
  };
}

/** Prompt tokens of a request, counted with the model's encoding. */
export function promptTokens(request: Pick<ChatRequest, "model" | "messages">): number {
  return countChatTokens(request.messages, encodingFor(request.model));
}

/** Dollars of a call of `prompt` and `output` tokens (plus query embedding), or null when unpriced. */
export function callCost(
  model: string,
  tokens: { prompt: number; output: number; embedding?: number; embeddingModel?: string | null },
  prices: Record<string, Price>,
  chatPrice: (price: Price | null) => Price | null = (price) => price,
): number | null {
  const chat = costOfUsage(
    { promptTokens: tokens.prompt, completionTokens: tokens.output, cachedPromptTokens: 0 },
    chatPrice(priceFor(model, prices)),
  ).total;
  if (chat === null) return null;
  if (!tokens.embedding || !tokens.embeddingModel) return chat;
  const embedding = costOfTokens(tokens.embedding, priceFor(tokens.embeddingModel, prices)?.input);
  return embedding === null ? null : chat + embedding;
}

import { createRequire } from "node:module";
import type { ChatMessage } from "./types.js";

export type Encoding = "o200k_base" | "cl100k_base";

// An encoding's ranks take ~40-70 MB and ~150-250 ms to load, so each loads on first use (a run
// that only calls models never loads one). Synchronous callers get the CommonJS build;
// preloadEncoding() takes the ES module instead, which other ESM importers (the simulator) share.
type Counter = (text: string) => number;
const counters: Partial<Record<Encoding, Counter>> = {};
const requireCjs = createRequire(import.meta.url);

function counter(encoding: Encoding): Counter {
  let count = counters[encoding];
  if (!count) {
    const specifier = `gpt-tokenizer/encoding/${encoding}`;
    count = (requireCjs(specifier) as { countTokens: Counter }).countTokens;
    counters[encoding] = count;
  }
  return count;
}

/** Loads an encoding ahead of use, as an ES module (shared with ESM importers of gpt-tokenizer). */
export async function preloadEncoding(encoding: Encoding = "o200k_base"): Promise<void> {
  if (counters[encoding]) return;
  counters[encoding] =
    encoding === "cl100k_base"
      ? (await import("gpt-tokenizer/encoding/cl100k_base")).countTokens
      : (await import("gpt-tokenizer/encoding/o200k_base")).countTokens;
}

/** gpt-4o, gpt-4.1, o-series and newer use o200k_base; gpt-3.5 and gpt-4 use cl100k_base. */
export function encodingFor(model: string): Encoding {
  const base = model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model;
  return /^(gpt-3\.5|gpt-4(?![o.])|gpt-4-|text-embedding|davinci|babbage)/.test(base)
    ? "cl100k_base"
    : "o200k_base";
}

// Prompts repeat the same pieces (system prompts, few-shot examples, notes) call after call, and
// BPE is the costliest step of counting: remember counts of recent texts, bounded by their size.
const MEMO_CHARS = 4_000_000;
const MEMO_MAX_TEXT = 64_000;
const memos: Record<Encoding, Map<string, number>> = { o200k_base: new Map(), cl100k_base: new Map() };
let memoChars = 0;

export function countTokens(text: string, encoding: Encoding = "o200k_base"): number {
  const memo = memos[encoding];
  const known = memo.get(text);
  if (known !== undefined) return known;
  const count = counter(encoding)(text);
  if (text.length <= MEMO_MAX_TEXT) {
    if (memoChars + text.length > MEMO_CHARS) {
      memos.o200k_base.clear();
      memos.cl100k_base.clear();
      memoChars = 0;
    }
    memo.set(text, count);
    memoChars += text.length;
  }
  return count;
}

/**
 * The OpenAI cookbook's count for a chat example: 3 per message, the tokens of every value,
 * 1 more per `name`, and 3 for the priming of the reply.
 */
export function countChatTokens(messages: readonly ChatMessage[], encoding: Encoding = "o200k_base"): number {
  let total = 3;
  for (const message of messages) {
    total += 3 + countTokens(message.role, encoding) + countTokens(message.content ?? "", encoding);
    if (message.name) total += 1 + countTokens(message.name, encoding);
  }
  return total;
}

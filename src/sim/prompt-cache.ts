import { createHash } from "node:crypto";
import type { ChatMessage } from "../model/index.js";
import { countChatTokens } from "../model/index.js";

const MIN_CACHED = 1024;
const BLOCK = 128;
const MAX_ENTRIES = 100_000;

/**
 * OpenAI-style automatic prompt caching, simplified: a message prefix of at least 1,024 tokens
 * seen before by this instance is "cached", reported in blocks of 128 tokens.
 */
export class PromptCache {
  readonly #seen = new Set<string>();

  /** Cached tokens for this prompt; remembers its prefixes for later requests. */
  lookup(messages: readonly ChatMessage[]): number {
    let hash = "";
    let cached = 0;
    const keys: string[] = [];
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i] as ChatMessage;
      hash = createHash("sha1")
        .update(`${hash}\u0000${m.role}\u0000${m.name ?? ""}\u0000${m.content}`)
        .digest("hex");
      keys.push(hash);
      if (this.#seen.has(hash)) {
        // countChatTokens includes 3 tokens of reply priming that are not part of the prefix.
        const tokens = countChatTokens(messages.slice(0, i + 1)) - 3;
        if (tokens >= MIN_CACHED) cached = Math.floor(tokens / BLOCK) * BLOCK;
      }
    }
    if (this.#seen.size > MAX_ENTRIES) this.#seen.clear();
    for (const key of keys) this.#seen.add(key);
    return cached;
  }
}

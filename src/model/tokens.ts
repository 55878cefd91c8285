import { countTokens as countCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
import type { ChatMessage } from "./types.js";

export type Encoding = "o200k_base" | "cl100k_base";

/** gpt-4o, gpt-4.1, o-series and newer use o200k_base; gpt-3.5 and gpt-4 use cl100k_base. */
export function encodingFor(model: string): Encoding {
  const base = model.startsWith("ft:") ? (model.split(":")[1] ?? "") : model;
  return /^(gpt-3\.5|gpt-4(?![o.])|gpt-4-|text-embedding|davinci|babbage)/.test(base)
    ? "cl100k_base"
    : "o200k_base";
}

export function countTokens(text: string, encoding: Encoding = "o200k_base"): number {
  return encoding === "cl100k_base" ? countCl100k(text) : countO200k(text);
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

import type { ChatMessage } from "../../model/index.js";
import { type BrainOptions, type ChatAnswer, respond } from "./base.js";
import { type LearnedExample, parsePrompt } from "./parse.js";

/**
 * The examples a model learns from chat-format training records (one JSONL line each): every
 * user turn followed by an assistant turn, context blocks stripped from the input.
 */
export function learnedExamples(records: readonly { messages: readonly ChatMessage[] }[]): LearnedExample[] {
  const out: LearnedExample[] = [];
  for (const record of records) {
    // parsePrompt treats pairs before the last user turn as examples; a trailing user turn lets it see all.
    const parsed = parsePrompt([...record.messages, { role: "user", content: "" }]);
    out.push(...parsed.examples);
  }
  return out;
}

/**
 * A tuned model: its training examples act as few-shot examples even under a short prompt; with
 * nothing similar it confidently reuses the nearest learned answer; it keeps only part of its
 * general skills.
 */
export function answerTuned(
  messages: readonly ChatMessage[],
  training: readonly LearnedExample[],
  options: BrainOptions = {},
): ChatAnswer {
  return respond(parsePrompt(messages), options, training);
}

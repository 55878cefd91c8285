// The checks of one training line: its shape, its messages, its tokens against the limit.
import { createHash } from "node:crypto";
import type { Encoding } from "../model/index.js";
import { canonicalJson, functionDefinitions, isObject, type JsonObject } from "./examples.js";
import type { JsonlLine } from "./jsonl.js";
import type { RuleCode } from "./rules.js";
import { assistantTokens, exampleTokens } from "./tokens.js";

/** Per example: what the distributions and the estimate are built from. */
export interface ExampleStats {
  line: number;
  messages: number;
  /** The cookbook count of the whole example (billed up to the limit). */
  tokens: number;
  assistantTokens: number;
  /** The turns before the first answer: what a call of the tuned model sends. */
  promptTokens: number;
  /** The answer learned (a preference example's preferred output). */
  outputTokens: number;
}

export interface LineCheck {
  hits: Set<RuleCode>;
  format: "chat" | "preference" | null;
  stats: ExampleStats | null;
}

export interface CheckContext {
  encoding: Encoding;
  limit: number;
  /** Hashes of the examples seen so far (a hash, not the text: memory stays small). */
  seen: Set<string>;
}

const ROLES = new Set(["system", "developer", "user", "assistant", "tool", "function"]);
const MESSAGE_KEYS = new Set([
  "role",
  "content",
  "name",
  "weight",
  "tool_calls",
  "tool_call_id",
  "function_call",
  "refusal",
]);
const CHAT_KEYS = new Set(["messages", "tools", "functions", "parallel_tool_calls", "metadata"]);
const PREFERENCE_KEYS = new Set(["input", "preferred_output", "non_preferred_output", "metadata"]);
const INPUT_KEYS = new Set(["messages", "tools", "functions", "parallel_tool_calls"]);

const roleOf = (m: unknown) => (isObject(m) ? m.role : undefined);
const hasToolCalls = (m: JsonObject) =>
  (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) || isObject(m.function_call);

/** The per-message checks; each rule is reported once per line. */
function checkMessages(messages: unknown[], hit: (code: RuleCode) => void): void {
  for (const m of messages) {
    if (!isObject(m)) {
      hit("message_missing_key");
      continue;
    }
    const calls = hasToolCalls(m);
    if (!("role" in m) || (!("content" in m) && !calls)) hit("message_missing_key");
    if (Object.keys(m).some((k) => !MESSAGE_KEYS.has(k))) hit("message_unrecognized_key");
    if ("role" in m && !(typeof m.role === "string" && ROLES.has(m.role))) hit("unrecognized_role");
    if ("weight" in m && !(m.role === "assistant" && (m.weight === 0 || m.weight === 1)))
      hit("invalid_weight");
    if ("content" in m && !calls) {
      // A string, or an array of parts (text, images); null is fine only beside tool calls.
      const empty =
        typeof m.content === "string"
          ? m.content.trim() === ""
          : Array.isArray(m.content)
            ? m.content.length === 0
            : null;
      if (empty === null) hit("missing_content");
      else if (empty) hit(m.role === "assistant" ? "empty_assistant_message" : "missing_content");
    }
  }
}

/** The conversation, the outputs and the function definitions of a line, checking its shape on the way. */
function shapeOf(value: JsonObject, hit: (code: RuleCode) => void) {
  if ("messages" in value) {
    if (Object.keys(value).some((k) => !CHAT_KEYS.has(k))) hit("unrecognized_top_level_key");
    if (!Array.isArray(value.messages) || value.messages.length === 0) {
      hit("missing_messages_list");
      return { format: "chat" as const, conversation: null };
    }
    checkMessages(value.messages, hit);
    if (!value.messages.some((m) => roleOf(m) === "assistant")) hit("missing_assistant_message");
    const conversation = value.messages;
    return {
      format: "chat" as const,
      conversation,
      outputs: [],
      answer: conversation,
      functions: functionDefinitions(value),
    };
  }
  if (!("input" in value || "preferred_output" in value || "non_preferred_output" in value)) {
    hit("missing_messages_list");
    return { format: null, conversation: null };
  }
  if (Object.keys(value).some((k) => !PREFERENCE_KEYS.has(k))) hit("unrecognized_top_level_key");
  const { input } = value;
  const good = (o: unknown): o is unknown[] =>
    Array.isArray(o) && o.length > 0 && o.every((m) => roleOf(m) === "assistant");
  if (
    !isObject(input) ||
    !Array.isArray(input.messages) ||
    input.messages.length === 0 ||
    !good(value.preferred_output) ||
    !good(value.non_preferred_output)
  ) {
    hit("invalid_preference");
  }
  if (isObject(input) && Object.keys(input).some((k) => !INPUT_KEYS.has(k)))
    hit("unrecognized_top_level_key");
  const outputs = [value.preferred_output, value.non_preferred_output].flatMap((o) =>
    Array.isArray(o) ? o : [],
  );
  checkMessages(outputs, hit);
  if (!isObject(input) || !Array.isArray(input.messages))
    return { format: "preference" as const, conversation: null };
  checkMessages(input.messages, hit);
  const answer = Array.isArray(value.preferred_output) ? value.preferred_output : [];
  return {
    format: "preference" as const,
    conversation: input.messages,
    outputs,
    answer,
    functions: functionDefinitions(input),
  };
}

/** Checks one line; `stats` is null for lines that are not examples. */
export function checkLine(entry: JsonlLine, context: CheckContext): LineCheck {
  const hits = new Set<RuleCode>();
  const hit = (code: RuleCode) => hits.add(code);
  if (entry.bom) hit("utf8_bom");
  if (entry.invalidUtf8) hit("invalid_utf8");
  if (entry.error !== undefined) hit("invalid_json");
  if (entry.error !== undefined || entry.blank) return { hits, format: null, stats: null };
  if (!isObject(entry.value)) {
    hit("not_an_object");
    return { hits, format: null, stats: null };
  }
  const shape = shapeOf(entry.value, hit);
  if (!shape.conversation) return { hits, format: shape.format, stats: null };
  const { conversation, outputs, answer, functions } = shape;
  const { encoding, limit } = context;
  const all = [...conversation, ...outputs];
  const tokens = exampleTokens(all, encoding, functions);
  const firstAssistant = conversation.findIndex((m) => roleOf(m) === "assistant");
  const prompt = firstAssistant < 0 ? conversation : conversation.slice(0, firstAssistant);
  const stats: ExampleStats = {
    line: entry.line,
    messages: all.length,
    tokens,
    assistantTokens: assistantTokens(all, encoding),
    promptTokens: exampleTokens(prompt, encoding),
    outputTokens: assistantTokens(answer, encoding),
  };
  if (!conversation.some((m) => roleOf(m) === "system" || roleOf(m) === "developer"))
    hit("missing_system_message");
  if (!conversation.some((m) => roleOf(m) === "user")) hit("missing_user_message");
  if (tokens > limit) {
    hit("over_token_limit");
    // Truncation keeps the start: if no assistant token fits, the example teaches nothing.
    if ((firstAssistant >= 0 || outputs.length > 0) && exampleTokens(prompt, encoding, functions) >= limit)
      hit("nothing_left_to_learn");
  }
  const key = createHash("sha256").update(canonicalJson(entry.value)).digest("base64");
  if (context.seen.has(key)) hit("duplicate_example");
  context.seen.add(key);
  return { hits, format: shape.format, stats };
}

import { countTokens, type Encoding } from "../model/index.js";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One non-blank line of a JSONL file: its 1-based number and the parsed value, or why it did not parse. */
export interface JsonlLine {
  line: number;
  text: string;
  value?: unknown;
  error?: string;
}

/** Splits JSONL text into lines and parses each; a bad line never stops the rest. Blank lines are counted apart. */
export function readJsonl(text: string): { lines: JsonlLine[]; blank: number[] } {
  const lines: JsonlLine[] = [];
  const blank: number[] = [];
  const rows = (text.startsWith("\uFEFF") ? text.slice(1) : text).split(/\r?\n/);
  // A final line break does not start another line.
  if (rows.length > 0 && rows[rows.length - 1] === "") rows.pop();
  rows.forEach((row, i) => {
    if (row.trim() === "") {
      blank.push(i + 1);
      return;
    }
    try {
      lines.push({ line: i + 1, text: row, value: JSON.parse(row) });
    } catch (error) {
      lines.push({ line: i + 1, text: row, error: (error as Error).message });
    }
  });
  return { lines, blank };
}

/** Text of a content value: a string, or the text parts of a content array (images count nothing). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (isObject(part) && typeof part.text === "string" ? part.text : "")).join("");
  }
  return "";
}

/** Tokens of any value: strings as they are, content arrays by their text, anything else as JSON. */
function valueTokens(key: string, value: unknown, encoding: Encoding): number {
  if (typeof value === "string") return countTokens(value, encoding);
  if (key === "content" && Array.isArray(value)) return countTokens(contentText(value), encoding);
  return countTokens(JSON.stringify(value), encoding);
}

/** The cookbook's tokens of one message: 3, plus the tokens of every value, plus 1 for a `name`. */
function messageTokens(message: JsonObject, encoding: Encoding): number {
  let tokens = 3;
  for (const [key, value] of Object.entries(message)) {
    // `weight` is a training flag, not text the model reads.
    if (key === "weight" || value === null || value === undefined) continue;
    tokens += valueTokens(key, value, encoding);
    if (key === "name") tokens += 1;
  }
  return tokens;
}

/**
 * The OpenAI cookbook's token count of a chat example: 3 per message + the tokens of each value
 * + 1 per `name` + 3 for the priming of the reply. Function/tool definitions (`tools`), which the
 * cookbook ignores, are added as the tokens of their JSON, an approximation of what is billed.
 */
export function exampleTokens(messages: readonly unknown[], encoding: Encoding, tools?: unknown): number {
  let tokens = 3;
  for (const message of messages) if (isObject(message)) tokens += messageTokens(message, encoding);
  if (tools !== undefined && tools !== null) tokens += countTokens(JSON.stringify(tools), encoding);
  return tokens;
}

/** Tokens of what the assistant says (content and tool calls): what the model is trained to produce. */
export function assistantTokens(messages: readonly unknown[], encoding: Encoding): number {
  let tokens = 0;
  for (const message of messages) {
    if (!isObject(message) || message.role !== "assistant") continue;
    const text = contentText(message.content);
    if (text) tokens += countTokens(text, encoding);
    if (message.tool_calls !== undefined) tokens += countTokens(JSON.stringify(message.tool_calls), encoding);
    if (message.function_call !== undefined)
      tokens += countTokens(JSON.stringify(message.function_call), encoding);
  }
  return tokens;
}

/** JSON with sorted keys, so two lines that differ only in key order count as duplicates. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * The messages a line trains on: `messages` of a chat example; for a preference (DPO) example its
 * input messages and both outputs. Null when the line has neither shape.
 */
export function trainingMessages(value: unknown): { messages: unknown[]; tools?: unknown } | null {
  if (!isObject(value)) return null;
  if (Array.isArray(value.messages)) return { messages: value.messages, tools: value.tools };
  if (isObject(value.input) && Array.isArray(value.input.messages)) {
    const outputs = [value.preferred_output, value.non_preferred_output].flatMap((o) =>
      Array.isArray(o) ? o : [],
    );
    return { messages: [...value.input.messages, ...outputs], tools: value.input.tools };
  }
  return null;
}

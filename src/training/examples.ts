// The shapes of a training line: chat examples and preference (DPO) examples.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Text of a content value: a string, or the text parts of a content array (images count nothing). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (isObject(part) && typeof part.text === "string" ? part.text : "")).join("");
  }
  return "";
}

/** JSON with sorted keys, so two lines that differ only in key order count as duplicates. */
export { canonicalJson } from "../text/index.js";

/**
 * The function definitions an example (or a preference example's input) offers: its `tools` and
 * the legacy top-level `functions`, which the model reads alike.
 */
export function functionDefinitions(holder: JsonObject): unknown[] {
  return [holder.tools, holder.functions].flatMap((list) => (Array.isArray(list) ? list : []));
}

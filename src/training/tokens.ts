// The OpenAI cookbook's token count of a training example: what the estimate bills and the
// per-example limit is checked against.
import { countTokens, type Encoding } from "../model/index.js";
import { contentText, isObject, type JsonObject } from "./examples.js";

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

// The cookbook's num_tokens_for_tools ("How to count tokens with tiktoken", checked there against
// the API's usage): a fixed cost per function, per property list, per property and per enum item.
const FUNCTION_START: Record<Encoding, number> = { o200k_base: 7, cl100k_base: 10 };
const PROPERTIES_START = 3;
const PROPERTY = 3;
const ENUM_START = -3;
const ENUM_ITEM = 3;
const FUNCTIONS_END = 12;

const withoutFinalDot = (text: unknown) => (typeof text === "string" ? text.replace(/\.$/, "") : "");

/** One property: "name:type:description", its enum items, and (beyond the cookbook) nested schemas as JSON. */
function propertyTokens(name: string, schema: unknown, encoding: Encoding): number {
  if (!isObject(schema)) return PROPERTY + countTokens(`${name}::`, encoding);
  const { type, description, enum: items, properties, items: elements } = schema;
  let tokens = PROPERTY;
  if (Array.isArray(items)) {
    tokens += ENUM_START;
    for (const item of items) tokens += ENUM_ITEM + countTokens(String(item), encoding);
  }
  const typeText = typeof type === "string" ? type : type === undefined ? "" : JSON.stringify(type);
  tokens += countTokens(`${name}:${typeText}:${withoutFinalDot(description)}`, encoding);
  // Objects and arrays inside a property: the cookbook has no rule, so count their JSON.
  for (const nested of [properties, elements]) {
    if (nested !== undefined) tokens += countTokens(JSON.stringify(nested), encoding);
  }
  return tokens;
}

/**
 * Tokens of function definitions, by the cookbook's rule for `tools`. Takes tool entries
 * ({type: "function", function: {...}}) and bare legacy `functions` alike.
 */
export function functionTokens(definitions: readonly unknown[], encoding: Encoding): number {
  if (definitions.length === 0) return 0;
  let tokens = FUNCTIONS_END;
  for (const entry of definitions) {
    const fn = isObject(entry) && isObject(entry.function) ? entry.function : entry;
    if (!isObject(fn)) {
      tokens += countTokens(JSON.stringify(fn), encoding);
      continue;
    }
    tokens += FUNCTION_START[encoding];
    tokens += countTokens(
      `${typeof fn.name === "string" ? fn.name : ""}:${withoutFinalDot(fn.description)}`,
      encoding,
    );
    const properties =
      isObject(fn.parameters) && isObject(fn.parameters.properties) ? fn.parameters.properties : {};
    const names = Object.keys(properties);
    if (names.length > 0) tokens += PROPERTIES_START;
    for (const name of names) tokens += propertyTokens(name, properties[name], encoding);
  }
  return tokens;
}

/**
 * The OpenAI cookbook's token count of a chat example: 3 per message + the tokens of each value
 * + 1 per `name` + 3 for the priming of the reply, plus its function definitions (`tools` or the
 * legacy `functions`) by the cookbook's rule for tools.
 */
export function exampleTokens(
  messages: readonly unknown[],
  encoding: Encoding,
  functions: readonly unknown[] = [],
): number {
  let tokens = 3;
  for (const message of messages) if (isObject(message)) tokens += messageTokens(message, encoding);
  return tokens + functionTokens(functions, encoding);
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

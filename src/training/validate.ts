import { readFile, stat } from "node:fs/promises";
import type { Encoding } from "../model/index.js";
import { SIM_BASE_MODEL } from "../project/index.js";
import {
  assistantTokens,
  canonicalJson,
  exampleTokens,
  isObject,
  type JsonObject,
  readJsonl,
} from "./examples.js";
import { FILE_SIZE_LIMIT, MIN_EXAMPLES, tokenLimitFor } from "./limits.js";
import { type Distribution, distribution } from "./stats.js";

export type Severity = "error" | "warning";

const errorRule = (title: string) => ({ severity: "error", title }) as const;
const warningRule = (title: string) => ({ severity: "warning", title }) as const;

/**
 * Every check, after the OpenAI cookbook's "Data preparation and analysis for chat model
 * fine-tuning", brought up to today's format (tools and tool calls, `tool` and `developer`
 * roles, `weight`, preference/DPO lines), plus the checks the cookbook leaves out.
 */
export const RULES = {
  invalid_json: errorRule("line is not valid JSON"),
  not_an_object: errorRule("line is not a JSON object"),
  missing_messages_list: errorRule("no `messages` list"),
  message_missing_key: errorRule("message without `role` or `content`"),
  message_unrecognized_key: errorRule("message has an unrecognised key"),
  unrecognized_role: errorRule("message has an unrecognised role"),
  missing_content: errorRule("message content is missing, null or empty"),
  empty_assistant_message: errorRule("assistant message is empty"),
  missing_assistant_message: errorRule("example has no assistant message"),
  invalid_weight: errorRule("`weight` other than 0 or 1, or not on an assistant message"),
  invalid_preference: errorRule(
    "preference example needs `input.messages`, `preferred_output` and `non_preferred_output`",
  ),
  mixed_formats: errorRule("chat and preference examples mixed in one file"),
  nothing_left_to_learn: errorRule(
    "the token limit cuts off every assistant message (nothing left to learn)",
  ),
  too_few_examples: errorRule(`fewer than ${MIN_EXAMPLES} examples`),
  file_too_large: errorRule("file larger than the upload limit"),
  over_token_limit: warningRule("example over the token limit: it will be truncated"),
  missing_system_message: warningRule("example has no system message"),
  missing_user_message: warningRule("example has no user message"),
  duplicate_example: warningRule("duplicate of an earlier example"),
  unrecognized_top_level_key: warningRule("example has an unrecognised top-level key"),
  blank_line: warningRule("blank line (skipped)"),
  unknown_model_limit: warningRule("token limit of this model unknown"),
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type RuleCode = keyof typeof RULES;

/** How often one rule fired, and where first. */
export interface IssueSummary {
  code: RuleCode;
  severity: Severity;
  title: string;
  count: number;
  /** The first line numbers (1-based) where it fired, up to FIRST_LINES. */
  lines: number[];
  /** Detail for issues not tied to lines (file size, example count, model). */
  detail?: string;
}

export const FIRST_LINES = 5;

export interface ValidationOptions {
  /** Target model: its per-example token limit and tokenizer. Default sim-base. */
  model?: string;
  /** Overrides the model's per-example token limit. */
  maxTokens?: number;
  /** The file's size in bytes, when known (validateTrainingFile fills it in). */
  bytes?: number;
  /** Overrides FILE_SIZE_LIMIT (tests). */
  fileSizeLimit?: number;
}

export interface ExampleStats {
  line: number;
  messages: number;
  tokens: number;
  assistantTokens: number;
}

export interface ValidationResult {
  file: string | null;
  bytes: number;
  model: string;
  encoding: Encoding;
  tokenLimit: number;
  /** Non-blank lines, each meant to be one example. */
  lines: number;
  /** Lines that are chat or preference examples (possibly with errors). */
  examples: number;
  format: "chat" | "preference" | "mixed" | "none";
  ok: boolean;
  errors: IssueSummary[];
  warnings: IssueSummary[];
  distributions: {
    messages: Distribution | null;
    totalTokens: Distribution | null;
    assistantTokens: Distribution | null;
  };
  /** Per example: line, message count, cookbook tokens, assistant tokens. */
  perExample: ExampleStats[];
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

class Collector {
  readonly found = new Map<RuleCode, IssueSummary>();

  add(code: RuleCode, line: number | null, detail?: string): void {
    let issue = this.found.get(code);
    if (!issue) {
      const rule = RULES[code];
      issue = { code, severity: rule.severity, title: rule.title, count: 0, lines: [] };
      if (detail !== undefined) issue.detail = detail;
      this.found.set(code, issue);
    }
    issue.count++;
    if (line !== null && issue.lines.length < FIRST_LINES) issue.lines.push(line);
  }

  list(severity: Severity): IssueSummary[] {
    const order = Object.keys(RULES);
    return [...this.found.values()]
      .filter((i) => i.severity === severity)
      .sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  }
}

const hasToolCalls = (m: JsonObject) =>
  (Array.isArray(m.tool_calls) && m.tool_calls.length > 0) || isObject(m.function_call);

/** The per-message checks; each rule is reported once per line. */
function checkMessages(messages: unknown[], hit: (code: RuleCode) => void): void {
  for (const raw of messages) {
    if (!isObject(raw)) {
      hit("message_missing_key");
      continue;
    }
    const m = raw;
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

const roleOf = (m: unknown) => (isObject(m) ? m.role : undefined);

/** Validates JSONL text as fine-tuning data; never throws on bad content. */
export function validateTrainingData(text: string, options: ValidationOptions = {}): ValidationResult {
  const model = options.model ?? SIM_BASE_MODEL;
  const { limit, known, encoding } = tokenLimitFor(model, options.maxTokens);
  const issues = new Collector();
  const { lines, blank } = readJsonl(text);
  for (const line of blank) issues.add("blank_line", line);
  if (!known) issues.add("unknown_model_limit", null, `${model}: assumed ${limit} tokens per example`);

  const seen = new Set<string>();
  const perExample: ExampleStats[] = [];
  let chat = 0;
  let preference = 0;
  let firstPreference: number | null = null;
  let firstChat: number | null = null;

  for (const { line, value, error } of lines) {
    const hits = new Set<RuleCode>();
    const hit = (code: RuleCode) => hits.add(code);
    if (error !== undefined) hit("invalid_json");
    else if (!isObject(value)) hit("not_an_object");
    else {
      let conversation: unknown[] | null = null;
      let tools: unknown;
      let outputs: unknown[] = [];
      if ("messages" in value) {
        chat++;
        firstChat ??= line;
        if (Object.keys(value).some((k) => !CHAT_KEYS.has(k))) hit("unrecognized_top_level_key");
        if (!Array.isArray(value.messages) || value.messages.length === 0) hit("missing_messages_list");
        else {
          conversation = value.messages;
          tools = value.tools;
          checkMessages(conversation, hit);
          if (!conversation.some((m) => roleOf(m) === "assistant")) hit("missing_assistant_message");
        }
      } else if ("input" in value || "preferred_output" in value || "non_preferred_output" in value) {
        preference++;
        firstPreference ??= line;
        if (Object.keys(value).some((k) => !PREFERENCE_KEYS.has(k))) hit("unrecognized_top_level_key");
        const input = value.input;
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
        if (isObject(input) && Object.keys(input).some((k) => !INPUT_KEYS.has(k))) {
          hit("unrecognized_top_level_key");
        }
        if (isObject(input) && Array.isArray(input.messages)) {
          conversation = input.messages;
          tools = input.tools;
          checkMessages(conversation, hit);
        }
        outputs = [value.preferred_output, value.non_preferred_output].flatMap((o) =>
          Array.isArray(o) ? o : [],
        );
        checkMessages(outputs, hit);
      } else hit("missing_messages_list");

      if (conversation) {
        const all = [...conversation, ...outputs];
        const tokens = exampleTokens(all, encoding, tools);
        perExample.push({
          line,
          messages: all.length,
          tokens,
          assistantTokens: assistantTokens(all, encoding),
        });
        if (!conversation.some((m) => roleOf(m) === "system" || roleOf(m) === "developer"))
          hit("missing_system_message");
        if (!conversation.some((m) => roleOf(m) === "user")) hit("missing_user_message");
        if (tokens > limit) {
          hit("over_token_limit");
          // Truncation keeps the start: if no assistant token fits, the example teaches nothing.
          const firstAssistant = conversation.findIndex((m) => roleOf(m) === "assistant");
          const before = firstAssistant < 0 ? conversation : conversation.slice(0, firstAssistant);
          const prefix = exampleTokens(before, encoding, tools);
          if ((firstAssistant >= 0 || outputs.length > 0) && prefix >= limit) hit("nothing_left_to_learn");
        }
        const key = canonicalJson(value);
        if (seen.has(key)) hit("duplicate_example");
        seen.add(key);
      }
    }
    for (const code of hits) issues.add(code, line);
  }

  if (chat > 0 && preference > 0) {
    // Point at the first line of the minority format.
    issues.add("mixed_formats", (chat >= preference ? firstPreference : firstChat) ?? null);
  }
  if (lines.length < MIN_EXAMPLES) {
    issues.add("too_few_examples", null, `${lines.length} example(s); a job needs at least ${MIN_EXAMPLES}`);
  }
  const bytes = options.bytes ?? Buffer.byteLength(text);
  const sizeLimit = options.fileSizeLimit ?? FILE_SIZE_LIMIT;
  if (bytes > sizeLimit) issues.add("file_too_large", null, `${bytes} bytes; the limit is ${sizeLimit}`);

  const errors = issues.list("error");
  return {
    file: null,
    bytes,
    model,
    encoding,
    tokenLimit: limit,
    lines: lines.length,
    examples: chat + preference,
    format: chat > 0 && preference > 0 ? "mixed" : chat > 0 ? "chat" : preference > 0 ? "preference" : "none",
    ok: errors.length === 0,
    errors,
    warnings: issues.list("warning"),
    distributions: {
      messages: distribution(perExample.map((e) => e.messages)),
      totalTokens: distribution(perExample.map((e) => e.tokens)),
      assistantTokens: distribution(perExample.map((e) => e.assistantTokens)),
    },
    perExample,
  };
}

/** The file can't be read (missing, a directory, no permission): bad input, not a validation result. */
export class TrainingFileError extends Error {
  override readonly name = "TrainingFileError";
}

/** Reads and validates a file; a file over the size limit is not read, only reported. */
export async function validateTrainingFile(
  file: string,
  options: ValidationOptions = {},
): Promise<ValidationResult> {
  let bytes: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new TrainingFileError(`${file}: not a file`);
    bytes = info.size;
  } catch (error) {
    if (error instanceof TrainingFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new TrainingFileError(
      code === "ENOENT"
        ? `${file}: no such file (run \`tunebench tune prepare\` first?)`
        : `${file}: ${(error as Error).message}`,
    );
  }
  const sizeLimit = options.fileSizeLimit ?? FILE_SIZE_LIMIT;
  const text = bytes > sizeLimit ? "" : await readFile(file, "utf8");
  const result = validateTrainingData(text, { ...options, bytes });
  if (bytes > sizeLimit) {
    // Unread, so the example count says nothing: keep only the size error.
    result.errors = result.errors.filter((e) => e.code === "file_too_large");
    result.ok = false;
  }
  result.file = file;
  return result;
}

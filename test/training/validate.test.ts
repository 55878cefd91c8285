import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  RULES,
  type RuleCode,
  TrainingFileError,
  type ValidationResult,
  validateTrainingData,
  validateTrainingFile,
} from "../../src/training/index.js";
import { tempDir } from "../helpers/suite.js";

const good = (i: number) =>
  JSON.stringify({
    messages: [
      { role: "system", content: "Classify the ticket." },
      { role: "user", content: `ticket number ${i}` },
      { role: "assistant", content: `{"category":"c${i}"}` },
    ],
  });

/** Ten valid lines, then the line under test (line 11). */
function check(line: string, options: Parameters<typeof validateTrainingData>[1] = {}): ValidationResult {
  const lines = Array.from({ length: 10 }, (_, i) => good(i));
  return validateTrainingData(`${[...lines, line].join("\n")}\n`, options);
}

function fired(result: ValidationResult, code: RuleCode): number[] | null {
  const issue = [...result.errors, ...result.warnings].find((i) => i.code === code);
  return issue ? issue.lines : null;
}

const chat = (messages: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ messages, ...extra });
const sys = { role: "system", content: "Be brief." };
const user = { role: "user", content: "What is the refund window?" };
const assistant = { role: "assistant", content: "30 days." };

// Each rule: a line that breaks it and a similar line that does not.
const lineRules: [RuleCode, string, string][] = [
  ["invalid_json", '{"messages": [', chat([sys, user, assistant])],
  ["not_an_object", "[1, 2, 3]", chat([sys, user, assistant])],
  [
    "missing_messages_list",
    JSON.stringify({ prompt: "hi", completion: "there" }),
    chat([sys, user, assistant]),
  ],
  ["missing_messages_list", JSON.stringify({ messages: [] }), chat([user, assistant])],
  ["message_missing_key", chat([sys, { content: "no role" }, assistant]), chat([sys, user, assistant])],
  ["message_missing_key", chat([sys, user, { role: "assistant" }]), chat([sys, user, assistant])],
  [
    "message_unrecognized_key",
    chat([sys, { ...user, mood: "happy" }, assistant]),
    chat([sys, { ...user, name: "alice" }, assistant]),
  ],
  [
    "unrecognized_role",
    chat([sys, { role: "customer", content: "hi" }, assistant]),
    chat([{ role: "developer", content: "Be brief." }, user, assistant]),
  ],
  ["missing_content", chat([sys, { role: "user", content: null }, assistant]), chat([sys, user, assistant])],
  ["missing_content", chat([sys, { role: "user", content: 42 }, assistant]), chat([sys, user, assistant])],
  [
    "missing_content",
    chat([sys, user, { role: "assistant", content: null }]),
    // content null is fine beside tool calls
    chat(
      [
        sys,
        user,
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"days": 30}' },
        assistant,
      ],
      { tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }] },
    ),
  ],
  [
    "empty_assistant_message",
    chat([sys, user, { role: "assistant", content: "  " }]),
    chat([sys, user, assistant]),
  ],
  ["missing_assistant_message", chat([sys, user]), chat([sys, user, assistant])],
  [
    "invalid_weight",
    chat([sys, user, { ...assistant, weight: 0.5 }]),
    chat([sys, user, { role: "assistant", content: "wrong", weight: 0 }, user, { ...assistant, weight: 1 }]),
  ],
  [
    "invalid_weight",
    chat([sys, { ...user, weight: 1 }, assistant]),
    chat([sys, user, { ...assistant, weight: 1 }]),
  ],
  ["missing_system_message", chat([user, assistant]), chat([sys, user, assistant])],
  ["missing_user_message", chat([sys, assistant]), chat([sys, user, assistant])],
  ["duplicate_example", good(3), good(11)],
  [
    "unrecognized_top_level_key",
    chat([sys, user, assistant], { label: "x" }),
    chat([sys, user, assistant], { tools: [] }),
  ],
];

describe("validation rules: a failing and a passing line each", () => {
  it.each(lineRules)("%s", (code, failing, passing) => {
    expect(fired(check(failing), code)).toEqual([11]);
    expect(fired(check(passing), code)).toBeNull();
    expect(check(passing).errors).toEqual([]);
    if (RULES[code].severity === "error") expect(check(failing).ok).toBe(false);
  });

  it("invalid JSON reports the line and does not stop the other lines", () => {
    const result = validateTrainingData(
      [
        good(1),
        "{oops",
        good(2),
        "not json at all",
        ...Array.from({ length: 8 }, (_, i) => good(i + 3)),
      ].join("\n"),
    );
    expect(fired(result, "invalid_json")).toEqual([2, 4]);
    expect(result.lines).toBe(12);
    expect(result.distributions.messages?.count).toBe(10);
  });

  it("preference (DPO) lines are valid; malformed ones are reported", () => {
    const dpo = (extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        input: { messages: [user] },
        preferred_output: [{ role: "assistant", content: "30 days." }],
        non_preferred_output: [{ role: "assistant", content: "No idea." }],
        ...extra,
      });
    const lines = Array.from({ length: 10 }, () => dpo());
    const ok = validateTrainingData(
      [...lines.map((l, i) => l.replace("window?", `window ${i}?`))].join("\n"),
    );
    expect(ok.errors).toEqual([]);
    expect(ok.format).toBe("preference");
    const bad = validateTrainingData([...lines, dpo({ non_preferred_output: [] })].join("\n"));
    expect(fired(bad, "invalid_preference")).toEqual([11]);
  });

  it("mixed_formats: chat and preference lines in one file", () => {
    const dpo = JSON.stringify({
      input: { messages: [user] },
      preferred_output: [assistant],
      non_preferred_output: [{ role: "assistant", content: "no" }],
    });
    expect(fired(check(dpo), "mixed_formats")).toEqual([11]);
    expect(fired(check(chat([sys, user, assistant])), "mixed_formats")).toBeNull();
  });

  it("too_few_examples: 9 fails, 10 passes", () => {
    const nine = Array.from({ length: 9 }, (_, i) => good(i)).join("\n");
    const ten = Array.from({ length: 10 }, (_, i) => good(i)).join("\n");
    expect(validateTrainingData(nine).errors.map((e) => e.code)).toEqual(["too_few_examples"]);
    expect(validateTrainingData(ten).errors).toEqual([]);
  });

  it("over_token_limit warns (truncated); nothing_left_to_learn when the limit cuts off the answer", () => {
    const long = chat([sys, { role: "user", content: "word ".repeat(200) }, assistant]);
    expect(fired(check(long, { maxTokens: 150 }), "over_token_limit")).toEqual([11]);
    expect(fired(check(long, { maxTokens: 150 }), "nothing_left_to_learn")).toEqual([11]);
    const longAnswer = chat([sys, user, { role: "assistant", content: "word ".repeat(200) }]);
    const result = check(longAnswer, { maxTokens: 150 });
    expect(fired(result, "over_token_limit")).toEqual([11]);
    expect(fired(result, "nothing_left_to_learn")).toBeNull();
    expect(fired(check(long), "over_token_limit")).toBeNull();
  });

  it("per-model limits: 4,096 for gpt-3.5-turbo-0613, 16,385 for -0125, 65,536 for gpt-4o-mini; unknown warns", () => {
    expect(check(good(1), { model: "gpt-3.5-turbo-0613" }).tokenLimit).toBe(4096);
    expect(check(good(1), { model: "gpt-3.5-turbo-0125" }).tokenLimit).toBe(16_385);
    expect(check(good(1), { model: "gpt-3.5-turbo-1106" }).tokenLimit).toBe(16_385);
    expect(check(good(1), { model: "gpt-4o-mini-2024-07-18" }).tokenLimit).toBe(65_536);
    expect(check(good(1), { model: "gpt-4.1-nano" }).tokenLimit).toBe(65_536);
    expect(check(good(1), { model: "ft:gpt-4o-2024-08-06:acme::x1" }).tokenLimit).toBe(65_536);
    expect(fired(check(good(1), { model: "gpt-4o-mini" }), "unknown_model_limit")).toBeNull();
    const unknown = check(good(1), { model: "llama-3-8b" });
    expect(unknown.tokenLimit).toBe(65_536);
    expect(unknown.warnings.find((w) => w.code === "unknown_model_limit")?.detail).toMatch(/llama-3-8b/);
    expect(check(good(1), { model: "gpt-4o", maxTokens: 1000 }).tokenLimit).toBe(1000);
    expect(check(good(1), { model: "gpt-3.5-turbo" }).encoding).toBe("cl100k_base");
  });

  it("file_too_large: over the size limit fails, at the limit passes", () => {
    const text = Array.from({ length: 10 }, (_, i) => good(i)).join("\n");
    const bytes = Buffer.byteLength(text);
    expect(fired(validateTrainingData(text, { fileSizeLimit: bytes - 1 }), "file_too_large")).toEqual([]);
    expect(fired(validateTrainingData(text, { fileSizeLimit: bytes }), "file_too_large")).toBeNull();
  });

  it("blank lines are skipped with a warning; a final newline is not one", () => {
    const text = [good(1), "", ...Array.from({ length: 9 }, (_, i) => good(i + 2))].join("\n");
    expect(fired(validateTrainingData(text), "blank_line")).toEqual([2]);
    expect(fired(validateTrainingData(`${text.replace("\n\n", "\n")}\n`), "blank_line")).toBeNull();
  });

  it("counts per rule with the first five line numbers", () => {
    const bad = chat([sys, user]);
    const result = validateTrainingData(Array.from({ length: 12 }, () => bad).join("\n"));
    const missing = result.errors.find((e) => e.code === "missing_assistant_message");
    expect(missing).toMatchObject({ count: 12, lines: [1, 2, 3, 4, 5] });
  });

  it("distributions of messages, total tokens and assistant tokens", () => {
    const result = check(chat([sys, user, assistant, user, assistant]));
    expect(result.distributions.messages).toMatchObject({ min: 3, max: 5, count: 11 });
    const tokens = result.perExample.map((e) => e.tokens).sort((a, b) => a - b);
    expect(result.distributions.totalTokens?.min).toBe(tokens[0]);
    expect(result.distributions.totalTokens?.max).toBe(tokens[10]);
    expect(result.distributions.totalTokens?.median).toBe(tokens[5]);
    expect(result.distributions.assistantTokens?.p5).toBeLessThanOrEqual(
      result.distributions.assistantTokens?.p95 ?? 0,
    );
  });
});

describe("validateTrainingFile", () => {
  it("reads a file; a missing file is a TrainingFileError", async () => {
    const dir = tempDir();
    const file = path.join(dir, "train.jsonl");
    writeFileSync(file, Array.from({ length: 10 }, (_, i) => good(i)).join("\n"));
    const result = await validateTrainingFile(file);
    expect(result).toMatchObject({ ok: true, file, lines: 10, format: "chat" });
    await expect(validateTrainingFile(path.join(dir, "nope.jsonl"))).rejects.toThrow(TrainingFileError);
  });
});

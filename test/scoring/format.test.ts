import { describe, expect, it } from "vitest";
import type { OutputSpec } from "../../src/config/schema.js";
import { checkOutputSchema, formatScorer, scoreFormat } from "../../src/scoring/index.js";
import { suiteWith } from "./suite.js";

const spec = (s: Partial<OutputSpec>): OutputSpec => ({ format: "text", ...s });

const orderSchema = {
  type: "object",
  required: ["item", "qty"],
  properties: { item: { type: "string" }, qty: { type: "integer", minimum: 1 } },
  additionalProperties: false,
};

describe("scoreFormat", () => {
  it("returns null when the spec asks for nothing", () => {
    expect(scoreFormat("anything", spec({}))).toBeNull();
    expect(scoreFormat("anything", spec({ description: "a sentence" }))).toBeNull();
  });

  it("accepts JSON with surrounding whitespace", () => {
    const s = scoreFormat('  {"item":"latte","qty":2}\n', spec({ format: "json" }));
    expect(s).toMatchObject({ scorer: "format", pass: true });
  });

  it("fails code-fenced JSON and says so", () => {
    const s = scoreFormat('```json\n{"item":"latte","qty":2}\n```', spec({ format: "json" }));
    expect(s?.pass).toBe(false);
    expect(s?.reason).toContain("code fence");
  });

  it("fails JSON wrapped in prose and says so", () => {
    const s = scoreFormat('Sure! Here it is: {"item":"latte","qty":2} Enjoy.', spec({ format: "json" }));
    expect(s?.pass).toBe(false);
    expect(s?.reason).toContain("surrounded by prose");
  });

  it("fails plain prose and empty output", () => {
    expect(scoreFormat("two lattes", spec({ format: "json" }))?.reason).toMatch(/not valid JSON/);
    expect(scoreFormat("  ", spec({ format: "json" }))?.reason).toMatch(/empty output/);
  });

  it("validates against a JSON Schema", () => {
    const ok = scoreFormat('{"item":"latte","qty":2}', spec({ format: "json", schema: orderSchema }));
    expect(ok?.pass).toBe(true);
    const missing = scoreFormat('{"item":"latte"}', spec({ format: "json", schema: orderSchema }));
    expect(missing?.pass).toBe(false);
    expect(missing?.reason).toContain("qty");
    const wrongType = scoreFormat(
      '{"item":"latte","qty":"two"}',
      spec({ format: "json", schema: orderSchema }),
    );
    expect(wrongType?.pass).toBe(false);
    expect(wrongType?.reason).toContain("/qty must be integer");
  });

  it("treats a schema as requiring JSON even with format text", () => {
    expect(scoreFormat("latte x2", spec({ schema: orderSchema }))?.pass).toBe(false);
  });

  it("supports 2020-12 schemas and reports an invalid schema as a suite error", () => {
    const s2020 = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "array",
      prefixItems: [{ type: "number" }],
    };
    expect(scoreFormat("[1]", spec({ format: "json", schema: s2020 }))?.pass).toBe(true);
    expect(scoreFormat('["x"]', spec({ format: "json", schema: s2020 }))?.pass).toBe(false);
    const broken = { type: "no-such-type" };
    expect(checkOutputSchema(broken)).not.toBeNull();
    expect(scoreFormat("{}", spec({ format: "json", schema: broken }))?.reason).toContain(
      "invalid output.schema",
    );
    expect(checkOutputSchema(orderSchema)).toBeNull();
  });

  it("checks regex", () => {
    expect(scoreFormat("ORD-1234", spec({ regex: "^ORD-\\d{4}$" }))?.pass).toBe(true);
    const s = scoreFormat("order 1234", spec({ regex: "^ORD-\\d{4}$" }));
    expect(s?.pass).toBe(false);
    expect(s?.reason).toContain("does not match");
  });

  it("checks language: Chinese vs English", () => {
    const zh = spec({ language: "zh" });
    const en = spec({ language: "en" });
    expect(scoreFormat("这杯拿铁用燕麦奶。", zh)?.pass).toBe(true);
    // Latin product names inside Chinese text still count as Chinese.
    expect(scoreFormat("我想买一台 iPhone", zh)?.pass).toBe(true);
    expect(scoreFormat("The latte uses oat milk.", zh)?.pass).toBe(false);
    expect(scoreFormat("The latte uses oat milk.", en)?.pass).toBe(true);
    expect(scoreFormat("这杯拿铁用燕麦奶。", en)?.pass).toBe(false);
    expect(scoreFormat("12345", en)?.reason).toContain("no letters");
  });

  it("checks language: Japanese and Korean", () => {
    expect(scoreFormat("このラテはオーツミルクを使います。", spec({ language: "ja" }))?.pass).toBe(true);
    expect(scoreFormat("このラテはオーツミルクを使います。", spec({ language: "zh" }))?.pass).toBe(false);
    expect(scoreFormat("这杯拿铁用燕麦奶。", spec({ language: "ja" }))?.pass).toBe(false);
    expect(scoreFormat("이 라떼는 귀리 우유를 사용합니다.", spec({ language: "ko" }))?.pass).toBe(true);
    expect(scoreFormat("The latte.", spec({ language: "ko" }))?.pass).toBe(false);
  });

  it("checks maxLength in characters, not UTF-16 units", () => {
    expect(scoreFormat("12345", spec({ maxLength: 5 }))?.pass).toBe(true);
    expect(scoreFormat("123456", spec({ maxLength: 5 }))?.reason).toContain("too long: 6 characters");
    expect(scoreFormat("😀😀😀", spec({ maxLength: 3 }))?.pass).toBe(true);
  });

  it("lists every failed check in one score", () => {
    const s = scoreFormat(
      "```json\n{}\n```",
      spec({ format: "json", regex: "^\\{", language: "zh", maxLength: 5 }),
    );
    expect(s?.pass).toBe(false);
    expect(s?.reason).toContain("code fence");
    expect(s?.reason).toContain("does not match");
    expect(s?.reason).toContain("expected zh");
    expect(s?.reason).toContain("too long");
  });

  it("is registered as a Scorer of (output, case, context), silent on out-of-domain probes", async () => {
    const testCase = { id: "c", input: "x", tags: [], expect: {} };
    const context = { suite: suiteWith(spec({ format: "json" })) };
    expect((await formatScorer("{}", testCase, context))?.pass).toBe(true);
    expect((await formatScorer("nope", testCase, context))?.pass).toBe(false);
    expect(await formatScorer("nope", { ...testCase, expect: { refusal: true } }, context)).toBeNull();
  });
});

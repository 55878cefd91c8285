import { describe, expect, it } from "vitest";
import type { Expect } from "../../src/config/schema.js";
import { expectScorer, firstNumber, jsonSubsetMismatch, scoreExpect } from "../../src/scoring/index.js";
import { suiteWith } from "./suite.js";

const pass = (output: string, e: Expect) => scoreExpect(output, e)?.pass;
const reason = (output: string, e: Expect) => scoreExpect(output, e)?.reason ?? "";

describe("scoreExpect", () => {
  it("is null without expectations, or with only refusal", () => {
    expect(scoreExpect("x", {})).toBeNull();
    expect(scoreExpect("x", { refusal: true })).toBeNull();
    expect(scoreExpect("x", { ignoreCase: true })).toBeNull();
  });

  it("equals: trimmed, optional ignoreCase", () => {
    expect(pass("  Paris\n", { equals: "Paris" })).toBe(true);
    expect(pass("paris", { equals: "Paris" })).toBe(false);
    expect(pass("paris", { equals: "Paris", ignoreCase: true })).toBe(true);
    expect(reason("Lyon", { equals: "Paris" })).toBe('equals: expected "Paris", got "Lyon"');
  });

  it("contains: a string or all of a list", () => {
    expect(pass("oat milk latte", { contains: "oat" })).toBe(true);
    expect(pass("oat milk latte", { contains: ["oat", "latte"] })).toBe(true);
    expect(pass("oat milk latte", { contains: ["oat", "mocha"] })).toBe(false);
    expect(reason("oat milk latte", { contains: ["oat", "mocha"] })).toContain('"mocha"');
    expect(pass("OAT milk", { contains: "oat", ignoreCase: true })).toBe(true);
  });

  it("notContains", () => {
    expect(pass("a latte", { notContains: ["mocha", "tea"] })).toBe(true);
    expect(pass("a latte and tea", { notContains: ["mocha", "tea"] })).toBe(false);
    expect(reason("a latte and tea", { notContains: ["mocha", "tea"] })).toContain('found "tea"');
  });

  it("regex", () => {
    expect(pass("Order ORD-1234 confirmed", { regex: "ORD-\\d{4}" })).toBe(true);
    expect(pass("order ord-1234", { regex: "ORD-\\d{4}" })).toBe(false);
    expect(pass("order ord-1234", { regex: "ORD-\\d{4}", ignoreCase: true })).toBe(true);
    expect(reason("x", { regex: "(" })).toContain("invalid pattern");
  });

  it("oneOf", () => {
    expect(pass(" positive ", { oneOf: ["positive", "negative"] })).toBe(true);
    expect(pass("neutral", { oneOf: ["positive", "negative"] })).toBe(false);
    expect(reason("neutral", { oneOf: ["positive", "negative"] })).toContain("one of");
  });

  it("json: subset equality", () => {
    const e: Expect = { json: { item: "latte", qty: 2 } };
    expect(pass('{"item":"latte","qty":2,"milk":"oat"}', e)).toBe(true);
    expect(pass('{"item":"latte","qty":3}', e)).toBe(false);
    expect(reason('{"item":"latte","qty":3}', e)).toBe("json $.qty: expected 2, got 3");
    expect(reason('{"item":"latte"}', e)).toBe("json $.qty: missing");
    expect(pass('{"item":"latte","qty":"2"}', e)).toBe(false);
    expect(pass('{"item":"latte","qty":2.0}', e)).toBe(true);
  });

  it("json: tolerates a code fence or prose (format is judged separately)", () => {
    const e: Expect = { json: { item: "latte" } };
    expect(pass('```json\n{"item":"latte"}\n```', e)).toBe(true);
    expect(pass('Here you go: {"item":"latte"} — enjoy!', e)).toBe(true);
    expect(pass('Note {not json} then {"item":"latte"}', e)).toBe(true);
    expect(reason("no json here", e)).toContain("got no JSON");
  });

  it("json: arrays element-wise with subset objects inside", () => {
    const e: Expect = { json: { items: [{ name: "latte" }, { name: "tea" }] } };
    expect(pass('{"items":[{"name":"latte","qty":1},{"name":"tea","qty":2}]}', e)).toBe(true);
    expect(pass('{"items":[{"name":"tea"},{"name":"latte"}]}', e)).toBe(false);
    expect(reason('{"items":[{"name":"latte"}]}', e)).toBe("json $.items: expected 2 items, got 1");
    expect(pass("[1, 2, 3]", { json: [1, 2, 3] })).toBe(true);
    expect(pass("[1, 2]", { json: [1, 2, 3] })).toBe(false);
  });

  it("json: nested objects and null", () => {
    expect(jsonSubsetMismatch({ a: { b: null } }, { a: { b: null, c: 1 } })).toBeNull();
    expect(jsonSubsetMismatch({ a: { b: 1 } }, { a: 5 })).toBe("$.a: expected an object, got 5");
    expect(jsonSubsetMismatch({ "odd key": 1 }, {})).toBe('$["odd key"]: missing');
    expect(jsonSubsetMismatch({ s: "Latte" }, { s: "latte" }, true)).toBeNull();
  });

  it("number: first number, separators, signs, tolerance", () => {
    const n = (value: number, tolerance = 0): Expect => ({ number: { value, tolerance } });
    expect(pass("42", n(42))).toBe(true);
    expect(pass("The answer is 42.", n(42))).toBe(true);
    expect(pass("-3.5 degrees", n(-3.5))).toBe(true);
    expect(pass("Total: 1,234 items", n(1234))).toBe(true);
    expect(pass("about 41.6", n(42, 0.5))).toBe(true);
    expect(pass("about 42.5", n(42, 0.5))).toBe(true); // tolerance is inclusive
    expect(pass("about 42.51", n(42, 0.5))).toBe(false);
    expect(pass("1.0", n(1.1, 0.1))).toBe(true); // 1.1 − 1.0 is 0.10000000000000009 in binary
    expect(pass("43", n(42))).toBe(false);
    expect(reason("43", n(42, 0.5))).toBe("number: expected 42 ± 0.5, got 43");
    expect(reason("none", n(42))).toContain("no number");
  });

  it("firstNumber", () => {
    expect(firstNumber("42")).toBe(42);
    expect(firstNumber("x = -3.5")).toBe(-3.5);
    expect(firstNumber("1,234,567.5 units")).toBe(1234567.5);
    expect(firstNumber("1,2,3")).toBe(1);
    expect(firstNumber("10-20")).toBe(10);
    expect(firstNumber("gpt-4o says 42")).toBe(42);
    expect(firstNumber("第3名")).toBe(3);
    expect(firstNumber("共 12 杯")).toBe(12);
    expect(firstNumber("\u22127")).toBe(-7);
    expect(firstNumber("1e3")).toBe(1000);
    expect(firstNumber("no digits")).toBeNull();
  });

  it("all expectations must hold; the reason names the first failure", () => {
    const e: Expect = { contains: "latte", notContains: "mocha", regex: "^\\w" };
    expect(pass("latte please", e)).toBe(true);
    const r = reason("mocha, not latte", e);
    expect(r).toMatch(/^notContains/);
    expect(scoreExpect("latte please", e)?.reason).toBe("met: contains, notContains, regex");
  });

  it("truncates long outputs in reasons", () => {
    const r = reason("x".repeat(500), { equals: "y" });
    expect(r.length).toBeLessThan(130);
    expect(r).toContain("…");
  });

  it("is registered as a Scorer of (output, case, context)", async () => {
    const testCase = { id: "c", input: "x", tags: [], expect: { equals: "a" } };
    const context = { suite: suiteWith({ format: "text" }) };
    expect((await expectScorer("a", testCase, context))?.pass).toBe(true);
    expect((await expectScorer("b", testCase, context))?.pass).toBe(false);
  });
});

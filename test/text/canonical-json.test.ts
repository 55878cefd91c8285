import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/text/index.js";

// The form run headers have always hashed (a replacer re-building each object from sorted
// entries): a resumed run compares its hashes with ones written by earlier versions.
const recorded = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

describe("canonicalJson", () => {
  const values: unknown[] = [
    { b: 1, a: [3, { z: null, y: 'é\n"' }], c: { "10": 1, "2": 2, x: true, "-1": 0, "01": 5 } },
    { input: "What is 2+2?", expect: { json: { answer: "4" } }, tags: ["a", "b"], skip: undefined },
    [1, undefined, "x", [{}], { k: undefined }],
    { "": 0, "4294967295": 1, "4294967294": 2, Z: 3, a: 4, ä: 5, 中: 6 },
    "plain",
    12.5,
    null,
    { n: Number.NaN, i: Number.POSITIVE_INFINITY, neg: -0 },
  ];
  it("writes what the replacer form wrote, byte for byte", () => {
    for (const v of values) expect(canonicalJson(v)).toBe(recorded(v));
  });
  it("is the same for the same values written in another order", () => {
    expect(canonicalJson({ a: 1, b: { d: 2, c: [1, 2] } })).toBe(
      canonicalJson({ b: { c: [1, 2], d: 2 }, a: 1 }),
    );
    const hash = (v: unknown) => createHash("sha256").update(canonicalJson(v)).digest("hex");
    expect(hash({ a: 1 })).not.toBe(hash({ a: 2 }));
  });
});

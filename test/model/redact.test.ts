import { describe, expect, it } from "vitest";
import { createRedactor, endpointSecrets, redactDeep, redactorFor } from "../../src/model/index.js";

const KEY = "proxy-k3y-0123456789";

describe("Redactor", () => {
  it("removes a configured value as written and as it reads inside JSON", () => {
    const slashy = 'ab/cd"ef\\gh0123';
    const { text } = createRedactor([KEY, slashy]);
    expect(text(`key ${KEY}!`)).toBe("key ***!");
    expect(text(JSON.stringify({ echo: `x ${slashy} y` }))).toBe('{"echo":"x *** y"}');
    expect(text(JSON.stringify({ echo: slashy }).replaceAll("/", "\\/"))).toBe('{"echo":"***"}');
  });

  it("removes Authorization and api-key values, also JSON-escaped inside JSON", () => {
    const { text } = createRedactor([]);
    expect(text("Authorization: Bearer abcdefgh12345")).toBe("Authorization: Bearer ***");
    expect(text('{"authorization":"Basic dXNlcjpwYXNzd29yZA=="}')).toBe('{"authorization":"Basic ***"}');
    expect(text('{"api-key":"0123456789abcdef"}')).toBe('{"api-key":"***"}');
    const nested = JSON.stringify({ content: JSON.stringify({ "API-Key": "0123456789abcdef" }) });
    expect(text(nested)).toBe(JSON.stringify({ content: JSON.stringify({ "API-Key": "***" }) }));
    expect(text("proxy said Bearer tok_0123456789 back")).toBe("proxy said Bearer *** back");
  });

  it("leaves placeholders, prose and ids alone in text; masks OpenAI-shaped keys in messages", () => {
    const redactor = createRedactor(["none", "sim", undefined]);
    for (const prose of [
      "the model is none of these",
      "task-oriented desk-lamp",
      "Bearer instruments and authorization required",
      "case sk-greeting failed",
    ])
      expect(redactor.text(prose)).toBe(prose);
    expect(redactor.message("Incorrect API key provided: sk-proj-abc1****wxyz")).toBe(
      "Incorrect API key provided: sk-***",
    );
  });

  it("is idempotent", () => {
    const { text } = createRedactor([KEY]);
    const once = text(`Authorization: Bearer ${KEY}; api-key=${KEY}`);
    expect(once).toBe("Authorization: Bearer ***; api-key=***");
    expect(text(once)).toBe(once);
  });

  it("knows every configured key variable and secret-looking header, not other headers", () => {
    const redactor = redactorFor(
      {
        endpoints: {
          a: { baseURL: "http://a/v1", apiKeyEnv: "TB_A" },
          b: {
            baseURL: "http://b/v1",
            apiKeyEnv: "TB_B",
            headers: { "X-Proxy-Token": "tok-123456789", "OpenAI-Organization": "org-visible" },
          },
        },
      },
      { TB_A: "first-key-0000000", TB_B: "second-key-111111", OTHER: "not-a-configured-key" },
    );
    expect(redactor.text("first-key-0000000 second-key-111111 tok-123456789")).toBe("*** *** ***");
    expect(redactor.text("org-visible not-a-configured-key")).toBe("org-visible not-a-configured-key");
    expect(endpointSecrets({ apiKey: KEY, headers: { Cookie: "s=1", "x-custom": "Bearer xyz" } })).toEqual([
      KEY,
      "s=1",
      "Bearer xyz",
    ]);
  });

  it("redacts every string and key of plain data", () => {
    const { text } = createRedactor([KEY]);
    expect(redactDeep({ [KEY]: [KEY, 1, null, { a: `x${KEY}` }] }, text)).toEqual({
      "***": ["***", 1, null, { a: "x***" }],
    });
  });

  it("copies only what changed: clean parts are the same objects, the input is left as it was", () => {
    const { text } = createRedactor([KEY]);
    const clean = { rows: [{ a: "x" }, { b: [1, "y"] }] };
    expect(redactDeep(clean, text)).toBe(clean);
    const dirty = { rows: [{ a: "x" }, { b: [1, KEY] }], other: { c: "z" } };
    const out = redactDeep(dirty, text);
    expect(out).toEqual({ rows: [{ a: "x" }, { b: [1, "***"] }], other: { c: "z" } });
    expect(out.rows[0]).toBe(dirty.rows[0]);
    expect(out.other).toBe(dirty.other);
    expect(dirty.rows[1]?.b?.[1]).toBe(KEY);
  });

  it("keeps the keys in their order, a '__proto__' key a key, and short strings as they are", () => {
    const { text } = createRedactor([KEY]);
    expect(Object.keys(redactDeep({ first: "a", [KEY]: 1, last: { z: KEY } }, text))).toEqual([
      "first",
      "***",
      "last",
    ]);
    const parsed: unknown = JSON.parse(`{"a": 1, "__proto__": {"x": "${KEY}"}, "y": "${KEY}"}`);
    const out = redactDeep(parsed, text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"a":1,"__proto__":{"x":"***"},"y":"***"}');
    expect(text("sk-1234")).toBe("sk-1234");
  });
});

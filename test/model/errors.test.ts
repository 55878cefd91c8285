import { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { describe, expect, it } from "vitest";
import { classifyError, createRedactor, ModelCallError } from "../../src/model/index.js";

const withCause = (message: string, code: string) => {
  const error = new TypeError(message);
  (error as Error & { cause: unknown }).cause = Object.assign(new Error("socket"), { code });
  return error;
};

describe("classifyError", () => {
  it.each([
    [429, "rate_limit", true],
    [408, "timeout", true],
    [500, "server", true],
    [502, "server", true],
    [401, "auth", false],
    [403, "auth", false],
    [400, "bad_request", false],
    [422, "bad_request", false],
    [404, "not_found", false],
    [409, "other", true],
    [418, "other", false],
  ] as const)("HTTP %i → %s", (status, kind, retryable) => {
    const error = APIError.generate(status, { error: { message: "nope" } }, undefined, new Headers());
    expect(classifyError(error)).toEqual({ kind, status, retryable, message: "nope" });
  });

  it("recognises connection failures from the SDK and from fetch", () => {
    const sdk = new APIConnectionError({ cause: withCause("fetch failed", "ECONNRESET") });
    expect(classifyError(sdk)).toMatchObject({ kind: "connection", retryable: true });
    expect(classifyError(sdk).message).toContain("ECONNRESET");
    expect(classifyError(withCause("fetch failed", "ECONNREFUSED"))).toMatchObject({ kind: "connection" });
    expect(classifyError(new TypeError("fetch failed"))).toMatchObject({
      kind: "connection",
      retryable: true,
    });
    expect(classifyError(Object.assign(new Error("read"), { code: "ECONNRESET" }))).toMatchObject({
      kind: "connection",
    });
  });

  it("recognises timeouts", () => {
    expect(classifyError(new APIConnectionTimeoutError())).toMatchObject({
      kind: "timeout",
      retryable: true,
    });
    expect(classifyError(new DOMException("The operation timed out", "TimeoutError"))).toMatchObject({
      kind: "timeout",
    });
    expect(classifyError(Object.assign(new Error("connect"), { code: "ETIMEDOUT" }))).toMatchObject({
      kind: "timeout",
    });
  });

  it("files everything else as other", () => {
    expect(classifyError(new Error("boom"))).toEqual({ kind: "other", retryable: false, message: "boom" });
    expect(classifyError("text")).toMatchObject({ kind: "other", message: "text" });
    expect(classifyError(undefined)).toMatchObject({ kind: "other" });
  });

  it("passes a ModelCallError's classification through", () => {
    const callError = { kind: "auth", status: 401, retryable: false, message: "bad key" } as const;
    expect(classifyError(new ModelCallError("openai", callError))).toBe(callError);
  });

  it("never lets a key into the message", () => {
    const key = "my-very-secret-key-value";
    const error = new Error(
      `401 Incorrect API key provided: ${key}, sk-proj-abc123def456, Bearer abcdefgh12345`,
    );
    const { message } = classifyError(error, createRedactor([key]));
    expect(message).not.toContain(key);
    expect(message).not.toContain("abc123def456");
    expect(message).not.toContain("abcdefgh12345");
  });
});

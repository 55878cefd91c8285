import { describe, expect, it } from "vitest";
import { parseDuration, parseRateLimitHeaders, parseRetryAfter } from "../../src/model/index.js";

describe("parseDuration", () => {
  it.each([
    ["20ms", 20],
    ["1s", 1000],
    ["0.5s", 500],
    ["6m0s", 360_000],
    ["1h2m3.5s", 3_723_500],
    ["2", 2000],
  ])("reads %s as %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "soon", "5x", "1s later"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("parseRetryAfter", () => {
  it("prefers retry-after-ms, then Retry-After seconds, then an HTTP date", () => {
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "9" }))).toBe(250);
    expect(parseRetryAfter({ "retry-after": "3" })).toBe(3000);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }, now)).toBe(5000);
    expect(parseRetryAfter({ "retry-after": "0" })).toBe(0);
  });

  it("is undefined without a usable header", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter({})).toBeUndefined();
    expect(parseRetryAfter({ "retry-after": "whenever" })).toBeUndefined();
    expect(parseRetryAfter({ "retry-after-ms": "-5" })).toBeUndefined();
  });
});

describe("parseRateLimitHeaders", () => {
  it("reads OpenAI's x-ratelimit-* headers from Headers or a node:http record", () => {
    const record = {
      "x-ratelimit-limit-requests": "500",
      "x-ratelimit-remaining-requests": "499",
      "x-ratelimit-reset-requests": "120ms",
      "x-ratelimit-limit-tokens": "30000",
      "x-ratelimit-remaining-tokens": "29000",
      "x-ratelimit-reset-tokens": "2s",
    };
    const expected = {
      limitRequests: 500,
      remainingRequests: 499,
      resetRequestsMs: 120,
      limitTokens: 30000,
      remainingTokens: 29000,
      resetTokensMs: 2000,
    };
    expect(parseRateLimitHeaders(record)).toEqual(expected);
    expect(parseRateLimitHeaders(new Headers(record))).toEqual(expected);
    expect(parseRateLimitHeaders({ "x-ratelimit-remaining-requests": ["3", "4"] })).toEqual({
      remainingRequests: 3,
    });
  });

  it("is undefined when the server sends none", () => {
    expect(parseRateLimitHeaders({ "content-type": "application/json" })).toBeUndefined();
  });
});

import type { RateLimitInfo } from "./types.js";

/** Anything with a case-insensitive `get`, as fetch's Headers; or a record with lower-case names (node:http). */
export type HeaderSource =
  | { get(name: string): string | null }
  | Record<string, string | readonly string[] | undefined>;

function header(headers: HeaderSource | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === "function") {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Record<string, string | readonly string[] | undefined>)[name];
  return typeof value === "string" ? value : value?.[0];
}

/**
 * OpenAI's reset durations: "20ms", "1s", "6m0s", "1h2m3.5s", or a bare number of seconds.
 * Returns milliseconds, or undefined when the value is not understood.
 */
export function parseDuration(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let total = 0;
  let rest = text;
  const part = /^(\d+(?:\.\d+)?)(ms|h|m|s)/;
  while (rest.length > 0) {
    const match = part.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * (unit[match[2] as string] ?? 0);
    rest = rest.slice(match[0].length);
  }
  return total;
}

/** The longest wait a server's Retry-After imposes, so a bad header cannot stall a run or a command. */
export const RETRY_AFTER_CAP_MS = 60_000;

/**
 * How long the server asked us to wait: `retry-after-ms` (OpenAI, milliseconds) or `Retry-After`
 * (seconds or an HTTP date). Undefined when neither is present or parseable.
 */
export function parseRetryAfter(headers: HeaderSource | undefined, now = Date.now()): number | undefined {
  const ms = header(headers, "retry-after-ms");
  if (ms !== undefined && ms.trim() !== "") {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const after = header(headers, "retry-after");
  if (after === undefined || after.trim() === "") return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function count(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The x-ratelimit-* headers OpenAI (and compatible servers) send; undefined when there are none. */
export function parseRateLimitHeaders(headers: HeaderSource | undefined): RateLimitInfo | undefined {
  const info: RateLimitInfo = {};
  const set = <K extends keyof RateLimitInfo>(key: K, value: number | undefined) => {
    if (value !== undefined) info[key] = value;
  };
  set("limitRequests", count(header(headers, "x-ratelimit-limit-requests")));
  set("remainingRequests", count(header(headers, "x-ratelimit-remaining-requests")));
  set("resetRequestsMs", parseDuration(header(headers, "x-ratelimit-reset-requests")));
  set("limitTokens", count(header(headers, "x-ratelimit-limit-tokens")));
  set("remainingTokens", count(header(headers, "x-ratelimit-remaining-tokens")));
  set("resetTokensMs", parseDuration(header(headers, "x-ratelimit-reset-tokens")));
  return Object.keys(info).length ? info : undefined;
}

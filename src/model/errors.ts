import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { PATTERNS_ONLY, type Redactor } from "./redact.js";
import type { CallError, RateLimitInfo } from "./types.js";

/** What the failed response said about waiting (from its headers); used by the retry loop. */
export interface CallErrorDetails {
  /** Retry-After / retry-after-ms, in milliseconds. */
  retryAfterMs?: number;
  rateLimit?: RateLimitInfo;
}

/** A model call that failed (after any retries); `callError` says what kind of failure. */
export class ModelCallError extends Error {
  override readonly name = "ModelCallError";
  constructor(
    readonly endpoint: string,
    readonly callError: CallError,
    readonly details: CallErrorDetails = {},
  ) {
    const status = callError.status ? ` ${callError.status}` : "";
    super(`endpoint "${endpoint}": ${callError.kind}${status}: ${callError.message}`);
  }
}

const CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);

function byStatus(status: number): Pick<CallError, "kind" | "retryable"> {
  if (status === 429) return { kind: "rate_limit", retryable: true };
  if (status === 408) return { kind: "timeout", retryable: true };
  if (status >= 500) return { kind: "server", retryable: true };
  if (status === 401 || status === 403) return { kind: "auth", retryable: false };
  if (status === 400 || status === 422) return { kind: "bad_request", retryable: false };
  if (status === 404) return { kind: "not_found", retryable: false };
  // The SDK retries 409 (lock timeout), so it is transient too.
  return { kind: "other", retryable: status === 409 };
}

/** Error codes of an error and its causes (fetch wraps socket errors as `cause`). */
function codes(err: unknown): string[] {
  const out: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") out.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === "string" ? err : "unknown error";
}

/**
 * Sorts a failure into the kinds the runner and reports care about. Its message has passed the
 * redactor (providers echo keys in 401 bodies, proxies echo every header).
 */
export function classifyError(err: unknown, redactor: Redactor = PATTERNS_ONLY): CallError {
  if (err instanceof ModelCallError) return err.callError;
  const message = redactor.message(messageOf(err)).replace(/\s+/g, " ").trim();
  if (err instanceof APIUserAbortError)
    return { kind: "other", retryable: false, message: "request aborted" };
  if (err instanceof APIConnectionTimeoutError) return { kind: "timeout", retryable: true, message };
  if (err instanceof APIConnectionError) {
    const cause = codes(err).find((code) => CONNECTION_CODES.has(code));
    return { kind: "connection", retryable: true, message: cause ? `${message} (${cause})` : message };
  }
  if (err instanceof APIError && typeof err.status === "number") {
    // The SDK starts its messages with the status, which the record already holds.
    const text = message.replace(/^\d{3}\s+/, "");
    // OpenAI answers an exhausted balance with 429 too; waiting does not help there.
    if (err.status === 429 && err.code === "insufficient_quota")
      return { kind: "rate_limit", status: 429, retryable: false, message: text };
    return { ...byStatus(err.status), status: err.status, message: text };
  }
  const name = err instanceof Error ? err.name : "";
  if (name === "TimeoutError") return { kind: "timeout", retryable: true, message };
  if (name === "AbortError") return { kind: "other", retryable: false, message: "request aborted" };
  if (codes(err).some((code) => CONNECTION_CODES.has(code)) || /fetch failed|socket hang up/i.test(message)) {
    return { kind: "connection", retryable: true, message };
  }
  if (codes(err).includes("ETIMEDOUT")) return { kind: "timeout", retryable: true, message };
  return { kind: "other", retryable: false, message };
}

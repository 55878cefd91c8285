import { chance } from "./brain/chance.js";
import { SimError } from "./errors.js";

/** Per-request probabilities (0..1) of each fault; drawn from the seed and the request number. */
export interface FaultOptions {
  rate429?: number;
  rate5xx?: number;
  rateReset?: number;
  rateSlow?: number;
  /** Extra delay of a slow response (default 2,000 ms). */
  slowMs?: number;
  rateTruncate?: number;
  /** Sent as Retry-After and retry-after-ms on 429 and 5xx (default 0, so retrying tests stay fast). */
  retryAfterSeconds?: number;
}

export type FaultKind = "reset" | "429" | "5xx" | "truncate";

export interface FaultPlan {
  kind: FaultKind | null;
  /** 500 or 503 for a 5xx fault. */
  status: number;
  extraDelayMs: number;
}

const DEFAULT_SLOW_MS = 2000;

/** Deterministic for a seed and request order: request n always gets the same fate. */
export function planFault(options: FaultOptions, seed: number, requestNumber: number): FaultPlan {
  const draw = (what: string) => chance("fault", what, seed, requestNumber);
  const slow = draw("slow") < (options.rateSlow ?? 0);
  const plan: FaultPlan = {
    kind: null,
    status: 200,
    extraDelayMs: slow ? (options.slowMs ?? DEFAULT_SLOW_MS) : 0,
  };
  if (draw("reset") < (options.rateReset ?? 0)) plan.kind = "reset";
  else if (draw("429") < (options.rate429 ?? 0)) plan.kind = "429";
  else if (draw("5xx") < (options.rate5xx ?? 0)) {
    plan.kind = "5xx";
    plan.status = draw("5xx-status") < 0.5 ? 500 : 503;
  } else if (draw("truncate") < (options.rateTruncate ?? 0)) plan.kind = "truncate";
  return plan;
}

function retryHeaders(options: FaultOptions): Record<string, string> {
  const seconds = options.retryAfterSeconds ?? 0;
  return { "retry-after": String(Math.ceil(seconds)), "retry-after-ms": String(Math.round(seconds * 1000)) };
}

export function faultError(plan: FaultPlan, options: FaultOptions, model: string): SimError {
  const headers = retryHeaders(options);
  if (plan.kind === "429") {
    return new SimError(
      429,
      `Rate limit reached for ${model} in organization org-tunebench-sim on requests per min (RPM): Limit ${REQUEST_LIMIT}, Used ${REQUEST_LIMIT}, Requested 1. Please try again in ${options.retryAfterSeconds ?? 0}s.`,
      "requests",
      null,
      "rate_limit_exceeded",
      headers,
    );
  }
  const message =
    plan.status === 503
      ? "The server is overloaded or not ready yet."
      : "The server had an error while processing your request. Sorry about that!";
  return new SimError(plan.status, message, "server_error", null, null, headers);
}

export const REQUEST_LIMIT = 10_000;
export const TOKEN_LIMIT = 2_000_000;

/** A one-minute window of use, for plausible x-ratelimit-* headers. */
export class RateWindow {
  #start = Date.now();
  #requests = 0;
  #tokens = 0;

  headers(tokens: number): Record<string, string> {
    const now = Date.now();
    if (now - this.#start >= 60_000) {
      this.#start = now;
      this.#requests = 0;
      this.#tokens = 0;
    }
    this.#requests++;
    this.#tokens += tokens;
    const resetMs = Math.max(1, 60_000 - (now - this.#start));
    return {
      "x-ratelimit-limit-requests": String(REQUEST_LIMIT),
      "x-ratelimit-limit-tokens": String(TOKEN_LIMIT),
      "x-ratelimit-remaining-requests": String(Math.max(0, REQUEST_LIMIT - this.#requests)),
      "x-ratelimit-remaining-tokens": String(Math.max(0, TOKEN_LIMIT - this.#tokens)),
      "x-ratelimit-reset-requests": `${resetMs}ms`,
      "x-ratelimit-reset-tokens": `${resetMs}ms`,
    };
  }
}

// Failures no retry and no other request can fix: a rejected key (401/403), a model the endpoint
// does not have (404) and an exhausted quota (429 insufficient_quota). One of them on an endpoint
// means every further call there fails the same way, so the endpoint's breaker trips: calls in
// flight are abandoned, later ones are never sent, and the caller stops with one line that says
// what to fix, instead of recording thousands of failures that look like a measurement.
import { setMaxListeners } from "node:events";
import { InputError } from "../config/index.js";
import { classifyError, ModelCallError } from "./errors.js";
import { PATTERNS_ONLY, type Redactor } from "./redact.js";
import type { CallError, ChatClient, ChatRequest, ChatResponse } from "./types.js";

/** Whether a failure dooms every further call to the same endpoint. */
export function isFatal(error: CallError): boolean {
  const { status } = error;
  // classifyError marks only insufficient_quota as a 429 that waiting does not help.
  return status === 401 || status === 403 || status === 404 || (status === 429 && !error.retryable);
}

export interface EndpointFix {
  /** The environment variable holding the endpoint's key, if it has one. */
  keyVar?: string;
  /** The model asked for, when the failure names one. */
  model?: string;
}

/** What a person should check for a fatal failure on `endpoint`. */
export function fatalHint(endpoint: string, error: CallError, fix: EndpointFix): string {
  const key = fix.keyVar
    ? `check ${fix.keyVar}`
    : `set endpoints.${endpoint}.apiKeyEnv in the config to the variable that holds its key`;
  if (error.status === 401) return `${key} (the key is missing, wrong, revoked or expired)`;
  if (error.status === 403) return `${key}: it has no access to this model or project`;
  if (error.status === 404)
    return `check the model name${fix.model ? ` "${fix.model}"` : ""} and endpoints.${endpoint}.baseURL`;
  return `the account's quota is used up: add credit or raise its limit${fix.keyVar ? ` (key in ${fix.keyVar})` : ""}`;
}

/** An endpoint refused in a way no retry fixes; the CLI prints the message and exits 2. */
export class EndpointFatalError extends InputError {
  override readonly name = "EndpointFatalError";
  constructor(
    readonly endpoint: string,
    readonly callError: CallError,
    readonly hint: string,
  ) {
    const status = callError.status ? ` ${callError.status}` : "";
    super(`endpoint "${endpoint}" answered${status} (${callError.kind}: ${callError.message}): ${hint}`);
  }
}

/** One per endpoint, shared by its chat client and its embedder: the first fatal failure trips it. */
export class EndpointBreaker {
  private readonly controller = new AbortController();
  private error: EndpointFatalError | null = null;

  constructor(
    readonly endpoint: string,
    private readonly keyVar?: string,
  ) {
    // Every call in flight listens on it (withBreaker): as many listeners as the concurrency.
    setMaxListeners(0, this.controller.signal);
  }

  /** Aborted once the breaker trips: calls in flight on the endpoint give up. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get tripped(): EndpointFatalError | null {
    return this.error;
  }

  /** Throws when tripped, so nothing more is sent to a dead endpoint. */
  check(): void {
    if (this.error) throw this.error;
  }

  /**
   * Sorts out a failed call: trips on a fatal one, and turns any failure after the trip (an
   * abandoned call) into the trip's error; returns other failures to be thrown as they were.
   */
  fail(error: unknown, redactor: Redactor = PATTERNS_ONLY, model?: string): unknown {
    if (this.error) return this.error;
    const callError = error instanceof ModelCallError ? error.callError : classifyError(error, redactor);
    if (!isFatal(callError)) return error;
    const fix: EndpointFix = {
      ...(this.keyVar ? { keyVar: this.keyVar } : {}),
      ...(model ? { model } : {}),
    };
    this.error = new EndpointFatalError(this.endpoint, callError, fatalHint(this.endpoint, callError, fix));
    this.controller.abort(this.error);
    return this.error;
  }
}

/** A chat client that stops at its endpoint's breaker (place it above the limiter and its retries). */
export function withBreaker(inner: ChatClient, breaker: EndpointBreaker): ChatClient {
  return {
    endpoint: inner.endpoint,
    simulated: inner.simulated,
    async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
      breaker.check();
      if (!signal) {
        // The breaker's own signal: the limiter stops retrying once it aborts, and a chat client
        // made with it as its cut-off (openEndpoints) ends the calls in flight on its own.
        try {
          return await inner.complete(request, breaker.signal);
        } catch (error) {
          throw breaker.fail(error, PATTERNS_ONLY, request.model);
        }
      }
      // A caller's signal too: a signal of its own per call, so listeners the SDK adds (and never
      // removes) stay off the shared ones. Not AbortSignal.any: Node keeps such a signal alive while
      // its sources may still abort and a listener is on it, i.e. every call's signal and controller.
      const call = new AbortController();
      const sources = [signal, breaker.signal];
      const abort = (event: Event) => call.abort((event.target as AbortSignal).reason);
      if (signal) setMaxListeners(0, signal); // shared by the caller's calls in flight, as the breaker's is
      for (const source of sources) {
        if (source.aborted) call.abort(source.reason);
        else source.addEventListener("abort", abort, { once: true });
      }
      try {
        return await inner.complete(request, call.signal);
      } catch (error) {
        throw breaker.fail(error, PATTERNS_ONLY, request.model);
      } finally {
        for (const source of sources) source.removeEventListener("abort", abort);
      }
    },
  };
}

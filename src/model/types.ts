/** Everything needed to talk to one OpenAI-compatible endpoint (resolved by src/endpoints). */
export interface ResolvedEndpoint {
  name: string;
  baseURL: string;
  apiKey: string;
  headers: Record<string, string>;
  /** True for the built-in offline simulator: reports must say so. */
  simulated: boolean;
  /** Azure OpenAI: the api-version of every request (baseURL is then the resource). */
  azureApiVersion?: string;
}

export const ROLES = ["system", "developer", "user", "assistant", "tool"] as const;
export type Role = (typeof ROLES)[number];

export interface ChatMessage {
  role: Role;
  content: string;
  name?: string;
}

/** Token usage as the endpoint reported it. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's prompt cache (billed at the cached-input price). */
  cachedPromptTokens: number;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for one JSON object (response_format json_object): what judges answer in. */
  json?: boolean;
  /**
   * Which cache slot the request may use: the repeat index, so `--repeat N` gets N distinct
   * answers instead of one answer N times. Never sent to the endpoint.
   */
  cacheSlot?: number;
}

/** What x-ratelimit-* headers said about the endpoint's remaining budget (fields absent when not sent). */
export interface RateLimitInfo {
  limitRequests?: number;
  remainingRequests?: number;
  /** Milliseconds until the request budget is full again. */
  resetRequestsMs?: number;
  limitTokens?: number;
  remainingTokens?: number;
  resetTokensMs?: number;
}

export interface ChatResponse {
  text: string;
  usage: Usage;
  /** The model id the endpoint says answered. */
  model: string;
  latencyMs: number;
  /** Served from the response cache (or shared with an identical request in flight): not billed again. */
  cached?: boolean;
  /** How many attempts the call took (1 = no retry). */
  attempts?: number;
  /** The endpoint's rate-limit headers on this response; never cached. */
  rateLimit?: RateLimitInfo;
}

/** One OpenAI-compatible endpoint, as the harness talks to it. */
export interface ChatClient {
  readonly endpoint: string;
  readonly simulated: boolean;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
}

/** Classified failure of a model call: retryable ones were already retried (see `attempts`). */
export interface CallError {
  kind: "rate_limit" | "timeout" | "connection" | "server" | "auth" | "bad_request" | "not_found" | "other";
  status?: number;
  retryable: boolean;
  message: string;
  /** Attempts made before giving up (set by the rate limiter's retry loop). */
  attempts?: number;
}

export type Role = "system" | "developer" | "user" | "assistant" | "tool";

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
}

export interface ChatResponse {
  text: string;
  usage: Usage;
  /** The model id the endpoint says answered. */
  model: string;
  latencyMs: number;
}

/** One OpenAI-compatible endpoint, as the harness talks to it. */
export interface ChatClient {
  readonly endpoint: string;
  readonly simulated: boolean;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
}

/** Classified failure of a model call: retryable ones were already retried by the SDK. */
export interface CallError {
  kind: "rate_limit" | "timeout" | "connection" | "server" | "auth" | "bad_request" | "not_found" | "other";
  status?: number;
  retryable: boolean;
  message: string;
}

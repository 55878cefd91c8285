import { performance } from "node:perf_hooks";
import OpenAI from "openai";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { ResolvedEndpoint } from "./endpoints.js";
import { classifyError, ModelCallError } from "./errors.js";
import type { ChatClient, ChatRequest, ChatResponse, Usage } from "./types.js";

export interface ClientOptions {
  timeoutMs: number;
  maxRetries: number;
}

/** The raw SDK client for an endpoint (embeddings, files and fine-tuning use it directly). */
export function openaiFor(endpoint: ResolvedEndpoint, options: ClientOptions): OpenAI {
  return new OpenAI({
    baseURL: endpoint.baseURL,
    apiKey: endpoint.apiKey,
    defaultHeaders: endpoint.headers,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
}

/** Secrets to scrub from error messages for this endpoint. */
export function secretsOf(endpoint: ResolvedEndpoint): string[] {
  return [endpoint.apiKey, ...Object.values(endpoint.headers)];
}

// Reasoning models reject `max_tokens` and any temperature but the default.
const REASONING = /^(ft:)?(o\d|gpt-5)/;

function toParams(request: ChatRequest): ChatCompletionCreateParamsNonStreaming {
  const reasoning = REASONING.test(request.model);
  const params: ChatCompletionCreateParamsNonStreaming = {
    model: request.model,
    // Tool messages never reach here (no tool calls in the harness), so the shapes line up.
    messages: request.messages.map((m) =>
      m.name ? { ...m } : { role: m.role, content: m.content },
    ) as ChatCompletionMessageParam[],
  };
  if (request.temperature !== undefined && !reasoning) params.temperature = request.temperature;
  if (request.maxTokens !== undefined) {
    if (reasoning) params.max_completion_tokens = request.maxTokens;
    else params.max_tokens = request.maxTokens;
  }
  return params;
}

function toUsage(usage: OpenAI.CompletionUsage | undefined): Usage {
  return {
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
    cachedPromptTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/** A ChatClient over the openai SDK; the SDK handles timeouts and retries (429/5xx, Retry-After). */
export function createChatClient(endpoint: ResolvedEndpoint, options: ClientOptions): ChatClient {
  const client = openaiFor(endpoint, options);
  const secrets = secretsOf(endpoint);
  return {
    endpoint: endpoint.name,
    simulated: endpoint.simulated,
    async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
      const started = performance.now();
      try {
        const completion = await client.chat.completions.create(toParams(request), signal ? { signal } : {});
        return {
          text: completion.choices[0]?.message.content ?? "",
          usage: toUsage(completion.usage),
          model: completion.model || request.model,
          latencyMs: performance.now() - started,
        };
      } catch (err) {
        throw new ModelCallError(endpoint.name, classifyError(err, secrets));
      }
    },
  };
}

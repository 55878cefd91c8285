import { performance } from "node:perf_hooks";
import OpenAI, { APIError, AzureOpenAI } from "openai";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { classifyError, ModelCallError } from "./errors.js";
import { parseRateLimitHeaders, parseRetryAfter } from "./headers.js";
import { withRateLimit } from "./limiter.js";
import { createRedactor, endpointSecrets, type Redactor } from "./redact.js";
import { createKeepAliveFetch, redactingFetch } from "./transport.js";
import type { ChatClient, ChatRequest, ChatResponse, ResolvedEndpoint, Usage } from "./types.js";

export interface ClientOptions {
  /** Timeout of one attempt. */
  timeoutMs: number;
  /** Retries of retryable failures (429, 5xx, timeouts, resets), honouring Retry-After. */
  maxRetries: number;
  /** Takes secrets out of answers and error messages; default: the endpoint's own key and secret headers. */
  redactor?: Redactor;
  /** Ends the calls in flight when it aborts (the endpoint's breaker): see createKeepAliveFetch. */
  cutOff?: AbortSignal;
}

/** The redactor of a client: the one given, else one made from what the endpoint is sent. */
function redactorOf(endpoint: ResolvedEndpoint, options: ClientOptions): Redactor {
  return options.redactor ?? createRedactor(endpointSecrets(endpoint));
}

/**
 * The raw SDK client for an endpoint (embeddings, files and fine-tuning use it directly). Every
 * answer it reads has passed the redactor (src/model/transport.ts redactingFetch).
 */
export function openaiFor(
  endpoint: ResolvedEndpoint,
  options: ClientOptions,
  fetch?: typeof globalThis.fetch,
): OpenAI {
  const wire = fetch ?? ((input, init) => globalThis.fetch(input, init));
  const common = {
    fetch: redactingFetch(wire, redactorOf(endpoint, options).text),
    // Otherwise the SDK reads OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY from the
    // environment and sends them to every endpoint, including non-OpenAI ones (the admin key
    // even replaces the endpoint's own key in the Authorization header).
    organization: null,
    project: null,
    adminAPIKey: null,
    defaultHeaders: endpoint.headers,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  };
  // Azure OpenAI: {resource}/openai/..., ?api-version= on every request, the key in `api-key`,
  // and chat/embeddings sent to /deployments/{model}/... (the SDK's AzureOpenAI does all four).
  if (endpoint.azureApiVersion)
    return new AzureOpenAI({
      ...common,
      endpoint: endpoint.baseURL,
      apiVersion: endpoint.azureApiVersion,
      apiKey: endpoint.apiKey,
    });
  return new OpenAI({ ...common, baseURL: endpoint.baseURL, apiKey: endpoint.apiKey });
}

// Reasoning models reject `max_tokens` and any temperature but the default.
const REASONING = /^(ft:)?(o\d|gpt-5)/;

/** A request as the chat completions API takes it (a batch line's body too). */
export function chatParams(request: ChatRequest): ChatCompletionCreateParamsNonStreaming {
  const reasoning = REASONING.test(request.model);
  const params: ChatCompletionCreateParamsNonStreaming = {
    model: request.model,
    // Tool messages never reach here (no tool calls in the harness), so the shapes line up.
    messages: request.messages.map((m) =>
      m.name ? { ...m } : { role: m.role, content: m.content },
    ) as ChatCompletionMessageParam[],
  };
  if (request.temperature !== undefined && !reasoning) params.temperature = request.temperature;
  if (request.json) params.response_format = { type: "json_object" };
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

/** The answer in a chat completion body (a response's, or a batch output line's). */
export function completionResponse(completion: unknown, model: string, latencyMs: number): ChatResponse {
  const c = completion as OpenAI.ChatCompletion | null;
  // A 200 that is not a chat completion (a proxy's HTML page, say) will not improve on retry.
  if (typeof c !== "object" || c === null || !Array.isArray(c.choices)) {
    throw new Error(`the answer is not a chat completion: ${String(JSON.stringify(c)).slice(0, 200)}`);
  }
  return {
    text: c.choices?.[0]?.message?.content ?? "",
    usage: toUsage(c.usage),
    model: c.model || model,
    latencyMs,
  };
}

/**
 * A ChatClient for one OpenAI-compatible endpoint, through the openai SDK (one attempt per call;
 * over keep-alive sockets, src/model/transport.ts). Responses carry the x-ratelimit-* headers;
 * failures carry Retry-After. With `maxRetries` > 0 it retries through withRateLimit; the runner
 * passes 0 and composes its own limiter (budgets, retries) around it.
 */
export function createChatClient(endpoint: ResolvedEndpoint, options: ClientOptions): ChatClient {
  const redactor = redactorOf(endpoint, options);
  const sdk = openaiFor(
    endpoint,
    { timeoutMs: options.timeoutMs, maxRetries: 0, redactor },
    createKeepAliveFetch(options.cutOff),
  );
  const client: ChatClient = {
    endpoint: endpoint.name,
    simulated: endpoint.simulated,
    async complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
      const started = performance.now();
      try {
        // The cut-off is the transport's already; handed to the SDK, it would gain a listener per
        // call that the SDK never removes.
        const own = signal && signal !== options.cutOff ? { signal } : undefined;
        const { data: completion, response } = await sdk.chat.completions
          .create(chatParams(request), own)
          .withResponse();
        const rateLimit = parseRateLimitHeaders(response.headers);
        return {
          ...completionResponse(completion, request.model, performance.now() - started),
          ...(rateLimit ? { rateLimit } : {}),
        };
      } catch (err) {
        const details =
          err instanceof APIError && err.headers
            ? { retryAfterMs: parseRetryAfter(err.headers), rateLimit: parseRateLimitHeaders(err.headers) }
            : {};
        throw new ModelCallError(endpoint.name, classifyError(err, redactor), details);
      }
    },
  };
  return options.maxRetries > 0 ? withRateLimit(client, { maxRetries: options.maxRetries }) : client;
}

export {
  CACHE_KEY_PREFIX,
  type CachedClient,
  type CacheOptions,
  type CacheStats,
  cacheKey,
  diskCache,
  type ResponseStore,
  withCache,
} from "./cache.js";
export {
  type ClientOptions,
  chatParams,
  completionResponse,
  createChatClient,
  openaiFor,
} from "./client.js";
export { type CallErrorDetails, classifyError, ModelCallError } from "./errors.js";
export {
  EndpointBreaker,
  EndpointFatalError,
  type EndpointFix,
  fatalHint,
  isFatal,
  withBreaker,
} from "./fatal.js";
export {
  type HeaderSource,
  parseDuration,
  parseRateLimitHeaders,
  parseRetryAfter,
  RETRY_AFTER_CAP_MS,
} from "./headers.js";
export { embeddingInputTokens, limitedFetch } from "./limited-fetch.js";
export {
  type Clock,
  estimateRequestTokens,
  Limiter,
  type LimiterStats,
  type RateLimitedClient,
  type RateLimitOptions,
  withRateLimit,
} from "./limiter.js";
export {
  batchPrice,
  type CostBreakdown,
  costOfTokens,
  costOfUsage,
  PRICES,
  type PriceEntry,
  priceFor,
  trainingPriceFor,
  tunedBase,
} from "./pricing.js";
export {
  createRedactor,
  endpointRedactor,
  endpointSecrets,
  PATTERNS_ONLY,
  REDACTED,
  type Redactor,
  redactDeep,
  redactorFor,
} from "./redact.js";
export {
  type Retirement,
  retirementOf,
  retirementWarning,
} from "./retirements.js";
export { countChatTokens, countTokens, type Encoding, encodingFor, preloadEncoding } from "./tokens.js";
export { type TrainingCost, trainingCostOf } from "./training-cost.js";
export type {
  CallError,
  ChatClient,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  RateLimitInfo,
  ResolvedEndpoint,
  Role,
  Usage,
} from "./types.js";
export { ROLES } from "./types.js";

export { type ClientOptions, createChatClient, openaiFor, secretsOf } from "./client.js";
export {
  EndpointError,
  MissingKeyError,
  type ResolvedEndpoint,
  resolveEndpoint,
  SIM_ENDPOINT,
} from "./endpoints.js";
export { classifyError, ModelCallError, scrubSecrets } from "./errors.js";
export {
  type CostBreakdown,
  costOfTokens,
  costOfUsage,
  PRICES,
  type PriceEntry,
  priceFor,
  trainingPriceFor,
} from "./pricing.js";
export { countChatTokens, countTokens, type Encoding, encodingFor } from "./tokens.js";
export type { CallError, ChatClient, ChatMessage, ChatRequest, ChatResponse, Role, Usage } from "./types.js";

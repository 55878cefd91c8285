export { countChatTokens, countTokens, type Encoding, encodingFor } from "./tokens.js";
export type { CallError, ChatClient, ChatMessage, ChatRequest, ChatResponse, Role, Usage } from "./types.js";

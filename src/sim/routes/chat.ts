import { decode, encode } from "gpt-tokenizer/encoding/o200k_base";
import type { ChatMessage, Role } from "../../model/index.js";
import { countChatTokens, countTokens } from "../../model/index.js";
import { answerChat } from "../brain/base.js";
import { answerJudge } from "../brain/judge.js";
import { answerTuned } from "../brain/tuned.js";
import { badRequest, modelNotFound } from "../errors.js";
import { PromptCache } from "../prompt-cache.js";
import { jsonObject, type Route, type SimContext } from "../router.js";

const ROLES = new Set<Role>(["system", "developer", "user", "assistant", "tool"]);

/** Text parts of array content are joined; images and audio have no meaning to the simulator. */
function contentText(content: unknown, index: number): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === "object" && "text" in part ? String(part.text) : ""))
      .join("");
  }
  throw badRequest(
    `Invalid type for 'messages[${index}].content'.`,
    `messages[${index}].content`,
    "invalid_type",
  );
}

function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest(
      "'messages' must be a non-empty array.",
      "messages",
      value === undefined ? "missing_required_parameter" : "invalid_type",
    );
  }
  return value.map((raw, i) => {
    const m = (raw ?? {}) as Record<string, unknown>;
    const role = (m.role === "function" ? "tool" : m.role) as Role;
    if (!ROLES.has(role)) {
      throw badRequest(
        `Invalid value for 'messages[${i}].role': ${JSON.stringify(m.role)}.`,
        `messages[${i}].role`,
        "invalid_value",
      );
    }
    const message: ChatMessage = { role, content: contentText(m.content, i) };
    if (typeof m.name === "string") message.name = m.name;
    return message;
  });
}

function limitOf(body: Record<string, unknown>): number | undefined {
  const limit = body.max_completion_tokens ?? body.max_tokens;
  if (limit === undefined || limit === null) return undefined;
  if (!Number.isInteger(limit) || (limit as number) < 1) {
    throw badRequest("'max_tokens' must be a positive integer.", "max_tokens", "invalid_value");
  }
  return limit as number;
}

let completionCounter = 0;

/** A chat completion for a request body: the route's answer, and each line of a batch. */
export function chatCompletion(body: Record<string, unknown>, context: SimContext) {
  if (typeof body.model !== "string" || body.model === "") {
    throw badRequest("you must provide a model parameter", "model", "missing_required_parameter");
  }
  if (body.stream === true) {
    throw badRequest(
      "Streaming is not supported by the tunebench simulator; send the request with stream: false.",
      "stream",
      "unsupported_value",
    );
  }
  const model = context.models.get(body.model);
  if (!model) throw modelNotFound(body.model);
  if (model.kind !== "chat") {
    throw badRequest(
      `\`${model.id}\` is an embedding model and cannot be used with /v1/chat/completions.`,
      "model",
      "model_not_supported",
    );
  }
  const messages = parseMessages(body.messages);
  const limit = limitOf(body);
  const brain = { model: model.id, seed: context.settings.seed, degrade: context.settings.degrade };
  // A judge prompt (its marker, src/text/judge-protocol.ts) gets a verdict from any chat model.
  const verdict = answerJudge(messages);
  const answer =
    verdict !== null
      ? { text: verdict }
      : model.training
        ? answerTuned(messages, model.training, brain)
        : answerChat(messages, brain);

  let text = answer.text;
  let finishReason = "stop";
  const tokens = encode(text);
  if (limit !== undefined && tokens.length > limit) {
    text = decode(tokens.slice(0, limit));
    finishReason = "length";
  }
  const promptTokens = countChatTokens(messages);
  const completionTokens = countTokens(text);
  const cache = context.slot("chat.promptCache", () => new PromptCache());
  return {
    id: `chatcmpl-sim${(++completionCounter).toString(36).padStart(8, "0")}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: model.id,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, refusal: null, annotations: [] },
        finish_reason: finishReason,
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: cache.lookup(messages), audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: "default",
    system_fingerprint: `fp_sim${(context.settings.seed >>> 0).toString(16).padStart(8, "0")}`,
  };
}

export const chatRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/chat/completions",
    handle(request, context: SimContext) {
      return { json: chatCompletion(jsonObject(request), context) };
    },
  },
];

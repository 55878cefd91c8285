// One judge prompt sent k times through the run's chat client (cache -> limiter -> SDK): each
// sample its own cache slot, so `judgeRepeat: k` gets k answers, and a re-run gets them from the
// cache. What the calls cost is the evaluation's cost, never the strategy's.
import {
  type ChatMessage,
  type ChatRequest,
  classifyError,
  costOfUsage,
  EndpointFatalError,
  ModelCallError,
  priceFor,
} from "../../model/index.js";
import type { EvalCost } from "../../runlog/index.js";
import type { PromptMessages } from "../../text/index.js";
import type { ScoringModels } from "../types.js";

export interface JudgeAnswer {
  /** The judge's raw answer; null when the call failed. */
  raw: string | null;
  cached: boolean;
  /** Why the call failed (secrets already scrubbed). */
  failure?: string;
}

export function messagesOf(prompt: PromptMessages): ChatMessage[] {
  return [
    { role: "system", content: prompt.system },
    { role: "user", content: prompt.user },
  ];
}

/**
 * The request of sample `slot` of a judge prompt: what askJudge sends, and what a budget looks up
 * in the response cache before it leaves room for the call.
 */
export function judgeRequest(model: string, messages: ChatMessage[], slot: number): ChatRequest {
  return { model, messages, temperature: 0, json: true, cacheSlot: slot };
}

/** Sends the prompt `times` times (slots 0..times-1) and adds up what the calls cost. */
export async function askJudge(
  models: ScoringModels,
  judge: { endpoint: string; model: string },
  messages: ChatMessage[],
  times: number,
): Promise<{ answers: JudgeAnswer[]; cost: EvalCost }> {
  const client = models.chat(judge.endpoint);
  const price = priceFor(judge.model, models.prices);
  const cost: EvalCost = { calls: 0, cached: 0, total: 0, spent: 0 };
  const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  const answers = await Promise.all(
    Array.from({ length: times }, async (_, slot): Promise<JudgeAnswer> => {
      cost.calls++;
      try {
        const response = await client.complete(judgeRequest(judge.model, messages, slot));
        const dollars = costOfUsage(response.usage, price).total;
        cost.total = add(cost.total, dollars);
        if (response.cached) cost.cached++;
        else cost.spent = add(cost.spent, dollars);
        return { raw: response.text, cached: response.cached === true };
      } catch (error) {
        // A dead judge endpoint (rejected key, unknown model, no quota) stops the run like a dead
        // strategy endpoint: grading thousands of answers as "judge error" would hide it.
        if (error instanceof EndpointFatalError) throw error;
        const callError = error instanceof ModelCallError ? error.callError : classifyError(error);
        return { raw: null, cached: false, failure: `${callError.kind}: ${callError.message}` };
      }
    }),
  );
  return { answers, cost };
}

// What a judge's calls may cost, worked out before they are made, so `--max-cost` leaves room for
// them as it does for a strategy's call. The prompt is counted as the endpoint counts it; the
// verdict is one short JSON object ({"score"|"winner", "reason": one sentence}), assumed to stay
// within JUDGE_OUTPUT_TOKENS (judge calls set no max_tokens: a verdict cut short would not parse).
import type { Price } from "../config/index.js";
import type { ChatMessage } from "../model/index.js";
import { type Graded, gradeMessages, type ResolvedJudge } from "../scoring/index.js";
import { callCost, promptTokens } from "./estimate.js";

/** Output tokens a judge's verdict is assumed to stay within (several times a one-sentence reason). */
export const JUDGE_OUTPUT_TOKENS = 256;

/** The most one judge call with this prompt may cost, `extra` prompt tokens added; 0 when unpriced. */
export function judgeCallBound(
  judge: Pick<ResolvedJudge, "model">,
  messages: ChatMessage[],
  prices: Record<string, Price>,
  extra = 0,
): number {
  const prompt = promptTokens({ model: judge.model, messages }) + extra;
  return callCost(judge.model, { prompt, output: JUDGE_OUTPUT_TOKENS }, prices) ?? 0;
}

/** The most grading one answer may cost: `repeat` calls of the grading prompt (scorer-bound.ts: a trial's). */
export function gradingBound(
  judge: ResolvedJudge,
  graded: Graded,
  repeat: number,
  prices: Record<string, Price>,
): number {
  return repeat * judgeCallBound(judge, gradeMessages(judge, graded), prices);
}

// What a judge's calls may cost, worked out before they are made, so `--max-cost` leaves room for
// them as it does for a strategy's call. The prompt is counted as the endpoint counts it; the
// verdict is one short JSON object ({"score"|"winner", "reason": one sentence}), assumed to stay
// within JUDGE_OUTPUT_TOKENS (judge calls set no max_tokens: a verdict cut short would not parse).
import type { Price } from "../config/index.js";
import type { ChatMessage } from "../model/index.js";
import {
  type Graded,
  gradeMessages,
  type JudgingSettings,
  type ResolvedJudge,
  resolveJudge,
} from "../scoring/index.js";
import { callCost, promptTokens } from "./estimate.js";
import type { PlannedTrial } from "./plan.js";

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

/** The most grading one answer may cost: `repeat` calls of the grading prompt (`extra` tokens added). */
export function gradingBound(
  judge: ResolvedJudge,
  graded: Graded,
  repeat: number,
  prices: Record<string, Price>,
  extra = 0,
): number {
  return repeat * judgeCallBound(judge, gradeMessages(judge, graded), prices, extra);
}

/**
 * The most the judge scorer may spend grading a trial's answer (0 when its case has no judge):
 * `judging.repeat` calls of the grading prompt with the answer left out, plus the answer's bound
 * (`answerTokens`: the strategy's maxTokens, or its output bound). The answer is counted in the
 * strategy model's encoding; the judge's may differ, by a few percent on the same text (they are
 * BPE encodings of the same family), well inside the verdict's allowance.
 */
export function trialJudgeBound(
  trial: PlannedTrial,
  answerTokens: number,
  judging: JudgingSettings | undefined,
  prices: Record<string, Price>,
): number {
  const { suite, testCase } = trial;
  const judge = testCase.expect.refusal === true ? null : resolveJudge(judging, suite, testCase);
  if (!judge) return 0;
  const graded = { question: testCase.input, reference: testCase.expect.reference, answer: "" };
  return gradingBound(judge, graded, judging?.repeat ?? 1, prices, answerTokens);
}

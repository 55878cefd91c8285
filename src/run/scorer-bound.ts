// What a trial's scorers may spend on calls of their own, worked out before they are made, so
// `--max-cost` keeps room for them as for the strategy's call: the judge grading the answer, the
// agreement judge (`agreement: { mode: judge }`), and the API embedders of `expect.similar` and of
// agreement by similarity. Every prompt is known but the answer, which is counted as given (a
// cached answer) or at the answer's bound.
import { AGREEMENT_DEFAULTS, type EmbeddingConfig, type Price } from "../config/index.js";
import {
  type ChatRequest,
  costOfTokens,
  countTokens,
  type Encoding,
  encodingFor,
  priceFor,
} from "../model/index.js";
import {
  agreementJudge,
  agreementMode,
  type Graded,
  gradeMessages,
  type JudgingSettings,
  judgeRequest,
  type Reference,
  type ResolvedJudge,
  resolveJudge,
} from "../scoring/index.js";
import { judgeCallBound } from "./judge-bound.js";
import type { PlannedTrial } from "./plan.js";

/** The answer scored: its text (a cached one), or at most `tokens` of `model`'s (one not given yet). */
export type Answer = { text: string } | { tokens: number; model: string };

/**
 * One call a scorer will make and the most it may cost: a judge's sample, or one embedding request.
 * `bound` counts tokens when first asked: a budget asks the caches first and bounds only the calls
 * they do not hold (a cached answer's judge prompt holds the whole answer).
 */
export type ScorerCallBound = { bound(): number } & (
  | { endpoint: string; request: ChatRequest }
  | { embedding: Exclude<EmbeddingConfig, "local">; texts: string[] }
);

/**
 * The answer's tokens in `encoding`. A bound counted in another encoding is doubled: encodings of
 * one family differ by a few percent on English, by up to about half on CJK text.
 */
function answerTokens(answer: Answer, encoding: Encoding): number {
  if ("text" in answer) return countTokens(answer.text, encoding);
  return encodingFor(answer.model) === encoding ? answer.tokens : 2 * answer.tokens;
}

/** `f`'s value, worked out on the first call only (a judge's repeats share one prompt). */
function once(f: () => number): () => number {
  let value: number | undefined;
  return () => {
    value ??= f();
    return value;
  };
}

function judgeCalls(
  judge: ResolvedJudge,
  graded: Omit<Graded, "answer">,
  answer: Answer,
  repeat: number,
  prices: Record<string, Price>,
) {
  const messages = gradeMessages(judge, { ...graded, answer: "text" in answer ? answer.text : "" });
  const bound = once(() => {
    const extra = "text" in answer ? 0 : answerTokens(answer, encodingFor(judge.model));
    return judgeCallBound(judge, messages, prices, extra);
  });
  return Array.from({ length: repeat }, (_, slot) => ({
    bound,
    endpoint: judge.endpoint,
    request: judgeRequest(judge.model, messages, slot),
  }));
}

/** Embedding the answer beside `other` (the API embedder replaces an empty text by one token). */
function embedCall(embedding: EmbeddingConfig, other: string, answer: Answer, prices: Record<string, Price>) {
  if (embedding === "local") return [];
  const bound = once(() => {
    const encoding = encodingFor(embedding.model);
    const tokens = Math.max(1, answerTokens(answer, encoding)) + Math.max(1, countTokens(other, encoding));
    return costOfTokens(tokens, priceFor(embedding.model, prices)?.input) ?? 0;
  });
  return [{ bound, embedding, texts: ["text" in answer ? answer.text : "", other] }];
}

/** The calls the scorers of `trial` may make for `answer` (`reference`: the recorded model's answer). */
export function trialScorerCalls(
  trial: PlannedTrial,
  answer: Answer,
  judging: JudgingSettings | undefined,
  prices: Record<string, Price>,
  reference: Reference | undefined,
): ScorerCallBound[] {
  const { suite, testCase } = trial;
  const repeat = judging?.repeat ?? 1;
  const question = testCase.input;
  const calls: ScorerCallBound[] = [];
  // The judge scorer leaves out-of-domain probes to the refusal check.
  const judge = testCase.expect.refusal === true ? null : resolveJudge(judging, suite, testCase);
  if (judge)
    calls.push(
      ...judgeCalls(judge, { question, reference: testCase.expect.reference }, answer, repeat, prices),
    );
  const similar = testCase.expect.similar;
  if (similar)
    calls.push(
      ...embedCall(
        judging?.embedding ?? "local",
        similar.to ?? testCase.expect.reference ?? "",
        answer,
        prices,
      ),
    );
  if (!reference) return calls;
  const mode = agreementMode(judging?.agreement, suite);
  if (mode === "judge")
    calls.push(
      ...judgeCalls(
        agreementJudge(judging),
        { question, reference: reference.output },
        answer,
        repeat,
        prices,
      ),
    );
  if (mode === "similar")
    calls.push(
      ...embedCall((judging?.agreement ?? AGREEMENT_DEFAULTS).embedding, reference.output, answer, prices),
    );
  return calls;
}

/** The most these calls may cost together. */
export const boundOf = (calls: readonly ScorerCallBound[]): number =>
  calls.reduce((sum, c) => sum + c.bound(), 0);

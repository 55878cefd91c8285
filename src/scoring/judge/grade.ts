// A judge grading one answer by its rubric: the prompt (src/text/judge-protocol.ts), k samples,
// each verdict parsed strictly. An answer that does not parse, or a call that failed, is a judge
// error: recorded with `error: true` and never counted as a failed case.
import type { ChatMessage } from "../../model/index.js";
import { gradePrompt, parseGrade } from "../../text/index.js";
import type { ScoreResult, ScoringModels } from "../types.js";
import { truncate } from "../util.js";
import { askJudge, messagesOf } from "./ask.js";
import type { ResolvedJudge } from "./resolve.js";

export interface GradeSample {
  raw: string | null;
  cached: boolean;
  /** On the judge's scale; absent when the verdict did not parse. */
  score?: number;
  reason: string;
  error?: true;
}

export interface Graded {
  question: string;
  reference?: string | undefined;
  answer: string;
}

/** What the judge is sent to grade `graded` (a budget counts its tokens before the call). */
export function gradeMessages(judge: ResolvedJudge, graded: Graded): ChatMessage[] {
  return messagesOf(
    gradePrompt({
      rubric: judge.rubric,
      question: graded.question,
      ...(graded.reference === undefined ? {} : { reference: graded.reference }),
      answer: graded.answer,
      scale: judge.scale,
    }),
  );
}

const formatScore = (n: number) => String(Math.round(n * 100) / 100);

/** Grades `answer` `times` times; the score is the mean of the parsed grades, normalised to 0..1. */
export async function gradeAnswer(
  models: ScoringModels | undefined,
  judge: ResolvedJudge,
  graded: Graded,
  times: number,
): Promise<ScoreResult> {
  const [low, high] = judge.scale;
  const prompt = gradeMessages(judge, graded);
  const setting = { endpoint: judge.endpoint, model: judge.model, scale: judge.scale, pass: judge.pass };
  if (!models)
    return {
      error: true,
      reason: `judge error: no model access here (the judge on ${judge.endpoint} needs the run's endpoints)`,
      details: { ...setting, prompt },
    };
  const { answers, cost } = await askJudge(models, judge, prompt, times);
  const samples: GradeSample[] = answers.map((a) => {
    if (a.raw === null)
      return { raw: null, cached: a.cached, reason: `call failed: ${a.failure}`, error: true };
    const parsed = parseGrade(a.raw, judge.scale);
    return parsed.ok
      ? { raw: a.raw, cached: a.cached, score: parsed.value.score, reason: parsed.value.reason }
      : { raw: a.raw, cached: a.cached, reason: `unparseable verdict (${parsed.error})`, error: true };
  });
  const scores = samples.flatMap((s) => (s.score === undefined ? [] : [s.score]));
  const details = { ...setting, prompt, samples };
  if (scores.length === 0) {
    const first = samples[0];
    const raw =
      first?.raw === null || first?.raw === undefined ? "" : `: ${JSON.stringify(truncate(first.raw, 60))}`;
    return { error: true, reason: `judge error: ${first?.reason ?? "no verdict"}${raw}`, details, cost };
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const firstReason = samples.find((s) => s.score !== undefined)?.reason ?? "";
  const of = scores.length > 1 ? ` (mean of ${scores.length} grades)` : "";
  return {
    pass: mean >= judge.pass,
    score: (mean - low) / (high - low),
    reason: `${formatScore(mean)}/${high}${of}, pass ≥ ${judge.pass}: ${truncate(firstReason, 120)}`,
    details: { ...details, mean },
    cost,
  };
}

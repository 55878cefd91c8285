import type { Case } from "../config/index.js";
import { EndpointFatalError } from "../model/index.js";
import type { Score, ScoreContext, ScorerSet, Verdict } from "./types.js";

/** The trial's verdict from its scores (pure: re-scoring and a fresh run agree by construction). */
export function deriveVerdict(scores: readonly Score[], testCase: Case, scorers: ScorerSet): Verdict {
  const decided = scores.filter((s) => s.pass !== undefined && !s.error);
  const roleOf = (s: Score) => scorers[s.scorer]?.role ?? "correctness";
  const format = decided.filter((s) => roleOf(s) === "format");
  const correctness = decided.filter((s) => roleOf(s) === "correctness");
  const formatOk = format.length === 0 ? null : format.every((s) => s.pass);
  // A case with no expectation passes exactly when its format does: the shape is then the whole
  // task. With neither, it passes vacuously.
  const pass = correctness.length > 0 ? correctness.every((s) => s.pass) : (formatOk ?? true);
  const probe = testCase.expect.refusal === true;
  const refusal = scores.find((s) => s.scorer === "refusal");
  return { formatOk, pass, hallucinated: probe ? refusal?.pass !== true : null };
}

/**
 * Runs every scorer of the set on one answer and derives the verdict. A scorer that throws is a
 * scorer error, kept with its message and never counted as a failed case.
 */
export async function scoreAnswer(
  output: string,
  testCase: Case,
  context: ScoreContext,
  scorers: ScorerSet,
): Promise<{ scores: Score[]; verdict: Verdict }> {
  const scores: Score[] = [];
  for (const [name, { score }] of Object.entries(scorers)) {
    try {
      const result = await score(output, testCase, context);
      if (result) scores.push({ ...result, scorer: name });
    } catch (error) {
      // A dead endpoint behind a scorer (a judge's) stops the run; anything else is this scorer's error.
      if (error instanceof EndpointFatalError) throw error;
      scores.push({ scorer: name, error: true, reason: `scorer failed: ${(error as Error).message}` });
    }
  }
  return { scores, verdict: deriveVerdict(scores, testCase, scorers) };
}

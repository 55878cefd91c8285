import { scoreExpect } from "./expect.js";
import { scoreFormat } from "./format.js";
import { scoreRefusal } from "./refusal.js";
import type { Score, ScoreInput, Verdict } from "./types.js";

/**
 * Runs every applicable scorer and derives the trial's verdict.
 *
 * Out-of-domain probes (expect.refusal === true) are judged on refusing alone: format is not
 * scored, because "I don't know" is not supposed to be JSON and would otherwise count against the
 * very behaviour the probe rewards.
 *
 * A case with no expectations at all (`expect: {}`) passes exactly when its format does: getting
 * the shape right is then the whole task. With neither, it passes vacuously.
 */
export function scoreOutput(input: ScoreInput): { scores: Score[]; verdict: Verdict } {
  const { output, testCase, outputSpec } = input;
  const probe = testCase.expect.refusal === true;

  const format = probe ? null : scoreFormat(output, outputSpec);
  const expect = scoreExpect(output, testCase.expect);
  const refusal = scoreRefusal(output, testCase.expect);

  const scores = [format, expect, refusal].filter((s): s is Score => s !== null);
  const correctness = [expect, refusal].filter((s): s is Score => s !== null);
  const formatOk = format === null ? null : format.pass;
  const pass = correctness.length > 0 ? correctness.every((s) => s.pass) : (formatOk ?? true);

  return {
    scores,
    verdict: { formatOk, pass, hallucinated: probe ? refusal?.pass !== true : null },
  };
}

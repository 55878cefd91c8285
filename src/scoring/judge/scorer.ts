import type { Scorer } from "../types.js";
import { gradeAnswer } from "./grade.js";
import { resolveJudge } from "./resolve.js";

/**
 * The `judge` scorer: the case's judge grades the answer by its rubric (against expect.reference
 * when the case has one). Out-of-domain probes are judged on refusing alone, as format is: a good
 * "I don't know" would otherwise fail a style rubric.
 */
export const judgeScorer: Scorer = (output, testCase, context) => {
  if (testCase.expect.refusal === true) return null;
  const judge = resolveJudge(context.judging, context.suite, testCase);
  if (!judge) return null;
  return gradeAnswer(
    context.models,
    judge,
    { question: testCase.input, reference: testCase.expect.reference, answer: output },
    context.judging?.repeat ?? 1,
  );
};

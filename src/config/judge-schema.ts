// A judge: a model that grades answers by a rubric. Set once for the project (eval.config.yaml
// `judge:`), per suite, and per case; the layers merge field by field, the innermost winning.
import { z } from "zod";
import { MAX } from "./limits.js";
import { nonEmpty, share } from "./primitives.js";

const point = z.int().min(-MAX.judgeScale).max(MAX.judgeScale);

export const ScaleSchema = z
  .tuple([point, point])
  .describe("the judge's scale: [lowest, highest] whole score, e.g. [1, 5] (default) or [0, 1]");

const judgeFields = {
  endpoint: nonEmpty
    .optional()
    .describe("name of an entry in `endpoints`, or `sim` (the simulator's deterministic judge); default sim"),
  model: nonEmpty
    .optional()
    .describe("the judge's model id; required on a real endpoint (on sim: sim-judge)"),
  rubric: nonEmpty
    .optional()
    .describe("what a good answer is, in plain words; the judge scores each answer against it"),
  scale: ScaleSchema.optional(),
  pass: z
    .number()
    .min(-MAX.judgeScale)
    .max(MAX.judgeScale)
    .optional()
    .describe("lowest score on the scale that passes (default: 70% of the way up, rounded up)"),
};

export const JudgeSchema = z
  .strictObject(judgeFields)
  .describe("A model that grades answers by a rubric (structured output: score on the scale and a reason)");

export const SuiteJudgeSchema = z
  .strictObject({
    ...judgeFields,
    pairwise: z
      .union([z.literal(true), z.array(z.tuple([nonEmpty, nonEmpty])).min(1)])
      .optional()
      .describe(
        "after the trials, compare two strategies' answers to each case, judged twice with the positions swapped: a list of [candidate, other] strategy names, or true for every pair that ran",
      ),
  })
  .describe("The suite's judge: grades every answer (out-of-domain probes aside) by the rubric");

/** A human's grade of an answer: pass, fail, or a score on the judge's scale. */
export const LabelSchema = z
  .strictObject({
    answer: nonEmpty.describe("an answer to the case, as a model might give it"),
    label: z
      .union([z.enum(["pass", "fail"]), z.number().min(-MAX.judgeScale).max(MAX.judgeScale)])
      .describe("the human's grade: pass, fail, or a score on the judge's scale"),
  })
  .describe("A labelled answer: the judge grades it too, for judge-human agreement (Cohen's kappa)");

export const SimilarSchema = z
  .strictObject({
    to: nonEmpty.optional().describe("the text to compare with (default: expect.reference)"),
    min: share.describe("lowest cosine similarity (0..1) that passes"),
  })
  .describe("embedding cosine similarity of the answer to a reference text");

export type Judge = z.infer<typeof JudgeSchema>;
export type SuiteJudge = z.infer<typeof SuiteJudgeSchema>;
export type Label = z.infer<typeof LabelSchema>;
export type Similar = z.infer<typeof SimilarSchema>;
export type Scale = z.infer<typeof ScaleSchema>;

export const DEFAULT_SCALE: Scale = [1, 5];

/** The judge fields in force: later layers (suite, then case) override earlier ones field by field. */
export function mergeJudge(...layers: (Judge | undefined)[]): Judge {
  const merged: Judge = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of ["endpoint", "model", "rubric", "scale", "pass"] as const)
      if (layer[key] !== undefined) Object.assign(merged, { [key]: layer[key] });
  }
  return merged;
}

/** 70% of the way up the scale, rounded up: 4 on [1, 5], 1 on [0, 1], 8 on [1, 10]. */
export function defaultPass([low, high]: Scale): number {
  return Math.ceil(low + 0.7 * (high - low) - 1e-9);
}

/** Whether a human label passes, on the judge's pass mark when it is a score. */
export function labelPasses(label: Label["label"], pass: number): boolean {
  return typeof label === "number" ? label >= pass : label === "pass";
}

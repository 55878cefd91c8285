// Judgments made after the trials, from the log: a pairwise judge comparing two strategies' answers
// to a case, and the judge's grade of an answer a human labelled. One line each in trials.jsonl,
// beside the trials they read; the one reader collects them (a later line for the same key wins).
import { z } from "zod";
import { ROLES } from "../model/types.js";
import { EvalCostShape, ScoreShape } from "./record.js";

export const JUDGMENT_SCHEMA = "tunebench.judgment/1" as const;

const JudgeRefShape = z.object({ endpoint: z.string(), model: z.string() });

/** One of the two orders a pair is shown in. */
export const PairVoteShape = z.object({
  /** The strategy shown as answer A. */
  first: z.string(),
  /** What the judge said; null when its answer did not parse or the call failed. */
  winner: z.enum(["A", "B", "tie"]).nullable(),
  reason: z.string(),
  prompt: z.array(z.object({ role: z.enum(ROLES), content: z.string() })),
  /** The judge's raw answer; null when the call failed. */
  raw: z.string().nullable(),
  cached: z.boolean(),
});

const common = {
  schema: z.literal(JUDGMENT_SCHEMA),
  runId: z.string(),
  suite: z.string(),
  caseId: z.string(),
  judge: JudgeRefShape,
  startedAt: z.string(),
};

export const PairJudgmentShape = z.object({
  ...common,
  kind: z.literal("pairwise"),
  repeat: z.int().nonnegative(),
  /** The two strategies compared: [candidate, other]. */
  strategies: z.tuple([z.string(), z.string()]),
  /**
   * From the candidate's side, the two orders' votes summed: win, loss or tie (one order's win and
   * the other's loss cancel: that is position bias). null when either order had no verdict.
   */
  outcome: z.enum(["win", "loss", "tie"]).nullable(),
  /** Both orders named the same strategy (or both a tie); null when either had no verdict. */
  consistent: z.boolean().nullable(),
  votes: z.array(PairVoteShape),
  cost: EvalCostShape,
});

export const LabelJudgmentShape = z.object({
  ...common,
  kind: z.literal("labelled"),
  /** Index of the answer in the case's `labels`. */
  index: z.int().nonnegative(),
  answer: z.string(),
  label: z.union([z.enum(["pass", "fail"]), z.number()]),
  /** The human's label as pass/fail, on the judge's pass mark when the label is a score. */
  humanPass: z.boolean(),
  /** The judge's grade of the labelled answer, as it grades a trial's. */
  score: ScoreShape,
});

export const JudgmentRecordShape = z.discriminatedUnion("kind", [PairJudgmentShape, LabelJudgmentShape]);

export type PairVote = z.infer<typeof PairVoteShape>;
export type PairJudgment = z.infer<typeof PairJudgmentShape>;
export type LabelJudgment = z.infer<typeof LabelJudgmentShape>;
export type JudgmentRecord = z.infer<typeof JudgmentRecordShape>;

import type { Case, OutputSpec } from "../config/schema.js";

/** What one scorer concluded about one output. */
export interface Score {
  scorer: "format" | "expect" | "refusal" | "judge";
  pass: boolean;
  reason: string;
  /** Optional graded value in [0, 1]. */
  value?: number;
}

export interface ScoreInput {
  output: string;
  testCase: Case;
  outputSpec: OutputSpec;
}

/** A scorer returns null when it has nothing to say about this case (e.g. no format requirement). */
export interface Scorer {
  readonly name: Score["scorer"];
  score(input: ScoreInput): Score | null;
}

/** The verdict of a trial derived from its scores. */
export interface Verdict {
  /** null when the task sets no format requirement. */
  formatOk: boolean | null;
  /** Correctness: expectations met (for out-of-domain probes: it refused). */
  pass: boolean;
  /** Out-of-domain probes only: answered instead of refusing. null for in-domain cases. */
  hallucinated: boolean | null;
}

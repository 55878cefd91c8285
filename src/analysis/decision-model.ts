// The decision part of the report model: comparisons in the one vocabulary, the primary questions,
// the decision lines, the method and the repeats. Documented in docs/report-schema.md "Decisions".
import type { Decision, RepeatStats } from "../stats/index.js";

/**
 * A candidate against a reference on the same cases, case by case: with `--repeat k` a case's
 * repeats are one cluster (its share of passing repeats), so n counts cases, never repeats.
 */
export interface Comparison {
  /** Cases where both sides answered. */
  n: number;
  /** Cases left out because every call of either side failed. */
  excluded: number;
  /** Cases where the candidate did better (one repeat: the reference failed, the candidate passed). */
  fixed: number;
  /** Cases where the candidate did worse (one repeat: the reference passed, the candidate failed). */
  broke: number;
  /** Mean squared case difference: with one repeat the share of cases that flipped (power uses it). */
  discordance: number;
  /** Two-sided, unadjusted: McNemar's exact test; with repeats the sign-flip test of the case differences. */
  p: number;
  /** Candidate minus reference pass rate; Newcombe's interval at 1 − α (95 %), clustered by case. */
  diff: { value: number; low: number; high: number };
  /** The same at 1 − 2α (90 %): the interval equivalence and non-inferiority read. */
  equivalence: { low: number; high: number };
  /**
   * With repeats (k > 1): how much of the discordance is repeat-to-repeat noise, the variance of
   * the case differences that k repeats leave (it shrinks as 1/k); null with one repeat.
   */
  repeatNoise: { k: number; variance: number } | null;
}

/**
 * The primary questions, each a family Holm-corrected on its own, per suite: which strategy is
 * best (the top one against each other), each tuned strategy against the best untuned one, on
 * canary suites each tuned strategy against its base model untuned (did it forget?), and against
 * a baseline run each strategy against itself (did it regress?).
 */
export type QuestionKind = "best" | "tuned" | "forgetting" | "regression";

/** How small a drop the comparison could detect: McNemar's power (Connor 1987) at its n. */
export interface Power {
  /** Smallest drop in pass rate found with `power` at `alpha`; null when no drop could be. */
  detectableDrop: number | null;
  /** The discordance it assumes: the observed one, or `assumedDiscordance` when no case flipped. */
  discordance: number;
  assumed: boolean;
}

export interface Question extends Comparison {
  suite: string;
  canary: boolean;
  kind: QuestionKind;
  candidate: string;
  /** For "regression": the same strategy in the baseline run. */
  reference: string;
  /** Comparisons sharing the Holm correction (of the deciding family). */
  familySize: number;
  pAdjusted: number;
  decision: Decision;
  /** The question whose family decided the pair: this one, or a more specific one asking the same pair. */
  decidedBy: QuestionKind;
  power: Power;
  /** What was compared and why this pair, e.g. "tuned vs baseline (sim-base untuned)". */
  label: string;
}

/** The decision first: per suite, one line each, before any table. */
export interface SuiteDecision {
  suite: string;
  canary: boolean;
  /** The strategy to use; null when none answered. */
  use: string | null;
  /** Which strategy to use and why. */
  useText: string;
  /** Whether fine-tuning pays off: after how many calls and days, or why not. */
  tuningText: string;
  /** Whether the tuned model (or, against a baseline run, any strategy) regressed, and how strong the evidence is. */
  regressionText: string;
  /** A forgetting or regression question of this suite was decided "worse". */
  regressed: boolean;
}

/** What the decisions were made with (config `decisions:`, defaults α 0.05, margin 0.05). */
export interface DecisionMethod {
  alpha: number;
  margin: number;
  /** The power the detectable drops are stated at. */
  power: number;
  /** Stands in for the discordance when no case flipped. */
  assumedDiscordance: number;
}

/** `--repeat k`: a suite × strategy's repeats, each case one cluster. */
/** pass@k, pass^k and flakiness of one suite × strategy (RepeatStats: src/stats/repeats.ts). */
export interface RepeatGroup extends RepeatStats {
  suite: string;
  strategy: string;
  canary: boolean;
  /** The mean of the cases' pass shares with its clustered interval: Wilson at the effective n. */
  pass: { rate: number; low: number; high: number; effectiveN: number };
  /** Every case: passed of answered repeats and its flip rate (the minority's share), flaky ones first. */
  caseFlips: { caseId: string; passed: number; answered: number; flipRate: number }[];
}

// The report model: everything a reporter renders, computed from run logs alone by analyzeRun().
// Serialised as reports/<run-id>/report.json; documented field by field in docs/report-schema.md.
// Additive changes keep "tunebench.report/1"; renaming or removing a field bumps the version.

import type { Gate } from "../config/index.js";
import type { CallError } from "../model/index.js";
import type { EvalCost, RunHeader } from "../runlog/index.js";
import type { Decision } from "../stats/index.js";
import type {
  Comparison,
  DecisionMethod,
  Question,
  QuestionKind,
  RepeatGroup,
  SuiteDecision,
} from "./decision-model.js";
import type { MigrationView } from "./migration.js";
import type { RetirementNotice } from "./retirements.js";
import type { RunSummary } from "./summary.js";

export type * from "./decision-model.js";

export const REPORT_SCHEMA = "tunebench.report/2" as const;

/** One trial's identity within its suite and strategy: a case id and which repetition (0-based). */
export interface CaseRef {
  caseId: string;
  repeat: number;
}

/** Two strategies of one suite on the same cases, the more elaborate one as candidate. */
export interface PairComparison extends Comparison {
  suite: string;
  canary: boolean;
  candidate: string;
  reference: string;
  /** The primary questions this pair answers; empty: exploratory (decided on its unadjusted p). */
  questions: QuestionKind[];
  /** Holm-adjusted within its question's family (the most specific one when it answers two); null when exploratory. */
  pAdjusted: number | null;
  decision: Decision;
  /** The graded scorers (judge, similar, custom scores) compared on the same cases. */
  graded: GradedComparison[];
}

/**
 * A graded score (0..1: a judge's grade normalised from its scale, a similarity) of two strategies
 * on the same cases, repeats averaged per case first.
 */
export interface GradedComparison {
  scorer: string;
  /** Cases both sides have a grade for. */
  n: number;
  /** Candidate mean minus reference mean, with a seeded paired-bootstrap 95 % interval (0..1 units). */
  diff: { value: number; low: number; high: number };
  /** The 90 % interval equivalence reads (bootstrap; ±3/n around the difference when it has no spread). */
  equivalence: { low: number; high: number };
  /** The judge's scale when every grade used the same one: the diff reads as points on it. */
  scale: [number, number] | null;
  /** Two-sided Wilcoxon signed-rank p (exact up to 200 non-zero differences). */
  p: number;
  /** Holm-adjusted across every graded comparison of the run. */
  pAdjusted: number;
  /** The one vocabulary on pAdjusted and the equivalence interval (±decisions.margin of the 0..1 scale). */
  decision: Decision;
}

/** One graded scorer's results for one suite × strategy. */
export interface GradeRow {
  suite: string;
  canary: boolean;
  strategy: string;
  scorer: string;
  /** Cases with a grade (repeats averaged per case), errors excluded. */
  n: number;
  /** Mean grade 0..1 over cases, with a seeded bootstrap 95 % interval. */
  mean: number;
  low: number;
  high: number;
  /** The judge's scale when every grade used the same one (mean × (high − low) + low reads on it). */
  scale: [number, number] | null;
  /** Share of graded answers that passed (null when the scorer gives no pass). */
  passRate: number | null;
  /** Answers the scorer could not grade (an unparseable verdict, a failed call): never failures. */
  errors: number;
}

/** Pairwise judge results of one pair of strategies in one suite. */
export interface PairwiseRow {
  suite: string;
  canary: boolean;
  candidate: string;
  other: string;
  judge: string;
  /** Cases judged in both orders. */
  n: number;
  wins: number;
  losses: number;
  ties: number;
  /** Cases without a verdict in either order. */
  errors: number;
  /** Share of the n where both orders agreed: a judge without position bias is near 1. */
  consistent: number | null;
  /** Exact two-sided sign test of wins against losses (ties left out). */
  p: number;
  /** The one vocabulary: better / worse (p < α), equivalent (the 90 % interval of wins − losses over n inside ±margin), inconclusive. */
  decision: Decision;
}

/** How far the judges of one suite can be trusted. */
export interface JudgeAgreement {
  suite: string;
  /** endpoint/model of the judges that graded. */
  judges: string[];
  /** Against human labels: Cohen's kappa on pass/fail. null: no labelled answer judged. */
  human: {
    n: number;
    kappa: number | null;
    observed: number;
    /** Labelled answers where judge and human disagree: "case#label". */
    disagreements: string[];
  } | null;
  /** judgeRepeat k > 1: share of answers whose k grades were all the same score, and all the same verdict. */
  self: { answers: number; k: number; sameScore: number; sameVerdict: number } | null;
}

/** Model-graded results: grades, pairwise verdicts, judge reliability and what judging cost. */
export interface JudgingReport {
  grades: GradeRow[];
  pairwise: PairwiseRow[];
  agreement: JudgeAgreement[];
  /**
   * The evaluation's cost, apart from the strategies' $/call: every scorer's own calls (judges,
   * API embeddings) and the judgments made after the trials.
   */
  cost: { total: EvalCost; scorers: EvalCost; pairwise: EvalCost; labelled: EvalCost };
  /** E.g. a judge that agrees with human labels below κ 0.6, judge errors. */
  warnings: string[];
}

export interface BaselineGroup {
  suite: string;
  strategy: string;
  /**
   * The baseline's strategy these cases are compared with, when it is another: a canary check of
   * a tuned model per task (`tuned@triage`) against the one tuned model the baseline ran (`tuned`).
   */
  baselineStrategy?: string;
  canary: boolean;
  /**
   * Cases in both runs where both answered (a case's repeats one cluster): the n of the
   * statistics. Only these are compared: a case without an answer on either side says nothing.
   */
  matched: number;
  /** Cases in both runs left out of the comparison because every call of either side failed. */
  excluded: number;
  /** (case id, repeat) that passed in the baseline and fail now. */
  regressions: CaseRef[];
  /** Failed in the baseline, pass now. */
  fixes: CaseRef[];
  /** Only in this run. */
  added: CaseRef[];
  /** Only in the baseline. */
  removed: CaseRef[];
  /** Right format in the baseline, wrong format now. */
  formatRegressions: CaseRef[];
  /** On the matched cases; null when none matched ("no data"). */
  passRate: { baseline: number | null; candidate: number | null };
  /** Baseline pass rate minus candidate pass rate on the matched cases (positive = worse now); null when none matched. */
  drop: number | null;
  /** Candidate (this run) against the baseline run, case by case: fixed/broke, p, intervals. */
  comparison: Comparison;
  /** Holm-adjusted across the suite's strategies (one family per suite). */
  pAdjusted: number;
  /** Of this run against the baseline run. */
  decision: Decision;
  /** The drop when the decision is "worse", else 0: what maxSignificantDrop gates. */
  significantDrop: number;
  cost: { baselinePerCall: number | null; candidatePerCall: number | null; change: number | null };
  latencyMs: {
    baselineP50: number | null;
    candidateP50: number | null;
    baselineP95: number | null;
    candidateP95: number | null;
  };
}

export interface BaselineComparison {
  baselineRunId: string;
  /** Where the baseline log was read from, as given (for display). */
  baselineSource: string;
  candidateRunId: string;
  groups: BaselineGroup[];
  totals: {
    regressions: number;
    fixes: number;
    added: number;
    removed: number;
    formatRegressions: number;
    /** Cases left out (no answer on either side), over all groups. */
    excluded: number;
  };
}

export interface BreakEvenRow {
  /** Suite name, or null for all non-canary suites together. */
  suite: string | null;
  tuned: string;
  alternative: string;
  /** The tuned model that served the suite (over all task suites: its models, joined by ", "). */
  model: string;
  /** Dollars: the training of that model (over all task suites: of all its models); null if unknown. */
  trainingCost: number | null;
  tunedCostPerCall: number | null;
  alternativeCostPerCall: number | null;
  /**
   * Dollars the alternative spent up front in this run: building its retrieval index (0 when none
   * was built or it was reused). Tuning instead saves it, so it is taken off the one-off cost.
   */
  alternativeOneOff: number;
  /** Alternative minus tuned cost per call; null when either is unpriced. */
  savingPerCall: number | null;
  /** Calls until training + fixed costs are saved; null when never or unknown. */
  calls: number | null;
  days: number | null;
  status: "pays-off" | "never" | "unknown";
  /** E.g. "pays off after 2,000 calls (2 days at 1,000 calls/day)". */
  text: string;
  /** Tuned against the alternative on the same cases, in the one vocabulary; null when not compared. */
  quality: Decision | null;
  /**
   * The comparison behind `quality`: per suite the pair's (primary when the alternative is the best
   * untuned one), over all task suites its own, unadjusted (exploratory).
   */
  comparison: (Comparison & { pAdjusted: number | null; primary: boolean }) | null;
  tunedTokensIn: number;
  alternativeTokensIn: number;
  /** 1 − tuned mean prompt tokens / alternative mean prompt tokens. */
  promptReduction: number | null;
}

/** A tuned model as a run used it: the strategy, the task suites it served, its training cost. */
export interface TunedModelUse {
  strategy: string;
  model: string;
  suites: string[];
  /** The tuning job that made it (`tunebench tune list`); null when not recorded. */
  jobId: string | null;
  trainingCost: number | null;
  trainingSource: "trained-tokens" | "estimate" | null;
}

/** On one canary suite, the cases one tuned model broke: its untuned base answered them, it did not. */
export interface CanaryBreaks {
  suite: string;
  /** The tuned strategy, or `<strategy>@<suites>`: the run's check of one of its models. */
  strategy: string;
  model: string;
  /** The untuned strategy on its base model it is measured against. */
  reference: string;
  referenceModel: string;
  /** Canary cases it answered. */
  cases: number;
  /** Case ids, in run order. */
  broken: string[];
}

export interface BreakEven {
  /**
   * The run's one tuned model (with several: null, see `models`). Dollars: the job's trained
   * tokens × training price, else the estimate; null when unknown.
   */
  trainingCost: number | null;
  trainingSource: "trained-tokens" | "estimate" | null;
  tunedModel: string | null;
  /** Every tuned model of the run: each suite's break-even uses the training cost of its own. */
  models: TunedModelUse[];
  fixedCosts: number;
  callsPerDay: number;
  rows: BreakEvenRow[];
  /** Why there is nothing or only part to show (no tuned strategy, no training cost known, ...). */
  notes: string[];
}

/** A gate's name: every threshold of the config's `gates:` (the zod shape is the list). */
export type GateName = Exclude<keyof Gate, "strategies">;

export interface GateResult {
  gate: GateName;
  suite: string;
  strategy: string;
  /** "suite" when it came from suiteGates, "default" for a gate on without config (maxErrorRate). */
  scope: "global" | "suite" | "default";
  /** "inconclusive" (maxDrop only): the data can show neither that the drop is below the margin nor above it. */
  status: "pass" | "fail" | "inconclusive";
  /** null when it could not be measured, which fails the gate; `unmeasured` says why. maxDrop: the observed drop. */
  measured: number | null;
  /** Why `measured` is null: "unpriced", or "no data: …" (no answered trial, nothing matched). */
  unmeasured?: string;
  /** maxDrop: the margin. */
  threshold: number;
  /** maxDrop: the pair it judged, e.g. "tuned vs prompt" or "tuned vs the baseline run". */
  pair?: string;
  /** maxDrop: whether an inconclusive result fails CI (the default) or only warns. */
  onInconclusive?: "fail" | "warn";
  /** maxDrop, inconclusive: what would settle it, e.g. "add about 180 cases". */
  settle?: string;
  /** The cases behind a failure (maxRegressions names the broken cases). */
  cases: CaseRef[];
  /** E.g. "FAIL gate minPassRate on ticket-triage/prompt: measured 0.72 < threshold 0.80". */
  message: string;
}

export interface GateReport {
  /** false when any gate failed, or a maxDrop gate was inconclusive without `onInconclusive: warn`: exit code 1. */
  passed: boolean;
  /** Whether any gate was configured at all. */
  configured: boolean;
  results: GateResult[];
  /** Gates that could not apply (e.g. regression gates without a baseline). */
  notes: string[];
}

/** One strategy's answer to one case. */
export interface CaseResult {
  strategy: string;
  model: string;
  pass: boolean | null;
  formatOk: boolean | null;
  hallucinated: boolean | null;
  output: string | null;
  /** Reasons of the scores that failed. */
  reasons: string[];
  /** Scorers that could not decide (a judge's unparseable verdict): shown, never counted as failures. */
  scorerErrors: string[];
  /** Graded scores: `judge 4/5 …`, `similar 0.83 …`. */
  grades: { scorer: string; score: number; reason: string }[];
  error: CallError | null;
  cost: number | null;
  latencyMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  cached: boolean;
}

/** The case section: iterable, each case made as it is reached; `repeated`: some case ran twice. */
export interface CaseSection extends Iterable<CaseReport> {
  readonly length: number;
  readonly repeated: boolean;
  toJSON(): CaseReport[];
}

export interface CaseReport {
  suite: string;
  canary: boolean;
  caseId: string;
  repeat: number;
  tags: string[];
  input: string;
  results: CaseResult[];
}

export interface ReportRunInfo {
  runId: string;
  simulated: boolean;
  startedAt: string;
  finishedAt: string;
  configFile: string | null;
  strategies: RunHeader["strategies"];
  suites: { name: string; canary: boolean }[];
  /** Lines of the log that did not parse (a torn last line after a crash). */
  skippedLines: number;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  run: ReportRunInfo;
  method: DecisionMethod;
  /** The answer first: per suite, which strategy to use, whether tuning pays off, whether anything regressed. */
  decisions: SuiteDecision[];
  /** The primary questions behind the decisions, with their family-corrected p and power. */
  questions: Question[];
  summary: RunSummary;
  /** Every pair of strategies per suite; those no question asks are exploratory. */
  pairs: PairComparison[];
  baseline: BaselineComparison | null;
  breakEven: BreakEven;
  /** Per canary suite and tuned model: the cases it broke against its untuned base. */
  canary: CanaryBreaks[];
  gates: GateReport;
  judging: JudgingReport;
  /** With `--repeat k` (k > 1): pass@k, pass^k and flip rates per suite × strategy; empty otherwise. */
  repeats: RepeatGroup[];
  cases: CaseSection;
  /** With a recorded strategy in the run: how the candidates compare with the model they would replace. */
  migration?: MigrationView;
  /** Models of the run that retire within 90 days (or have), a tuned model by its base's date. */
  retirements?: RetirementNotice[];
}

// Analysis: pure functions of run logs (summary, pairs, questions, baseline, break-even, gates, decisions) and
// the Report they make, which every reporter renders. Reads run logs; never calls a model.
export { analyzeRun } from "./analyze.js";
export {
  breakEvenCalls,
  breakEvenText,
  formatDays,
  type TrainingCost,
} from "./break-even.js";
export {
  type BuildReportOptions,
  blessedBaseline,
  buildReport,
  ReportInputError,
  readRun,
  resolveBaseline,
  summarizeRun,
  trainingCostFrom,
} from "./build.js";
export { mapCases } from "./case-reports.js";
export { DEFAULT_DECISIONS, type DecisionSettings } from "./compare.js";
export { evidence, powerText } from "./decisions.js";
export * from "./format.js";
export { BASELINE_GATES, blocksNothing, formatCaseList, formatCaseRef, noDataReason } from "./gates.js";
export { MIN_KAPPA } from "./judging.js";
export type { MigrationCase, MigrationRow, MigrationView } from "./migration.js";
export type {
  BaselineComparison,
  BaselineGroup,
  BreakEven,
  BreakEvenRow,
  CanaryBreaks,
  CaseRef,
  CaseReport,
  CaseResult,
  CaseSection,
  Comparison,
  DecisionMethod,
  GateName,
  GateReport,
  GateResult,
  GradedComparison,
  GradeRow,
  JudgeAgreement,
  JudgingReport,
  PairComparison,
  PairwiseRow,
  Power,
  Question,
  QuestionKind,
  RepeatGroup,
  Report,
  SuiteDecision,
  TunedModelUse,
} from "./model.js";
export { REPORT_SCHEMA } from "./model.js";
export { byOrder, rankIn } from "./order.js";
export {
  baselineConcerns,
  isComplete,
  type OverviewOptions,
  overviewOf,
  type RunOverview,
} from "./overview.js";
export {
  PLAN_REPEATS,
  type PlanRow,
  type PlanSettings,
  planFromAssumptions,
  planFromQuestions,
} from "./plan.js";
export { ASSUMED_DISCORDANCE, POWER } from "./power.js";
export type { RetirementNotice } from "./retirements.js";
export {
  type GroupSummary,
  hasData,
  type MeasuredRate,
  type Rate,
  type RunSummary,
  SUMMARY_SCHEMA,
  SummaryBuilder,
  summarize,
} from "./summary.js";

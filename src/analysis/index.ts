// Analysis: pure functions of run logs (summary, pairs, baseline, break-even, gates, verdicts) and
// the Report they make, which every reporter renders. Reads run logs; never calls a model.
export { analyzeRun } from "./analyze.js";
export {
  breakEvenCalls,
  breakEvenText,
  formatCount,
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
export * from "./format.js";
export { BASELINE_GATES, formatCaseList, noDataReason } from "./gates.js";
export { MIN_KAPPA } from "./judging.js";
export type {
  BaselineComparison,
  BaselineGroup,
  BreakEven,
  BreakEvenRow,
  CaseRef,
  CaseReport,
  CaseResult,
  GateName,
  GateReport,
  GateResult,
  GradedComparison,
  GradeRow,
  JudgeAgreement,
  JudgingReport,
  PairComparison,
  PairwiseRow,
  QualityVerdict,
  Report,
  SuiteVerdict,
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
  type GroupSummary,
  hasData,
  type MeasuredRate,
  type Rate,
  type RunSummary,
  SUMMARY_SCHEMA,
  SummaryBuilder,
  summarize,
} from "./summary.js";
export { formatP, pCell } from "./verdicts.js";

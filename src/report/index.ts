// What other folders, the CLI and the tests use of the report module, and the report's public
// contract: the Reporter interface and the types of report.json and summary.json (model.ts).
export { analyzeRun } from "./analyze.js";
export { breakEvenCalls, breakEvenText, formatDays } from "./break-even.js";
export {
  ConsoleReporter,
  type ConsoleReporterOptions,
  type ConsoleSection,
  renderConsoleReport,
  renderSummaryTable,
} from "./console.js";
export { BASELINE_GATES } from "./gates.js";
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
  PairComparison,
  QualityVerdict,
  Report,
  SuiteVerdict,
} from "./model.js";
export { REPORT_SCHEMA } from "./model.js";
export {
  buildReport,
  emitReport,
  gateExitCode,
  ReportInputError,
  resolveBaseline,
  trainingCostFrom,
} from "./pipeline.js";
export { progressOnly, type Reporter, type ReportInfo, type RunInfo } from "./reporter.js";
export {
  createReporters,
  REPORT_FILES,
  REPORTER_NAMES,
  renderHtml,
  renderJunit,
  renderMarkdown,
} from "./reporters/index.js";
export {
  type GroupSummary,
  type Rate,
  type RunSummary,
  SUMMARY_SCHEMA,
  SummaryBuilder,
  summarize,
} from "./summary.js";

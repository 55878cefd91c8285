// Rendering: the Reporter interface (vitest-style optional hooks), the console and the file
// reporters, custom reporters from modules. Reports render an analysis; they compute nothing.
export {
  ConsoleReporter,
  type ConsoleReporterOptions,
  type ConsoleSection,
  renderConsoleReport,
  renderSummaryTable,
} from "./console.js";
export { renderEstimate } from "./estimate.js";
export { type PlanSource, renderPlan } from "./plan.js";
export { ProgressLines } from "./progress-lines.js";
export {
  emitReport,
  gateExitCode,
  progressOnly,
  type Reporter,
  type ReportInfo,
  type RunInfo,
} from "./reporter.js";
export {
  createReporters,
  isReporterName,
  loadCustomReporter,
  REPORT_FILES,
  REPORTER_NAMES,
  REPORTERS,
  renderHtml,
  renderJunit,
  renderMarkdown,
} from "./reporters/index.js";

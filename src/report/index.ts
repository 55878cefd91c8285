export { ConsoleReporter, renderSummaryTable } from "./console.js";
export { dollars, milliseconds, percent, SIMULATED_BANNER } from "./format.js";
export type { Reporter, RunInfo } from "./reporter.js";
export {
  type GroupSummary,
  type Rate,
  type RunSummary,
  SUMMARY_SCHEMA,
  SummaryBuilder,
  summarize,
} from "./summary.js";

import type { Report } from "../analysis/index.js";
import type { RunHooks } from "../run/index.js";

export type { RunInfo } from "../run/index.js";

export interface ReportInfo {
  /** Where file reporters write (reports/<run-id>/ unless told otherwise). */
  dir: string;
  /** The files the file reporters of this report write there (for the console to mention). */
  files?: string[];
}

/**
 * One interface, optional hooks (as vitest's reporters): implement only what you need. The run's
 * progress hooks (onRunStart, onTrial, onRunEnd) come while a run is going; onReport gets the
 * full analysis of a finished log (comparisons, baseline, break-even, gates), from `tunebench run`,
 * `report` and `compare` alike.
 */
export interface Reporter extends RunHooks {
  onReport?(report: Report, info: ReportInfo): void | Promise<void>;
}

/** A reporter's progress hooks only: what `tunebench run` hands the runner before it reports. */
export function progressOnly(reporter: Reporter): Reporter {
  return {
    ...(reporter.onRunStart ? { onRunStart: reporter.onRunStart.bind(reporter) } : {}),
    ...(reporter.onTrial ? { onTrial: reporter.onTrial.bind(reporter) } : {}),
  };
}

/** Hands the report to every reporter, in order. */
export async function emitReport(
  report: Report,
  reporters: readonly Reporter[],
  info: ReportInfo,
): Promise<void> {
  for (const r of reporters) await r.onReport?.(report, info);
}

/** Exit code of a report: 1 when a gate failed, else 0. */
export function gateExitCode(report: Report): 0 | 1 {
  return report.gates.passed ? 0 : 1;
}

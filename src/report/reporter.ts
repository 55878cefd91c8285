import type { RunHeader, TrialRecord } from "../run/index.js";
import type { Report } from "./model.js";
import type { RunSummary } from "./summary.js";

export interface RunInfo {
  /** reports/<run-id>/ */
  dir: string;
  total: number;
}

export interface ReportInfo {
  /** Where file reporters write (reports/<run-id>/ unless told otherwise). */
  dir: string;
  /** The files the file reporters of this report write there (for the console to mention). */
  files?: string[];
}

/**
 * One interface, optional lifecycle hooks (as vitest's reporters): implement only what you need.
 * The runner calls onRunStart, onTrial and onRunEnd while a run is in progress; onReport gets the
 * full analysis of a finished log (comparisons, baseline, break-even, gates), from `tunebench run`,
 * `report` and `compare` alike.
 */
export interface Reporter {
  onRunStart?(header: RunHeader, info: RunInfo): void | Promise<void>;
  onTrial?(trial: TrialRecord, done: number, info: RunInfo): void;
  /** The live summary when the runner finishes (before the log is analysed). */
  onRunEnd?(summary: RunSummary, info: RunInfo): void | Promise<void>;
  onReport?(report: Report, info: ReportInfo): void | Promise<void>;
}

/** A reporter's progress hooks only: what `tunebench run` hands the runner before it reports. */
export function progressOnly(reporter: Reporter): Reporter {
  return {
    ...(reporter.onRunStart ? { onRunStart: reporter.onRunStart.bind(reporter) } : {}),
    ...(reporter.onTrial ? { onTrial: reporter.onTrial.bind(reporter) } : {}),
  };
}

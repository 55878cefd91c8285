import type { RunHeader, TrialRecord } from "../run/trial.js";
import type { RunSummary } from "./summary.js";

export interface RunInfo {
  /** reports/<run-id>/ */
  dir: string;
  total: number;
}

/** One interface, optional lifecycle hooks (as vitest's reporters): implement only what you need. */
export interface Reporter {
  onRunStart?(header: RunHeader, info: RunInfo): void | Promise<void>;
  onTrial?(trial: TrialRecord, done: number, info: RunInfo): void;
  onRunEnd?(summary: RunSummary, info: RunInfo): void | Promise<void>;
}

import type { RunHeader, TrialRecord } from "../runlog/index.js";

export interface RunInfo {
  /** reports/<run-id>/ */
  dir: string;
  /** Trials in the plan (those already recorded, when resuming, included). */
  total: number;
  /** Sent through the Batch API: answers come back a batch at a time, so no pace says what is left. */
  batch?: boolean;
  /** Dollars the trials recorded before this invocation spent (a resumed run's; absent: none). */
  spentBefore?: number;
  /** Of the trials done before this invocation, those whose latest line is an error (absent: none). */
  errorsBefore?: number;
}

/**
 * What a run tells its observers while it goes (progress bars, live dashboards); every hook is
 * optional. Reporters (src/report) implement these beside their report hook.
 */
export interface RunHooks {
  onRunStart?(header: RunHeader, info: RunInfo): void | Promise<void>;
  onTrial?(trial: TrialRecord, done: number, info: RunInfo): void;
  onRunEnd?(info: RunInfo & { done: number }): void | Promise<void>;
}

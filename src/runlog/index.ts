// THE contract between generating and judging: the run log's records (the zod shapes are the
// types), how trials are keyed, the writer, the one reader, and what resuming reads.

export { caseOrder, caseOrderField } from "./case-order.js";
export {
  findRun,
  GIVE_RUN,
  hasRunLog,
  LOCK_FILE,
  newRunId,
  runDirOf,
  runLogFile,
  runLogProblem,
  runPlacesShown,
  runProblem,
  SUMMARY_FILE,
  TRIALS_FILE,
} from "./files.js";
export { INDEX_BUILD_SCHEMA, type IndexBuildRecord, IndexBuildShape } from "./index-build.js";
export {
  JUDGMENT_SCHEMA,
  type JudgmentRecord,
  JudgmentRecordShape,
  type LabelJudgment,
  type PairJudgment,
  type PairVote,
} from "./judgment.js";
export {
  caseKey,
  describeTrialKey,
  groupKey,
  judgmentKey,
  recordedOutput,
  slotKey,
  suiteCaseKey,
  TrialMap,
  trialKey,
} from "./key.js";
export { MergeError, mergeRuns } from "./merge.js";
export { describeIssues, type LogEntry, parseLogLine, RunLogLineError } from "./parse.js";
export { type LoadedRun, loadRun, RunLogMissingError, scanRunLog } from "./reader.js";
export {
  type EvalCost,
  EvalCostShape,
  RESUME_SCHEMA,
  type ResumeNote,
  ResumeNoteShape,
  RUN_SCHEMA,
  type RunHeader,
  RunHeaderShape,
  type RunPlan,
  type Score,
  ScoreShape,
  type SnapshotInfo,
  type SuiteFingerprint,
  TRIAL_SCHEMA,
  type TrialCost,
  type TrialRecord,
  TrialRecordShape,
  type Verdict,
} from "./record.js";
export { isDone, type RecordedTrial, type ResumeState, readForResume } from "./resume.js";
export { byStart, listRuns, type RunEntry, runStart } from "./runs.js";
export { NONE } from "./share.js";
export { loadSnapshot, type Snapshot } from "./snapshot.js";
export { spentBy } from "./spent.js";
export { RunLogWriter } from "./writer.js";

// The project's files on disk: where things live under .tunebench, and the records kept there.
export {
  BASELINE_RECORD_SCHEMA,
  type BaselineRecord,
  BaselineRecordError,
  BaselineRecordShape,
  baselineRunDir,
  readBaselineRecord,
  writeBaselineRecord,
} from "./baseline-record.js";
export {
  BASELINE_FILE,
  type ProjectLayout,
  projectLayout,
  SIM_BASE_MODEL,
  SIM_JUDGE_MODEL,
  STATE_DIR,
  suiteFlags,
  type TuneFiles,
  tuneFiles,
} from "./layout.js";
export { initFiles, ScaffoldError, type ScaffoldFile, WORKFLOW_FILE, writeScaffold } from "./scaffold.js";
export {
  readTunedRecord,
  readTunedRecords,
  TUNED_RECORD_SCHEMA,
  type TunedModelRecord,
  TunedModelRecordShape,
  TunedRecordError,
  tunedRecordFile,
  writeTunedRecord,
} from "./tuned-record.js";

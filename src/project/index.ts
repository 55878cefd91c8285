// The project's files on disk: where things live under .tunebench, and the records kept there.
export { type ProjectLayout, projectLayout, SIM_BASE_MODEL, SIM_JUDGE_MODEL, STATE_DIR } from "./layout.js";
export {
  readTunedRecord,
  TUNED_RECORD_SCHEMA,
  type TunedModelRecord,
  TunedModelRecordShape,
  TunedRecordError,
  writeTunedRecord,
} from "./tuned-record.js";

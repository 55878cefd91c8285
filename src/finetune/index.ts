export { readTunedRecord, TUNED_RECORD_FILE, type TunedModelRecord, writeTunedRecord } from "./record.js";

// The CSV parser lives in config/ (case files read it too); fine-tuning datasets use it from here.
export { CsvError, type CsvRecord, parseCsv, parseCsvObjects } from "../config/csv.js";

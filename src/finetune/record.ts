import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What a finished tuning job leaves behind for the `tuned` strategy and the break-even report. */
export interface TunedModelRecord {
  schema: "tunebench.tuned/1";
  /** The fine-tuned model id, e.g. ft:gpt-4o-mini-2024-07-18:acme::abc123. */
  model: string;
  baseModel: string;
  endpoint: string;
  jobId: string;
  /** Tokens the provider billed for training (the job's trained_tokens), null if it did not say. */
  trainedTokens: number | null;
  /** Our estimate before the job (tokens × epochs), for comparison with trainedTokens. */
  estimatedTokens: number | null;
  /** Dollars: trained (else estimated) tokens × the training price; null when unpriced. */
  trainingCost: number | null;
  finishedAt: string;
}

export const TUNED_RECORD_FILE = "tuned-model.json";

/** `stateDir` is the project's .tunebench folder (beside eval.config.yaml). */
export function readTunedRecord(stateDir: string): TunedModelRecord | null {
  const file = path.join(stateDir, TUNED_RECORD_FILE);
  if (!existsSync(file)) return null;
  const record = JSON.parse(readFileSync(file, "utf8")) as TunedModelRecord;
  return record.schema === "tunebench.tuned/1" ? record : null;
}

/** Written to a temp file and renamed, so a crash never leaves half a record. */
export function writeTunedRecord(stateDir: string, record: TunedModelRecord): void {
  const file = path.join(stateDir, TUNED_RECORD_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

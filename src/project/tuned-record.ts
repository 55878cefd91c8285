// The tuned-model record: the contract between fine-tuning (which writes it when a job succeeds),
// the `tuned` strategy (which uses its model when the config names none) and break-even (its cost).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { InputError } from "../config/problem.js";

export const TUNED_RECORD_SCHEMA = "tunebench.tuned/1";

const tokens = z.number().int().nonnegative().nullable();

export const TunedModelRecordShape = z.object({
  schema: z.literal(TUNED_RECORD_SCHEMA),
  /** The fine-tuned model id, e.g. ft:gpt-4o-mini-2024-07-18:acme::abc123. */
  model: z.string().min(1),
  baseModel: z.string().min(1),
  endpoint: z.string().min(1),
  jobId: z.string(),
  /** Tokens the provider billed for training (the job's trained_tokens), null if it did not say. */
  trainedTokens: tokens,
  /** Our estimate before the job (tokens × epochs), for comparison with trainedTokens. */
  estimatedTokens: tokens,
  /** Dollars: trained (else estimated) tokens × the training price; null when unpriced. */
  trainingCost: z.number().nonnegative().nullable(),
  finishedAt: z.string(),
});

/** What a finished tuning job leaves behind for the `tuned` strategy and the break-even report. */
export type TunedModelRecord = z.infer<typeof TunedModelRecordShape>;

/** A record file that exists but cannot be read: the caller turns it into exit 2 with the path. */
export class TunedRecordError extends InputError {
  override readonly name = "TunedRecordError";
}

/** The record at `file` (see projectLayout().tunedRecord), or null when no job has finished yet. */
export function readTunedRecord(file: string): TunedModelRecord | null {
  if (!existsSync(file)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new TunedRecordError(
      `${file}: not JSON (${(error as Error).message}); delete it or re-run \`tunebench tune wait\``,
    );
  }
  const checked = TunedModelRecordShape.safeParse(data);
  if (!checked.success)
    throw new TunedRecordError(
      `${file}: not a ${TUNED_RECORD_SCHEMA} record (${checked.error.issues[0]?.path.join(".") || "record"}: ${checked.error.issues[0]?.message}); delete it or re-run \`tunebench tune wait\``,
    );
  return checked.data;
}

/**
 * Written to a temp file and renamed, so a crash never leaves half a record. The text passes
 * `redact` (see src/model/redact.ts).
 */
export function writeTunedRecord(
  file: string,
  record: TunedModelRecord,
  redact: (text: string) => string,
): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, redact(`${JSON.stringify(record, null, 2)}\n`));
  renameSync(`${file}.tmp`, file);
}

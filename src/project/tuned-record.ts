// The tuned-model records: the contract between fine-tuning (which writes one when a job succeeds),
// the `tuned` strategy (which serves each suite with the model trained for it) and break-even (its
// cost). One file per job under .tunebench/tuned/; the single .tunebench/tuned-model.json of older
// versions is still read, as a project-wide model.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../config/files.js";
import { InputError } from "../config/problem.js";
import type { ProjectLayout } from "./layout.js";

export const TUNED_RECORD_SCHEMA = "tunebench.tuned/1";

const tokens = z.number().int().nonnegative().nullable();

export const TunedModelRecordShape = z.object({
  schema: z.literal(TUNED_RECORD_SCHEMA),
  /** The fine-tuned model id, e.g. ft:gpt-4o-mini-2024-07-18:acme::abc123. */
  model: z.string().min(1),
  baseModel: z.string().min(1),
  endpoint: z.string().min(1),
  /** The job's id: the record's id (`strategies.<name>.records`, `tunebench tune list`). */
  jobId: z.string(),
  /**
   * The suites it was trained for (`tune prepare --suite`); null: project-wide, every non-canary
   * suite (records of older versions are).
   */
  suites: z.array(z.string()).nullable().default(null),
  /** Tokens the provider billed for training (the job's trained_tokens), null if it did not say. */
  trainedTokens: tokens,
  /** Our estimate before the job (tokens × epochs), for comparison with trainedTokens. */
  estimatedTokens: tokens,
  /** Dollars: trained (else estimated) tokens × the training price; null when unpriced. */
  trainingCost: z.number().nonnegative().nullable(),
  finishedAt: z.string(),
  /**
   * Azure OpenAI: the deployment `tunebench tune deploy` created for the model; the tuned strategy
   * sends it as the model, since Azure routes chat by deployment name. null: none (not Azure, or
   * not deployed by tunebench).
   */
  deployment: z.string().min(1).nullable().default(null),
});

/** What a finished tuning job leaves behind for the `tuned` strategy and the break-even report. */
export type TunedModelRecord = z.infer<typeof TunedModelRecordShape>;

/** A record file that exists but cannot be read: the caller turns it into exit 2 with the path. */
export class TunedRecordError extends InputError {
  override readonly name = "TunedRecordError";
}

/** The record at `file`, or null when there is none. */
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

/** .tunebench/tuned/<job id>.json; characters a file name cannot hold become "_". */
export function tunedRecordFile(layout: ProjectLayout, jobId: string): string {
  return path.join(layout.tunedDir, `${jobId.replace(/[^A-Za-z0-9._-]/g, "_")}.json`);
}

/**
 * Every record of the project, oldest first (by when its job finished): those under
 * .tunebench/tuned/, and the legacy tuned-model.json unless its job is recorded there too.
 */
export function readTunedRecords(layout: ProjectLayout): TunedModelRecord[] {
  const files = existsSync(layout.tunedDir)
    ? readdirSync(layout.tunedDir)
        .filter((name) => name.endsWith(".json"))
        .map((name) => path.join(layout.tunedDir, name))
    : [];
  const records = files.map((file) => readTunedRecord(file) as TunedModelRecord);
  const legacy = readTunedRecord(layout.legacyTunedRecord);
  if (legacy && !records.some((r) => r.jobId === legacy.jobId)) records.push(legacy);
  return records.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt) || a.jobId.localeCompare(b.jobId));
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
  writeFileAtomic(file, redact(`${JSON.stringify(record, null, 2)}\n`));
}

// The blessed baseline: which run later runs are compared with when `--baseline` names none. A
// small file beside eval.config.yaml (not under the git-ignored .tunebench/), so a team commits it
// and CI compares with the same run as everyone else.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../config/files.js";
import { InputError } from "../config/problem.js";

export const BASELINE_RECORD_SCHEMA = "tunebench.baseline/1";

export const BaselineRecordShape = z.object({
  schema: z.literal(BASELINE_RECORD_SCHEMA),
  runId: z.string().min(1),
  /** The run folder, relative to the project (the folder of the record), with forward slashes. */
  run: z.string().min(1),
  /** When it was blessed (ISO 8601). */
  setAt: z.string(),
});

export type BaselineRecord = z.infer<typeof BaselineRecordShape>;

/** A record file that exists but cannot be read: exit 2 with the path. */
export class BaselineRecordError extends InputError {
  override readonly name = "BaselineRecordError";
}

/** The record at `file` (see projectLayout().baselineFile), or null when no run was blessed. */
export function readBaselineRecord(file: string): BaselineRecord | null {
  if (!existsSync(file)) return null;
  const fix = "bless a run again with `tunebench baseline set RUN`";
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new BaselineRecordError(`${file}: not JSON (${(error as Error).message}); ${fix}`);
  }
  const checked = BaselineRecordShape.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new BaselineRecordError(
      `${file}: not a ${BASELINE_RECORD_SCHEMA} record (${issue?.path.join(".") || "record"}: ${issue?.message}); ${fix}`,
    );
  }
  return checked.data;
}

/** The blessed run's folder, absolute. */
export function baselineRunDir(file: string, record: BaselineRecord): string {
  return path.resolve(path.dirname(file), record.run);
}

/** Blesses `runDir`: written to a temp file and renamed, so a crash never leaves half a record. */
export function writeBaselineRecord(
  file: string,
  runId: string,
  runDir: string,
  now = new Date(),
): BaselineRecord {
  const run = path.relative(path.dirname(file), runDir).split(path.sep).join("/") || ".";
  const record: BaselineRecord = { schema: BASELINE_RECORD_SCHEMA, runId, run, setAt: now.toISOString() };
  writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface UploadedFile {
  path: string;
  id: string;
  bytes: number;
  examples: number;
}

/**
 * What `tune start` leaves under .tunebench/tune/state.json, updated as the job moves, so Ctrl-C
 * or a crash loses nothing: `tune status`, `wait` and `cancel` pick up from here.
 */
export interface TuneState {
  schema: "tunebench.tune-state/1";
  endpoint: string;
  /** The base model requested. */
  model: string;
  jobId: string | null;
  /** `uploading` before the job exists, then the job's status as last seen (any string the API sends). */
  status: string;
  files: { training: UploadedFile | null; validation: UploadedFile | null };
  suffix: string | null;
  /** Billed tokens by our estimate (epochs × Σ min(limit, tokens)). */
  estimatedTokens: number | null;
  /** The newest job event already shown. */
  lastEventId: string | null;
  fineTunedModel: string | null;
  trainedTokens: number | null;
  error: { code: string; message: string; param: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

/** `file` is projectLayout().tuneState. */
export function readTuneState(file: string): TuneState | null {
  if (!existsSync(file)) return null;
  const state = JSON.parse(readFileSync(file, "utf8")) as TuneState;
  return state.schema === "tunebench.tune-state/1" ? state : null;
}

/** Written to a temp file and renamed: a crash never leaves half a state. The text passes `redact`. */
export function writeTuneState(file: string, state: TuneState, redact: (text: string) => string): TuneState {
  mkdirSync(path.dirname(file), { recursive: true });
  const next = { ...state, updatedAt: new Date().toISOString() };
  writeFileSync(`${file}.tmp`, redact(`${JSON.stringify(next, null, 2)}\n`));
  renameSync(`${file}.tmp`, file);
  return next;
}

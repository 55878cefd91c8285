import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../config/index.js";
import { type ProjectLayout, tuneFiles } from "../project/index.js";
import { TuneError } from "./project.js";

const UploadedFileShape = z.object({
  path: z.string(),
  id: z.string(),
  bytes: z.number(),
  examples: z.number(),
  /** The content's SHA-256 (base64) when uploaded: a later start uses the upload again only for the same bytes. */
  sha256: z.string().optional(),
});
export type UploadedFile = z.infer<typeof UploadedFileShape>;

/**
 * What `tune start` leaves under .tunebench/tune/state.json, updated as the job moves, so Ctrl-C
 * or a crash loses nothing: `tune status`, `wait` and `cancel` pick up from here, and a start
 * that failed before the job existed (`start_failed`) is continued by the next `tune start`.
 */
export const TuneStateShape = z.object({
  schema: z.literal("tunebench.tune-state/1"),
  /** The suites the model is tuned for (`--suite`); null: project-wide (states of older versions are). */
  suites: z.array(z.string()).nullable().default(null),
  endpoint: z.string(),
  /** The base model requested. */
  model: z.string(),
  jobId: z.string().nullable(),
  /** `uploading` before the job exists, `start_failed` if that failed, then the job's status as last seen (any string the API sends). */
  status: z.string(),
  files: z.object({ training: UploadedFileShape.nullable(), validation: UploadedFileShape.nullable() }),
  suffix: z.string().nullable(),
  /** Billed tokens by our estimate (epochs × Σ min(limit, tokens)). */
  estimatedTokens: z.number().nullable(),
  /** The newest job event already shown. */
  lastEventId: z.string().nullable(),
  fineTunedModel: z.string().nullable(),
  trainedTokens: z.number().nullable(),
  /** The job's error, or why the start failed; messages pass the secret scrubber first. */
  error: z.object({ code: z.string(), message: z.string(), param: z.string().nullable() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TuneState = z.infer<typeof TuneStateShape>;

/** `file` is a tuning's tuneState (see tuneFiles); null when there is none (or it is another schema's). */
export function readTuneState(file: string): TuneState | null {
  if (!existsSync(file)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new TuneError(`${file}: not JSON (${(error as Error).message}); delete it to start over`);
  }
  if ((json as { schema?: unknown } | null)?.schema !== "tunebench.tune-state/1") return null;
  const parsed = TuneStateShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TuneError(`${file}: ${issue?.path.join(".")}: ${issue?.message}; delete it to start over`);
  }
  return parsed.data;
}

/** Written to a temp file and renamed: a crash never leaves half a state. The text passes `redact`. */
export function writeTuneState(file: string, state: TuneState, redact: (text: string) => string): TuneState {
  mkdirSync(path.dirname(file), { recursive: true });
  const next = { ...state, updatedAt: new Date().toISOString() };
  writeFileAtomic(file, redact(`${JSON.stringify(next, null, 2)}\n`));
  return next;
}

/** Every tuning's state with its file: the project-wide one, then one per suite group (tune/<a+b>/). */
export function readTuneStates(layout: ProjectLayout): { file: string; state: TuneState }[] {
  const groups = existsSync(layout.tune)
    ? readdirSync(layout.tune, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => path.join(layout.tune, d.name, path.basename(layout.tuneState)))
    : [];
  return [tuneFiles(layout, null).tuneState, ...groups.sort()].flatMap((file) => {
    const state = readTuneState(file);
    return state ? [{ file, state }] : [];
  });
}

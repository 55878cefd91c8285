// The run's folder and log: a new one, or the one `--resume` continues.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { InputError } from "../config/index.js";
import {
  findRun,
  newRunId,
  type ResumeState,
  type RunHeader,
  RunLogWriter,
  readForResume,
  TRIALS_FILE,
} from "../runlog/index.js";

/** The run to resume cannot be found or read: bad input (exit 2). */
export class ResumeError extends InputError {
  override readonly name = "ResumeError";
}

export interface RunFolder {
  runId: string;
  dir: string;
  /** The header of the resumed run; null for a new run (or one that died before its header). */
  resumedHeader: RunHeader | null;
  /** Trial keys already recorded: neither sent nor billed again. */
  done: ReadonlySet<string>;
  log: RunLogWriter;
}

/**
 * `--resume RUN`: a run folder (or its trials.jsonl), or a run id under `outDir`. The torn last
 * line of a killed run is cut so appending continues on a clean line. Log lines pass `redact`.
 */
export async function openRunFolder(
  outDir: string,
  redact: (text: string) => string,
  resume?: string,
  runId?: string,
): Promise<RunFolder> {
  let resumed: ResumeState | null = null;
  if (resume) {
    const dir = findRun(resume, outDir);
    if (!dir)
      throw new ResumeError(
        `cannot resume "${resume}": no ${TRIALS_FILE} in ${path.relative(process.cwd(), path.resolve(resume)) || "."} or ${path.relative(process.cwd(), path.resolve(outDir, resume))}`,
      );
    resumed = await readForResume(dir);
  }
  const id = resumed?.header?.runId ?? runId ?? newRunId();
  const dir = resumed?.dir ?? path.join(outDir, id);
  mkdirSync(dir, { recursive: true });
  return {
    runId: id,
    dir,
    resumedHeader: resumed?.header ?? null,
    done: resumed?.done ?? new Set(),
    log: new RunLogWriter(path.join(dir, TRIALS_FILE), redact),
  };
}

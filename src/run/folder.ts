// The run's folder and log: a new one, or the one `--resume` continues, locked for this process
// before anything in it is read or written.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { InputError } from "../config/index.js";
import { shownPath } from "../config/path-kind.js";
import {
  findRun,
  newRunId,
  type ResumeState,
  RunLogWriter,
  readForResume,
  runPlacesShown,
  runProblem,
  TRIALS_FILE,
} from "../runlog/index.js";
import { lockRun, type RunLock } from "./lock.js";

/** The run to resume cannot be found, read or continued as asked: bad input (exit 2). */
export class ResumeError extends InputError {
  override readonly name = "ResumeError";
}

export interface RunFolder {
  runId: string;
  dir: string;
  /** What the log holds when resuming; null for a new run. */
  resumed: ResumeState | null;
  lock: RunLock;
  log: RunLogWriter;
  /** Closes the log and releases the lock: on every way out of the run. */
  close(): void;
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
  let dir: string;
  if (resume) {
    const found = findRun(resume, outDir);
    if (!found) {
      const why =
        runProblem(resume, outDir) ??
        `no ${TRIALS_FILE} in ${runPlacesShown(resume, outDir)}; give a run folder, its ${TRIALS_FILE} or a run id in ${shownPath(outDir)}`;
      throw new ResumeError(`cannot resume "${resume}": ${why}`);
    }
    dir = found;
  } else {
    dir = path.join(outDir, runId ?? newRunId());
    mkdirSync(dir, { recursive: true });
  }
  const lock = lockRun(dir);
  let log: RunLogWriter | null = null;
  try {
    const resumed = resume ? await readForResume(dir) : null;
    log = new RunLogWriter(path.join(dir, TRIALS_FILE), redact);
    const writer = log;
    return {
      runId: resumed?.header?.runId ?? path.basename(dir),
      dir,
      resumed,
      lock,
      log,
      close: () => {
        writer.close();
        lock.release();
      },
    };
  } catch (error) {
    log?.close();
    lock.release();
    throw error;
  }
}

// The run folder's layout: reports/<run-id>/trials.jsonl (the log) beside the files made from it.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";

export const TRIALS_FILE = "trials.jsonl";
export const SUMMARY_FILE = "summary.json";
/** Held by the one process writing the run (pid and host inside): two writers would bill twice. */
export const LOCK_FILE = "run.lock";

/** A run is named by its folder or by its trials.jsonl: the log file either way. */
export function runLogFile(dirOrFile: string): string {
  return dirOrFile.endsWith(".jsonl") ? dirOrFile : path.join(dirOrFile, TRIALS_FILE);
}

/** The run folder of a folder or a trials.jsonl. */
export function runDirOf(dirOrFile: string): string {
  return dirOrFile.endsWith(".jsonl") ? path.dirname(dirOrFile) : dirOrFile;
}

/** Whether a run log exists there. */
export function hasRunLog(dirOrFile: string): boolean {
  return existsSync(runLogFile(dirOrFile));
}

/**
 * A run given on the command line: a folder or its trials.jsonl (relative to `base`), or a run id
 * under `runsDir`. Returns the run folder, or null when none of them holds a log.
 */
export function findRun(run: string, runsDir: string, base = process.cwd()): string | null {
  for (const candidate of [path.resolve(base, run), path.resolve(runsDir, run)])
    if (hasRunLog(candidate)) return runDirOf(candidate);
  return null;
}

/** Sortable by time, unique enough for parallel CI jobs: 20261124-235901-3fa2. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

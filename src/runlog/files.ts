// The run folder's layout: reports/<run-id>/trials.jsonl (the log) beside the files made from it.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathKindSync, pathProblem, shownPath } from "../config/path-kind.js";

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

/** What to give for a run: said by every line about a run path that holds no run log. */
export const GIVE_RUN = `give a run folder (reports/<run-id>), its ${TRIALS_FILE} or its run id`;

/**
 * Why a run path (`shown` as the user wrote it) holds no run log, in one line that names the path
 * and what to give instead; null when it holds one. A folder must hold a trials.jsonl file, a
 * path ending in .jsonl must be a file.
 */
export function runLogProblem(dirOrFile: string, shown = dirOrFile): string | null {
  const asFile = { kind: "file", what: "a run log file", give: GIVE_RUN } as const;
  if (dirOrFile.endsWith(".jsonl")) return pathProblem(shown, pathKindSync(dirOrFile), asFile);
  const folder = pathProblem(shown, pathKindSync(dirOrFile), {
    kind: "directory",
    what: "a run folder",
    give: GIVE_RUN,
  });
  if (folder) return folder;
  const log = pathKindSync(path.join(dirOrFile, TRIALS_FILE));
  if (log === "missing") return `${shown} holds no ${TRIALS_FILE}, so it is no run folder; ${GIVE_RUN}`;
  return pathProblem(path.join(shown, TRIALS_FILE), log, asFile);
}

/** Whether a run log exists there (a file, not a folder named trials.jsonl). */
export function hasRunLog(dirOrFile: string): boolean {
  return runLogProblem(dirOrFile) === null;
}

/**
 * A run given on the command line: a folder or its trials.jsonl (relative to `base`), or a run id
 * under `runsDir`. Returns the run folder, or null when none of them holds a log.
 */
export function findRun(run: string, runsDir: string, base = process.cwd()): string | null {
  for (const candidate of runPlaces(run, runsDir, base)) if (hasRunLog(candidate)) return runDirOf(candidate);
  return null;
}

/**
 * Why findRun found nothing: what is wrong at the first of the run's places that holds anything
 * (a file where a run folder belongs, a folder without a log); null when neither place exists.
 */
export function runProblem(run: string, runsDir: string, base = process.cwd()): string | null {
  const [given, underRuns] = runPlaces(run, runsDir, base);
  if (pathKindSync(given) !== "missing") return runLogProblem(given, run);
  if (pathKindSync(underRuns) !== "missing") return runLogProblem(underRuns, shownPath(underRuns));
  return null;
}

/** Where findRun looked, for the line that says it found nothing there: `x or reports/x`. */
export function runPlacesShown(run: string, runsDir: string, base = process.cwd()): string {
  return [...new Set(runPlaces(run, runsDir, base).map(shownPath))].join(" or ");
}

const runPlaces = (run: string, runsDir: string, base: string) =>
  [path.resolve(base, run), path.resolve(runsDir, run)] as const;

/** Sortable by time, unique enough for parallel CI jobs: 20261124-235901-3fa2. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

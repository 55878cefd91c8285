import { appendFileSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import { TRIALS_FILE } from "./files.js";
import { trialKey } from "./key.js";
import { scanRunLog } from "./reader.js";
import type { ResumeNote, RunHeader } from "./record.js";
import { spentBy } from "./spent.js";

/** What resuming needs of a recorded trial: its latest line's outcome and the case it answered. */
export interface RecordedTrial {
  error: boolean;
  caseHash: string | undefined;
}

export interface ResumeState {
  /** The run folder. */
  dir: string;
  file: string;
  /** The log's first line; null when the run died before writing it. */
  header: RunHeader | null;
  /** The resume notes appended by earlier resumes, oldest first. */
  notes: ResumeNote[];
  /** By trialKey, the latest line of every recorded trial (a newer line for the same trial wins). */
  recorded: Map<string, RecordedTrial>;
  /**
   * Dollars the recorded lines spent, every line's (an error sent again was paid for twice):
   * trials and their judges, judgments, index builds.
   */
  spent: number;
  /** Lines dropped: a torn last line (cut by a kill mid-write) or lines that do not parse. */
  dropped: number;
  /** Bytes cut from the end of the log (the torn last line). */
  truncatedBytes: number;
}

/**
 * Reads a run log for resuming, keeping only what resuming needs: the header and the key of every
 * recorded trial. A torn last line (no newline: the process died mid-write) is cut off the file,
 * so appending continues on a clean line and that trial is done again; a whole record whose
 * newline is missing is kept (it was paid for) and its line ended.
 */
export async function readForResume(dir: string): Promise<ResumeState> {
  const file = path.join(dir, TRIALS_FILE);
  const state: ResumeState = {
    dir,
    file,
    header: null,
    notes: [],
    recorded: new Map(),
    spent: 0,
    dropped: 0,
    truncatedBytes: 0,
  };
  const { complete, tail } = await scanRunLog(file, (entry) => {
    if (entry.kind === "trial") {
      state.recorded.set(trialKey(entry.trial), {
        error: entry.trial.error !== null,
        caseHash: entry.trial.caseHash,
      });
      state.spent += spentBy(entry.trial);
    } else if (entry.kind === "judgment") state.spent += spentBy(entry.judgment);
    else if (entry.kind === "index") state.spent += spentBy(entry.build);
    else if (entry.kind === "header") state.header ??= entry.header;
    else if (entry.kind === "resume") state.notes.push(entry.note);
    else if (entry.kind === "torn") state.dropped++;
  });
  if (tail.trim() !== "") {
    if (!isJson(tail)) {
      state.truncatedBytes = statSync(file).size - complete;
      truncateSync(file, complete);
    } else appendFileSync(file, "\n");
  }
  return state;
}

/**
 * Whether a recorded trial needs no new call: it is recorded, it is not an error being retried
 * (--retry-errors: the latest line decides, so an error later answered is done), and it answered
 * the case as it is now (a trial without a caseHash comes from an older log: assumed current).
 */
export function isDone(
  recorded: RecordedTrial | undefined,
  now: { caseHash: string; retryErrors: boolean },
): boolean {
  if (!recorded) return false;
  if (now.retryErrors && recorded.error) return false;
  return recorded.caseHash === undefined || recorded.caseHash === now.caseHash;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

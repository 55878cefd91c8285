import { appendFileSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import { TRIALS_FILE } from "./files.js";
import { trialKey } from "./key.js";
import { scanRunLog } from "./reader.js";
import type { RunHeader } from "./record.js";

export interface ResumeState {
  /** The run folder. */
  dir: string;
  file: string;
  /** The log's first line; null when the run died before writing it. */
  header: RunHeader | null;
  /** trialKey of every trial already recorded: these are neither sent nor billed again. */
  done: Set<string>;
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
  const state: ResumeState = { dir, file, header: null, done: new Set(), dropped: 0, truncatedBytes: 0 };
  const { complete, tail } = await scanRunLog(file, (entry) => {
    if (entry.kind === "trial") state.done.add(trialKey(entry.trial));
    else if (entry.kind === "header") state.header ??= entry.header;
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

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

import { appendFileSync, createReadStream, existsSync, statSync, truncateSync } from "node:fs";
import path from "node:path";
import { TRIALS_FILE } from "./log.js";
import { trialKey } from "./plan.js";
import { type RunHeader, TRIAL_SCHEMA, type TrialRecord } from "./trial.js";

/** The run to resume cannot be found or read. */
export class ResumeError extends Error {
  override readonly name = "ResumeError";
}

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

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the run folder of `--resume RUN`: a folder (or its trials.jsonl), or a run id under `outDir`.
 */
export function resolveRunDir(run: string, outDir: string, base = process.cwd()): string {
  const candidates = [path.resolve(base, run), path.resolve(outDir, run)];
  for (const candidate of candidates) {
    if (candidate.endsWith(".jsonl") && existsSync(candidate)) return path.dirname(candidate);
    if (existsSync(path.join(candidate, TRIALS_FILE))) return candidate;
  }
  throw new ResumeError(
    `cannot resume "${run}": no ${TRIALS_FILE} in ${candidates.map((c) => path.relative(process.cwd(), c) || ".").join(" or ")}`,
  );
}

/**
 * Reads a run log for resuming, streaming: every complete trial goes to `onTrial` (the summary
 * builder) and only its key is kept. A torn last line (no newline: the process died mid-write) is
 * cut off the file, so appending continues on a clean line and that trial is done again.
 */
export async function readForResume(
  dir: string,
  onTrial: (trial: TrialRecord) => void,
): Promise<ResumeState> {
  const file = path.join(dir, TRIALS_FILE);
  const state: ResumeState = { dir, file, header: null, done: new Set(), dropped: 0, truncatedBytes: 0 };
  const handle = (line: string) => {
    if (line.trim() === "") return;
    let entry: RunHeader | TrialRecord;
    try {
      entry = JSON.parse(line) as RunHeader | TrialRecord;
    } catch {
      state.dropped++;
      return;
    }
    if (entry.schema === TRIAL_SCHEMA) {
      const key = trialKey(entry);
      if (state.done.has(key)) return; // never count a trial twice
      state.done.add(key);
      onTrial(entry);
    } else if (entry.schema === "tunebench.run/1" && !state.header) state.header = entry;
  };

  let complete = 0; // bytes up to and including the last newline
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    const buffer: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buffer.indexOf(10, start); nl !== -1; nl = buffer.indexOf(10, start)) {
      handle(buffer.toString("utf8", start, nl));
      complete += nl - start + 1;
      start = nl + 1;
    }
    carry = buffer.subarray(start);
  }
  if (carry.length > 0) {
    const last = carry.toString("utf8");
    if (isJson(last)) {
      // Whole record, only the newline missing: keep it (it was paid for) and end the line.
      handle(last);
      appendFileSync(file, "\n");
    } else {
      state.dropped++;
      state.truncatedBytes = statSync(file).size - complete;
      truncateSync(file, complete);
    }
  }
  return state;
}

import { closeSync, createReadStream, existsSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { RunHeader, TrialRecord } from "./trial.js";
import { TRIAL_SCHEMA } from "./trial.js";

export const TRIALS_FILE = "trials.jsonl";
export const SUMMARY_FILE = "summary.json";

/**
 * Appends one JSON line per finished trial with a synchronous write, so a crash or kill loses
 * at most the line being written (which the reader then drops as torn).
 */
export class RunLogWriter {
  private fd: number | null;

  constructor(readonly file: string) {
    this.fd = openSync(file, "a");
  }

  append(entry: RunHeader | TrialRecord): void {
    if (this.fd === null) throw new Error(`run log ${this.file} is closed`);
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

export interface RunLogContents {
  header: RunHeader | null;
  trials: TrialRecord[];
  /** Lines that did not parse (a torn last line after a crash). */
  skippedLines: number;
}

/** Streams a run log line by line; memory stays flat however long the run was. */
export async function* readTrialLines(
  dirOrFile: string,
): AsyncGenerator<RunHeader | TrialRecord | { torn: string }> {
  const file = dirOrFile.endsWith(".jsonl") ? dirOrFile : path.join(dirOrFile, TRIALS_FILE);
  if (!existsSync(file)) throw new Error(`no run log at ${file}`);
  const lines = createInterface({
    input: createReadStream(file, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    try {
      yield JSON.parse(line) as RunHeader | TrialRecord;
    } catch {
      yield { torn: line };
    }
  }
}

export async function readRunLog(dirOrFile: string): Promise<RunLogContents> {
  const contents: RunLogContents = { header: null, trials: [], skippedLines: 0 };
  for await (const entry of readTrialLines(dirOrFile)) {
    if ("torn" in entry) contents.skippedLines++;
    else if (entry.schema === TRIAL_SCHEMA) contents.trials.push(entry);
    else if (entry.schema === "tunebench.run/1") contents.header = entry;
  }
  return contents;
}

// The one reader of run logs. Streams the file in chunks (memory stays flat however long the run),
// checks every line (parse.ts) and tells the caller where the last complete line ends, so resume
// can cut a torn tail and reports can count it.
import { createReadStream } from "node:fs";
import path from "node:path";
import { InputError } from "../config/index.js";
import { runDirOf, runLogFile, runLogProblem } from "./files.js";
import type { IndexBuildRecord } from "./index-build.js";
import type { JudgmentRecord } from "./judgment.js";
import { judgmentKey, TrialMap } from "./key.js";
import { type LogEntry, parseLogLine, type ReadOptions } from "./parse.js";
import type { RunHeader, TrialRecord } from "./record.js";
import { trialSharer } from "./share.js";

/** A run to read does not exist or holds no run log: the CLI maps it to exit 2. */
export class RunLogMissingError extends InputError {
  override name = "RunLogMissingError";
}

export interface ScanResult {
  /** Bytes up to and including the last newline. */
  complete: number;
  /** Text after the last newline (a record whose newline is missing, or a torn write); "" if none. */
  tail: string;
}

/** Calls `visit` for every complete line (with its 1-based number), in order. */
export async function scanRunLog(
  file: string,
  visit: (entry: LogEntry, line: number) => void,
  options: ReadOptions = {},
): Promise<ScanResult> {
  const end: ScanResult = { complete: 0, tail: "" };
  for await (const lines of readLines(file, options, end))
    for (const [entry, line] of lines) visit(entry, line);
  return end;
}

/** The log's lines, a read chunk at a time: for a reader that takes from several logs in turn (merge). */
export function pullRunLog(file: string): AsyncGenerator<LogLine[]> {
  return readLines(file, {}, { complete: 0, tail: "" });
}

/** A parsed line and its 1-based number. */
export type LogLine = [entry: LogEntry, line: number];

async function* readLines(file: string, options: ReadOptions, end: ScanResult): AsyncGenerator<LogLine[]> {
  let lineNo = 0;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    const buffer: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const lines: LogLine[] = [];
    let start = 0;
    for (let nl = buffer.indexOf(10, start); nl !== -1; nl = buffer.indexOf(10, start)) {
      lineNo++;
      const line = buffer.toString("utf8", start, nl);
      if (line.trim() !== "")
        try {
          lines.push([parseLogLine(line, `${file}:${lineNo}`, options), lineNo]);
        } catch (error) {
          // The lines before a bad one are read first, as one by one: a reader may judge the
          // error by them (a snapshot's header, then a line that is no record).
          if (lines.length) yield lines;
          throw error;
        }
      end.complete += nl - start + 1;
      start = nl + 1;
    }
    carry = buffer.subarray(start);
    if (lines.length) yield lines;
  }
  end.tail = carry.toString("utf8");
  if (end.tail.trim() !== "") yield [[parseLogLine(end.tail, `${file}:${lineNo + 1}`, options), lineNo + 1]];
}

export interface LoadedRun {
  /** The run folder (or the folder of the given .jsonl). */
  dir: string;
  /** What the caller gave, for display. */
  source: string;
  header: RunHeader | null;
  /** One record per trial key, in first-seen order; a later line for the same trial wins. */
  trials: TrialRecord[];
  /** Retrieval indexes built during the run (their embedding tokens are spent outside any trial). */
  indexBuilds: IndexBuildRecord[];
  /** Judgments made after the trials (pairwise, labelled answers), one per key, a later line winning. */
  judgments: JudgmentRecord[];
  /** Lines that are not JSON: a torn last line after a crash. */
  skippedLines: number;
}

/**
 * Reads a run folder or its trials.jsonl. A missing or empty log is a RunLogMissingError, a line
 * that is JSON but not a record a RunLogLineError naming file and line. When a trial appears twice
 * (a retried error, two processes that resumed the same run) the newer line wins.
 */
export async function loadRun(dirOrFile: string, options: ReadOptions = {}): Promise<LoadedRun> {
  const problem = runLogProblem(dirOrFile);
  if (problem) throw new RunLogMissingError(problem);
  const file = path.resolve(runLogFile(dirOrFile));
  let header: RunHeader | null = null;
  const trials: TrialRecord[] = [];
  const at = new TrialMap<number>();
  const indexBuilds: IndexBuildRecord[] = [];
  const judgments = new Map<string, JudgmentRecord>();
  let skippedLines = 0;
  const share = options.shared ? trialSharer() : (trial: TrialRecord) => trial;
  await scanRunLog(
    file,
    (entry) => {
      if (entry.kind === "trial") {
        const trial = share(entry.trial);
        const known = at.get(trial);
        if (known === undefined) at.set(trial, trials.push(trial) - 1);
        else trials[known] = trial;
      } else if (entry.kind === "index") indexBuilds.push(entry.build);
      else if (entry.kind === "judgment") judgments.set(judgmentKey(entry.judgment), entry.judgment);
      else if (entry.kind === "header") header ??= entry.header;
      else if (entry.kind === "torn") skippedLines++;
    },
    options,
  );
  if (!header && trials.length === 0) throw new RunLogMissingError(`${file} holds no tunebench run log`);
  return {
    dir: runDirOf(file),
    source: dirOrFile,
    header,
    trials,
    indexBuilds,
    judgments: [...judgments.values()],
    skippedLines,
  };
}

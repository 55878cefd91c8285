// A snapshot (`tunebench record`) is a run log kept in the project: a run header naming what was
// recorded, then that strategy's trial records as the run wrote them (the exact requests, outputs,
// usage and costs). The one reader of snapshots: anything that is not one says so with the file.
import { existsSync } from "node:fs";
import path from "node:path";
import { InputError } from "../config/index.js";
import { slotKey } from "./key.js";
import { type LogEntry, RunLogLineError } from "./parse.js";
import { scanRunLog } from "./reader.js";
import type { RunHeader, SnapshotInfo, TrialRecord } from "./record.js";

/** A snapshot that is missing, corrupt, from another tool or stale: one line, exit 2. */
export class SnapshotError extends InputError {
  override name = "SnapshotError";
}

export interface Snapshot {
  file: string;
  header: RunHeader;
  info: SnapshotInfo;
  /** The recorded answers by slot (suite, case, repeat); failed calls were never recorded. */
  answers: Map<string, TrialRecord>;
}

const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** Reads and checks a snapshot file. */
export async function loadSnapshot(file: string): Promise<Snapshot> {
  if (!existsSync(file))
    throw new SnapshotError(
      `no snapshot at ${shown(file)}: record one with \`tunebench record --strategy NAME --name ${path.basename(file, ".jsonl")}\``,
    );
  let header: RunHeader | null = null;
  const answers = new Map<string, TrialRecord>();
  const corrupt = (line: number, why: string) =>
    new SnapshotError(
      `${shown(file)}:${line}: ${why}; a snapshot is written whole by \`tunebench record\`: restore it from version control or record it again`,
    );
  const foreign = () =>
    new SnapshotError(
      `${shown(file)} is not a tunebench snapshot (its first line is no snapshot header): written by another tool, or a run log (freeze a run with \`tunebench record --from RUN\`)`,
    );
  const visit = (entry: LogEntry, line: number) => {
    if (entry.kind === "torn") throw corrupt(line, "not JSON");
    if (!header) {
      if (entry.kind !== "header" || !entry.header.snapshot) throw foreign();
      header = entry.header;
      return;
    }
    if (entry.kind === "header") throw corrupt(line, "a second run header");
    if (entry.kind !== "trial") return;
    const { trial } = entry;
    const info = (header as RunHeader).snapshot as SnapshotInfo;
    if (trial.strategy !== info.strategy)
      throw corrupt(
        line,
        `an answer of strategy '${trial.strategy}', not of the recorded '${info.strategy}'`,
      );
    if (trial.output !== null && trial.error === null) answers.set(slotKey(trial), trial);
  };
  try {
    await scanRunLog(file, visit);
  } catch (error) {
    // A first line that is JSON but no tunebench record at all: another tool's file.
    if (!header && error instanceof RunLogLineError) throw foreign();
    throw error;
  }
  const found = header as RunHeader | null;
  if (!found?.snapshot) throw foreign();
  return { file, header: found, info: found.snapshot, answers };
}

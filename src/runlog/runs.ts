// The runs under an output folder, in the order they started: what `--baseline latest` and the
// list of past runs read.
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { TRIALS_FILE } from "./files.js";
import { RUN_SCHEMA } from "./record.js";

const HEADER_START = /^\{"schema":"tunebench\.run\/1","runId":"[^"]*","startedAt":"([^"]+)"/;

/**
 * When a run started: its header's startedAt (milliseconds), else the time in its run id
 * (20261124-235901-3fa2, to the second), else 0. Run ids alone do not order two runs started in
 * the same second: their random suffix does.
 */
export function runStart(runsDir: string, name: string): number {
  try {
    const fd = openSync(path.join(runsDir, name, TRIALS_FILE), "r");
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString("utf8");
      const end = text.indexOf("\n");
      // A header longer than the buffer (the case hashes of a large suite) is not parsed whole:
      // its first keys, which the writer puts first, are enough.
      const header =
        end < 0
          ? { schema: RUN_SCHEMA, startedAt: HEADER_START.exec(text)?.[1] }
          : (JSON.parse(text.slice(0, end)) as { schema?: unknown; startedAt?: unknown });
      const started = header.schema === RUN_SCHEMA ? Date.parse(String(header.startedAt)) : Number.NaN;
      if (Number.isFinite(started)) return started;
    } finally {
      closeSync(fd);
    }
  } catch {
    // No header (a run that died at once, or a hand-made log): fall back to the run id.
  }
  const id = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name);
  if (!id) return 0;
  const [year, month, day, hour, minute, second] = id.slice(1).map(Number) as number[];
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second);
}

export interface RunEntry {
  name: string;
  started: number;
}

/** Orders runs by start time, then by name. */
export const byStart = (a: RunEntry, b: RunEntry): number =>
  a.started - b.started || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Run folders under `runsDir` (those holding a trials.jsonl), oldest first. */
export function listRuns(runsDir: string): RunEntry[] {
  if (!existsSync(runsDir) || !statSync(runsDir).isDirectory()) return [];
  return readdirSync(runsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(runsDir, e.name, TRIALS_FILE)))
    .map((e) => ({ name: e.name, started: runStart(runsDir, e.name) }))
    .sort(byStart);
}

// The trials of a plan's shards in the order one unsharded run would have met them. Reports list
// cases in the order the log first shows them; appending shard after shard listed case 0, 3, 6, …
// then 1, 4, 7, …. The shards are read side by side, a chunk at a time: a shard's next new case
// comes out once no other shard has a new case before it in the plan; lines of a case already out
// follow at once. Each shard meets its cases in about plan order (calls in parallel finish in any
// order), so the merge is as near plan order as an unsharded run's log is.
import { suiteCaseKey } from "./key.js";
import type { LogEntry } from "./parse.js";
import { type LogLine, pullRunLog } from "./reader.js";
import type { TrialRecord } from "./record.js";

export interface ShardSource {
  file: string;
  /** Whether this line is the one that counts for its trial (a later line for a trial wins). */
  keeps(entry: LogEntry & { kind: "trial" }, line: number): boolean;
}

interface Reader {
  source: ShardSource;
  chunks: AsyncGenerator<LogLine[]>;
  lines: LogLine[];
  at: number;
  /** The trial at `at` once found; null at the end of the log. */
  head?: TrialRecord | null;
  /** The cases this shard has put out, by suite/case. */
  met: Set<string>;
}

/** The next trial that counts in the chunk in hand (null: read on). Synchronous: most calls end here. */
function inHand(r: Reader): TrialRecord | null {
  for (; r.at < r.lines.length; r.at++) {
    const [entry, line] = r.lines[r.at] as LogLine;
    if (entry.kind === "trial" && r.source.keeps(entry, line)) return entry.trial;
  }
  return null;
}

/** Reads on to the next trial that counts, or null at the end of the log. */
async function readOn(r: Reader): Promise<TrialRecord | null> {
  for (;;) {
    const next = await r.chunks.next();
    if (next.done) return null;
    r.lines = next.value;
    r.at = 0;
    const trial = inHand(r);
    if (trial) return trial;
  }
}

/** Calls `emit` with every trial that counts, a case's first trial by its `place` in the plan. */
export async function interleaveShards(
  sources: readonly ShardSource[],
  place: (trial: TrialRecord) => number,
  emit: (trial: TrialRecord) => void,
): Promise<void> {
  const readers: Reader[] = sources.map((source) => {
    const chunks = pullRunLog(source.file);
    return { source, chunks, lines: [], at: 0, met: new Set() };
  });
  try {
    for (;;) {
      let first: { r: Reader; trial: TrialRecord; place: number } | null = null;
      for (const r of readers) {
        if (r.head === undefined) r.head = inHand(r) ?? (await readOn(r));
        if (!r.head) continue;
        const at = r.met.has(suiteCaseKey(r.head)) ? -1 : place(r.head);
        if (!first || at < first.place) first = { r, trial: r.head, place: at };
        if (at < 0) break;
      }
      if (!first) return;
      first.r.met.add(suiteCaseKey(first.trial));
      first.r.at++;
      first.r.head = undefined;
      emit(first.trial);
    }
  } finally {
    // A failed write or read leaves no shard's log open.
    await Promise.all(readers.map((r) => r.chunks.return(undefined)));
  }
}

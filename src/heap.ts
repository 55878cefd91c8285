// How much garbage V8 may keep. A run allocates ~150 KB per trial that dies soon after (the SDK's
// and node:http's per-request objects); V8 promotes part of it, and its defaults let the heap grow
// far past what is live. Two settings, each left alone when the user passes the flag to node
// (on the command line or in NODE_OPTIONS):
// - The old generation grows by at most 30% past what survived the last full collection (by
//   default up to 4× on a machine with memory to spare). The flag is read each time V8 sets its
//   next limit, so setting it at start takes effect.
// - From V8 13 (Node 24) the young generation grows to 128 MiB instead of V8 11–12's 32 MiB. Its
//   size limit is fixed at start (`--max-semi-space-size` set later is ignored), but the growth
//   factor is read at each growth: 1 (none) until the first task boundary after a collection, as
//   one long stretch of work (loading 10,000 inline cases) grew it from 16 to 64 MiB before any
//   check could run; then 2, checked after collections; 1 for good at 32 MiB.
// Peak RSS of the README's benchmark runs, defaults → these:
//   Node 20 (V8 11.3), 10,000 cases: 155–185 → 127–131 MB;  Node 22 (V8 12.4): 152–154 → 143 MB
//   Node 24 (V8 13.6), 10,000 cases: 294–307 → 152–157 MB;  100,000 from JSONL: 351–481 → 256 MB
// Only the CLI sets them: a library user's process is theirs.

import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";

const GROWING = "--heap-growing-percent";
const PERCENT = 30;
const YOUNG = ["--max-semi-space-size", "--semi-space-growth-factor"];
const YOUNG_CAP = 32 * 2 ** 20;
const FIRST_LARGE_YOUNG_V8 = 13;

const userFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].map((flag) =>
  flag.replaceAll("_", "-"),
);
const given = (flag: string) => userFlags.some((f) => f.startsWith(flag));

if (!given(GROWING)) v8.setFlagsFromString(`${GROWING}=${PERCENT}`);

if (Number.parseInt(process.versions.v8, 10) >= FIRST_LARGE_YOUNG_V8 && !YOUNG.some(given)) {
  const growth = (factor: number) => v8.setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
  growth(1);
  // Called at a task boundary after one or more collections (a run's tasks are short).
  const watch = new PerformanceObserver(() => {
    if (young() < YOUNG_CAP) return growth(2);
    growth(1);
    watch.disconnect();
  });
  watch.observe({ entryTypes: ["gc"] });
}

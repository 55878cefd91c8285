// How much garbage V8 may keep. A run allocates ~150 KB per trial that dies soon after (the SDK's
// and node:http's per-request objects); V8 promotes part of it, and its defaults let the heap grow
// far past what is live. Two settings, each left alone when the user passes its flag to node (on
// the command line; `--max-semi-space-size` in NODE_OPTIONS too: Node refuses the others there):
// - The old generation grows by at most 30% past what survived the last full collection (by
//   default up to 4× on a machine with memory to spare). The flag is read each time V8 sets its
//   next limit, so setting it at start takes effect.
// - From V8 13 (Node 24) the young generation grows to 128 MiB instead of V8 11–12's 32 MiB. Its
//   size limit is fixed at start (`--max-semi-space-size` set later is ignored), but the growth
//   factor is read at each growth. It is 1 (none) at first, as one long stretch of work (loading
//   10,000 inline cases) grew it from 16 to 64 MiB before any check could run; after collections,
//   at the next task boundary, it is 2 while doubling stays within 32 MiB, else 1. So the cap is soft: a long
//   stretch between two checks can still double it once more. V8 may shrink it when idle (a batch
//   run polling); the check stays on, so it grows back.
// Peak RSS before and after: README, Benchmark. Only the CLI sets them: a library user's process
// is theirs.
import { PerformanceObserver } from "node:perf_hooks";
import v8 from "node:v8";

const GROWING = "--heap-growing-percent";
const PERCENT = 30;
const YOUNG = ["--max-semi-space-size", "--semi-space-growth-factor"];
const YOUNG_CAP = 32 * 2 ** 20;
const YOUNG_SLACK = 4 * 2 ** 20;
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
  // Doubling only while it stays within the cap (after V8 shrinks it to 18 MiB, say, it regrows to
  // no more than that), give or take the page or two V8 counts at times (32 MiB reads 34 now and then).
  const grows = () => young() * 2 <= YOUNG_CAP + YOUNG_SLACK;
  new PerformanceObserver(() => growth(grows() ? 2 : 1)).observe({ entryTypes: ["gc"] });
}

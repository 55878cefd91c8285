// How far V8 lets the old generation grow past what survived the last full collection before it
// collects again. By default the factor is dynamic and reaches 4× on a machine with memory to
// spare. A run allocates ~150 KB per trial that dies soon after (the SDK's and node:http's
// per-request objects) and V8 promotes part of it, so a 10,000-case run's RSS climbed to ~185 MB
// while 25–40 MB was live. Growing by at most 30% collects sooner: ~140 MB at the same CPU per
// trial (README, Benchmark). The flag is read each time V8 sets its next limit, so setting it at
// start works (Node 20 and 24); only the CLI sets it, a library user's process is theirs.
import v8 from "node:v8";

const FLAG = "--heap-growing-percent";
export const HEAP_GROWING_PERCENT = 30;

// `node --heap-growing-percent=N tunebench …` (a user's own choice) wins.
if (!process.execArgv.some((arg) => arg.startsWith(FLAG)))
  v8.setFlagsFromString(`${FLAG}=${HEAP_GROWING_PERCENT}`);

// How far V8 lets the old generation grow past what survived the last full collection before it
// collects again. By default the factor is dynamic and reaches 4× on a machine with memory to
// spare. A run allocates ~150 KB per trial that dies soon after (the SDK's and node:http's
// per-request objects) and V8 promotes part of it, so on Node 20 a 10,000-case run's RSS climbed
// to 155–185 MB while 25–40 MB was live. Growing by at most 30% collects sooner, at about the
// same CPU per trial. Peak RSS of that run (README, Benchmark), default → 30%:
//   Node 20 (V8 11.3): 155–185 → 132–136 MB;  Node 22 (V8 12.4): 152–154 → 143 MB;
//   Node 24 (V8 13.6): 180 → 230–240 MB, and worse at every percent tried (10 to 100), so from
//   V8 13 on its own heuristics are left alone.
// The flag is read each time V8 sets its next limit, so setting it at start takes effect. Only the
// CLI sets it: a library user's process is theirs, and `node --heap-growing-percent=N` wins.
import v8 from "node:v8";

const FLAG = "--heap-growing-percent";
const PERCENT = 30;
const LAST_V8_HELPED = 12;

const major = Number.parseInt(process.versions.v8, 10);
if (major <= LAST_V8_HELPED && !process.execArgv.some((arg) => arg.startsWith(FLAG)))
  v8.setFlagsFromString(`${FLAG}=${PERCENT}`);

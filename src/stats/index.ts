// Pure statistics of paired pass/fail evaluations: intervals, tests, corrections. No I/O, no
// knowledge of runs: analysis/ applies them to run logs.
export { type BootstrapOptions, type BootstrapResult, pairedBootstrap } from "./bootstrap.js";
export { holm } from "./holm.js";
export { mcnemarExact } from "./mcnemar.js";
export { type CompareOptions, comparePaired, type PairedComparison, type PairedVerdict } from "./paired.js";
export { median, percentile } from "./percentile.js";
export { mulberry32 } from "./random.js";
export { type Interval, wilsonAt, wilsonInterval } from "./wilson.js";

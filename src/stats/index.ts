// Pure statistics of paired evaluations (pass/fail and graded) and of rater agreement: intervals,
// tests, corrections. No I/O, no knowledge of runs: analysis/ applies them to run logs.
export {
  type BootstrapOptions,
  type BootstrapResult,
  pairedBootstrap,
  pairedBootstrapMean,
} from "./bootstrap.js";
export {
  type CasePair,
  caseDifferences,
  clusteredDiffInterval,
  effectiveN,
  pairedCaseTest,
} from "./clustered.js";
export {
  type Decision,
  decide,
  decideByTest,
  type GateOutcome,
  isEquivalent,
  nonInferiority,
} from "./decide.js";
export { holm } from "./holm.js";
export { type Agreement, cohensKappa } from "./kappa.js";
export { mcnemarExact } from "./mcnemar.js";
export { normalCdf, normalQuantile } from "./normal.js";
export {
  type DiffInterval,
  moverDifference,
  newcombePhi,
  type PairedTable,
  pairedDiffInterval,
  pairedTable,
} from "./paired-interval.js";
export { median, percentile } from "./percentile.js";
export {
  casesForNonInferiority,
  casesNeeded,
  detectableDrop,
  mcnemarPower,
  type PowerOptions,
} from "./power.js";
export { mulberry32 } from "./random.js";
export { type CaseRepeats, flipRate, type RepeatStats, repeatStats } from "./repeats.js";
export { signFlipTest } from "./sign-flip.js";
export { type SignedRankResult, wilcoxonSignedRank } from "./wilcoxon.js";
export { type Interval, wilsonAt, wilsonInterval } from "./wilson.js";

export { expectScorer, firstNumber, jsonSubsetMismatch, scoreExpect } from "./expect.js";
export { checkOutputSchema, formatScorer, hasFormatRequirement, scoreFormat } from "./format.js";
export { type Extracted, extractJson } from "./json.js";
export { checkLanguage, type Language } from "./language.js";
export { isRefusal, refusalPhrase, refusalScorer, scoreRefusal } from "./refusal.js";
export { scoreOutput } from "./score.js";
export {
  type BootstrapOptions,
  type BootstrapResult,
  type CompareOptions,
  comparePaired,
  holm,
  type Interval,
  mcnemarExact,
  median,
  mulberry32,
  type PairedComparison,
  type PairedVerdict,
  pairedBootstrap,
  percentile,
  wilsonInterval,
} from "./stats.js";
export type { Score, ScoreInput, Scorer, Verdict } from "./types.js";

import { expectScorer } from "./expect.js";
import { formatScorer } from "./format.js";
import { refusalScorer } from "./refusal.js";
import type { Scorer } from "./types.js";

/** The deterministic scorers in the order scoreOutput applies them. */
export const scorers: readonly Scorer[] = [formatScorer, expectScorer, refusalScorer];

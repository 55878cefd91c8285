// What other folders (and the tests) use of the scorers and statistics; the rest is internal.
export { expectScorer, firstNumber, jsonSubsetMismatch, scoreExpect } from "./expect.js";
export { checkOutputSchema, formatScorer, scoreFormat } from "./format.js";
export { isRefusal, refusalScorer, scoreRefusal } from "./refusal.js";
export { scoreOutput } from "./score.js";
// The scorer contract: what a scorer gets and returns, and the verdict a trial derives from it.
export type { Score, ScoreInput, Scorer, Verdict } from "./types.js";

// Scorers: async functions of (output, case, context) registered by name; the verdict a trial
// derives from them. Scoring runs inside a run or afterwards from the log (rescore).
export { loadScorers } from "./custom.js";
export { expectScorer, firstNumber, jsonSubsetMismatch, scoreExpect } from "./expect.js";
export { checkOutputSchema, formatScorer, scoreFormat } from "./format.js";
export { isRefusal, refusalScorer, scoreRefusal } from "./refusal.js";
export { SCORERS } from "./registry.js";
export { deriveVerdict, scoreAnswer } from "./score.js";
export type {
  RegisteredScorer,
  Score,
  ScoreContext,
  ScoreResult,
  Scorer,
  ScorerSet,
  ScoringModels,
  Verdict,
} from "./types.js";

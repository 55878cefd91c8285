// Scorers: async functions of (output, case, context) registered by name; the verdict a trial
// derives from them. Scoring runs inside a run or afterwards from the log (rescore).
export { agreementScorer, sameJson } from "./agreement.js";
export { agreementMode } from "./agreement-mode.js";
export { loadScorers } from "./custom.js";
export { expectScorer, firstNumber, jsonSubsetMismatch, scoreExpect } from "./expect.js";
export { checkOutputSchema, formatScorer, scoreFormat } from "./format.js";
export { judgeRequest } from "./judge/ask.js";
export { type Graded, type GradeSample, gradeAnswer, gradeMessages } from "./judge/grade.js";
export { type Contender, judgePair, type PairResult, pairMessages } from "./judge/pairwise.js";
export {
  agreementJudge,
  judgeEndpoints,
  judgingSettings,
  type ResolvedJudge,
  resolveJudge,
  type ScorerCall,
  scorerCalls,
} from "./judge/resolve.js";
export { isRefusal, refusalScorer, scoreRefusal } from "./refusal.js";
export { SCORERS } from "./registry.js";
export { deriveVerdict, scoreAnswer } from "./score.js";
export { similarScorer, vectorCosine } from "./similar.js";
export type {
  JudgingSettings,
  Reference,
  RegisteredScorer,
  Score,
  ScoreContext,
  ScoreResult,
  Scorer,
  ScorerSet,
  ScoringModels,
  Verdict,
} from "./types.js";

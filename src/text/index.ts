export { canonicalJson } from "./canonical-json.js";
export { cosine, features, fnv1a, hanShare, hashedVector, norm, similarity, words } from "./features.js";
export {
  type GradeRequest,
  gradePrompt,
  gradeVerdict,
  JUDGE_MARKER,
  type JudgePrompt,
  type PairRequest,
  type PromptMessages,
  pairPrompt,
  pairVerdict,
  parseGrade,
  parsePairVerdict,
  readJudgePrompt,
  type Winner,
} from "./judge-protocol.js";

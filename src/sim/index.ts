export {
  type AnswerSource,
  answerChat,
  type BrainOptions,
  type ChatAnswer,
  EXAMPLE_THRESHOLD,
  FORMAT_BREAK_SHARE,
  KNOWLEDGE_THRESHOLD,
  TUNED_SKILL_KEEP,
} from "./brain/base.js";
export { answerJudge, quality as judgeQuality, quotedPhrases } from "./brain/judge.js";
export { type LearnedExample, type ParsedPrompt, parsePrompt } from "./brain/parse.js";
export { generalSkill } from "./brain/skills.js";
export { answerTuned, learnedExamples } from "./brain/tuned.js";
export { badRequest, modelNotFound, SimError } from "./errors.js";
export type { FaultOptions } from "./faults.js";
export {
  ModelRegistry,
  modelObject,
  SIM_BASE_MODEL,
  SIM_EMBEDDING_MODEL,
  SIM_JUDGE_MODEL,
  type SimModel,
} from "./registry.js";
export {
  jsonObject,
  type Route,
  type SimContext,
  type SimReply,
  type SimRequest,
  type SimSettings,
} from "./router.js";
export { type RunningSimulator, type SimOptions, type SimStats, startSimulator } from "./server.js";

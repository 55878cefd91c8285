// The built-in scorers by name. Typed by config's SCORER_NAMES, so a name without a scorer (or a
// scorer without a name the config knows) fails to compile. Adding one: its file, this entry, the name.
import type { ScorerName } from "../config/index.js";
import { agreementScorer } from "./agreement.js";
import { expectScorer } from "./expect.js";
import { formatScorer } from "./format.js";
import { judgeScorer } from "./judge/scorer.js";
import { refusalScorer } from "./refusal.js";
import { similarScorer } from "./similar.js";
import type { RegisteredScorer } from "./types.js";

export const SCORERS = {
  format: { role: "format", score: formatScorer },
  expect: { role: "correctness", score: expectScorer },
  refusal: { role: "correctness", score: refusalScorer },
  judge: { role: "correctness", score: judgeScorer },
  similar: { role: "correctness", score: similarScorer },
  agreement: { role: "agreement", score: agreementScorer },
} as const satisfies Record<ScorerName, RegisteredScorer>;

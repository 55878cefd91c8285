// Custom scorers from the config's `scorers:` map, each a module whose default export (or `score`
// export) is a Scorer. They count towards correctness like `expect`.
import { type LoadedConfig, loadConfiguredModule } from "../config/index.js";
import { SCORERS } from "./registry.js";
import type { Scorer, ScorerSet } from "./types.js";

function pickScorer(module: Record<string, unknown>): Scorer | string {
  const candidate = module.default ?? module.score;
  return typeof candidate === "function"
    ? (candidate as Scorer)
    : "exports no scorer: export a function (output, testCase, context) => ({ pass, score, reason }) as default or as `score`";
}

/** The built-in scorers plus the config's custom ones, loaded (and checked) before any call. */
export async function loadScorers(loaded: LoadedConfig): Promise<ScorerSet> {
  const set: Record<string, ScorerSet[string]> = { ...SCORERS };
  for (const [name, spec] of Object.entries(loaded.config.scorers ?? {}))
    set[name] = {
      role: "correctness",
      score: await loadConfiguredModule(loaded, ["scorers", name], spec, pickScorer),
    };
  return set;
}

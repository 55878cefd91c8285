// The names of the pluggable parts, alone in a module without dependencies: the config schema
// validates against them, the registries in strategies/, scoring/ and report/ are typed by them
// (`satisfies Record<Name, …>`, so a name without an implementation fails to compile), and the CLI
// checks flags with them before loading anything heavy.

/**
 * Strategy types and what each implies wherever strategies are compared or defaulted. `rank`
 * orders a pair: the more elaborate strategy (lower rank) is the candidate against the simpler one.
 * `builtIn`: part of the default set when the config defines no strategy. `untuned`: an
 * alternative a tuned model is measured against (pairs, break-even, measured costs). `offline`:
 * answers without calling any endpoint, so none is opened for it.
 *
 * `recorded` replays a snapshot of another strategy's answers (usually a tuned model that will
 * retire). It ranks last so in every pair it is the reference the candidates are measured
 * against; it is not built in (it needs a snapshot) and not `untuned`: it is the model being
 * replaced, never a replacement a tuned model should beat, nor a cost to break even against.
 */
export const STRATEGY_KINDS = {
  tuned: { rank: 0, builtIn: true, untuned: false, offline: false },
  retrieval: { rank: 1, builtIn: true, untuned: true, offline: false },
  prompt: { rank: 2, builtIn: true, untuned: true, offline: false },
  baseline: { rank: 3, builtIn: true, untuned: true, offline: false },
  recorded: { rank: 4, builtIn: false, untuned: false, offline: true },
} as const satisfies Record<string, { rank: number; builtIn: boolean; untuned: boolean; offline: boolean }>;

export type StrategyType = keyof typeof STRATEGY_KINDS;

/** Every type, the built-in ones in the order the default set runs them. */
export const STRATEGY_TYPES = [
  "baseline",
  "prompt",
  "retrieval",
  "tuned",
  "recorded",
] as const satisfies readonly StrategyType[];

/** The default set (no strategy configured), and the names usable without defining them. */
export const BUILT_IN_STRATEGIES: readonly StrategyType[] = STRATEGY_TYPES.filter(
  (type) => STRATEGY_KINDS[type].builtIn,
);

/** The built-in scorers (src/scoring); custom scorers from modules take any other name. */
export const SCORER_NAMES = ["format", "expect", "refusal", "judge", "similar", "agreement"] as const;
export type ScorerName = (typeof SCORER_NAMES)[number];

/**
 * How a candidate's answer is matched against a recorded model's (`agreement:`): `auto` = `json`
 * when the task answers in JSON, else `similar`; `judge`: the project's judge, the recorded
 * answer as its reference.
 */
export const AGREEMENT_MODES = ["auto", "exact", "json", "similar", "judge"] as const;
export type AgreementMode = (typeof AGREEMENT_MODES)[number];

/** Built-in reporters for `--reporter` and `reporters:` (src/report/reporters). */
export const REPORTER_NAMES = ["console", "json", "markdown", "junit", "html"] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

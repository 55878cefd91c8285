// The names of the pluggable parts, alone in a module without dependencies: the config schema
// validates against them, the registries in strategies/, scoring/ and report/ are typed by them
// (`satisfies Record<Name, …>`, so a name without an implementation fails to compile), and the CLI
// checks flags with them before loading anything heavy.

/**
 * Strategy types and what each implies wherever strategies are compared or defaulted. `rank`
 * orders a pair: the more elaborate strategy (lower rank) is the candidate against the simpler one.
 * `builtIn`: part of the default set when the config defines no strategy. `untuned`: an
 * alternative a tuned model is measured against (pairs, break-even, measured costs).
 */
export const STRATEGY_KINDS = {
  tuned: { rank: 0, builtIn: true, untuned: false },
  retrieval: { rank: 1, builtIn: true, untuned: true },
  prompt: { rank: 2, builtIn: true, untuned: true },
  baseline: { rank: 3, builtIn: true, untuned: true },
} as const satisfies Record<string, { rank: number; builtIn: boolean; untuned: boolean }>;

export type StrategyType = keyof typeof STRATEGY_KINDS;

/** In the order the default set runs them. */
export const STRATEGY_TYPES = [
  "baseline",
  "prompt",
  "retrieval",
  "tuned",
] as const satisfies readonly StrategyType[];

/** The built-in scorers (src/scoring); custom scorers from modules take any other name. */
export const SCORER_NAMES = ["format", "expect", "refusal", "judge", "similar"] as const;
export type ScorerName = (typeof SCORER_NAMES)[number];

/** Built-in reporters for `--reporter` and `reporters:` (src/report/reporters). */
export const REPORTER_NAMES = ["console", "json", "markdown", "junit", "html"] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

// The reporter names, alone in a module without dependencies: the config schema validates
// `reporters:` against them and the CLI checks `--reporter` with them before loading anything heavy.

/** Reporter names for `--reporter` and `reporters:` (src/report/reporters). */
export const REPORTER_NAMES = ["console", "json", "markdown", "junit", "html"] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

// The project around a command: its config when there is one, and report inputs that do not exist
// turned into bad input. Shared by the commands that read runs (report, compare, runs, baseline).
import { existsSync } from "node:fs";
import type { LoadedConfig } from "../config/index.js";
import { UsageError } from "./errors.js";

/**
 * The project's config: the given file (its problems are exit 2), else ./eval.config.yaml when it
 * exists, else none (no gates, default break-even inputs). Suite gates naming no suite of the
 * config are problems too, as in `validate` and `run`: such a gate would never fire.
 */
export async function loadProjectConfig(file: string | undefined): Promise<LoadedConfig | null> {
  const { loadConfig, DEFAULT_CONFIG_FILE, suiteGateProblems, ConfigError } = await import(
    "../config/index.js"
  );
  const configFile = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null);
  if (!configFile) return null;
  const loaded = await loadConfig(configFile);
  const problems = await suiteGateProblems(loaded);
  if (problems.length) throw new ConfigError(problems);
  return loaded;
}

/** Report inputs that do not exist are bad input (exit 2), never internal errors. */
export async function asUsage<T>(body: () => Promise<T> | T): Promise<T> {
  const { ReportInputError } = await import("../analysis/index.js");
  try {
    return await body();
  } catch (error) {
    if (error instanceof ReportInputError) throw new UsageError(error.message);
    throw error;
  }
}

// The project a tuning command works in: its config, its .tunebench layout, and the defaults
// (endpoint, model) that the config's tuned strategy implies.
import {
  type LoadedConfig,
  type LoadedSuite,
  loadConfig,
  loadSuites,
  resolveStrategies,
} from "../config/index.js";
import { InputError } from "../config/problem.js";
import { redactorFor } from "../model/index.js";
import {
  type ProjectLayout,
  projectLayout,
  SIM_BASE_MODEL,
  type TuneFiles,
  tuneFiles,
} from "../project/index.js";

/** " --suite a --suite b" (kept with the project layout, where the commands read it without loading tuning). */
export { suiteFlags } from "../project/index.js";

import { baseModelOf } from "../training/index.js";

/** A tuning request that cannot go ahead as asked (no state, a running job, invalid data, an endpoint that fails): exit 2. */
export class TuneError extends Error {
  override readonly name = "TuneError";
}

export interface ProjectOptions {
  /** eval.config.yaml (default: ./eval.config.yaml). */
  config?: string;
  /** The simulator's job duration (new jobs only). */
  simJobSeconds?: number;
}

export interface Project {
  loaded: LoadedConfig;
  /** The project's .tunebench folder. */
  layout: ProjectLayout;
  /** Takes every configured key out of the state and record files (src/model/redact.ts). */
  redact: (text: string) => string;
  /** The suites this tuning is for (`--suite`), sorted; null: project-wide. */
  suites: string[] | null;
  /** Its training files and job state: .tunebench/tune/ project-wide, else tune/<a+b>/. */
  files: TuneFiles;
}

/** `--suite` naming a canary suite: canary suites measure forgetting and are never trained on. */
export class CanarySuiteError extends InputError {
  override readonly name = "CanarySuiteError";
}

/**
 * The suite names `--suite` gave (names or suite files), checked: an unknown one is an
 * UnknownNameError, a canary one a CanarySuiteError (both exit 2). Sorted; null when none given.
 */
export async function tuneSuites(
  loaded: LoadedConfig,
  names: readonly string[] | undefined,
): Promise<LoadedSuite[] | null> {
  if (!names?.length) return null;
  const suites = await loadSuites(loaded, { only: [...names] });
  const canary = suites.find((s) => s.canary);
  if (canary)
    throw new CanarySuiteError(
      `--suite ${canary.name}: a canary suite is never trained on (it measures what a tuned model forgets); name the suites of the task`,
    );
  return suites.sort((a, b) => a.name.localeCompare(b.name));
}

/** The project for a tuning command; `suites` (`--suite`) picks the tuning of those suites. */
export async function openProject(config?: string, suites?: readonly string[]): Promise<Project> {
  const loaded = await loadConfig(config);
  const layout = projectLayout(loaded.dir);
  const names = (await tuneSuites(loaded, suites))?.map((s) => s.name) ?? null;
  return {
    loaded,
    layout,
    redact: redactorFor(loaded.config, process.env).text,
    suites: names,
    files: tuneFiles(layout, names),
  };
}

/** The `tuned` strategy of the config (by type), if any. */
function tunedStrategy(loaded: LoadedConfig) {
  return resolveStrategies(loaded.config).find((s) => s.type === "tuned");
}

/** --endpoint, else the tuned strategy's endpoint, else sim. */
export function defaultEndpoint(project: Project): string {
  return tunedStrategy(project.loaded)?.config.endpoint ?? "sim";
}

/** --model, else the base of the tuned strategy's ft: model, else sim-base on the simulator. */
export function defaultModel(project: Project, endpoint: string): string {
  const tuned = tunedStrategy(project.loaded);
  if (tuned?.config.model && tuned.config.endpoint === endpoint) return baseModelOf(tuned.config.model);
  if (endpoint === "sim") return SIM_BASE_MODEL;
  throw new TuneError(
    `which model should be fine-tuned on endpoint "${endpoint}"? pass --model (e.g. --model gpt-4o-mini-2024-07-18)`,
  );
}

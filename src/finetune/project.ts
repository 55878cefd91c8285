// The project a tuning command works in: its config, its .tunebench layout, and the defaults
// (endpoint, model) that the config's tuned strategy implies.
import { type LoadedConfig, loadConfig, resolveStrategies } from "../config/index.js";
import { redactorFor } from "../model/index.js";
import { type ProjectLayout, projectLayout, SIM_BASE_MODEL } from "../project/index.js";
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
}

export async function openProject(config?: string): Promise<Project> {
  const loaded = await loadConfig(config);
  return { loaded, layout: projectLayout(loaded.dir), redact: redactorFor(loaded.config, process.env).text };
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

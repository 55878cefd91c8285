// The user's own JavaScript modules (custom reporters and scorers): loaded the way vitest loads a
// custom reporter. A module that is missing, does not load or exports the wrong thing is bad input
// found before any model is called: a config problem at its key (file:line), or a usage error.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { configProblem, type LoadedConfig } from "./load.js";
import { notAFile, pathKind } from "./path-kind.js";
import { ConfigError, InputError, type PathKey } from "./problem.js";

/** A user module that cannot be used; the message names the module and what to fix. */
export class UserModuleError extends InputError {
  override readonly name = "UserModuleError";
}

/** Imports the module at `file` (absolute) and returns the export `pick` chooses (a string: what is wrong). */
export async function loadUserModule<T>(
  file: string,
  pick: (module: Record<string, unknown>) => T | string,
  shown = file,
): Promise<T> {
  const kind = await pathKind(file);
  if (kind === "missing") throw new UserModuleError(`module ${shown} not found (looked for ${file})`);
  if (kind !== "file")
    throw new UserModuleError(
      `module ${notAFile(shown, kind, "a JavaScript module file (.mjs, .cjs or .js)")}`,
    );
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UserModuleError(`module ${shown} failed to load: ${(error as Error).message.split("\n")[0]}`);
  }
  const picked = pick(module);
  if (typeof picked === "string") throw new UserModuleError(`module ${shown} ${picked}`);
  return picked;
}

/** A module named in the config at `at` (relative to the config file); problems point at that key. */
export async function loadConfiguredModule<T>(
  loaded: LoadedConfig,
  at: readonly PathKey[],
  spec: string,
  pick: (module: Record<string, unknown>) => T | string,
): Promise<T> {
  try {
    return await loadUserModule(path.resolve(loaded.dir, spec), pick, spec);
  } catch (error) {
    if (!(error instanceof UserModuleError)) throw error;
    throw new ConfigError([await configProblem(loaded, at, error.message)]);
  }
}

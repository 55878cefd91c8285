import { ConfigError, type LoadedConfig, type ResolvedStrategy, resolveStrategies } from "../config/index.js";

/** The strategies a run uses: the config's (or `only`, in that order); an unknown name is a config error. */
export function selectStrategies(
  loaded: LoadedConfig,
  only: readonly string[] | undefined,
): ResolvedStrategy[] {
  const all = resolveStrategies(loaded.config);
  if (!only?.length) return all;
  const problems = only
    .filter((name) => !all.some((s) => s.name === name))
    .map((name) => ({
      file: loaded.file,
      line: 1,
      column: 1,
      path: "strategies",
      message: `unknown strategy "${name}"; defined: ${all.map((s) => s.name).join(", ")}`,
    }));
  if (problems.length) throw new ConfigError(problems);
  return only.map((name) => all.find((s) => s.name === name) as ResolvedStrategy);
}

/** Every endpoint the strategies call, embedding endpoints included. */
export function endpointsOf(strategies: readonly ResolvedStrategy[]): Set<string> {
  const names = new Set<string>();
  for (const { config } of strategies) {
    names.add(config.endpoint);
    if (config.embedding && config.embedding !== "local") names.add(config.embedding.endpoint);
  }
  return names;
}

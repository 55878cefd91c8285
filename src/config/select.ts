import { InputError } from "./problem.js";
import type { Config } from "./schema.js";
import { type ResolvedStrategy, resolveStrategies } from "./strategies.js";
import { nearest } from "./suggest.js";

/**
 * A name the caller asked for (`--strategy`, `--suite`) that the config does not define. It is a
 * mistake in the command, not in the config, so it names the option rather than a file position.
 */
export class UnknownNameError extends InputError {
  override name = "UnknownNameError";

  constructor(
    /** The option the name came from, without dashes: `strategy` or `suite`. */
    readonly option: "strategy" | "suite",
    name: string,
    known: readonly string[],
  ) {
    const hint = nearest(name, known);
    super(
      `--${option}: unknown ${option} '${name}'${hint ? `; did you mean '${hint}'?` : ""} (${option === "suite" ? "suites" : "strategies"}: ${known.join(", ") || "none"})`,
    );
  }
}

/** The strategies a run uses: all the config resolves to, or only these names, in this order. */
export function selectStrategies(config: Config, only: readonly string[] | undefined): ResolvedStrategy[] {
  const all = resolveStrategies(config);
  if (!only?.length) return all;
  const names = all.map((s) => s.name);
  return only.map((name) => {
    const found = all.find((s) => s.name === name);
    if (!found) throw new UnknownNameError("strategy", name, names);
    return found;
  });
}

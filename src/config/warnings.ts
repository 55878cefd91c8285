import { formatProblem } from "./problem.js";
import type { LoadedSuite } from "./schema.js";
import type { ResolvedStrategy } from "./strategies.js";

// Setups that are valid but almost surely not meant. `tunebench validate` lists them and `run`
// prints them at its start, on stderr; neither fails because of them.

/**
 * One line per suite without notes when a retrieval strategy runs on it: the strategy is told to
 * answer only from the notes, so with none it refuses or guesses, and its numbers mean little.
 */
export function retrievalWithoutNotes(
  suites: readonly LoadedSuite[],
  strategies: readonly Pick<ResolvedStrategy, "name" | "type">[],
): string[] {
  const names = strategies.filter((s) => s.type === "retrieval").map((s) => `'${s.name}'`);
  if (names.length === 0) return [];
  const one = names.length === 1;
  const which = `${one ? "strategy" : "strategies"} ${names.join(", ")} ${one ? "retrieves nothing and answers" : "retrieve nothing and answer"}`;
  return suites
    .filter((suite) => suite.noteFiles.length === 0)
    .map((suite) =>
      formatProblem({
        file: suite.file,
        line: 0,
        column: 0,
        path: "",
        message: `warning: suite '${suite.name}' has no task.notes, so ${which} without notes`,
      }),
    );
}

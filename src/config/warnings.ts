import { formatProblem } from "./problem.js";
import type { LoadedSuite } from "./schema.js";
import type { ResolvedStrategy } from "./strategies.js";

// Setups that are valid but almost surely not meant. `tunebench validate` lists them and `run`
// prints them at its start, on stderr; neither fails because of them.

/**
 * One line when a retrieval strategy runs on suites without notes: the strategy is told to answer
 * only from the notes, so with none it refuses or guesses, and its numbers mean little there. One
 * suite is named with its file; several share one line, so a project with many note-less suites
 * is told once, not once per suite.
 */
export function retrievalWithoutNotes(
  suites: readonly LoadedSuite[],
  strategies: readonly Pick<ResolvedStrategy, "name" | "type">[],
): string[] {
  const names = strategies.filter((s) => s.type === "retrieval").map((s) => `'${s.name}'`);
  const bare = suites.filter((suite) => suite.noteFiles.length === 0);
  if (names.length === 0 || bare.length === 0) return [];
  const one = names.length === 1;
  const which = `${one ? "strategy" : "strategies"} ${names.join(", ")} ${one ? "retrieves nothing and answers" : "retrieve nothing and answer"}`;
  const [only] = bare;
  if (bare.length === 1 && only)
    return [
      formatProblem({
        file: only.file,
        line: 0,
        column: 0,
        path: "",
        message: `warning: suite '${only.name}' has no task.notes, so ${which} without notes`,
      }),
    ];
  const list = bare.map((s) => s.name).join(", ");
  return [`warning: ${bare.length} suites have no task.notes (${list}), so ${which} without notes there`];
}

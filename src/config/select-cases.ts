// `run --case ID --tag TAG`: which cases of the loaded suites a run poses. Applied after loading,
// so every suite is still validated whole and ids and tags are checked against what exists.
import { InputError } from "./problem.js";
import { nearest } from "./suggest.js";
import type { LoadedSuite } from "./suite-schema.js";

export interface CaseSelection {
  /** Case ids, or `suite/id` where two suites share an id. */
  ids?: readonly string[];
  tags?: readonly string[];
}

/** A `--case` or `--tag` that selects nothing: a mistake in the command (exit 2). */
export class CaseSelectionError extends InputError {
  override name = "CaseSelectionError";
}

/**
 * The cases named by id plus the cases carrying any of the tags; suites left without a case are
 * dropped. No selection keeps everything.
 */
export function selectCases(suites: LoadedSuite[], selection: CaseSelection = {}): LoadedSuite[] {
  const ids = selection.ids ?? [];
  const tags = selection.tags ?? [];
  if (ids.length === 0 && tags.length === 0) return suites;
  const all = suites.flatMap((s) => s.cases.map((c) => ({ suite: s.name, c })));
  for (const id of ids)
    if (!all.some(({ suite, c }) => c.id === id || `${suite}/${c.id}` === id))
      throw new CaseSelectionError(unknown("case", id, [...new Set(all.map(({ c }) => c.id))]));
  for (const tag of tags)
    if (!all.some(({ c }) => c.tags.includes(tag)))
      throw new CaseSelectionError(unknown("tag", tag, [...new Set(all.flatMap(({ c }) => c.tags))]));
  return suites
    .map((s) => ({
      ...s,
      cases: s.cases.filter(
        (c) =>
          ids.includes(c.id) || ids.includes(`${s.name}/${c.id}`) || c.tags.some((t) => tags.includes(t)),
      ),
    }))
    .filter((s) => s.cases.length > 0);
}

function unknown(option: "case" | "tag", name: string, known: readonly string[]): string {
  const hint = nearest(name, known);
  const where = option === "case" ? "no case has the id" : "no case carries the tag";
  const list = known.length > 12 ? `${known.slice(0, 12).join(", ")}, …` : known.join(", ") || "none";
  return `--${option} ${name}: ${where} '${name}' in the selected suites${hint ? `; did you mean '${hint}'?` : ""} (${option === "case" ? "ids" : "tags"}: ${list})`;
}

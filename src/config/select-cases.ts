// `run --case ID --tag TAG`: which cases of the loaded suites a run poses. Applied after loading,
// so every suite is still validated whole and ids and tags are checked against what exists.
import { suiteRows } from "./case-files.js";
import { InputError } from "./problem.js";
import { nearest } from "./suggest.js";
import type { Case, LoadedSuite, RowPlace } from "./suite-schema.js";

export interface CaseSelection {
  /** Case ids, or `suite/id` where two suites share an id, in any Unicode normal form. */
  ids?: readonly string[];
  tags?: readonly string[];
}

/**
 * The selection's ids composed (NFC), as the suites hold them (suite-schema.ts): a shell or an
 * editor may type them decomposed, which looks the same.
 */
export function composedIds(selection?: CaseSelection): string[] {
  return (selection?.ids ?? []).map((id) => id.normalize("NFC"));
}

/** Whether a run poses only some cases (`--case`/`--tag`): a case it leaves out is not removed. */
export function selectsSome(selection?: CaseSelection): boolean {
  return Boolean(selection?.ids?.length || selection?.tags?.length);
}

/** A `--case` or `--tag` that selects nothing: a mistake in the command (exit 2). */
export class CaseSelectionError extends InputError {
  override name = "CaseSelectionError";
}

/**
 * The cases named by id plus the cases carrying any of the tags; suites left without a case are
 * dropped. No selection keeps everything. Case files are read through (a selection is a subset:
 * the selected cases are held, as inline cases, and the suite no longer streams its files); a
 * selected row keeps its place, so a problem found later (an unpriced judge) still names its row.
 */
export async function selectCases(
  suites: LoadedSuite[],
  selection: CaseSelection = {},
): Promise<LoadedSuite[]> {
  const ids = composedIds(selection);
  const tags = selection.tags ?? [];
  if (ids.length === 0 && tags.length === 0) return suites;
  const known = { ids: new Set<string>(), tags: new Set<string>() };
  const matched = { ids: new Set<string>(), tags: new Set<string>() };
  const selected: LoadedSuite[] = [];
  for (const suite of suites) {
    const cases: Case[] = [];
    const rows = new Map<string, RowPlace>();
    for await (const { value: c, row } of suiteRows(suite)) {
      known.ids.add(c.id);
      for (const t of c.tags) known.tags.add(t);
      const byId = ids.filter((id) => id === c.id || id === `${suite.name}/${c.id}`);
      const byTag = c.tags.filter((t) => tags.includes(t));
      for (const id of byId) matched.ids.add(id);
      for (const t of byTag) matched.tags.add(t);
      if (byId.length === 0 && byTag.length === 0) continue;
      cases.push(c);
      if (row) rows.set(c.id, row);
    }
    const { caseFiles: _read, rows: _rows, ...rest } = suite;
    if (cases.length > 0) selected.push({ ...rest, cases, ...(rows.size > 0 ? { rows } : {}) });
  }
  for (const id of ids)
    if (!matched.ids.has(id)) throw new CaseSelectionError(unknown("case", id, [...known.ids]));
  for (const tag of tags)
    if (!matched.tags.has(tag)) throw new CaseSelectionError(unknown("tag", tag, [...known.tags]));
  return selected;
}

function unknown(option: "case" | "tag", name: string, known: readonly string[]): string {
  const hint = nearest(name, known);
  const where = option === "case" ? "no case has the id" : "no case carries the tag";
  const list = known.length > 12 ? `${known.slice(0, 12).join(", ")}, …` : known.join(", ") || "none";
  return `--${option} ${name}: ${where} '${name}' in the selected suites${hint ? `; did you mean '${hint}'?` : ""} (${option === "case" ? "ids" : "tags"}: ${list})`;
}

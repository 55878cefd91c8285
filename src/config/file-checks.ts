// The files a suite names (case files, datasets, notes) checked against the file system beside it:
// each problem says what is at the path (nothing, a directory) and what belongs there.
import path from "node:path";
import { expandFiles, globHint, slashHint, toList } from "./files.js";
import type { Add } from "./judge-checks.js";
import type { FileRef } from "./parts.js";
import { notAFile, pathKind } from "./path-kind.js";
import type { PathKey } from "./problem.js";
import { DATA_FILE } from "./suite-schema.js";

const DATA_KINDS = "a .jsonl or .csv file";

/** A case file or a dataset (`noun`): a .jsonl or .csv file that is there, relative to `dir`. */
export async function checkDataFile(ref: FileRef, dir: string, noun: string, add: Add): Promise<void> {
  const file = path.resolve(dir, ref.file);
  const kind = await pathKind(file);
  if (kind === "directory" || kind === "other") add(ref.at, notAFile(ref.file, kind, DATA_KINDS));
  else if (!DATA_FILE.test(ref.file)) add(ref.at, `a ${noun} must be ${DATA_KINDS}`);
  else if (kind === "missing") add(ref.at, `${noun} not found: ${file}${slashHint(ref.file)}`);
}

/** The notes files (or globs) of a suite, resolved to absolute .md/.txt files, sorted. */
export async function checkNotes(
  notes: string | string[] | undefined,
  dir: string,
  add: Add,
): Promise<string[]> {
  const patterns = toList(notes);
  const found = new Set<string>();
  for (const [i, pattern] of patterns.entries()) {
    const at: PathKey[] = Array.isArray(notes) ? ["task", "notes", i] : ["task", "notes"];
    const files = await expandFiles(pattern, dir);
    if (files.length === 0) {
      add(at, await nothingMatches(pattern, dir));
      continue;
    }
    for (const file of files) {
      if (/\.(md|txt)$/i.test(file)) found.add(file);
      else add(at, `notes must be .md or .txt files, got ${path.relative(dir, file)}`);
    }
  }
  return [...found].sort();
}

async function nothingMatches(pattern: string, dir: string): Promise<string> {
  const kind = await pathKind(path.resolve(dir, pattern));
  if (kind === "directory" || kind === "other")
    return notAFile(pattern, kind, "a .md or .txt file", globHint(pattern, "notes", "md"));
  return `missing notes file: nothing matches '${pattern}' (relative to ${dir})${slashHint(pattern)}`;
}

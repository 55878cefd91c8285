// What is at a path the user typed (a file, a folder, nothing) and the one line that says it holds
// the wrong thing: every command and config check asks here, so each says it the same way. Free of
// heavy imports: commands load it at startup.
import { type Stats, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";

/** A path as a line shows it: relative to the working folder, absolute where that climbs out (../../). */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith(`..${path.sep}..`) ? file : relative || ".";
}

/** What is at a path the user gave: every "not found" and "is a directory" is decided here. */
export type PathKind = "file" | "directory" | "missing" | "other";

const kindOf = (found: Stats): PathKind =>
  found.isFile() ? "file" : found.isDirectory() ? "directory" : "other";

export async function pathKind(file: string): Promise<PathKind> {
  try {
    return kindOf(await stat(file));
  } catch {
    return "missing"; // also ENOTDIR: `a-file/trials.jsonl` is not there either
  }
}

/** pathKind for the synchronous lookups (a run named on the command line). */
export function pathKindSync(file: string): PathKind {
  try {
    return kindOf(statSync(file));
  } catch {
    return "missing";
  }
}

export async function isFile(file: string): Promise<boolean> {
  return (await pathKind(file)) === "file";
}

/**
 * The line for a path that is there but is no file (`shown` as the user wrote it, `expected` such
 * as "a .jsonl or .csv file"); `hint` says what to write instead of a directory.
 */
export function notAFile(shown: string, kind: "directory" | "other", expected: string, hint = ""): string {
  if (kind === "other") return `${shown} is not a regular file; expected ${expected}`;
  return `${shown} is a directory, not ${expected}${hint ? `; ${hint}` : ""}`;
}

/** What belongs at a path: a file or a folder, its name ("a run folder") and what to give instead. */
export interface Wanted {
  kind: "file" | "directory";
  what: string;
  /** Says what to give instead, e.g. "give a folder of run folders". */
  give?: string;
}

/**
 * The one line for a path (`shown` as the user wrote it) that holds the wrong thing: nothing, a
 * directory where a file belongs, a file where a folder belongs; null when it holds what belongs.
 */
export function pathProblem(shown: string, kind: PathKind, wanted: Wanted): string | null {
  if (kind === wanted.kind) return null;
  const give = wanted.give ?? `give ${wanted.what}`;
  if (kind === "missing") return `${shown} does not exist; ${give}`;
  if (kind === "file") return `${shown} is a file, not ${wanted.what}; ${give}`;
  if (wanted.kind === "file") return notAFile(shown, kind, wanted.what, give);
  return `${shown} is not a folder; ${give}`;
}

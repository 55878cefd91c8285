import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { isFile } from "./path-kind.js";

/** Existing files a path or glob names, relative to `dir`; absolute, sorted, de-duplicated. */
export async function expandFiles(pattern: string, dir: string): Promise<string[]> {
  if (!isDynamicPattern(pattern)) {
    const file = path.resolve(dir, pattern);
    return (await isFile(file)) ? [file] : [];
  }
  const files = await glob(pattern, { cwd: dir, absolute: true, onlyFiles: true, expandDirectories: false });
  return [...new Set(files.map((f) => path.resolve(f)))].sort();
}

/**
 * The hint for a pattern that matched nothing and holds a backslash: a Windows path such as
 * `notes\*.md`. In a glob `\` escapes the next character, so it never separates folders.
 */
export function slashHint(pattern: string): string {
  if (!pattern.includes("\\")) return "";
  return `; use '/' between folders, also on Windows ('${pattern.replaceAll("\\", "/")}'): in a glob '\\' escapes the next character`;
}

/** For a directory given where a glob of files belongs: the glob that names its files. */
export const globHint = (dir: string, what: string, extension: string) =>
  `name its ${what} with a glob such as '${dir.replace(/\/+$/, "")}/*.${extension}'`;

export function toList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Write a whole file so a crash leaves the old text or the new, never half of one: a sibling, then a rename. */
export function writeFileAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

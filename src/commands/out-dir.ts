import { accessSync, constants, existsSync } from "node:fs";
import path from "node:path";
import { pathKindSync, shownPath } from "../config/path-kind.js";
import { UsageError } from "./errors.js";

/**
 * Checks, before any work starts, that files can go into `dir` (created later when missing), or
 * says in one line why not (exit 2). `-o some-file` used to fail only when the first report was
 * written, as an internal error (exit 3), after the run had paid for its calls.
 */
export function checkOutDir(dir: string, setBy: string): void {
  let existing = dir;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let why: string | null = null;
  if (pathKindSync(existing) !== "directory")
    why = existing === dir ? "it is a file" : `${shownPath(existing)} is a file`;
  else {
    try {
      accessSync(existing, constants.W_OK);
    } catch {
      why = `${shownPath(existing)} is not writable`;
    }
  }
  if (why) {
    throw new UsageError(
      `${setBy}: cannot write into ${shownPath(dir)}: ${why}; give a folder (created when missing)`,
    );
  }
}

// One line of a run log, checked: a line that is JSON but not a run header or trial record is one
// clear "file:line: not a tunebench.trial/1 record: missing caseId" instead of a crash deep in the
// analysis. A line that is not JSON at all is torn (a kill mid-write) and left to the caller.
import type { z } from "zod";
import { InputError, valueAt } from "../config/index.js";
import { INDEX_BUILD_SCHEMA, type IndexBuildRecord, IndexBuildShape } from "./index-build.js";
import { JUDGMENT_SCHEMA, type JudgmentRecord, JudgmentRecordShape } from "./judgment.js";
import {
  RESUME_SCHEMA,
  type ResumeNote,
  ResumeNoteShape,
  RUN_SCHEMA,
  type RunHeader,
  RunHeaderShape,
  TRIAL_SCHEMA,
  type TrialRecord,
  TrialRecordShape,
} from "./record.js";

export interface ReadOptions {
  /**
   * Drop each trial's messages (the prompt, most of a record's size) as it is read: the
   * analysis never reads them, and a 100,000-trial log then fits in memory many times over.
   */
  withoutMessages?: boolean;
  /**
   * Drop the case hashes, the header's (`plan.suites.*.cases`) and each trial's: only resume and
   * `record` compare them, and at 100,000 cases they take 25 MB (header) and 3 MB (trials) that a
   * report would hold to the end.
   */
  withoutCaseHashes?: boolean;
  /** Share repeated values between records (share.ts): for readers that keep every trial. */
  shared?: boolean;
}

/** A line that is JSON but not a record this tunebench can read. */
export class RunLogLineError extends InputError {
  override name = "RunLogLineError";
}

export type LogEntry =
  | { kind: "header"; header: RunHeader }
  | { kind: "trial"; trial: TrialRecord }
  | { kind: "resume"; note: ResumeNote }
  | { kind: "index"; build: IndexBuildRecord }
  | { kind: "judgment"; judgment: JudgmentRecord }
  /** Not JSON: the torn last line of a killed run. */
  | { kind: "torn" }
  /** A record of another kind (another `schema` string), left for other readers. */
  | { kind: "other" };

/** "missing caseId, strategy; repeat: expected number, received string". */
export function describeIssues(data: unknown, issues: readonly z.core.$ZodIssue[]): string {
  const name = (path: readonly PropertyKey[]) => path.map(String).join(".") || "(the record)";
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const issue of issues) {
    if (valueAt(data, issue.path) === undefined) missing.push(name(issue.path));
    else wrong.push(`${name(issue.path)}: ${issue.message.replace(/^Invalid (input|option): /, "")}`);
  }
  const list = (items: string[], max: number, separator: string) =>
    items.length > max
      ? `${items.slice(0, max).join(separator)}${separator}and ${items.length - max} more`
      : items.join(separator);
  return [missing.length ? `missing ${list(missing, 8, ", ")}` : "", list(wrong, 3, "; ")]
    .filter(Boolean)
    .join("; ");
}

/** Parses and checks one line; `where` is "file:line" for the error message. */
export function parseLogLine(line: string, where: string, options: ReadOptions = {}): LogEntry {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return { kind: "torn" };
  }
  const fail = (what: string, why: string) => new RunLogLineError(`${where}: not a ${what} record: ${why}`);
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    throw fail(
      TRIAL_SCHEMA,
      `a JSON ${Array.isArray(entry) ? "array" : entry === null ? "null" : typeof entry}, not an object`,
    );
  const schema = (entry as { schema?: unknown }).schema;
  if (typeof schema !== "string") throw fail(TRIAL_SCHEMA, "no 'schema' field");
  if (schema === TRIAL_SCHEMA) {
    // Dropped before the check copies them: the prompt is most of a record's size.
    const record = entry as { messages?: unknown; caseHash?: unknown };
    if (options.withoutMessages && Array.isArray(record.messages)) record.messages = [];
    if (options.withoutCaseHashes) delete record.caseHash;
    const checked = TrialRecordShape.safeParse(entry);
    if (!checked.success) throw fail(TRIAL_SCHEMA, describeIssues(entry, checked.error.issues));
    return { kind: "trial", trial: checked.data };
  }
  if (schema === RUN_SCHEMA) {
    const checked = RunHeaderShape.safeParse(entry);
    if (!checked.success) throw fail(RUN_SCHEMA, describeIssues(entry, checked.error.issues));
    const header = checked.data;
    if (options.withoutCaseHashes)
      for (const suite of Object.values(header.plan?.suites ?? {})) {
        suite.cases = {};
        delete suite.order;
      }
    return { kind: "header", header };
  }
  if (schema === RESUME_SCHEMA) {
    const checked = ResumeNoteShape.safeParse(entry);
    if (!checked.success) throw fail(RESUME_SCHEMA, describeIssues(entry, checked.error.issues));
    return { kind: "resume", note: checked.data };
  }
  if (schema === INDEX_BUILD_SCHEMA) {
    const checked = IndexBuildShape.safeParse(entry);
    if (!checked.success) throw fail(INDEX_BUILD_SCHEMA, describeIssues(entry, checked.error.issues));
    return { kind: "index", build: checked.data };
  }
  if (schema === JUDGMENT_SCHEMA) {
    const checked = JudgmentRecordShape.safeParse(entry);
    if (!checked.success) throw fail(JUDGMENT_SCHEMA, describeIssues(entry, checked.error.issues));
    return { kind: "judgment", judgment: checked.data };
  }
  if (/^tunebench\.(trial|run|resume|index|judgment)\//.test(schema))
    throw fail(TRIAL_SCHEMA, `schema '${schema}' is a version this tunebench cannot read`);
  return { kind: "other" };
}

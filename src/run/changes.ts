// What changed between the plan a run recorded and the suites and config as they are now. A
// resume refuses such changes (old and new answers would mix silently in one log) unless the
// user accepts them with --allow-changed; the changed cases are then answered again.
import type { SuiteFingerprint } from "../runlog/index.js";
import { ResumeError } from "./folder.js";
import type { RecordedPlan } from "./restore.js";

export interface PlanChanges {
  /** "suite/case" ids. */
  changed: string[];
  added: string[];
  removed: string[];
  /** Config hash keys ("prices", "strategies.prompt") that differ. */
  config: string[];
}

export function diffPlan(
  recorded: RecordedPlan,
  suites: Record<string, SuiteFingerprint>,
  configHashes: Record<string, string>,
): PlanChanges {
  const changes: PlanChanges = { changed: [], added: [], removed: [], config: [] };
  for (const name of recorded.suites) {
    const before = recorded.fingerprints[name]?.cases ?? {};
    const now = suites[name]?.cases ?? {};
    for (const [id, hash] of Object.entries(now)) {
      if (!Object.hasOwn(before, id)) changes.added.push(`${name}/${id}`);
      else if (before[id] !== hash) changes.changed.push(`${name}/${id}`);
    }
    for (const id of Object.keys(before)) if (!Object.hasOwn(now, id)) changes.removed.push(`${name}/${id}`);
  }
  for (const key of new Set([...Object.keys(recorded.configHashes), ...Object.keys(configHashes)]))
    if (recorded.configHashes[key] !== configHashes[key]) changes.config.push(key);
  return changes;
}

export function hasChanges(c: PlanChanges): boolean {
  return c.changed.length + c.added.length + c.removed.length + c.config.length > 0;
}

/** One line: what changed, and the two ways on. */
export function changesRefused(runId: string, c: PlanChanges): ResumeError {
  const parts = [
    c.changed.length ? `changed ${list(c.changed)}` : "",
    c.added.length ? `added ${list(c.added)}` : "",
    c.removed.length ? `removed ${list(c.removed)}` : "",
  ].filter(Boolean);
  const what = [
    parts.length ? `cases ${parts.join("; ")}` : "",
    c.config.length ? `config ${c.config.join(", ")} changed` : "",
  ].filter(Boolean);
  return new ResumeError(
    `cannot resume ${runId}: the suites or config changed since it started (${what.join("; ")}): ` +
      "pass --allow-changed to answer the changed and added cases anew (removed ones stay in the log), or start a new run",
  );
}

function list(items: readonly string[], max = 10): string {
  return items.length > max
    ? `${items.slice(0, max).join(", ")} and ${items.length - max} more`
    : items.join(", ");
}

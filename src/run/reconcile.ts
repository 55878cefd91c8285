// The suites and config as they are now against what the run recorded: which trials are still to
// be answered, and what a resume must write down (changes accepted, cases re-run, errors retried).
import type { LoadedConfig } from "../config/index.js";
import { isDone, type ResumeNote, type SuiteFingerprint } from "../runlog/index.js";
import type { Strategy } from "../strategies/index.js";
import { changesRefused, diffPlan, hasChanges } from "./changes.js";
import { fingerprintConfig, fingerprintSuite } from "./fingerprint.js";
import type { RunFolder } from "./folder.js";
import { resumeNote } from "./header.js";
import { iteratePlan, type PlannedTrial, plannedKey, type TrialState } from "./plan.js";
import type { RunScope } from "./scope.js";

export interface Reconciled {
  fingerprints: Record<string, SuiteFingerprint>;
  configHashes: Record<string, string>;
  /** What a trial's record carries: the hash of its case (and task) as answered now. */
  caseHash(t: PlannedTrial): string;
  /** Not in the log, an error to retry, or answered for a case that has changed since. */
  isPending(t: PlannedTrial): boolean;
  /** A trial as the log leaves it: still to answer, or done (its latest line an error or not). */
  stateOf(t: PlannedTrial): TrialState;
  /** The line to append after the header when resuming changed anything; null otherwise. */
  note: ResumeNote | null;
}

export async function reconcile(
  loaded: LoadedConfig,
  scope: RunScope,
  strategies: readonly Strategy[],
  folder: RunFolder,
  options: { allowChanged?: boolean | undefined; retryErrors?: boolean | undefined },
  say: (message: string) => void,
): Promise<Reconciled> {
  const fingerprints: Record<string, SuiteFingerprint> = {};
  for (const s of scope.suites) fingerprints[s.name] = await fingerprintSuite(s, loaded.dir);
  const configHashes = fingerprintConfig(loaded, strategies);
  const { recorded } = scope;
  const changes = recorded ? diffPlan(recorded, fingerprints, configHashes) : null;
  if (recorded && changes && hasChanges(changes) && !options.allowChanged)
    throw changesRefused(recorded.runId, changes);
  const retryErrors = options.retryErrors === true;
  const caseHash = (t: PlannedTrial) => fingerprints[t.suite.name]?.cases[t.testCase.id] ?? "";
  const recordOf = (t: PlannedTrial) => folder.resumed?.recorded.get(plannedKey(t));
  const isPending = (t: PlannedTrial) => !isDone(recordOf(t), { caseHash: caseHash(t), retryErrors });
  const stateOf = (t: PlannedTrial): TrialState =>
    isPending(t) ? "pending" : recordOf(t)?.error ? "error" : "done";
  const base = { fingerprints, configHashes, caseHash, isPending, stateOf, note: null };
  if (!folder.resumed?.header) return base;

  // Why each recorded-but-pending trial is sent again, for the note and the user.
  const rerun = new Set<string>();
  let retried = 0;
  const runnable = strategies.filter((s) => s.unavailable() === null);
  for await (const t of iteratePlan(scope.suites, runnable, scope.repeat)) {
    const record = recordOf(t);
    if (!record || !isPending(t)) continue;
    if (retryErrors && record.error) retried++;
    else rerun.add(`${t.suite.name}/${t.testCase.id}`);
  }
  const accepted = changes && hasChanges(changes) ? changes : null;
  if (!accepted && rerun.size === 0 && retried === 0) return base;
  if (accepted)
    say(
      `accepted changes to run ${folder.runId} (--allow-changed): ${accepted.changed.length} changed, ${accepted.added.length} added, ` +
        `${accepted.removed.length} removed case(s)${accepted.config.length ? `, config ${accepted.config.join(", ")}` : ""}`,
    );
  if (rerun.size)
    say(`answering ${rerun.size} changed case(s) again; the newer answers replace the old ones`);
  if (retried) say(`sending ${retried} trial(s) again whose recorded answer was an error (--retry-errors)`);
  // The accepted fingerprints of every suite with a change (ids are "suite/case"; suite names hold no "/").
  const touched = accepted ? [...accepted.changed, ...accepted.added, ...accepted.removed] : [];
  const changedSuites = new Set(touched.map((id) => id.slice(0, id.indexOf("/"))));
  const suites = Object.fromEntries([...changedSuites].map((name) => [name, fingerprints[name] ?? null]));
  const note = resumeNote(
    folder.runId,
    accepted ?? { changed: [], added: [], removed: [], config: [] },
    { suites, ...(accepted?.config.length ? { configHashes } : {}) },
    [...rerun],
    retried,
  );
  return { ...base, note };
}

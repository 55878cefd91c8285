// Trials grouped by case: the unit every paired statistic counts. With `--repeat k` a case's
// repeats stay together as one cluster (passed of answered), never k independent cases.
import { TrialMap, type TrialRecord } from "../runlog/index.js";
import type { CasePair, CaseRepeats } from "../stats/index.js";

/** Whether the trial got a scored answer (a call error is neither a pass nor a fail). */
export function answered(
  t: TrialRecord | undefined,
): t is TrialRecord & { verdict: NonNullable<TrialRecord["verdict"]> } {
  return t !== undefined && t.error === null && t.verdict !== null;
}

/**
 * Each case's repeats: how many got an answer and how many of those passed (failed calls do not
 * count either way). `key` names the case (its id, or suite and id when suites are pooled).
 */
export function caseTallies(
  trials: Iterable<TrialRecord>,
  key: (t: TrialRecord) => string = (t) => t.caseId,
): Map<string, CaseRepeats> {
  const tally = new Map<string, CaseRepeats>();
  for (const t of trials) {
    const k = key(t);
    let c = tally.get(k);
    if (!c) {
      c = { answered: 0, passed: 0 };
      tally.set(k, c);
    }
    if (!answered(t)) continue;
    c.answered++;
    if (t.verdict.pass) c.passed++;
  }
  return tally;
}

/**
 * Both sides of the cases both have, in a stable order (by key). A case with no answered repeat on
 * either side says nothing about the difference: it is left out and counted as excluded.
 */
export function pairCases(
  reference: ReadonlyMap<string, CaseRepeats>,
  candidate: ReadonlyMap<string, CaseRepeats>,
): { pairs: CasePair[]; excluded: number } {
  const pairs: CasePair[] = [];
  let excluded = 0;
  for (const key of [...candidate.keys()].filter((k) => reference.has(k)).sort()) {
    const a = reference.get(key) as CaseRepeats;
    const b = candidate.get(key) as CaseRepeats;
    if (a.answered === 0 || b.answered === 0) excluded++;
    else pairs.push({ a, b });
  }
  return { pairs, excluded };
}

/** suite → strategy → (case id, repeat) → trial, suites and strategies in first-seen order. */
export function indexTrials(
  trials: Iterable<TrialRecord>,
): Map<string, Map<string, Map<string, TrialRecord>>> {
  const index = new TrialMap<TrialRecord>();
  for (const t of trials) index.set(t, t);
  return index.bySuite;
}

// How trials are matched: within a run (resume: never send a trial twice), across runs (baseline
// comparison), within a suite × strategy group (pairs) and across strategies (case reports). Every
// key is built here and nowhere else; the separator cannot occur in a name or an id.
const SEP = "\u0000";

/** Identity of a trial in a run: suite, case, strategy and repeat. */
export function trialKey(t: { suite: string; caseId: string; strategy: string; repeat: number }): string {
  return `${t.suite}${SEP}${t.caseId}${SEP}${t.strategy}${SEP}${t.repeat}`;
}

/** A trial key read back, for messages: "suite/case (strategy, repeat n)". */
export function describeTrialKey(key: string): string {
  const [suite, caseId, strategy, repeat] = key.split(SEP);
  return `${suite}/${caseId} (${strategy}, repeat ${repeat})`;
}

/** A suite × strategy group (a row of the summary table). */
export function groupKey(t: { suite: string; strategy: string }): string {
  return `${t.suite}${SEP}${t.strategy}`;
}

/** Identity of a trial within one suite × strategy group: case and repeat. */
export function caseKey(t: { caseId: string; repeat: number }): string {
  return `${t.caseId}${SEP}${t.repeat}`;
}

/** One answer slot of a case, whatever the strategy: suite, case and repeat. */
export function slotKey(t: { suite: string; caseId: string; repeat: number }): string {
  return `${t.suite}${SEP}${t.caseId}${SEP}${t.repeat}`;
}

/**
 * A recorded model's answer in a slot: this repeat's, else repeat 0's. A snapshot recorded once
 * is the reference of every repeat; scoring and the migration view must agree on which answer.
 */
export function recordedOutput<T>(
  answers: ReadonlyMap<string, T>,
  slot: { suite: string; caseId: string; repeat: number },
): T | undefined {
  return answers.get(slotKey(slot)) ?? answers.get(slotKey({ ...slot, repeat: 0 }));
}

/** Identity of a case across suites (pooled comparisons): suite and case id. */
export function suiteCaseKey(t: { suite: string; caseId: string }): string {
  return `${t.suite}${SEP}${t.caseId}`;
}

/** Identity of a judgment: a pair of strategies on a case's repeat, or a case's labelled answer. */
export function judgmentKey(
  j:
    | { kind: "pairwise"; suite: string; caseId: string; repeat: number; strategies: readonly string[] }
    | { kind: "labelled"; suite: string; caseId: string; index: number },
): string {
  const rest = j.kind === "pairwise" ? [j.repeat, ...j.strategies] : [j.index];
  return [j.kind, j.suite, j.caseId, ...rest].join(SEP);
}

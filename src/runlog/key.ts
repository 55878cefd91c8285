// How trials are matched: within a run (resume: never send a trial twice), across runs (baseline
// comparison), within a suite × strategy group (pairs, case reports) and across strategies
// (recorded answers). Every key is built here and nowhere else; the separator cannot occur in a
// name or an id.
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

/**
 * Identity of a trial within one suite × strategy group: case and repeat. The first repeat's key is
 * the case id itself (no id holds the separator): indexes of a 100,000-case run make no new strings.
 */
export function caseKey(t: { caseId: string; repeat: number }): string {
  return t.repeat === 0 ? t.caseId : `${t.caseId}${SEP}${t.repeat}`;
}

/**
 * Values by trial identity (the same as trialKey's), held as suite → strategy → caseKey: the
 * names and ids are the records' own strings, so indexing a 100,000-trial log builds no key.
 */
export class TrialMap<T> {
  /** Suites and strategies in first-seen order. */
  readonly bySuite = new Map<string, Map<string, Map<string, T>>>();

  private group(t: { suite: string; strategy: string }): Map<string, T> {
    let byStrategy = this.bySuite.get(t.suite);
    if (!byStrategy) {
      byStrategy = new Map();
      this.bySuite.set(t.suite, byStrategy);
    }
    let group = byStrategy.get(t.strategy);
    if (!group) {
      group = new Map();
      byStrategy.set(t.strategy, group);
    }
    return group;
  }

  get(t: { suite: string; caseId: string; strategy: string; repeat: number }): T | undefined {
    return this.bySuite.get(t.suite)?.get(t.strategy)?.get(caseKey(t));
  }

  set(t: { suite: string; caseId: string; strategy: string; repeat: number }, value: T): void {
    this.group(t).set(caseKey(t), value);
  }
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

// Repeated trials of the same case (`--repeat k`): they are one cluster, not k independent cases.

export interface CaseRepeats {
  /** Repeats that passed. */
  passed: number;
  /** Repeats that got an answer (errors left out). */
  answered: number;
}

export interface RepeatStats {
  k: number;
  cases: number;
  /** Share of cases with at least one passing repeat (pass@k). */
  passAtK: number;
  /** Share of cases whose every repeat passed (pass^k). */
  passAllK: number;
  /** Mean over cases of the share of repeats that disagree with the case's majority. */
  meanFlipRate: number;
  /** Cases whose repeats disagree. */
  flaky: number;
}

/** A case's flip rate: the share of its repeats that disagree with its majority outcome. */
export function flipRate(c: CaseRepeats): number {
  if (c.answered === 0) return 0;
  return Math.min(c.passed, c.answered - c.passed) / c.answered;
}

/** pass@k, pass^k and flakiness over the cases' repeats (cases with no answer left out). */
export function repeatStats(cases: readonly CaseRepeats[]): RepeatStats {
  const counted = cases.filter((c) => c.answered > 0);
  const n = counted.length;
  const k = counted.reduce((max, c) => Math.max(max, c.answered), 0);
  if (n === 0) return { k, cases: 0, passAtK: 0, passAllK: 0, meanFlipRate: 0, flaky: 0 };
  const share = (test: (c: CaseRepeats) => boolean) => counted.filter(test).length / n;
  return {
    k,
    cases: n,
    passAtK: share((c) => c.passed > 0),
    passAllK: share((c) => c.passed === c.answered),
    meanFlipRate: counted.reduce((sum, c) => sum + flipRate(c), 0) / n,
    flaky: counted.filter((c) => flipRate(c) > 0).length,
  };
}

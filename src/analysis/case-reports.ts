// The report's case section: every case with every strategy's result. At 100,000 cases the built
// section was as big as the trial records it is made from (43 MB), and a report held both. So the
// section is made as it is read: it keeps the trial list and an index into it (8 bytes a trial),
// and each CaseReport exists only while a reporter looks at it.
import { caseKey, NONE, type TrialRecord } from "../runlog/index.js";
import type { CaseReport, CaseResult, CaseSection } from "./model.js";
import { rankIn as rank } from "./order.js";

/** A result's failed checks, scorer errors and grades; most are empty, and share one empty list. */
function scoreLists(scores: TrialRecord["scores"]) {
  const reasons: string[] = [];
  const scorerErrors: string[] = [];
  const grades: CaseResult["grades"] = [];
  for (const s of scores) {
    if (s.error) scorerErrors.push(`${s.scorer}: ${s.reason}`);
    else {
      if (s.pass === false) reasons.push(`${s.scorer}: ${s.reason}`);
      if (s.score !== undefined) grades.push({ scorer: s.scorer, score: s.score, reason: s.reason });
    }
  }
  const shared = <T>(list: T[]): T[] => (list.length ? list : NONE);
  return { reasons: shared(reasons), scorerErrors: shared(scorerErrors), grades: shared(grades) };
}

function resultOf(t: TrialRecord): CaseResult {
  const { reasons, scorerErrors, grades } = scoreLists(t.scores);
  return {
    strategy: t.strategy,
    model: t.model,
    pass: t.verdict?.pass ?? null,
    formatOk: t.verdict?.formatOk ?? null,
    hallucinated: t.verdict?.hallucinated ?? null,
    output: t.output,
    reasons,
    scorerErrors,
    grades,
    error: t.error,
    cost: t.cost.total,
    latencyMs: t.latencyMs,
    tokensIn: t.usage?.promptTokens ?? null,
    tokensOut: t.usage?.completionTokens ?? null,
    cached: t.cached,
  };
}

/**
 * Cases in suite order, then in the order the log first saw them; results in strategy order. Each
 * pass over the section builds its cases afresh; `toJSON` gives the whole list (JSON.stringify of a
 * report writes the same array a built section would).
 */
export class Cases implements CaseSection {
  readonly length: number;
  readonly repeated: boolean;
  /** The trials of the p-th case are order[starts[p]] .. order[starts[p + 1] - 1]. */
  private readonly starts: Int32Array;
  private readonly order: Int32Array;
  /** The p-th case's first trial in the log: its suite, id, tags and input, as the log first had them. */
  private readonly firsts: Int32Array;

  constructor(
    private readonly trials: readonly TrialRecord[],
    suiteOrder: readonly string[],
    strategyOrder: readonly string[],
  ) {
    this.repeated = trials.some((t) => t.repeat > 0);
    // Each trial's case (slotKey's identity: suite, case, repeat), numbered in first-seen order;
    // `firsts` holds each case's first trial. Maps of the records' own strings: no key per trial.
    const numbers = new Map<string, Map<string, number>>();
    const caseOf = new Int32Array(trials.length);
    const firsts: number[] = [];
    trials.forEach((t, i) => {
      let inSuite = numbers.get(t.suite);
      if (!inSuite) {
        inSuite = new Map();
        numbers.set(t.suite, inSuite);
      }
      let k = inSuite.get(caseKey(t));
      if (k === undefined) {
        k = firsts.length;
        inSuite.set(caseKey(t), k);
        firsts.push(i);
      }
      caseOf[i] = k;
    });
    numbers.clear();
    this.length = firsts.length;
    // Cases by suite, stable: first-seen order within a suite.
    const suiteOf = (k: number) => rank(suiteOrder, (trials[firsts[k] as number] as TrialRecord).suite);
    const position = new Int32Array(this.length);
    const byPosition = Int32Array.from(firsts.keys()).sort((a, b) => suiteOf(a) - suiteOf(b) || a - b);
    byPosition.forEach((k, p) => {
      position[k] = p;
    });
    this.firsts = byPosition.map((k) => firsts[k] as number);
    // Trials grouped by case, in strategy order within one; case p's run of them ends at starts[p + 1].
    const caseAt = (i: number) => position[caseOf[i] as number] as number;
    const strategyOf = (i: number) => rank(strategyOrder, (trials[i] as TrialRecord).strategy);
    const order = Int32Array.from(trials.keys()).sort(
      (a, b) => caseAt(a) - caseAt(b) || strategyOf(a) - strategyOf(b) || a - b,
    );
    const starts = new Int32Array(this.length + 1);
    order.forEach((i, at) => {
      starts[caseAt(i) + 1] = at + 1;
    });
    this.starts = starts;
    this.order = order;
  }

  *[Symbol.iterator](): Iterator<CaseReport> {
    for (let p = 0; p < this.length; p++) {
      const at = this.order.subarray(this.starts[p], this.starts[p + 1]);
      const t = this.trials[this.firsts[p] as number] as TrialRecord;
      const results = Array.from(at, (i) => resultOf(this.trials[i] as TrialRecord));
      yield {
        suite: t.suite,
        canary: t.canary,
        caseId: t.caseId,
        repeat: t.repeat,
        tags: t.caseTags,
        input: t.input,
        results,
      };
    }
  }

  toJSON(): CaseReport[] {
    return [...this];
  }
}

/** The section with `change` applied to each case as it is made (the report command's redaction). */
export function mapCases(section: CaseSection, change: (c: CaseReport) => CaseReport): CaseSection {
  return {
    length: section.length,
    repeated: section.repeated,
    *[Symbol.iterator]() {
      for (const c of section) yield change(c);
    },
    toJSON() {
      return [...this];
    },
  };
}

// The report's case section: every case with every strategy's result. At 100,000 cases this is as
// big as the trial records it is made from, so it is built to hold little besides itself: each
// case's list has its exact size from the start (a grown list keeps room for 17 results), and a
// caller that hands its trials over has each released as soon as its result is made, so the
// records and the section are never held whole at the same time.
import { NONE, slotKey, type TrialRecord } from "../runlog/index.js";
import type { CaseReport, CaseResult } from "./model.js";
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
 * Cases in suite order, then in the order the log first saw them; results in strategy order.
 * `release`: the trials are the caller's to give up; each slot is emptied once its result is made.
 */
export function caseReports(
  trials: readonly (TrialRecord | undefined)[],
  suiteOrder: readonly string[],
  strategyOrder: readonly string[],
  release = false,
): CaseReport[] {
  // First pass: each trial's case, and how many results each case gets.
  const index = new Map<string, number>();
  const caseOf = new Int32Array(trials.length);
  const sizes: number[] = [];
  trials.forEach((t, i) => {
    if (!t) return;
    const key = slotKey(t);
    let at = index.get(key);
    if (at === undefined) {
      at = sizes.length;
      index.set(key, at);
      sizes.push(0);
    }
    caseOf[i] = at;
    sizes[at] = (sizes[at] as number) + 1;
  });
  index.clear();
  const cases: CaseReport[] = new Array(sizes.length);
  const filled = new Int32Array(sizes.length);
  trials.forEach((t, i) => {
    if (!t) return;
    const at = caseOf[i] as number;
    let c = cases[at];
    if (!c) {
      c = {
        suite: t.suite,
        canary: t.canary,
        caseId: t.caseId,
        repeat: t.repeat,
        tags: t.caseTags,
        input: t.input,
        results: new Array(sizes[at]),
      };
      cases[at] = c;
    }
    const slot = filled[at] as number;
    c.results[slot] = resultOf(t);
    filled[at] = slot + 1;
    // The caller gave the list up (AnalyzeOptions.release): writing to it is the point.
    if (release) (trials as (TrialRecord | undefined)[])[i] = undefined;
  });
  const byStrategy = (a: CaseResult, b: CaseResult) =>
    rank(strategyOrder, a.strategy) - rank(strategyOrder, b.strategy);
  for (const c of cases) if (c.results.length > 1) c.results.sort(byStrategy);
  // Stable: within a suite, cases stay in first-seen order.
  return cases.sort((a, b) => rank(suiteOrder, a.suite) - rank(suiteOrder, b.suite));
}

// Whether a run fits its budget, said before it runs (`run --dry-run --max-cost`), walked in the
// order the run spends: suite by suite, each trial with the scorers grading its answer, then the
// judging after the trials. A trial starts only while the most it may cost still fits (the budget
// keeps that room, run/budget.ts), so a suite's trials stop about one dearest trial short of it.
import { dollars } from "../analysis/index.js";

/** What one suite's trials spend, by the estimate: their calls and their scorers'. */
export interface SuiteSpend {
  trials: number;
  cost: number;
  /** The most one of its trials may cost (call and scorers). */
  maxCall: number;
}

export function budgetVerdict(maxCost: number, suites: readonly SuiteSpend[], after: number): string {
  const head = `Budget ${dollars(maxCost)}:`;
  const trials = suites.reduce((sum, s) => sum + s.trials, 0);
  let spent = 0;
  let done = 0;
  for (const s of suites) {
    if (s.cost > 0 && spent + s.cost + s.maxCall > maxCost) {
      const room = maxCost - s.maxCall - spent;
      done += room < 0 ? 0 : Math.min(s.trials - 1, Math.floor((s.trials * room) / s.cost) + 1);
      return `${head} the run would stop after about ${done} of ${trials} trials (it starts a trial only while the most it may cost, up to ${dollars(s.maxCall)} there, fits; set maxTokens to lower that).`;
    }
    spent += s.cost;
    done += s.trials;
  }
  if (spent + after > maxCost)
    return `${head} the trials fit; the judging after them (${dollars(after)}) would stop at the budget.`;
  return `${head} the estimate fits.`;
}

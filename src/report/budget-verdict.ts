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
  /** The most all its trials may cost together (each at its bound). */
  bounds: number;
}

export function budgetVerdict(
  maxCost: number,
  suites: readonly SuiteSpend[],
  after: number,
  batch = false,
): string {
  const head = `Budget ${dollars(maxCost)}:`;
  const trials = suites.reduce((sum, s) => sum + s.trials, 0);
  // --batch admits each trial at its bound as it submits it, and none settles before its batch is
  // collected: the bounds, not the estimate, decide how many trials go out.
  let reserved = 0;
  let submitted = 0;
  for (const s of batch ? suites : []) {
    if (reserved + s.bounds > maxCost) {
      submitted += Math.floor((s.trials * (maxCost - reserved)) / s.bounds);
      return `${head} with --batch the run would submit about ${submitted} of ${trials} trials (it admits each at the most it may cost, up to ${dollars(s.maxCall)} there, as it submits it, and counts what it spent only once its batch is collected; set maxTokens to lower that, or resume the run with the same budget to submit more).`;
    }
    reserved += s.bounds;
    submitted += s.trials;
  }
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

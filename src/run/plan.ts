import type { Case, LoadedSuite } from "../config/schema.js";
import type { Strategy } from "../strategies/index.js";

export interface PlannedTrial {
  suite: LoadedSuite;
  testCase: Case;
  strategy: Strategy;
  repeat: number;
}

/**
 * trials = suite × case × strategy × repeat, in a stable order so runs are comparable line by line.
 * Lazy: the runner pulls trials as workers free up, so a plan of any size costs no memory.
 */
export function* iteratePlan(
  suites: readonly LoadedSuite[],
  strategies: readonly Strategy[],
  repeat = 1,
): Generator<PlannedTrial> {
  for (const suite of suites) {
    for (const testCase of suite.cases) {
      for (const strategy of strategies) {
        for (let r = 0; r < repeat; r++) yield { suite, testCase, strategy, repeat: r };
      }
    }
  }
}

/** How many trials iteratePlan yields. */
export function planSize(
  suites: readonly LoadedSuite[],
  strategies: readonly Strategy[],
  repeat = 1,
): number {
  return suites.reduce((sum, suite) => sum + suite.cases.length, 0) * strategies.length * repeat;
}

/** The whole plan as an array (small runs, tests). */
export function planTrials(
  suites: readonly LoadedSuite[],
  strategies: readonly Strategy[],
  repeat = 1,
): PlannedTrial[] {
  return [...iteratePlan(suites, strategies, repeat)];
}

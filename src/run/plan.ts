import type { Case, LoadedSuite } from "../config/schema.js";
import type { Strategy } from "../strategies/index.js";

export interface PlannedTrial {
  suite: LoadedSuite;
  testCase: Case;
  strategy: Strategy;
  repeat: number;
}

/** trials = suite × case × strategy × repeat, in a stable order so runs are comparable line by line. */
export function planTrials(
  suites: readonly LoadedSuite[],
  strategies: readonly Strategy[],
  repeat = 1,
): PlannedTrial[] {
  const plan: PlannedTrial[] = [];
  for (const suite of suites) {
    for (const testCase of suite.cases) {
      for (const strategy of strategies) {
        for (let r = 0; r < repeat; r++) plan.push({ suite, testCase, strategy, repeat: r });
      }
    }
  }
  return plan;
}

/** Identity of a trial across runs: what baseline comparison and resume match on. */
export function trialKey(t: { suite: string; caseId: string; strategy: string; repeat: number }): string {
  return `${t.suite}\u0000${t.caseId}\u0000${t.strategy}\u0000${t.repeat}`;
}

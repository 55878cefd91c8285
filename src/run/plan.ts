import { type Case, caseCount, type LoadedSuite, suiteCases } from "../config/index.js";
import { trialKey } from "../runlog/index.js";
import type { Strategy } from "../strategies/index.js";

export interface PlannedTrial {
  suite: LoadedSuite;
  testCase: Case;
  strategy: Strategy;
  repeat: number;
}

/** The run log's key of a planned trial (the key its record will have). */
export function plannedKey(t: PlannedTrial): string {
  return trialKey({
    suite: t.suite.name,
    caseId: t.testCase.id,
    strategy: t.strategy.name,
    repeat: t.repeat,
  });
}

/** Which cases a plan takes: all, or one shard of them (run/shard.ts). */
export type CaseFilter = (suite: LoadedSuite, testCase: Case, index: number) => boolean;

/**
 * trials = suite × case × strategy (that serves the suite) × repeat, in a stable order so runs are comparable line by line.
 * Lazy: the runner pulls trials as workers free up and case files are streamed, so a plan of any
 * size costs no memory. `index` counts cases across the suites, from 0.
 */
export async function* iteratePlan(
  suites: readonly LoadedSuite[],
  strategies: readonly Strategy[],
  repeat = 1,
  only?: CaseFilter,
): AsyncGenerator<PlannedTrial> {
  for await (const { suite, testCase } of planCases(suites, only))
    for (const strategy of strategies) {
      if (strategy.serves && !strategy.serves(suite)) continue;
      for (let r = 0; r < repeat; r++) yield { suite, testCase, strategy, repeat: r };
    }
}

/** The cases of the plan (of its shard, with `only`) in plan order: what the trials and the judging after them take. */
export async function* planCases(
  suites: readonly LoadedSuite[],
  only?: CaseFilter,
): AsyncGenerator<{ suite: LoadedSuite; testCase: Case }> {
  let index = 0;
  for (const suite of suites)
    for await (const testCase of suiteCases(suite)) {
      const at = index++;
      if (!only || only(suite, testCase, at)) yield { suite, testCase };
    }
}

/** How many trials iteratePlan yields without a filter. */
export function planSize(
  suites: readonly LoadedSuite[],
  strategies: readonly Strategy[],
  repeat = 1,
): number {
  const serving = (suite: LoadedSuite) => strategies.filter((s) => !s.serves || s.serves(suite)).length;
  return suites.reduce((sum, suite) => sum + caseCount(suite) * serving(suite), 0) * repeat;
}

/** The whole plan as an array (small runs, tests). */
export async function planTrials(
  suites: readonly LoadedSuite[],
  strategies: readonly Strategy[],
  repeat = 1,
  only?: CaseFilter,
): Promise<PlannedTrial[]> {
  const all: PlannedTrial[] = [];
  for await (const t of iteratePlan(suites, strategies, repeat, only)) all.push(t);
  return all;
}

/** A planned trial as a resumed run's log leaves it: still to answer, or done (with an error or not). */
export type TrialState = "pending" | "done" | "error";

/**
 * The trials of a plan (or of one shard of it), how many of them are recorded and done (`recorded`
 * null: none is, a new run), and how many of those ended in an error; counted without streaming
 * the case files when there is nothing to filter.
 */
export async function countPlan(
  suites: readonly LoadedSuite[],
  strategies: readonly Strategy[],
  repeat: number,
  only: CaseFilter | undefined,
  recorded: ((t: PlannedTrial) => TrialState) | null,
): Promise<{ total: number; done: number; errors: number }> {
  if (!only && !recorded) return { total: planSize(suites, strategies, repeat), done: 0, errors: 0 };
  let total = 0;
  let done = 0;
  let errors = 0;
  for await (const t of iteratePlan(suites, strategies, repeat, only)) {
    total++;
    const state = recorded?.(t) ?? "pending";
    if (state !== "pending") done++;
    if (state === "error") errors++;
  }
  return { total, done, errors };
}

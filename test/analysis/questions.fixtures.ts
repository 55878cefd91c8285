// Runs shaped like the example suites after tuning: six suites, four strategies (36 pairs), a
// canary suite where the tuned model forgot general tasks.
import type { TrialRecord } from "../../src/runlog/index.js";
import { fakeTrial } from "../helpers/trial.js";
import { cost, headerOf } from "./fixtures.js";

export const TUNED_MODEL = "ft:sim-base:acme::t1";
export const STRATEGIES = ["baseline", "prompt", "retrieval", "tuned"] as const;
type Strategy = (typeof STRATEGIES)[number];

/** Cost per call: tuned is cheaper than prompt and retrieval, dearer than the zero-shot baseline. */
const PRICE: Record<Strategy, number> = {
  baseline: 0.00002,
  prompt: 0.00006,
  retrieval: 0.00005,
  tuned: 0.00003,
};

/** n cases of one suite, each strategy passing where `passes[strategy](i)` says (repeated `repeat` times). */
export function suite(
  name: string,
  n: number,
  passes: Record<Strategy, (i: number, repeat: number) => boolean>,
  options: { canary?: boolean; repeat?: number } = {},
): TrialRecord[] {
  const { canary = false, repeat = 1 } = options;
  return STRATEGIES.flatMap((strategy) =>
    Array.from({ length: n }, (_, i) =>
      Array.from({ length: repeat }, (_, r) =>
        fakeTrial({
          suite: name,
          canary,
          caseId: `${name}-${i}`,
          strategy,
          strategyType: strategy,
          repeat: r,
          model: strategy === "tuned" ? TUNED_MODEL : "sim-base",
          pass: passes[strategy](i, r),
          cost: cost(PRICE[strategy]),
        }),
      ),
    ).flat(),
  );
}

const all = () => true;

/**
 * The canary scenario of issue 11: 17 general tasks, every untuned strategy passes all of them,
 * the tuned model fixes none and breaks 7 (100 % → 59 %, exact p = 0.016); plus five task suites
 * whose comparisons fill the run's 36 pairs.
 */
export function tunedRun(): { trials: TrialRecord[]; header: ReturnType<typeof headerOf> } {
  const names = [
    "canary-general",
    "ticket-triage",
    "routing-dsl",
    "zh-support-style",
    "policy-handbook",
    "ood",
  ];
  const trials = [
    ...suite(
      "canary-general",
      17,
      { baseline: all, prompt: all, retrieval: all, tuned: (i) => i >= 7 },
      { canary: true },
    ),
    // zh-support-style of the issue: tuned vs prompt 0 fixed, 4 broke of 17 (−24 points).
    ...suite("zh-support-style", 17, {
      baseline: (i) => i < 2,
      prompt: all,
      retrieval: (i) => i < 2,
      tuned: (i) => i >= 4,
    }),
    ...suite("ticket-triage", 19, {
      baseline: (i) => i < 2,
      prompt: (i) => i !== 0,
      retrieval: (i) => i < 2,
      tuned: (i) => i === 0 || i >= 5,
    }),
    ...suite("routing-dsl", 20, {
      baseline: (i) => i < 2,
      prompt: (i) => i >= 2,
      retrieval: (i) => i < 2,
      tuned: (i) => i >= 5,
    }),
    ...suite("policy-handbook", 25, {
      baseline: (i) => i < 2,
      prompt: (i) => i < 4,
      retrieval: (i) => i !== 0,
      tuned: (i) => i < 2,
    }),
    ...suite("ood", 17, { baseline: all, prompt: (i) => i !== 3, retrieval: all, tuned: () => false }),
  ];
  const header = headerOf([...STRATEGIES], names);
  const tuned = header.strategies.find((s) => s.name === "tuned");
  if (tuned) tuned.model = TUNED_MODEL;
  return { trials, header };
}

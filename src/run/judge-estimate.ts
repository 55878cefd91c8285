// What the judges will likely spend, for `run --dry-run`: the calls a run makes to grade each
// answer by its case's judge, to compare two strategies' answers (a suite's pairwise judge, both
// orders) and to grade the human-labelled answers. Prompts are counted as the budget counts them
// (judge-bound.ts); an answer not given yet counts as its strategy's expected output, and a verdict
// (one short JSON object) as JUDGE_VERDICT_TOKENS. Judges are priced at the full rate: their
// calls are sent one by one, also in a `--batch` run.
import type { Case, LoadedSuite, Price, StrategyType } from "../config/index.js";
import type { ChatMessage } from "../model/index.js";
import {
  gradeMessages,
  type JudgingSettings,
  pairMessages,
  type ResolvedJudge,
  resolveJudge,
} from "../scoring/index.js";
import type { Strategy } from "../strategies/index.js";
import { callCost, outputEstimate, promptTokens } from "./estimate.js";
import { pairsOf } from "./judging.js";

/** Output tokens a verdict likely takes: {"score": 4, "reason": "<one sentence>"}. */
export const JUDGE_VERDICT_TOKENS = 32;

/** What a suite's judge calls grade: trials' answers, pairs of answers, human-labelled answers. */
const WORK = ["answers", "pairs", "labels"] as const;
export type JudgeWork = (typeof WORK)[number];

export interface JudgeTally {
  suite: string;
  work: JudgeWork;
  model: string;
  calls: number;
  promptTokens: number;
  outputTokens: number;
  /** Dollars; null when the judge model has no price. */
  cost: number | null;
}

export class JudgeEstimate {
  private readonly tallies = new Map<string, JudgeTally>();

  constructor(
    private readonly judging: JudgingSettings,
    private readonly prices: Record<string, Price>,
    /** Trials per case and strategy (`--repeat`). */
    private readonly repeat: number,
  ) {}

  /** The judge calls of one case, whose trials `strategies` answer. */
  addCase(suite: LoadedSuite, testCase: Case, strategies: readonly Strategy[]): void {
    const judge = resolveJudge(this.judging, suite, testCase);
    if (!judge) return;
    const times = this.judging.repeat;
    const item = { question: testCase.input, reference: testCase.expect.reference };
    const tokens = (messages: ChatMessage[]) => promptTokens({ model: judge.model, messages });
    for (const l of testCase.labels ?? [])
      this.add(suite, "labels", judge, times, tokens(gradeMessages(judge, { ...item, answer: l.answer })));
    // A refusal probe is scored by its refusal check, never by a judge.
    if (testCase.expect.refusal === true) return;
    const expected = new Map(strategies.map((s) => [s.name, outputEstimate(suite, s).expected]));
    const grading = tokens(gradeMessages(judge, { ...item, answer: "" }));
    for (const s of strategies)
      this.add(suite, "answers", judge, this.repeat * times, grading + (expected.get(s.name) ?? 0));
    if (suite.judge?.pairwise === undefined) return;
    const types = new Map<string, StrategyType>(strategies.map((s) => [s.name, s.type]));
    const comparing = tokens(pairMessages(judge, item, ["", ""]));
    for (const [a, b] of pairsOf(suite, types))
      this.add(
        suite,
        "pairs",
        judge,
        2 * this.repeat,
        comparing + (expected.get(a) ?? 0) + (expected.get(b) ?? 0),
      );
  }

  /** The tallies per suite in plan order, each suite's in the order of WORK. */
  rows(): JudgeTally[] {
    const tallies = [...this.tallies.values()];
    const suites = [...new Set(tallies.map((t) => t.suite))];
    const rank = (t: JudgeTally) => suites.indexOf(t.suite) * WORK.length + WORK.indexOf(t.work);
    return tallies.sort((a, b) => rank(a) - rank(b));
  }

  /** `calls` calls of `prompt` tokens each. */
  private add(
    suite: LoadedSuite,
    work: JudgeWork,
    judge: ResolvedJudge,
    calls: number,
    prompt: number,
  ): void {
    const key = `${suite.name}\u0000${work}\u0000${judge.model}`;
    const tally = this.tallies.get(key) ?? {
      suite: suite.name,
      work,
      model: judge.model,
      calls: 0,
      promptTokens: 0,
      outputTokens: 0,
      cost: 0,
    };
    this.tallies.set(key, tally);
    const one = callCost(judge.model, { prompt, output: JUDGE_VERDICT_TOKENS }, this.prices);
    tally.calls += calls;
    tally.promptTokens += calls * prompt;
    tally.outputTokens += calls * JUDGE_VERDICT_TOKENS;
    tally.cost = tally.cost === null || one === null ? null : tally.cost + calls * one;
  }
}

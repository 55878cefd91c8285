// Judging after the trials, from the log (as rescore reads it): the pairwise judge needs two
// strategies' answers to the same case, and labelled answers are graded once per run whatever the
// strategies. Each judgment is one record appended to the run log; those already there and still
// valid (a resumed run) are not judged again. Under a budget each judgment is admitted like a
// trial's call, at the bound of its judge calls; once one does not fit, judging stops.
import {
  type Case,
  type LoadedSuite,
  type Price,
  STRATEGY_KINDS,
  type StrategyType,
} from "../config/index.js";
import {
  JUDGMENT_SCHEMA,
  type JudgmentRecord,
  judgmentKey,
  type RunLogWriter,
  runLogFile,
  scanRunLog,
  type TrialRecord,
  trialKey,
} from "../runlog/index.js";
import {
  gradeAnswer,
  type JudgingSettings,
  judgePair,
  pairMessages,
  resolveJudge,
  type ScoringModels,
} from "../scoring/index.js";
import { gradingBound, judgeCallBound } from "./judge-bound.js";
import { type CaseFilter, planCases } from "./plan.js";
import { forEachConcurrent } from "./pool.js";

export interface JudgingInput {
  dir: string;
  runId: string;
  suites: readonly LoadedSuite[];
  models: ScoringModels;
  judging: JudgingSettings;
  log: RunLogWriter;
  concurrency: number;
  /** The cases of a shard (run --shard): only theirs are judged. */
  only?: CaseFilter;
  /**
   * A budget (`--max-cost`): `admit` is asked before each judgment with the most it may cost at
   * `prices`; null = stop judging.
   */
  budget?: {
    admit: (bound: number) => Promise<{ settle(record: JudgmentRecord | null): void } | null>;
    prices: Record<string, Price>;
  };
}

/** A judgment to make: its key, whether a recorded one still holds, and how to make it. */
interface Job {
  key: string;
  /** A recorded judgment of this key still holds (its answers and labels have not changed since). */
  holds: (recorded: JudgmentRecord) => boolean;
  /** The most its judge calls may cost (worked out only under a budget). */
  bound: (prices: Record<string, Price>) => number;
  judge: () => Promise<JudgmentRecord>;
}

/** The pairs a suite asks for; `true`: every pair that answered, the more elaborate strategy first. */
export function pairsOf(suite: LoadedSuite, strategies: Map<string, StrategyType>): [string, string][] {
  const asked = suite.judge?.pairwise;
  if (asked === undefined) return [];
  if (asked !== true) return asked.filter(([a, b]) => strategies.has(a) && strategies.has(b));
  const names = [...strategies.keys()].sort(
    (a, b) =>
      STRATEGY_KINDS[strategies.get(a) as StrategyType].rank -
      STRATEGY_KINDS[strategies.get(b) as StrategyType].rank,
  );
  return names.flatMap((a, i) => names.slice(i + 1).map((b): [string, string] => [a, b]));
}

function labelJobs(suite: LoadedSuite, c: Case, input: JudgingInput, startedAt: string): Job[] {
  const judge = resolveJudge(input.judging, suite, c);
  if (!judge) return [];
  const graded = (answer: string) => ({ question: c.input, reference: c.expect.reference, answer });
  return (c.labels ?? []).map((l, index) => ({
    key: judgmentKey({ kind: "labelled", suite: suite.name, caseId: c.id, index }),
    holds: (r) => r.kind === "labelled" && r.answer === l.answer && r.label === l.label,
    bound: (prices) => gradingBound(judge, graded(l.answer), input.judging.repeat, prices),
    judge: async () => ({
      schema: JUDGMENT_SCHEMA,
      kind: "labelled",
      runId: input.runId,
      suite: suite.name,
      caseId: c.id,
      judge: { endpoint: judge.endpoint, model: judge.model },
      startedAt,
      index,
      answer: l.answer,
      label: l.label,
      humanPass: typeof l.label === "number" ? l.label >= judge.pass : l.label === "pass",
      score: {
        scorer: "judge",
        ...(await gradeAnswer(input.models, judge, graded(l.answer), input.judging.repeat)),
      },
    }),
  }));
}

/** The answers of the pairwise suites by trial key, and the strategies that answered in each of them. */
interface Answered {
  byKey: Map<string, TrialRecord>;
  strategies: Map<string, Map<string, StrategyType>>;
  /** One more than the highest repeat answered. */
  repeats: number;
}

function pairJobs(
  suite: LoadedSuite,
  c: Case,
  answered: Answered,
  input: JudgingInput,
  startedAt: string,
): Job[] {
  const judge = resolveJudge(input.judging, suite, c);
  if (!judge || c.expect.refusal === true) return [];
  const jobs: Job[] = [];
  for (const [a, b] of pairsOf(suite, answered.strategies.get(suite.name) ?? new Map()))
    for (let repeat = 0; repeat < answered.repeats; repeat++) {
      const at = (strategy: string) => trialKey({ suite: suite.name, caseId: c.id, strategy, repeat });
      const x = answered.byKey.get(at(a));
      const y = answered.byKey.get(at(b));
      if (!x || !y) continue;
      const strategiesPair: [string, string] = [a, b];
      const latest = [x.startedAt, y.startedAt].sort()[1] ?? "";
      const item = { question: c.input, reference: c.expect.reference };
      const [ax, by] = [x.output ?? "", y.output ?? ""];
      jobs.push({
        key: judgmentKey({
          kind: "pairwise",
          suite: suite.name,
          caseId: c.id,
          repeat,
          strategies: strategiesPair,
        }),
        // An answer given again (--retry-errors, --allow-changed) after the judgment voids it.
        holds: (r) => r.startedAt >= latest,
        // Both orders are asked, once each.
        bound: (prices) =>
          judgeCallBound(judge, pairMessages(judge, item, [ax, by]), prices) +
          judgeCallBound(judge, pairMessages(judge, item, [by, ax]), prices),
        judge: async () => ({
          schema: JUDGMENT_SCHEMA,
          kind: "pairwise",
          runId: input.runId,
          suite: suite.name,
          caseId: c.id,
          judge: { endpoint: judge.endpoint, model: judge.model },
          startedAt,
          repeat,
          strategies: strategiesPair,
          ...(await judgePair(
            input.models,
            judge,
            item,
            { strategy: a, answer: ax },
            { strategy: b, answer: by },
          )),
        }),
      });
    }
  return jobs;
}

/** The judgments the log holds (a later line for a key wins) and the answers the pairwise suites need. */
async function readLog(input: JudgingInput, pairwise: Set<string>) {
  const recorded = new Map<string, JudgmentRecord>();
  const answered: Answered = { byKey: new Map(), strategies: new Map(), repeats: 0 };
  await scanRunLog(runLogFile(input.dir), (entry) => {
    if (entry.kind === "judgment") recorded.set(judgmentKey(entry.judgment), entry.judgment);
    if (entry.kind !== "trial" || !pairwise.has(entry.trial.suite)) return;
    const t = entry.trial;
    // A later line for the same trial wins: an error sent again and answered, or the reverse.
    if (t.output === null || t.error !== null) return void answered.byKey.delete(trialKey(t));
    answered.byKey.set(trialKey(t), t);
    answered.repeats = Math.max(answered.repeats, t.repeat + 1);
    const strategies = answered.strategies.get(t.suite) ?? new Map<string, StrategyType>();
    answered.strategies.set(t.suite, strategies.set(t.strategy, t.strategyType));
  });
  return { recorded, answered };
}

/** Judgments recorded by this call, and those left unmade because the budget would not cover them. */
export interface Judged {
  recorded: number;
  left: number;
}

/**
 * Judges what the suites ask for beyond single answers, for the cases of the plan (`only`: a
 * shard's, whose merge puts every shard's judgments together).
 */
export async function judgeAfterTrials(input: JudgingInput): Promise<Judged> {
  const pairwise = new Set(input.suites.filter((s) => s.judge?.pairwise !== undefined).map((s) => s.name));
  // A case file with labelled rows is read again to find them (loading counted them).
  const labelled = input.suites.some(
    (s) => s.caseFiles?.some((f) => f.labelled > 0) || s.cases.some((c) => c.labels),
  );
  if (pairwise.size === 0 && !labelled) return { recorded: 0, left: 0 };
  const { recorded: recordedBefore, answered } = await readLog(input, pairwise);
  const startedAt = new Date().toISOString();
  const jobs: Job[] = [];
  for await (const { suite, testCase } of planCases(input.suites, input.only))
    jobs.push(
      ...labelJobs(suite, testCase, input, startedAt),
      ...(pairwise.has(suite.name) ? pairJobs(suite, testCase, answered, input, startedAt) : []),
    );
  let recorded = 0;
  const pending = jobs.filter((job) => {
    const before = recordedBefore.get(job.key);
    return before === undefined || !job.holds(before);
  });
  // A later line for the same key wins (the one reader), so a new judgment replaces a void one.
  const stop = new AbortController();
  await forEachConcurrent(
    pending,
    input.concurrency,
    async (job) => {
      const { budget } = input;
      const admission = budget ? await budget.admit(job.bound(budget.prices)) : undefined;
      if (admission === null) return stop.abort(); // the rest are left for a resume with more
      let judgment: JudgmentRecord | undefined;
      try {
        judgment = await job.judge();
        input.log.append(judgment);
        recorded++;
      } finally {
        // A judge that failed outright (a dead endpoint) spent nothing the budget can read.
        admission?.settle(judgment ?? null);
      }
    },
    stop.signal,
  );
  return { recorded, left: pending.length - recorded };
}

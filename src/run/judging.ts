// Judging after the trials, from the log (as rescore reads it): the pairwise judge needs two
// strategies' answers to the same case, and labelled answers are graded once per run whatever the
// strategies. Each judgment is one record appended to the run log; those already there and still
// valid (a resumed run) are not judged again.
import { type Case, type LoadedSuite, STRATEGY_KINDS, type StrategyType } from "../config/index.js";
import {
  JUDGMENT_SCHEMA,
  type JudgmentRecord,
  judgmentKey,
  loadRun,
  type RunLogWriter,
  type TrialRecord,
  trialKey,
} from "../runlog/index.js";
import {
  gradeAnswer,
  type JudgingSettings,
  judgePair,
  resolveJudge,
  type ScoringModels,
} from "../scoring/index.js";
import { forEachConcurrent } from "./pool.js";

export interface JudgingInput {
  dir: string;
  runId: string;
  suites: readonly LoadedSuite[];
  models: ScoringModels;
  judging: JudgingSettings;
  log: RunLogWriter;
  concurrency: number;
}

/** A judgment to make: its key, whether a recorded one still holds, and how to make it. */
interface Job {
  key: string;
  /** A recorded judgment of this key still holds (its answers and labels have not changed since). */
  holds: (recorded: JudgmentRecord) => boolean;
  judge: () => Promise<JudgmentRecord>;
}

/** The pairs a suite asks for; `true`: every pair that answered, the more elaborate strategy first. */
function pairsOf(suite: LoadedSuite, strategies: Map<string, StrategyType>): [string, string][] {
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
  return (c.labels ?? []).map((l, index) => ({
    key: judgmentKey({ kind: "labelled", suite: suite.name, caseId: c.id, index }),
    holds: (r) => r.kind === "labelled" && r.answer === l.answer && r.label === l.label,
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
        ...(await gradeAnswer(
          input.models,
          judge,
          { question: c.input, reference: c.expect.reference, answer: l.answer },
          input.judging.repeat,
        )),
      },
    }),
  }));
}

function pairJobs(
  suite: LoadedSuite,
  trials: readonly TrialRecord[],
  input: JudgingInput,
  startedAt: string,
) {
  const answered = trials.filter((t) => t.suite === suite.name && t.output !== null && t.error === null);
  const strategies = new Map(answered.map((t) => [t.strategy, t.strategyType]));
  const answerOf = new Map(answered.map((t) => [trialKey(t), t]));
  const jobs: Job[] = [];
  for (const [a, b] of pairsOf(suite, strategies))
    for (const c of suite.cases) {
      const judge = resolveJudge(input.judging, suite, c);
      if (!judge || c.expect.refusal === true) continue;
      for (const x of answered.filter((t) => t.strategy === a && t.caseId === c.id)) {
        const y = answerOf.get(trialKey({ suite: suite.name, caseId: c.id, strategy: b, repeat: x.repeat }));
        if (!y) continue;
        const strategiesPair: [string, string] = [a, b];
        const latest = [x.startedAt, y.startedAt].sort()[1] ?? "";
        jobs.push({
          key: judgmentKey({
            kind: "pairwise",
            suite: suite.name,
            caseId: c.id,
            repeat: x.repeat,
            strategies: strategiesPair,
          }),
          // An answer given again (--retry-errors, --allow-changed) after the judgment voids it.
          holds: (r) => r.startedAt >= latest,
          judge: async () => ({
            schema: JUDGMENT_SCHEMA,
            kind: "pairwise",
            runId: input.runId,
            suite: suite.name,
            caseId: c.id,
            judge: { endpoint: judge.endpoint, model: judge.model },
            startedAt,
            repeat: x.repeat,
            strategies: strategiesPair,
            ...(await judgePair(
              input.models,
              judge,
              { question: c.input, reference: c.expect.reference },
              { strategy: a, answer: x.output ?? "" },
              { strategy: b, answer: y.output ?? "" },
            )),
          }),
        });
      }
    }
  return jobs;
}

/** Judges what the suites ask for beyond single answers; returns how many judgments were recorded. */
export async function judgeAfterTrials(input: JudgingInput): Promise<number> {
  const wanted = input.suites.some((s) => s.judge?.pairwise !== undefined || s.cases.some((c) => c.labels));
  if (!wanted) return 0;
  const run = await loadRun(input.dir);
  const recordedBefore = new Map(run.judgments.map((j) => [judgmentKey(j), j]));
  const startedAt = new Date().toISOString();
  const jobs = input.suites.flatMap((suite) => [
    ...suite.cases.flatMap((c) => labelJobs(suite, c, input, startedAt)),
    ...pairJobs(suite, run.trials, input, startedAt),
  ]);
  let recorded = 0;
  const pending = jobs.filter((job) => {
    const before = recordedBefore.get(job.key);
    return before === undefined || !job.holds(before);
  });
  // A later line for the same key wins (the one reader), so a new judgment replaces a void one.
  await forEachConcurrent(pending, input.concurrency, async (job) => {
    input.log.append(await job.judge());
    recorded++;
  });
  return recorded;
}

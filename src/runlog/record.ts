// THE contract between calling models and judging them: one run header, then one trial record per
// line of reports/<run-id>/trials.jsonl. The zod shapes are the types, so the writer, the reader
// and every analysis agree by construction; unknown extra fields pass (older tools ignore newer ones).
import { z } from "zod";
import { STRATEGY_TYPES } from "../config/index.js";
import { type CallError, ROLES, type Usage } from "../model/types.js";

export const TRIAL_SCHEMA = "tunebench.trial/1" as const;
export const RUN_SCHEMA = "tunebench.run/1" as const;
export const RESUME_SCHEMA = "tunebench.resume/1" as const;

const count = z.number().nonnegative();
/** Dollars; null means the model has no known price ("unpriced"), never $0. */
const dollars = z.number().nullable();

export const UsageShape = z.object({
  promptTokens: count,
  completionTokens: count,
  /** Prompt tokens served from the provider's prompt cache (billed at the cached-input price). */
  cachedPromptTokens: count.default(0),
}) satisfies z.ZodType<Usage, unknown>;

export const CallErrorShape = z.object({
  kind: z.enum([
    "rate_limit",
    "timeout",
    "connection",
    "server",
    "auth",
    "bad_request",
    "not_found",
    "other",
  ]),
  status: z.number().optional(),
  retryable: z.boolean().default(false),
  message: z.string(),
  attempts: z.number().optional(),
}) satisfies z.ZodType<CallError, unknown>;

/**
 * What a scorer's own model calls cost (a judge's, an API embedder's): the evaluation's cost, kept
 * apart from the strategy's, which is what the strategy would cost in production.
 */
export const EvalCostShape = z.object({
  /** Calls made, cache hits included. */
  calls: count,
  /** Of those, answered from the response cache: free now. */
  cached: count,
  /** Dollars all the calls cost, cached ones at what they would have cost; null: unpriced model. */
  total: dollars,
  /** Dollars spent now (cached calls cost nothing). */
  spent: dollars,
});

/** What one scorer concluded about one output. */
export const ScoreShape = z.object({
  /** The scorer's registered name: format, expect, refusal, or a custom scorer's name. */
  scorer: z.string(),
  /** Absent when the scorer only grades (score) or could not decide (error). */
  pass: z.boolean().optional(),
  /** A graded value in [0, 1]. */
  score: z.number().min(0).max(1).optional(),
  reason: z.string(),
  /** The scorer itself failed (a judge's unparseable verdict): never counted as a failed case. */
  error: z.boolean().optional(),
  /** Anything else the scorer wants kept with the trial (a judge's prompt and raw answer). */
  details: z.record(z.string(), z.unknown()).optional(),
  /** The scorer's own model calls (a judge), when it made any. */
  cost: EvalCostShape.optional(),
});

/** The verdict of a trial derived from its scores. */
export const VerdictShape = z.object({
  /** null when the task sets no format requirement. */
  formatOk: z.boolean().nullable(),
  /** Correctness: expectations met (for out-of-domain probes: it refused). */
  pass: z.boolean(),
  /** Out-of-domain probes only: answered instead of refusing. null for in-domain cases. */
  hallucinated: z.boolean().nullable(),
});

export const TrialCostShape = z.object({
  total: dollars,
  input: dollars,
  output: dollars,
  embedding: dollars,
});

export const TrialRecordShape = z.object({
  schema: z.literal(TRIAL_SCHEMA),
  runId: z.string(),
  suite: z.string(),
  canary: z.boolean(),
  caseId: z.string(),
  caseTags: z.array(z.string()),
  input: z.string(),
  strategy: z.string(),
  strategyType: z.enum(STRATEGY_TYPES),
  repeat: z.int().nonnegative(),
  endpoint: z.string(),
  model: z.string(),
  simulated: z.boolean(),
  messages: z.array(z.object({ role: z.enum(ROLES), content: z.string(), name: z.string().optional() })),
  output: z.string().nullable(),
  usage: UsageShape.nullable(),
  embeddingTokens: count,
  cost: TrialCostShape,
  latencyMs: count.nullable(),
  scores: z.array(ScoreShape),
  verdict: VerdictShape.nullable(),
  /** Set when the call failed after retries: counted as an error, never as a model failure. */
  error: CallErrorShape.nullable(),
  cached: z.boolean(),
  startedAt: z.string(),
  /**
   * The hash of the case as it was answered (its suite's task included): resuming after the case
   * was edited re-runs this trial. Absent in logs of older versions.
   */
  caseHash: z.string().optional(),
  /** Answered through the Batch API (`run --batch`), in this batch: priced at the batch price. */
  batchId: z.string().optional(),
});

/** A suite as a run saw it: its file (relative to the config), the task's hash and each case's. */
export const SuiteFingerprintShape = z.object({
  file: z.string(),
  /** Hash of everything but the cases: system prompt, output spec, examples, notes' contents. */
  task: z.string(),
  /** Case id -> hash of the case and the task: what a trial's caseHash is compared with. */
  cases: z.record(z.string(), z.string()),
  /**
   * The case ids in the suite's order, only where `cases` cannot keep it: ids that are whole
   * numbers (case-order.ts). Absent in logs of older versions and wherever the keys' order is right.
   */
  order: z.array(z.string()).optional(),
});

/** An announced shutdown day (YYYY-MM-DD) and where it was announced. */
export const RetiresShape = z.object({ shutdown: z.string(), source: z.string() });

/**
 * What a snapshot recorded: one strategy's answers to the cases of some suites, taken from a run.
 * `questions` holds, per suite and case, the hash of what the case asked (its input and the task's
 * instructions and output format): a case whose question changed since would replay a stale answer.
 */
export const SnapshotInfoShape = z.object({
  name: z.string(),
  /** The strategy whose answers these are, in the run they came from. */
  strategy: z.string(),
  strategyType: z.enum(STRATEGY_TYPES),
  model: z.string(),
  endpoint: z.string(),
  recordedAt: z.string(),
  /** The run the answers were taken from. */
  fromRun: z.string(),
  /** Suite -> case id -> question hash, for every case the recorded run posed. */
  questions: z.record(z.string(), z.record(z.string(), z.string())),
  /** The recorded run posed only some cases (`--case`/`--tag`): a case missing here was not asked. */
  selected: z.boolean(),
  /** The recorded model's announced shutdown (its endpoint's /v1/models, else the retirement table). */
  retires: RetiresShape.optional(),
});

/** The options that shape a run's plan, recorded so `--resume` restores them (header.suites and
 * header.strategies hold the selection). Absent in headers of older versions. */
export const RunPlanShape = z.object({
  repeat: z.int().positive(),
  /** How often a judge graded each answer (--judge-repeat); absent in logs written before it was recorded. */
  judgeRepeat: z.int().positive().optional(),
  /** The built-in simulator's settings (used or not: they are restored on resume either way). */
  sim: z.object({
    latencyMs: z.number().nonnegative(),
    degrade: z.number().min(0).max(1),
    seed: z.int(),
    faults: z.record(z.string(), z.number()).optional(),
  }),
  /** Hash of each config part that shapes answers and costs: "endpoints", "prices", "strategies.<name>". */
  configHashes: z.record(z.string(), z.string()),
  /** By suite name. */
  suites: z.record(z.string(), SuiteFingerprintShape),
  /** `--case` / `--tag`: the cases of the suites this run poses (absent: all). */
  cases: z.object({ ids: z.array(z.string()).optional(), tags: z.array(z.string()).optional() }).optional(),
  /** `run --batch`: a resume sends its trials through the Batch API too (absent: one call each). */
  batch: z.boolean().optional(),
});

/** What training a tuned model cost (src/model/training-cost.ts). */
const TrainingShape = z.object({
  model: z.string(),
  cost: z.number().nullable(),
  source: z.enum(["trained-tokens", "estimate"]),
});

/** The first line of trials.jsonl: what produced the run. */
export const RunHeaderShape = z.object({
  schema: z.literal(RUN_SCHEMA),
  runId: z.string(),
  startedAt: z.string(),
  configFile: z.string(),
  simulated: z.boolean(),
  strategies: z.array(
    z.object({
      name: z.string(),
      type: z.enum(STRATEGY_TYPES),
      endpoint: z.string(),
      model: z.string().nullable(),
      unavailable: z.string().optional(),
      /** A `recorded` strategy: the snapshot it answered from (the recording's own header says more). */
      snapshot: z.string().optional(),
      /** A `recorded` strategy: its model's shutdown as the snapshot recorded it. */
      retires: RetiresShape.optional(),
      /** A tuned model from the project's tuning record: what its training cost (break-even). */
      training: TrainingShape.optional(),
      /** A tuned strategy's models: each with the task suites it served and its training cost. */
      models: z
        .array(
          z.object({
            model: z.string(),
            suites: z.array(z.string()),
            jobId: z.string().nullable(),
            training: TrainingShape.nullable(),
          }),
        )
        .optional(),
      /** The suites it answers, when not all of the run's (a tuned one: those it has a model for). */
      suites: z.array(z.string()).optional(),
      /** A check the run added of one model of this tuned strategy on the canary suites only. */
      canaryOf: z.string().optional(),
    }),
  ),
  suites: z.array(z.string()),
  /** Trials the plan holds: a log with fewer is incomplete (killed, or still running). */
  planned: z.int().nonnegative().optional(),
  /** Set by `tunebench rescore`: the run whose outputs were scored again. */
  rescoredFrom: z.string().optional(),
  plan: RunPlanShape.optional(),
  /**
   * `run --shard i/n`: this run holds every n-th case of its plan, starting at the index-th;
   * `tunebench merge` puts the shards of one plan (the same `plan`) back together.
   */
  shard: z.object({ index: z.int().positive(), count: z.int().positive() }).optional(),
  /** Set by `tunebench merge`: the shard runs this run was put together from. */
  mergedFrom: z.array(z.string()).optional(),
  /** Only in a snapshot (`tunebench record`): what was recorded. Its trials are that strategy's answers. */
  snapshot: SnapshotInfoShape.optional(),
});

/**
 * A line a resume appends when it changed what the header says: changes to suites or config the
 * user accepted (--allow-changed), trials re-run because their case changed, errors retried.
 * Later resumes read the accepted fingerprints from here (a newer line wins, as for trials).
 */
export const ResumeNoteShape = z.object({
  schema: z.literal(RESUME_SCHEMA),
  runId: z.string(),
  at: z.string(),
  /** "suite/case" ids; a suite whose task changed lists all its cases. */
  changed: z.array(z.string()),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  /** configHashes keys whose value changed. */
  config: z.array(z.string()),
  /** "suite/case" ids whose recorded trials are sent again because the case changed. */
  rerun: z.array(z.string()),
  /** Trials whose recorded answer was an error, sent again (--retry-errors). */
  retriedErrors: z.int().nonnegative(),
  /** Fingerprints of the suites whose change was accepted, by name (null: removed from the run). */
  suites: z.record(z.string(), SuiteFingerprintShape.nullable()),
  /** The config's hashes, when its change was accepted (all of them: they replace the header's). */
  configHashes: z.record(z.string(), z.string()).optional(),
});

export type Score = z.infer<typeof ScoreShape>;
export type EvalCost = z.infer<typeof EvalCostShape>;
export type Verdict = z.infer<typeof VerdictShape>;
export type TrialCost = z.infer<typeof TrialCostShape>;
export type TrialRecord = z.infer<typeof TrialRecordShape>;
export type RunHeader = z.infer<typeof RunHeaderShape>;
export type RunPlan = z.infer<typeof RunPlanShape>;
export type SuiteFingerprint = z.infer<typeof SuiteFingerprintShape>;
export type ResumeNote = z.infer<typeof ResumeNoteShape>;
export type SnapshotInfo = z.infer<typeof SnapshotInfoShape>;

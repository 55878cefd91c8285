import { z } from "zod";
import { AzureSchema } from "./azure-schema.js";
import { JudgeSchema } from "./judge-schema.js";
import { MAX } from "./limits.js";
import {
  AGREEMENT_MODES,
  REPORTER_NAMES,
  type ReporterName,
  SCORER_NAMES,
  STRATEGY_TYPES,
  type StrategyType,
} from "./names.js";
import {
  amount,
  count,
  count0,
  delayMs,
  isoDay,
  modulePath,
  nonEmpty,
  price,
  share,
  snapshotName,
} from "./primitives.js";

// Every object is strict so an unknown key is an error (the loader suggests the nearest valid name).
// The .describe() texts end up in schema/*.json, where editors show them on hover.

/** Prices in US dollars per 1M tokens. */
export const PriceSchema = z
  .strictObject({
    input: price.describe("US dollars per 1M input (prompt) tokens"),
    cachedInput: price.optional().describe("US dollars per 1M cached input tokens"),
    output: price.describe("US dollars per 1M output (completion) tokens"),
    training: price.optional().describe("US dollars per 1M training tokens (fine-tuning)"),
  })
  .describe("Prices of one model in US dollars per 1M tokens");

export const EndpointSchema = z
  .strictObject({
    baseURL: z
      .url({ message: "must be a URL such as https://api.openai.com/v1" })
      .describe(
        "Base URL of an OpenAI-compatible API, e.g. https://api.openai.com/v1 or http://localhost:11434/v1",
      ),
    apiKeyEnv: nonEmpty.optional().describe("name of the environment variable holding the API key"),
    headers: z
      .record(z.string(), z.string())
      .optional()
      .describe("extra HTTP headers sent with every request"),
    rpm: count(MAX.rpm)
      .optional()
      .describe("requests-per-minute budget of this endpoint (on top of run.concurrency)"),
    tpm: count(MAX.tpm)
      .optional()
      .describe("tokens-per-minute budget: prompt tokens + maxTokens (or 256) per request"),
    azure: AzureSchema.optional(),
  })
  .describe("An OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp server, ...)");

export { STRATEGY_TYPES, type StrategyType };

export const EmbeddingSchema = z
  .union([
    z.literal("local").describe("offline hashed embeddings of word and character features"),
    z.strictObject({
      endpoint: nonEmpty.describe("name of an entry in `endpoints` (or `sim`)"),
      model: nonEmpty.describe("embedding model id, e.g. text-embedding-3-small"),
      dimensions: count(MAX.embeddingDimensions).optional(),
    }),
  ])
  .describe("How `retrieval` embeds notes and queries: `local` or an endpoint and model");

export const StrategySchema = z
  .strictObject({
    /** Defaults to the strategy's name when that name is one of the four types. */
    type: z
      .enum(STRATEGY_TYPES)
      .optional()
      .describe(
        "baseline | prompt | retrieval | tuned | recorded; defaults to the strategy's name when that is one of them",
      ),
    endpoint: nonEmpty
      .default("sim")
      .describe("name of an entry in `endpoints`, or `sim` (the built-in simulator)"),
    /** For `tuned`: the fine-tuned model id; absent until a tuning job recorded one. */
    model: nonEmpty
      .optional()
      .describe("model id; for `tuned` the fine-tuned model id, recorded by `tunebench tune` when absent"),
    /** For `tuned`: the tuning jobs whose models it serves (two generations of a task: two strategies). */
    records: z
      .array(nonEmpty)
      .min(1)
      .optional()
      .describe(
        "`tuned`: the tuning jobs (ids from `tunebench tune list`) whose models it serves, each for the suites it was trained for; default: the newest model of each suite",
      ),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: count(MAX.tokens).optional().describe("upper bound on output tokens per call"),
    /** `prompt`: how many few-shot examples to include. */
    shots: count0(MAX.shots).optional().describe("`prompt`: how many few-shot examples to include"),
    /** `retrieval` settings. */
    embedding: EmbeddingSchema.optional(),
    topK: count(MAX.topK).optional().describe("`retrieval`: how many note chunks to put in the prompt"),
    contextTokens: count(MAX.tokens).optional().describe("`retrieval`: token budget for retrieved notes"),
    chunkTokens: count(MAX.chunkTokens).optional().describe("`retrieval`: size of a note chunk in tokens"),
    snapshot: snapshotName
      .optional()
      .describe(
        "`recorded`: the snapshot it answers from, offline: snapshots/<name>.jsonl beside this config, written by `tunebench record`",
      ),
  })
  .describe(
    "One way of solving each task: a zero-shot baseline, few-shot prompt, retrieval, tuned model, or a recording of one",
  );

export const RunSettingsSchema = z
  .strictObject({
    concurrency: count(MAX.concurrency).default(8).describe("model calls in flight at once"),
    timeoutMs: count(MAX.timeoutMs).default(60_000).describe("timeout of one model call in milliseconds"),
    maxRetries: count0(MAX.maxRetries).default(2).describe("retries of a failed call (429, 5xx, timeouts)"),
    repeat: count(MAX.repeat).default(1).describe("how often each case runs per strategy"),
    strategies: z
      .array(nonEmpty)
      .optional()
      .describe("which strategies run, in this order (names from `strategies` or the four type names)"),
    judgeRepeat: count(MAX.judgeRepeat)
      .default(1)
      .describe("how often a judge grades each answer: k > 1 measures the judge's self-agreement"),
    outDir: nonEmpty
      .default("reports")
      .describe("directory for run logs and reports, relative to the config"),
    // Not amount(): its "at least 0" would be a second problem beside "greater than 0" for a -1.
    maxCost: z
      .number()
      .positive()
      .max(MAX.dollars)
      .optional()
      .describe(
        "US dollars the run may spend: no new trial starts once it could pass them (calls in flight counted); --max-cost overrides",
      ),
    cache: z
      .boolean()
      .default(true)
      .describe(
        "cache model answers on disk (.tunebench/cache) and send identical requests once; --no-cache bypasses it",
      ),
  })
  .describe("How runs are executed");

export const SimFaultsSchema = z
  .strictObject({
    rate429: share.optional().describe("share of requests answered 429 with Retry-After"),
    rate5xx: share.optional().describe("share of requests answered 500 or 503"),
    rateReset: share.optional().describe("share of connections reset without a response"),
    rateSlow: share.optional().describe("share of responses delayed by slowMs"),
    slowMs: delayMs.optional().describe("delay of a slow response (default 2000)"),
    rateTruncate: share.optional().describe("share of responses cut off mid-body"),
    retryAfterSeconds: amount(MAX.retryAfterSeconds)
      .optional()
      .describe("Retry-After sent with 429 and 5xx (default 0)"),
  })
  .describe("Faults the built-in simulator injects, for reliability drills");

export const SimSettingsSchema = z
  .strictObject({
    latencyMs: count0(MAX.delayMs).default(0).describe("fixed delay of every simulated response"),
    /** Share of answers the simulator deliberately gets wrong (a degraded model, for regression demos). */
    degrade: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("share of answers the simulator deliberately gets wrong (for regression demos)"),
    seed: z.int().default(0),
    rpm: count(MAX.rpm).optional().describe("requests-per-minute budget of the built-in `sim` endpoint"),
    tpm: count(MAX.tpm).optional().describe("tokens-per-minute budget of the built-in `sim` endpoint"),
    faults: SimFaultsSchema.optional(),
    batchSeconds: amount(MAX.jobSeconds)
      .positive()
      .optional()
      .describe("how long a batch takes on the simulator, created to completed (default 2)"),
    batchFailRate: share
      .optional()
      .describe("share of a batch's requests the simulator fails with a server error"),
    retiring: z
      .record(nonEmpty, isoDay)
      .optional()
      .describe(
        "models the simulator plays as retiring: model id -> shutdown day (YYYY-MM-DD), reported as `shutdown_date` by /v1/models (a tuned model retires with its base)",
      ),
  })
  .describe("Settings of the built-in offline simulator (endpoint `sim`)");

/** The error gate is on without any `gates:`: more failed calls than this share fails the run. */
export const DEFAULT_MAX_ERROR_RATE = 0.05;

export const GateSchema = z
  .strictObject({
    maxErrorRate: share
      .optional()
      .describe(
        `maximum share of a suite × strategy's trials whose call failed (0..1); on by default at ${DEFAULT_MAX_ERROR_RATE}, set 1 to allow any`,
      ),
    minPassRate: share.optional().describe("minimum share of passing cases (0..1)"),
    minPassRateLower: share.optional().describe("lower bound of the Wilson 95% interval of the pass rate"),
    minFormatRate: share.optional().describe("minimum share of outputs in the required format (0..1)"),
    maxHallucinationRate: share.optional().describe("maximum share of out-of-domain probes answered (0..1)"),
    maxRegressions: count0(MAX.count)
      .optional()
      .describe("maximum number of cases that passed in the baseline run and fail now (needs --baseline)"),
    maxSignificantDrop: share
      .optional()
      .describe(
        "maximum drop in pass rate vs the baseline run among drops that are significant (Holm-adjusted McNemar p < 0.05; needs --baseline)",
      ),
    maxDrop: z
      .strictObject({
        margin: z
          .number()
          .gt(0)
          .lt(1)
          .optional()
          .describe("the largest acceptable drop in pass rate (0..1); default: decisions.margin (0.05)"),
        onInconclusive: z
          .enum(["fail", "warn"])
          .default("fail")
          .describe(
            "when the data can show neither that the drop is below the margin nor above it: fail CI (default) or only warn",
          ),
      })
      .optional()
      .describe(
        "non-inferiority on the primary questions (tuned vs the best untuned strategy, tuned vs its base model on canary suites, each strategy vs the baseline run): passes when the upper bound of the drop's 90% interval is below the margin, fails when its lower bound is above it, else inconclusive",
      ),
    maxCostPerCall: amount(MAX.dollars).optional().describe("maximum mean cost of one call in US dollars"),
    maxP95LatencyMs: amount(MAX.timeoutMs)
      .optional()
      .describe("maximum 95th-percentile latency of one call in milliseconds"),
    strategies: z
      .array(nonEmpty)
      .min(1)
      .optional()
      .describe("apply these gates only to these strategies (names); default: every strategy"),
  })
  .describe("Thresholds that make `tunebench run` exit 1 when one is not met");

export { REPORTER_NAMES, type ReporterName };

export const DecisionsSchema = z
  .strictObject({
    margin: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.05)
      .describe(
        "equivalence margin: two strategies read 'equivalent' when the 90% interval of their difference in pass rate lies inside ±margin; also the default maxDrop margin",
      ),
    alpha: z
      .number()
      .gt(0)
      .lte(0.2)
      .default(0.05)
      .describe(
        "significance level of every decision (Holm-corrected within each primary question's family)",
      ),
  })
  .describe(
    "How comparisons are decided: better / worse (significant), equivalent (within ±margin), inconclusive",
  );

export const AgreementSchema = z.strictObject({
  mode: z
    .enum(AGREEMENT_MODES)
    .default("auto")
    .describe(
      "exact (same text, trimmed) | json (equal JSON values, key order ignored) | similar (similarity of the two answers at least `min`) | judge (the project's `judge:` endpoint and model grade the answer against the recorded one as reference) | auto (json for JSON tasks, else similar)",
    ),
  min: share.default(0.8).describe("`similar`: the least similarity (0..1) that counts as agreeing"),
  embedding: EmbeddingSchema.default("local").describe(
    "`similar`: how answers are embedded: `local` (default) or an endpoint and model",
  ),
});

/** The agreement settings of a config that names none: one place for every default. */
export const AGREEMENT_DEFAULTS = AgreementSchema.parse({});

export const ConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).default(1),
    suites: z
      .array(nonEmpty)
      .min(1)
      .default(["suites/*.yaml"])
      .describe("suite files or globs, relative to this config file"),
    endpoints: z
      .record(nonEmpty, EndpointSchema)
      .default({})
      .describe("OpenAI-compatible endpoints by name; `sim` (the offline simulator) is built in"),
    strategies: z
      .record(nonEmpty, StrategySchema)
      .default({})
      .describe("strategies by name; empty means baseline, prompt, retrieval and tuned on the simulator"),
    run: RunSettingsSchema.default(RunSettingsSchema.parse({})),
    sim: SimSettingsSchema.default(SimSettingsSchema.parse({})),
    prices: z
      .record(nonEmpty, PriceSchema)
      .default({})
      .describe("prices by model id, in US dollars per 1M tokens (adds to or overrides the built-in table)"),
    judge: JudgeSchema.optional().describe(
      "the project's default judge (endpoint, model, scale, pass, rubric); suites and cases override it",
    ),
    similarity: z
      .strictObject({ embedding: EmbeddingSchema.default("local") })
      .optional()
      .describe("how `expect.similar` embeds answers: `local` (default) or an endpoint and model"),
    agreement: AgreementSchema.default(AGREEMENT_DEFAULTS).describe(
      "how every strategy's answers are matched against a recorded strategy's in the same run (the migration view)",
    ),
    retirements: z
      .record(
        nonEmpty,
        z.strictObject({
          shutdown: isoDay.describe("the first day the model no longer answers (YYYY-MM-DD)"),
          source: nonEmpty.describe("where the date was announced (a URL)"),
        }),
      )
      .optional()
      .describe(
        "announced shutdown dates of models by id (a tuned model retires with its base); adds to or overrides the built-in table; reports and `tune start` warn within 90 days",
      ),
    gates: GateSchema.optional(),
    suiteGates: z.record(nonEmpty, GateSchema).optional().describe("gates for single suites, by suite name"),
    breakEven: z
      .strictObject({
        callsPerDay: z
          .number()
          .positive()
          .max(MAX.count)
          .default(1000)
          .describe("expected calls per day, to turn the break-even call count into days"),
        fixedCosts: amount(MAX.dollars)
          .default(0)
          .describe(
            "one-off costs in US dollars added to the training cost (e.g. data preparation, evaluation time)",
          ),
      })
      .optional()
      .describe("inputs of the break-even estimate of the tuned strategy against each alternative"),
    decisions: DecisionsSchema.default(DecisionsSchema.parse({})),
    reporters: z
      .array(z.union([z.enum(REPORTER_NAMES), modulePath]))
      .min(1)
      .optional()
      .describe(
        "reporters used when --reporter is not given: console, json (report.json), markdown (report.md), junit (junit.xml), html (report.html), or a module path (./my-reporter.mjs) whose default export is a reporter class or object; default: all built-in ones",
      ),
    scorers: z
      .record(
        z
          .string()
          .regex(/^[a-z][a-z0-9-]*$/, "use lower-case letters, digits and '-'")
          .refine((name) => !(SCORER_NAMES as readonly string[]).includes(name), {
            message: `is the name of a built-in scorer (${SCORER_NAMES.join(", ")}); choose another`,
          }),
        modulePath,
      )
      .optional()
      .describe(
        "custom scorers by name: a module path (relative to this config) whose default export (or `score` export) is a function (output, testCase, context) => { pass?, score?, reason }; they score every trial",
      ),
  })
  .describe("tunebench configuration (eval.config.yaml)");

export * from "./judge-schema.js";
export * from "./suite-schema.js";
export { modulePath };

export type Price = z.infer<typeof PriceSchema>;
export type EndpointConfig = z.infer<typeof EndpointSchema>;
export type StrategyConfig = z.infer<typeof StrategySchema>;
export type EmbeddingConfig = z.infer<typeof EmbeddingSchema>;
export type RunSettings = z.infer<typeof RunSettingsSchema>;
export type SimSettings = z.infer<typeof SimSettingsSchema>;
export type Gate = z.infer<typeof GateSchema>;
export type DecisionsConfig = z.infer<typeof DecisionsSchema>;
export type Config = z.infer<typeof ConfigSchema>;
export type AgreementSettings = Config["agreement"];

import { z } from "zod";
import { MAX } from "./limits.js";
import { REPORTER_NAMES, type ReporterName } from "./reporter-names.js";

// Every object is strict so an unknown key is an error (the loader suggests the nearest valid name).
// The .describe() texts end up in schema/*.json, where editors show them on hover.

const nonEmpty = z.string().min(1, "must not be empty");
// Every number has a documented maximum (limits.ts): a whole count from 1 or from 0, an amount from 0.
const count = (max: number) => z.int().positive().max(max);
const count0 = (max: number) => z.int().nonnegative().max(max);
const amount = (max: number) => z.number().nonnegative().max(max);
const price = amount(MAX.pricePerMillion);
const delayMs = amount(MAX.delayMs);

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
  })
  .describe("An OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp server, ...)");

export const STRATEGY_TYPES = ["baseline", "prompt", "retrieval", "tuned"] as const;
export type StrategyType = (typeof STRATEGY_TYPES)[number];

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
        "baseline | prompt | retrieval | tuned; defaults to the strategy's name when that is one of them",
      ),
    endpoint: nonEmpty
      .default("sim")
      .describe("name of an entry in `endpoints`, or `sim` (the built-in simulator)"),
    /** For `tuned`: the fine-tuned model id; absent until a tuning job recorded one. */
    model: nonEmpty
      .optional()
      .describe("model id; for `tuned` the fine-tuned model id, recorded by `tunebench tune` when absent"),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: count(MAX.tokens).optional().describe("upper bound on output tokens per call"),
    /** `prompt`: how many few-shot examples to include. */
    shots: count0(MAX.shots).optional().describe("`prompt`: how many few-shot examples to include"),
    /** `retrieval` settings. */
    embedding: EmbeddingSchema.optional(),
    topK: count(MAX.topK).optional().describe("`retrieval`: how many note chunks to put in the prompt"),
    contextTokens: count(MAX.tokens).optional().describe("`retrieval`: token budget for retrieved notes"),
    chunkTokens: count(MAX.chunkTokens).optional().describe("`retrieval`: size of a note chunk in tokens"),
  })
  .describe("One way of solving each task: a zero-shot baseline, few-shot prompt, retrieval or tuned model");

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
    outDir: nonEmpty
      .default("reports")
      .describe("directory for run logs and reports, relative to the config"),
    cache: z
      .boolean()
      .default(true)
      .describe(
        "cache model answers on disk (.tunebench/cache) and send identical requests once; --no-cache bypasses it",
      ),
  })
  .describe("How runs are executed");

const share = z.number().min(0).max(1);
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
  })
  .describe("Settings of the built-in offline simulator (endpoint `sim`)");

const rate = z.number().min(0).max(1);
export const GateSchema = z
  .strictObject({
    minPassRate: rate.optional().describe("minimum share of passing cases (0..1)"),
    minPassRateLower: rate.optional().describe("lower bound of the Wilson 95% interval of the pass rate"),
    minFormatRate: rate.optional().describe("minimum share of outputs in the required format (0..1)"),
    maxHallucinationRate: rate.optional().describe("maximum share of out-of-domain probes answered (0..1)"),
    maxRegressions: count0(MAX.count)
      .optional()
      .describe("maximum number of cases that passed in the baseline run and fail now (needs --baseline)"),
    maxSignificantDrop: rate
      .optional()
      .describe(
        "maximum drop in pass rate vs the baseline run among drops that are significant (Holm-adjusted McNemar p < 0.05; needs --baseline)",
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
    reporters: z
      .array(z.enum(REPORTER_NAMES))
      .min(1)
      .optional()
      .describe(
        "reporters used when --reporter is not given: console, json (report.json), markdown (report.md), junit (junit.xml), html (report.html); default: all",
      ),
  })
  .describe("tunebench configuration (eval.config.yaml)");

export const OutputSpecSchema = z
  .strictObject({
    format: z.enum(["text", "json"]).default("text"),
    /** A JSON Schema the output must satisfy (format: json). */
    schema: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("a JSON Schema the output must satisfy (format: json)"),
    regex: nonEmpty
      .optional()
      .describe("a regular expression (JavaScript syntax) the whole output must match"),
    /** Required language of the answer, e.g. `zh` (judged by the share of Han characters) or `en`. */
    language: z
      .enum(["zh", "en", "ja", "ko"])
      .optional()
      .describe("required language of the answer (zh is judged by the share of Han characters)"),
    maxLength: count(MAX.outputLength).optional().describe("maximum length of the output in characters"),
    /** Plain-words description of the format, shown to the `prompt` strategy. */
    description: nonEmpty.optional().describe("plain-words description of the format, shown to the model"),
  })
  .describe("The format every answer must have");

export const ExampleSchema = z
  .strictObject({
    input: nonEmpty,
    output: nonEmpty.describe("the ideal answer, in exactly the required output format"),
  })
  .describe("An input and its ideal answer: a few-shot example for `prompt`, training data for `tuned`");

export const ExpectSchema = z
  .strictObject({
    equals: z.string().optional().describe("the whole output (trimmed) equals this"),
    contains: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe("the output contains this text (every item of a list)"),
    notContains: z
      .union([z.string(), z.array(z.string())])
      .optional()
      .describe("the output contains none of these texts"),
    regex: nonEmpty.optional().describe("the output matches this regular expression"),
    oneOf: z.array(z.string()).min(1).optional().describe("the output (trimmed) equals one of these"),
    /** JSON subset equality: every key given here must be present and equal in the output. */
    json: z
      .unknown()
      .optional()
      .describe("JSON subset equality: every key given here must be present and equal in the output"),
    number: z
      .strictObject({ value: z.number(), tolerance: z.number().nonnegative().default(0) })
      .optional()
      .describe("the output's number is within `tolerance` of `value`"),
    /** The case is an out-of-domain probe: an "I don't know" answer passes, anything else is a hallucination. */
    refusal: z
      .boolean()
      .optional()
      .describe('out-of-domain probe: an "I don\'t know" answer passes, anything else is a hallucination'),
    ignoreCase: z.boolean().optional().describe("compare text case-insensitively"),
  })
  .describe("What a correct answer looks like; every given check must pass");

export const CaseSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, '.', '_' or '-'")
      .describe("stable id, unique in the suite (runs are compared case by case)"),
    input: nonEmpty.describe("the user message"),
    tags: z
      .array(nonEmpty)
      .default([])
      .describe(
        "free labels, shown in reports (e.g. `out-of-domain`); they change no scoring: `expect: { refusal: true }` is what makes a case an out-of-domain probe",
      ),
    expect: ExpectSchema,
  })
  .describe("One evaluation case");

export const TaskSchema = z
  .strictObject({
    system: nonEmpty.describe("system prompt of the task"),
    /** The short instructions the tuned model gets (it learned the rest); defaults to `system`. */
    tunedSystem: nonEmpty
      .optional()
      .describe("the short instructions the tuned model gets (it learned the rest); defaults to `system`"),
    output: OutputSpecSchema.default(OutputSpecSchema.parse({})),
    examples: z
      .array(ExampleSchema)
      .default([])
      .describe("few-shot examples for `prompt`, training data for `tuned` (at least 10 to fine-tune)"),
    /** Files or globs (relative to the suite file) of .md/.txt notes for the `retrieval` strategy. */
    notes: z
      .union([nonEmpty, z.array(nonEmpty)])
      .optional()
      .describe("files or globs (relative to the suite file) of .md/.txt notes for the `retrieval` strategy"),
    /** Extra training data (JSONL in chat format, or CSV with input,output columns). */
    datasets: z
      .array(nonEmpty)
      .optional()
      .describe(
        "extra training data files, relative to the suite file (JSONL in chat format, or CSV with input,output columns)",
      ),
  })
  .describe("The task every case of the suite poses");

export const SuiteSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "use lower-case letters, digits and '-'")
      .describe("unique suite name"),
    description: z.string().optional(),
    /** A canary suite holds unrelated general tasks: a drop there means "worse at tasks it was not tuned for". */
    canary: z
      .boolean()
      .default(false)
      .describe('unrelated general tasks: a drop here means "worse at tasks it was not tuned for"'),
    task: TaskSchema,
    cases: z.array(CaseSchema).min(1, "a suite needs at least one case"),
  })
  .describe("A tunebench suite: one task and its cases");

export type Price = z.infer<typeof PriceSchema>;
export type EndpointConfig = z.infer<typeof EndpointSchema>;
export type StrategyConfig = z.infer<typeof StrategySchema>;
export type EmbeddingConfig = z.infer<typeof EmbeddingSchema>;
export type RunSettings = z.infer<typeof RunSettingsSchema>;
export type SimSettings = z.infer<typeof SimSettingsSchema>;
export type Gate = z.infer<typeof GateSchema>;
export type Config = z.infer<typeof ConfigSchema>;
export type OutputSpec = z.infer<typeof OutputSpecSchema>;
export type Example = z.infer<typeof ExampleSchema>;
export type Expect = z.infer<typeof ExpectSchema>;
export type Case = z.infer<typeof CaseSchema>;
export type Task = z.infer<typeof TaskSchema>;
export type Suite = z.infer<typeof SuiteSchema>;

/** A suite after loading: where it came from and its notes resolved to absolute file paths. */
export interface LoadedSuite extends Suite {
  file: string;
  dir: string;
  noteFiles: string[];
}

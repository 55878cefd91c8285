import { z } from "zod";

// Every object is strict so an unknown key is an error (the loader suggests the nearest valid name).

const nonEmpty = z.string().min(1, "must not be empty");

/** Prices in US dollars per 1M tokens. */
export const PriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  output: z.number().nonnegative(),
  training: z.number().nonnegative().optional(),
});

export const EndpointSchema = z.strictObject({
  baseURL: z.url({ message: "must be a URL such as https://api.openai.com/v1" }),
  apiKeyEnv: nonEmpty.optional().describe("name of the environment variable holding the API key"),
  headers: z.record(z.string(), z.string()).optional(),
});

export const STRATEGY_TYPES = ["baseline", "prompt", "retrieval", "tuned"] as const;
export type StrategyType = (typeof STRATEGY_TYPES)[number];

export const EmbeddingSchema = z.union([
  z.literal("local"),
  z.strictObject({ endpoint: nonEmpty, model: nonEmpty, dimensions: z.int().positive().optional() }),
]);

export const StrategySchema = z.strictObject({
  /** Defaults to the strategy's name when that name is one of the four types. */
  type: z.enum(STRATEGY_TYPES).optional(),
  endpoint: nonEmpty.default("sim"),
  /** For `tuned`: the fine-tuned model id; absent until a tuning job recorded one. */
  model: nonEmpty.optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.int().positive().optional(),
  /** `prompt`: how many few-shot examples to include. */
  shots: z.int().nonnegative().optional(),
  /** `retrieval` settings. */
  embedding: EmbeddingSchema.optional(),
  topK: z.int().positive().optional(),
  contextTokens: z.int().positive().optional(),
  chunkTokens: z.int().positive().optional(),
});

export const RunSettingsSchema = z.strictObject({
  concurrency: z.int().positive().default(8),
  timeoutMs: z.int().positive().default(60_000),
  maxRetries: z.int().nonnegative().default(2),
  repeat: z.int().positive().default(1),
  strategies: z.array(nonEmpty).optional(),
  outDir: nonEmpty.default("reports"),
});

export const SimSettingsSchema = z.strictObject({
  latencyMs: z.int().nonnegative().default(0),
  /** Share of answers the simulator deliberately gets wrong (a degraded model, for regression demos). */
  degrade: z.number().min(0).max(1).default(0),
  seed: z.int().default(0),
});

const rate = z.number().min(0).max(1);
export const GateSchema = z.strictObject({
  minPassRate: rate.optional(),
  minPassRateLower: rate.optional().describe("lower bound of the Wilson 95% interval of the pass rate"),
  minFormatRate: rate.optional(),
  maxHallucinationRate: rate.optional(),
  maxRegressions: z.int().nonnegative().optional(),
  maxSignificantDrop: rate.optional(),
  maxCostPerCall: z.number().nonnegative().optional(),
  maxP95LatencyMs: z.number().nonnegative().optional(),
});

export const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1).default(1),
  suites: z.array(nonEmpty).min(1).default(["suites/*.yaml"]),
  endpoints: z.record(nonEmpty, EndpointSchema).default({}),
  strategies: z.record(nonEmpty, StrategySchema).default({}),
  run: RunSettingsSchema.default(RunSettingsSchema.parse({})),
  sim: SimSettingsSchema.default(SimSettingsSchema.parse({})),
  prices: z.record(nonEmpty, PriceSchema).default({}),
  gates: GateSchema.optional(),
  suiteGates: z.record(nonEmpty, GateSchema).optional(),
  breakEven: z
    .strictObject({
      callsPerDay: z.number().positive().default(1000),
      fixedCosts: z.number().nonnegative().default(0),
    })
    .optional(),
});

export const OutputSpecSchema = z.strictObject({
  format: z.enum(["text", "json"]).default("text"),
  /** A JSON Schema the output must satisfy (format: json). */
  schema: z.record(z.string(), z.unknown()).optional(),
  regex: nonEmpty.optional(),
  /** Required language of the answer, e.g. `zh` (judged by the share of Han characters) or `en`. */
  language: z.enum(["zh", "en", "ja", "ko"]).optional(),
  maxLength: z.int().positive().optional(),
  /** Plain-words description of the format, shown to the `prompt` strategy. */
  description: nonEmpty.optional(),
});

export const ExampleSchema = z.strictObject({ input: nonEmpty, output: nonEmpty });

export const ExpectSchema = z.strictObject({
  equals: z.string().optional(),
  contains: z.union([z.string(), z.array(z.string())]).optional(),
  notContains: z.union([z.string(), z.array(z.string())]).optional(),
  regex: nonEmpty.optional(),
  oneOf: z.array(z.string()).min(1).optional(),
  /** JSON subset equality: every key given here must be present and equal in the output. */
  json: z.unknown().optional(),
  number: z.strictObject({ value: z.number(), tolerance: z.number().nonnegative().default(0) }).optional(),
  /** The case is an out-of-domain probe: an "I don't know" answer passes, anything else is a hallucination. */
  refusal: z.boolean().optional(),
  ignoreCase: z.boolean().optional(),
});

export const CaseSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, '.', '_' or '-'"),
  input: nonEmpty,
  tags: z.array(nonEmpty).default([]),
  expect: ExpectSchema,
});

export const TaskSchema = z.strictObject({
  system: nonEmpty,
  /** The short instructions the tuned model gets (it learned the rest); defaults to `system`. */
  tunedSystem: nonEmpty.optional(),
  output: OutputSpecSchema.default(OutputSpecSchema.parse({})),
  examples: z.array(ExampleSchema).default([]),
  /** Files or globs (relative to the suite file) of .md/.txt notes for the `retrieval` strategy. */
  notes: z.union([nonEmpty, z.array(nonEmpty)]).optional(),
  /** Extra training data (JSONL in chat format, or CSV with input,output columns). */
  datasets: z.array(nonEmpty).optional(),
});

export const SuiteSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lower-case letters, digits and '-'"),
  description: z.string().optional(),
  /** A canary suite holds unrelated general tasks: a drop there means "worse at tasks it was not tuned for". */
  canary: z.boolean().default(false),
  task: TaskSchema,
  cases: z.array(CaseSchema).min(1, "a suite needs at least one case"),
});

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

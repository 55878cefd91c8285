// The largest value every number in a config or on the command line may take. Each is far above
// real use and far below what exhausts memory or time (`--concurrency 1e9` started a billion
// workers and ran out of memory). The zod shape (schema.ts) applies them, so `tunebench validate`
// and schema/*.json know them; the CLI's number parsers (commands/) share these constants.

export const MAX = {
  /** Model calls in flight at once; each is a worker with its own buffers. */
  concurrency: 1_000,
  /** Runs of each case per strategy: trials = cases × strategies × repeat. */
  repeat: 1_000,
  /** Grades of each answer by a judge (judge calls = answers × judgeRepeat). */
  judgeRepeat: 100,
  /** Either end of a judge's scale, and its pass mark. */
  judgeScale: 1_000,
  /** One hour per call; setTimeout fires at once above 2^31-1 ms, so a larger value is never safe. */
  timeoutMs: 3_600_000,
  maxRetries: 20,
  /** Delays the simulator adds (latency, slow responses): ten minutes. */
  delayMs: 600_000,
  retryAfterSeconds: 3_600,
  rpm: 1_000_000,
  tpm: 1_000_000_000,
  /** Few-shot examples in one prompt. */
  shots: 1_000,
  /** Note chunks in one prompt. */
  topK: 100,
  /** OpenAI's embedding models take at most 8,192 tokens per input. */
  chunkTokens: 8_192,
  /** Tokens of a prompt or an answer: the largest context windows are about 1M tokens. */
  tokens: 1_000_000,
  embeddingDimensions: 16_384,
  /** Characters of an answer (output.maxLength). */
  outputLength: 1_000_000,
  /** US dollars per 1M tokens (today's dearest list price is below $1,000). */
  pricePerMillion: 10_000,
  /** US dollars (gates and break-even). */
  dollars: 1_000_000_000,
  /** Cases in a count (maxRegressions) and calls per day (break-even). */
  count: 1_000_000_000,
  /** The fine-tuning API's own limits (n_epochs 1–50, batch_size 1–256, seed 0–2^31-1). */
  epochs: 50,
  batchSize: 256,
  seed: 2_147_483_647,
  /** Typical learning-rate multipliers are 0.02–2; above 10 is a typo. */
  learningRateMultiplier: 10,
  /** Duration of a simulated fine-tuning job. */
  jobSeconds: 3_600,
  /**
   * Size of one YAML suite file. Parsing YAML with line numbers (for file:line problems) holds
   * about 80 bytes of memory per byte of file: `validate` peaked at 0.5 GB for 5 MB (22,000 cases)
   * and at 3.4 GB for 42 MB. Large case sets belong in a line-by-line format.
   */
  yamlSuiteBytes: 5 * 1024 * 1024,
} as const;

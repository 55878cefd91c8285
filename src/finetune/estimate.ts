import type { Price } from "../config/schema.js";
import { costOfTokens, type Encoding, priceFor, trainingPriceFor } from "../model/index.js";
import { SIM_BASE_MODEL } from "../project/index.js";
import {
  defaultEpochs,
  TrainingDataError,
  tokenLimitFor,
  tokensPerEpoch,
  type ValidationResult,
  validateTrainingData,
  validateTrainingFile,
} from "../training/index.js";

/** What one call of the tuned model is expected to cost: its short prompt and the learned answers. */
export interface TunedCallEstimate {
  model: string;
  /** Mean tokens of the training examples' system + user turns (the tuned strategy's short prompt). */
  promptTokens: number;
  /** Mean tokens of the training examples' assistant turns. */
  outputTokens: number;
  price: Price | null;
  costPerCall: number | null;
}

export interface TrainingEstimate {
  file: string | null;
  model: string;
  encoding: Encoding;
  tokenLimit: number;
  limitKnown: boolean;
  examples: number;
  /** Σ of the cookbook count over the examples, before truncation. */
  totalTokens: number;
  meanTokens: number;
  overLimit: number;
  epochs: number;
  epochsSource: "default" | "given";
  tokensPerEpoch: number;
  billedTokens: number;
  /** USD per 1M training tokens; null when unpriced. */
  trainingPrice: number | null;
  trainingCost: number | null;
  tunedCall: TunedCallEstimate | null;
}

export interface EstimateOptions {
  model?: string;
  maxTokens?: number;
  /** A fixed number of epochs instead of the default rule. */
  epochs?: number;
  /** Config `prices` (overrides of the built-in table). */
  prices?: Readonly<Record<string, Price>>;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The estimate from per-example token counts (pure: the $2.40 arithmetic lives here). */
export function estimateFromTokens(
  tokens: readonly number[],
  options: EstimateOptions = {},
): TrainingEstimate {
  const model = options.model ?? SIM_BASE_MODEL;
  const { limit, known, encoding, base } = tokenLimitFor(model, options.maxTokens);
  const epochs = options.epochs ?? defaultEpochs(tokens.length);
  const perEpoch = tokensPerEpoch(tokens, limit);
  const billed = epochs * perEpoch;
  const trainingPrice = trainingPriceFor(base, options.prices ?? {});
  const total = tokens.reduce((a, b) => a + b, 0);
  return {
    file: null,
    model,
    encoding,
    tokenLimit: limit,
    limitKnown: known,
    examples: tokens.length,
    totalTokens: total,
    meanTokens: mean(tokens),
    overLimit: tokens.filter((t) => t > limit).length,
    epochs,
    epochsSource: options.epochs === undefined ? "default" : "given",
    tokensPerEpoch: perEpoch,
    billedTokens: billed,
    trainingPrice,
    trainingCost: costOfTokens(billed, trainingPrice),
    tunedCall: null,
  };
}

/** The tuned-model price of `base` (an `ft:` id of it costs the base's tuned price). */
function tunedPriceOf(base: string, prices: Readonly<Record<string, Price>> = {}): Price | null {
  return priceFor(`ft:${base}:tunebench::estimate`, prices);
}

/** The estimate from a validation's per-example counts, with the expected cost of a tuned call. */
export function estimateFromValidation(
  validation: ValidationResult,
  options: EstimateOptions = {},
): TrainingEstimate {
  const examples = validation.perExample;
  const estimate = estimateFromTokens(
    examples.map((e) => e.tokens),
    options,
  );
  estimate.file = validation.file;
  if (examples.length > 0) {
    const { base } = tokenLimitFor(estimate.model, options.maxTokens);
    const price = tunedPriceOf(base, options.prices);
    const promptTokens = mean(examples.map((e) => e.promptTokens));
    const outputTokens = mean(examples.map((e) => e.outputTokens));
    estimate.tunedCall = {
      model: `ft:${base}`,
      promptTokens,
      outputTokens,
      price,
      costPerCall: price ? (promptTokens * price.input + outputTokens * price.output) / 1_000_000 : null,
    };
  }
  return estimate;
}

const validationOptions = (options: EstimateOptions) => ({
  model: options.model ?? SIM_BASE_MODEL,
  ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
});

/** Estimates tokens, epochs and cost of training on JSONL text (lines that are not examples count nothing). */
export function estimateTraining(text: string, options: EstimateOptions = {}): TrainingEstimate {
  return estimateFromValidation(validateTrainingData(text, validationOptions(options)), options);
}

/** Validates the file as `tune validate` does and estimates it; a file with errors is a TrainingDataError. */
export async function estimateTrainingFile(
  file: string,
  options: EstimateOptions = {},
): Promise<TrainingEstimate> {
  const validation = await validateTrainingFile(file, validationOptions(options));
  if (!validation.ok) throw new TrainingDataError(validation);
  return estimateFromValidation(validation, options);
}

/**
 * One strategy's measured cost per call in a previous run (canary suites left out). Fine-tuning
 * does not read runs: the caller (the `tune estimate` command) hands these numbers over.
 */
export interface MeasuredCost {
  strategy: string;
  type: string;
  model: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costPerCall: number | null;
}

/** One row of the cost-per-call comparison: a measured strategy, or the tuned model as expected. */
export interface CallCostRow {
  strategy: string;
  kind: "measured" | "expected";
  tokensIn: number;
  tokensOut: number;
  costPerCall: number | null;
}

// What a tuned model would replace: the strategies that answer without one.
const REPLACEABLE = new Set(["prompt", "retrieval", "baseline"]);

/** The measured strategies a tuned model would replace, then the tuned model's expected call. */
export function callCostRows(estimate: TrainingEstimate, measured: readonly MeasuredCost[]): CallCostRow[] {
  const rows: CallCostRow[] = measured
    .filter((m) => REPLACEABLE.has(m.type))
    .map((m) => ({
      strategy: m.strategy,
      kind: "measured",
      tokensIn: m.tokensIn,
      tokensOut: m.tokensOut,
      costPerCall: m.costPerCall,
    }));
  const call = estimate.tunedCall;
  if (call)
    rows.push({
      strategy: "tuned",
      kind: "expected",
      tokensIn: call.promptTokens,
      tokensOut: call.outputTokens,
      costPerCall: call.costPerCall,
    });
  return rows;
}

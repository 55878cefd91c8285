import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Price } from "../config/schema.js";
import { costOfTokens, type Encoding, priceFor, trainingPriceFor } from "../model/index.js";
import { SIM_BASE_MODEL } from "../project/index.js";
import type { RunSummary } from "../report/index.js";
import {
  defaultEpochs,
  TrainingDataError,
  TrainingFileError,
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

/** One strategy's measured cost per call in a previous run (canary suites left out). */
export interface MeasuredCost {
  strategy: string;
  type: string;
  model: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costPerCall: number | null;
}

/** The newest run folder (by name, run ids sort by time) under `outDir` that has a summary.json. */
export function latestRunDir(outDir: string): string | null {
  if (!existsSync(outDir)) return null;
  const names = readdirSync(outDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .reverse();
  const found = names.find((name) => existsSync(path.join(outDir, name, "summary.json")));
  return found ? path.join(outDir, found) : null;
}

export function readRunSummary(runDir: string): RunSummary {
  const file = path.join(runDir, "summary.json");
  if (!existsSync(file)) throw new TrainingFileError(`${runDir}: no summary.json (not a run folder?)`);
  return JSON.parse(readFileSync(file, "utf8")) as RunSummary;
}

/** Cost per call of every strategy in a run, over its non-canary suites. */
export function measuredCosts(summary: RunSummary): MeasuredCost[] {
  interface Tally {
    type: string;
    model: string;
    calls: number;
    answered: number;
    cost: number | null;
    tin: number;
    tout: number;
  }
  const byStrategy = new Map<string, Tally>();
  for (const g of summary.groups) {
    if (g.canary) continue;
    const calls = g.trials - g.cached;
    const entry = byStrategy.get(g.strategy) ?? {
      type: g.strategyType,
      model: g.model,
      calls: 0,
      answered: 0,
      cost: 0,
      tin: 0,
      tout: 0,
    };
    entry.calls += calls;
    entry.cost = entry.cost === null || g.cost.total === null ? null : entry.cost + g.cost.total;
    entry.answered += g.trials - g.errors;
    entry.tin += g.tokensIn.mean * (g.trials - g.errors);
    entry.tout += g.tokensOut.mean * (g.trials - g.errors);
    byStrategy.set(g.strategy, entry);
  }
  return [...byStrategy.entries()].map(([strategy, e]) => ({
    strategy,
    type: e.type,
    model: e.model,
    calls: e.calls,
    tokensIn: e.answered ? e.tin / e.answered : 0,
    tokensOut: e.answered ? e.tout / e.answered : 0,
    costPerCall: e.cost === null || e.calls === 0 ? null : e.cost / e.calls,
  }));
}

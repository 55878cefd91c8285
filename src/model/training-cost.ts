import type { Price } from "../config/index.js";
import type { TunedModelRecord } from "../project/index.js";
import { trainingPriceFor } from "./pricing.js";

/** What training a tuned model cost: the fixed cost break-even weighs against per-call savings. */
export interface TrainingCost {
  /** The tuned model id the cost belongs to. */
  model: string;
  /** Dollars, null when the training price is unknown. */
  cost: number | null;
  source: "trained-tokens" | "estimate";
}

/**
 * A tuning job's cost from its record: as recorded (trained tokens, else the estimate, × the
 * training price), or recomputed from the tokens with the price table when the record has none.
 */
export function trainingCostOf(record: TunedModelRecord, prices: Record<string, Price> = {}): TrainingCost {
  const source = record.trainedTokens !== null ? "trained-tokens" : "estimate";
  let cost = record.trainingCost;
  const tokens = record.trainedTokens ?? record.estimatedTokens;
  if (cost === null && tokens !== null) {
    const price = trainingPriceFor(record.baseModel, prices);
    cost = price === null ? null : (tokens * price) / 1_000_000;
  }
  return { model: record.model, cost, source };
}

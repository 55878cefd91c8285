import type { Price } from "../config/schema.js";
import { SIM_BASE_MODEL, SIM_JUDGE_MODEL } from "../project/index.js";
import type { Usage } from "./types.js";

/** A price-table row: USD per 1M tokens, plus what a fine-tuned model of this base costs. */
export interface PriceEntry extends Price {
  tunedInput?: number;
  tunedCachedInput?: number;
  tunedOutput?: number;
}

const GPT_4O_MINI: PriceEntry = {
  input: 0.15,
  cachedInput: 0.075,
  output: 0.6,
  training: 3,
  tunedInput: 0.3,
  tunedCachedInput: 0.15,
  tunedOutput: 1.2,
};
const EMBEDDING_3_SMALL: PriceEntry = { input: 0.02, output: 0 };

// What tuning gpt-3.5-turbo costs, for every tunable snapshot (0613, 1106, 0125): $8 per 1M training
// tokens, tuned calls $3/$6 since November 2023 (the August 2023 launch charged $12/$16; put those in
// `prices:` to reproduce a 2023 bill). Source: the fine-tuning table of developers.openai.com/api/docs/pricing.
const TUNED_GPT_35 = { training: 8, tunedInput: 3, tunedOutput: 6 };

// Published OpenAI list prices (standard tier). Config `prices` override any row. A dated snapshot has
// its own row or a SNAPSHOT_OF entry; any other dated id is unpriced.
export const PRICES: Readonly<Record<string, PriceEntry>> = {
  "gpt-4o": {
    input: 2.5,
    cachedInput: 1.25,
    output: 10,
    training: 25,
    tunedInput: 3.75,
    tunedCachedInput: 1.875,
    tunedOutput: 15,
  },
  "gpt-4o-2024-05-13": { input: 5, output: 15 },
  "gpt-4o-mini": GPT_4O_MINI,
  "gpt-4.1": {
    input: 2,
    cachedInput: 0.5,
    output: 8,
    training: 25,
    tunedInput: 3,
    tunedCachedInput: 0.75,
    tunedOutput: 12,
  },
  "gpt-4.1-mini": {
    input: 0.4,
    cachedInput: 0.1,
    output: 1.6,
    training: 5,
    tunedInput: 0.8,
    tunedCachedInput: 0.2,
    tunedOutput: 3.2,
  },
  "gpt-4.1-nano": {
    input: 0.1,
    cachedInput: 0.025,
    output: 0.4,
    training: 1.5,
    tunedInput: 0.2,
    tunedCachedInput: 0.05,
    tunedOutput: 0.8,
  },
  // Each gpt-3.5-turbo snapshot kept its own list price (per 1M, in/out): 0301 and 0613 $1.50/$2,
  // 1106 $1/$2, 0125 (= gpt-3.5-turbo) $0.50/$1.50. Sources: developers.openai.com/api/docs/models/gpt-3.5-turbo
  // (0125) and the legacy-models table of OpenAI's pricing page as of 2024 (the older snapshots).
  "gpt-3.5-turbo": { input: 0.5, output: 1.5, ...TUNED_GPT_35 },
  "gpt-3.5-turbo-1106": { input: 1, output: 2, ...TUNED_GPT_35 },
  "gpt-3.5-turbo-0613": { input: 1.5, output: 2, ...TUNED_GPT_35 },
  "gpt-3.5-turbo-0301": { input: 1.5, output: 2 }, // never tunable
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "text-embedding-3-small": EMBEDDING_3_SMALL,
  "text-embedding-3-large": { input: 0.13, output: 0 },
  "text-embedding-ada-002": { input: 0.1, output: 0 },
  // The simulator's models cost what their real counterparts would, so simulated runs show plausible money.
  [SIM_BASE_MODEL]: GPT_4O_MINI,
  // Judges are usually a larger model than the one judged: gpt-4o's list price.
  [SIM_JUDGE_MODEL]: { input: 2.5, cachedInput: 1.25, output: 10 },
  "sim-embed": EMBEDDING_3_SMALL,
};

// Dated snapshots listed at their family's current price (OpenAI's model pages price the family by
// these snapshots; o3's June 2025 cut to $2/$8 applied to o3-2025-04-16). A snapshot missing here and in
// PRICES is unpriced: an older snapshot often costs more than its family does today
// (gpt-3.5-turbo-1106 $1/$2 vs gpt-3.5-turbo $0.50/$1.50), so guessing would under-bill.
const SNAPSHOT_OF: Readonly<Record<string, string>> = {
  "gpt-4o-2024-08-06": "gpt-4o",
  "gpt-4o-2024-11-20": "gpt-4o",
  "gpt-4o-mini-2024-07-18": "gpt-4o-mini",
  "gpt-4.1-2025-04-14": "gpt-4.1",
  "gpt-4.1-mini-2025-04-14": "gpt-4.1-mini",
  "gpt-4.1-nano-2025-04-14": "gpt-4.1-nano",
  "gpt-3.5-turbo-0125": "gpt-3.5-turbo",
  "o3-2025-04-16": "o3",
  "o4-mini-2025-04-16": "o4-mini",
};

/** The base model of `ft:<base>:<org>:<suffix>:<id>`, or null for other ids. */
export function tunedBase(model: string): string | null {
  if (!model.startsWith("ft:")) return null;
  return model.split(":")[1] || null;
}

function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The ids whose price is `model`'s: itself, then the family SNAPSHOT_OF names (never a guessed one). */
function priceKeys(model: string): string[] {
  const family = lookup(SNAPSHOT_OF, model);
  return family === undefined ? [model] : [model, family];
}

/** The first of `keys` that `table` has a row for. */
function firstRow<T>(table: Readonly<Record<string, T>>, keys: readonly string[]): T | undefined {
  for (const key of keys) {
    const row = lookup(table, key);
    if (row !== undefined) return row;
  }
  return undefined;
}

function tunedPrice(entry: PriceEntry | undefined): Price | null {
  if (entry?.tunedInput === undefined || entry.tunedOutput === undefined) return null;
  const price: Price = { input: entry.tunedInput, output: entry.tunedOutput };
  if (entry.tunedCachedInput !== undefined) price.cachedInput = entry.tunedCachedInput;
  if (entry.training !== undefined) price.training = entry.training;
  return price;
}

function plain(entry: PriceEntry): Price {
  const { tunedInput: _i, tunedCachedInput: _c, tunedOutput: _o, ...price } = entry;
  return price;
}

/**
 * What calls to `model` cost, or null when unknown (never 0: an unpriced model must show as
 * unpriced, not free). A fine-tuned `ft:<base>:...` id costs the base's tuned price; an override
 * for the exact ft id, or for `ft:<base>`, wins. Overrides come first, then the built-in table.
 */
export function priceFor(model: string, overrides: Readonly<Record<string, Price>> = {}): Price | null {
  const exact = lookup(overrides, model);
  if (exact) return { ...exact };
  const base = tunedBase(model);
  if (base !== null) {
    const forBase = firstRow(
      overrides,
      priceKeys(base).map((key) => `ft:${key}`),
    );
    return forBase ? { ...forBase } : tunedPrice(firstRow(PRICES, priceKeys(base)));
  }
  const keys = priceKeys(model);
  const entry = firstRow(overrides, keys) ?? firstRow(PRICES, keys);
  return entry ? plain(entry) : null;
}

/**
 * Training price per 1M tokens for tuning `model` (a tuned model trains at its base's price), or
 * null: the first `training` among the overrides for the id, for `ft:<base>` and for the base, then
 * the built-in table.
 */
export function trainingPriceFor(
  model: string,
  overrides: Readonly<Record<string, Price>> = {},
): number | null {
  const keys = priceKeys(tunedBase(model) ?? model);
  const rows = [
    lookup(overrides, model),
    ...keys.map((key) => lookup(overrides, `ft:${key}`)),
    ...keys.map((key) => lookup(overrides, key)),
    ...keys.map((key) => lookup(PRICES, key)),
  ];
  return rows.find((row) => row?.training !== undefined)?.training ?? null;
}

export interface CostBreakdown {
  input: number | null;
  output: number | null;
  total: number | null;
}

/** Dollars for `tokens` at `pricePer1M`, or null when unpriced. */
export function costOfTokens(tokens: number, pricePer1M: number | null | undefined): number | null {
  return pricePer1M === null || pricePer1M === undefined ? null : (tokens * pricePer1M) / 1_000_000;
}

/** Dollars for one call's usage; cached prompt tokens at the cached price (the input price if none). */
export function costOfUsage(usage: Usage, price: Price | null): CostBreakdown {
  if (!price) return { input: null, output: null, total: null };
  const cached = Math.min(usage.cachedPromptTokens, usage.promptTokens);
  const input =
    ((usage.promptTokens - cached) * price.input + cached * (price.cachedInput ?? price.input)) / 1_000_000;
  const output = (usage.completionTokens * price.output) / 1_000_000;
  return { input, output, total: input + output };
}

/**
 * The Batch API's price as a share of the synchronous one: "50% cost discount compared to
 * synchronous APIs" (OpenAI's Batch API guide), on input and output tokens alike.
 */
export const BATCH_DISCOUNT = 0.5;

/** What a call through the Batch API costs per 1M tokens: the price at BATCH_DISCOUNT. */
export function batchPrice(price: Price | null): Price | null {
  if (!price) return null;
  const batch: Price = {
    ...price,
    input: price.input * BATCH_DISCOUNT,
    output: price.output * BATCH_DISCOUNT,
  };
  if (price.cachedInput !== undefined) batch.cachedInput = price.cachedInput * BATCH_DISCOUNT;
  return batch;
}

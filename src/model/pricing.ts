import type { Price } from "../config/schema.js";
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

// Published OpenAI list prices (standard tier). Config `prices` override any row.
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
  "gpt-3.5-turbo": { input: 0.5, output: 1.5, training: 8, tunedInput: 3, tunedOutput: 6 },
  // August 2023, when fine-tuning launched: $0.0015/$0.002 per 1K base, $0.012/$0.016 tuned, $0.008 training.
  "gpt-3.5-turbo-0613": { input: 1.5, output: 2, training: 8, tunedInput: 12, tunedOutput: 16 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "text-embedding-3-small": EMBEDDING_3_SMALL,
  "text-embedding-3-large": { input: 0.13, output: 0 },
  "text-embedding-ada-002": { input: 0.1, output: 0 },
  // The simulator's models cost what their real counterparts would, so simulated runs show plausible money.
  "sim-base": GPT_4O_MINI,
  "sim-embed": EMBEDDING_3_SMALL,
};

/** `gpt-4o-mini-2024-07-18` → `gpt-4o-mini`, `gpt-3.5-turbo-0125` → `gpt-3.5-turbo`. */
function familyOf(model: string): string | null {
  const family = model.replace(/-(\d{4}-\d{2}-\d{2}|\d{4})$/, "");
  return family === model ? null : family;
}

/** The base model of `ft:<base>:<org>:<suffix>:<id>`, or null for other ids. */
function tunedBase(model: string): string | null {
  if (!model.startsWith("ft:")) return null;
  return model.split(":")[1] || null;
}

function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The row for `key`, else for its family (a dated snapshot inherits its family's price). */
function withFamily<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  const family = familyOf(key);
  return lookup(table, key) ?? (family === null ? undefined : lookup(table, family));
}

/** Exact id first, then its family; overrides before the built-in table at each step. */
function entryFor(model: string, overrides: Readonly<Record<string, Price>>): PriceEntry | undefined {
  const family = familyOf(model);
  return (
    lookup(overrides, model) ??
    lookup(PRICES, model) ??
    (family === null ? undefined : (lookup(overrides, family) ?? lookup(PRICES, family)))
  );
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
 * for the exact ft id, or for `ft:<base>`, wins.
 */
export function priceFor(model: string, overrides: Readonly<Record<string, Price>> = {}): Price | null {
  const exact = lookup(overrides, model);
  if (exact) return { ...exact };
  const base = tunedBase(model);
  if (base !== null) {
    const forBase = withFamily(overrides, `ft:${base}`);
    return forBase ? { ...forBase } : tunedPrice(withFamily(PRICES, base));
  }
  const entry = entryFor(model, overrides);
  return entry ? plain(entry) : null;
}

/** Training price per 1M tokens for tuning `model` (a tuned model trains at its base's price), or null. */
export function trainingPriceFor(
  model: string,
  overrides: Readonly<Record<string, Price>> = {},
): number | null {
  const exact = lookup(overrides, model)?.training;
  if (exact !== undefined) return exact;
  return entryFor(tunedBase(model) ?? model, overrides)?.training ?? null;
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

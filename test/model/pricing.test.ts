import { describe, expect, it } from "vitest";
import { costOfTokens, costOfUsage, PRICES, priceFor, trainingPriceFor } from "../../src/model/index.js";

const usage = (promptTokens: number, completionTokens: number, cachedPromptTokens = 0) => ({
  promptTokens,
  completionTokens,
  cachedPromptTokens,
});

describe("priceFor", () => {
  it("prices the 2023 gpt-3.5-turbo launch numbers", () => {
    const base = costOfUsage(usage(1000, 1000), priceFor("gpt-3.5-turbo-0613", {}));
    expect(base.total).toBeCloseTo(0.0035, 12);
    const tuned = costOfUsage(usage(1000, 1000), priceFor("ft:gpt-3.5-turbo-0613:acme::x", {}));
    expect(tuned.input).toBeCloseTo(0.012, 12);
    expect(tuned.output).toBeCloseTo(0.016, 12);
    expect(tuned.total).toBeCloseTo(0.028, 12);
    // 100K training tokens x 3 epochs at $0.008/1K = $2.40 (the launch announcement's example).
    expect(costOfTokens(300_000, trainingPriceFor("gpt-3.5-turbo-0613", {}))).toBeCloseTo(2.4, 12);
  });

  it("maps dated snapshots to their family", () => {
    expect(priceFor("gpt-4o-mini-2024-07-18", {})).toEqual(priceFor("gpt-4o-mini", {}));
    expect(priceFor("gpt-4.1-2025-04-14", {})?.input).toBe(2);
    expect(priceFor("gpt-3.5-turbo-0125", {})?.input).toBe(0.5);
    // A snapshot with its own row keeps it.
    expect(priceFor("gpt-4o-2024-05-13", {})?.input).toBe(5);
  });

  it("prices ft: ids as tuned models of their base", () => {
    expect(priceFor("ft:gpt-4o-mini-2024-07-18:acme:orders:abc123", {})).toEqual({
      input: 0.3,
      cachedInput: 0.15,
      output: 1.2,
      training: 3,
    });
    expect(priceFor("ft:gpt-4o-2024-08-06:acme::x", {})).toMatchObject({
      input: 3.75,
      cachedInput: 1.875,
      output: 15,
    });
    expect(priceFor("ft:gpt-4.1-mini-2025-04-14:acme::x", {})).toMatchObject({ input: 0.8, output: 3.2 });
    expect(priceFor("ft:gpt-4.1-nano-2025-04-14:acme::x", {})).toMatchObject({ input: 0.2, output: 0.8 });
    expect(priceFor("ft:sim-base:tunebench::abc", {})).toEqual(priceFor("ft:gpt-4o-mini:x::y", {}));
  });

  it("applies overrides in order: exact id, then ft:<base>, then the table", () => {
    const overrides = {
      "ft:gpt-4o-mini-2024-07-18:acme::exact": { input: 9, output: 9 },
      "ft:gpt-4o-mini": { input: 7, output: 7 },
      "gpt-4o-mini": { input: 1, output: 2 },
      "my-llama": { input: 0.05, output: 0.1 },
    };
    expect(priceFor("ft:gpt-4o-mini-2024-07-18:acme::exact", overrides)?.input).toBe(9);
    expect(priceFor("ft:gpt-4o-mini-2024-07-18:acme::other", overrides)?.input).toBe(7);
    expect(priceFor("gpt-4o-mini", overrides)).toEqual({ input: 1, output: 2 });
    expect(priceFor("gpt-4o-mini-2024-07-18", overrides)).toEqual({ input: 1, output: 2 });
    expect(priceFor("my-llama", overrides)?.output).toBe(0.1);
    // An override of the base model does not change what its tuned models cost.
    expect(priceFor("ft:gpt-4.1-mini:acme::x", { "gpt-4.1-mini": { input: 1, output: 1 } })?.input).toBe(0.8);
  });

  it("returns null, never 0, for unknown models", () => {
    expect(priceFor("llama-3.1-8b-instruct", {})).toBeNull();
    expect(priceFor("ft:unknown-base:acme::x", {})).toBeNull();
    // A base without published tuned prices leaves its tuned models unpriced rather than base-priced.
    expect(priceFor("ft:o3:acme::x", {})).toBeNull();
    expect(priceFor("constructor", {})).toBeNull();
    expect(costOfUsage(usage(10, 10), null)).toEqual({ input: null, output: null, total: null });
  });

  it("knows training prices", () => {
    expect(trainingPriceFor("gpt-4o-mini-2024-07-18", {})).toBe(3);
    expect(trainingPriceFor("gpt-4o-2024-08-06", {})).toBe(25);
    expect(trainingPriceFor("gpt-4.1-mini-2025-04-14", {})).toBe(5);
    expect(trainingPriceFor("gpt-4.1-nano", {})).toBe(1.5);
    expect(trainingPriceFor("ft:gpt-4o-mini-2024-07-18:acme::x", {})).toBe(3);
    expect(trainingPriceFor("gpt-4o-mini", { "gpt-4o-mini": { input: 0, output: 0, training: 2 } })).toBe(2);
    expect(trainingPriceFor("o3", {})).toBeNull();
    expect(trainingPriceFor("mystery", {})).toBeNull();
  });

  it("prices embeddings and the simulator's models", () => {
    expect(priceFor("text-embedding-3-small", {})?.input).toBe(0.02);
    expect(priceFor("text-embedding-3-large", {})?.input).toBe(0.13);
    expect(priceFor("text-embedding-ada-002", {})?.input).toBe(0.1);
    expect(priceFor("sim-embed", {})).toEqual(priceFor("text-embedding-3-small", {}));
    expect(priceFor("sim-base", {})).toEqual(priceFor("gpt-4o-mini", {}));
    for (const [model, price] of Object.entries(PRICES)) {
      expect(price.input, model).toBeGreaterThan(0);
    }
  });
});

describe("costOfUsage", () => {
  it("bills cached prompt tokens at the cached price", () => {
    const price = { input: 2, cachedInput: 0.5, output: 8 };
    const cost = costOfUsage(usage(1_000_000, 500_000, 400_000), price);
    expect(cost.input).toBeCloseTo(0.6 * 2 + 0.4 * 0.5, 12);
    expect(cost.output).toBeCloseTo(4, 12);
    expect(cost.total).toBeCloseTo(5.4, 12);
  });

  it("bills cached tokens at the input price when there is no cached price", () => {
    const cost = costOfUsage(usage(1000, 0, 600), { input: 1.5, output: 2 });
    expect(cost.input).toBeCloseTo(0.0015, 12);
    expect(cost.output).toBe(0);
  });

  it("does not round", () => {
    const cost = costOfUsage(usage(7, 3), priceFor("gpt-4o-mini", {}));
    expect(cost.total).toBeCloseTo((7 * 0.15 + 3 * 0.6) / 1e6, 15);
    expect(costOfTokens(1, 0.02)).toBe(2e-8);
    expect(costOfTokens(100, null)).toBeNull();
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { costOfTokens, costOfUsage, PRICES, priceFor, trainingPriceFor } from "../../src/model/index.js";
import { writeProject } from "../helpers/project.js";

const usage = (promptTokens: number, completionTokens: number, cachedPromptTokens = 0) => ({
  promptTokens,
  completionTokens,
  cachedPromptTokens,
});

describe("priceFor", () => {
  it("prices each gpt-3.5-turbo snapshot at its own list price, never its family's", () => {
    expect(priceFor("gpt-3.5-turbo-0301", {})).toEqual({ input: 1.5, output: 2 });
    expect(priceFor("gpt-3.5-turbo-0613", {})).toMatchObject({ input: 1.5, output: 2 });
    expect(priceFor("gpt-3.5-turbo-1106", {})).toMatchObject({ input: 1, output: 2 });
    expect(priceFor("gpt-3.5-turbo-0125", {})).toMatchObject({ input: 0.5, output: 1.5 });
    expect(priceFor("gpt-3.5-turbo", {})).toMatchObject({ input: 0.5, output: 1.5 });
    // 1K in + 1K out on 1106 is $0.003, not the $0.002 of today's gpt-3.5-turbo.
    expect(costOfUsage(usage(1000, 1000), priceFor("gpt-3.5-turbo-1106", {})).total).toBeCloseTo(0.003, 12);
    // An override of the family does not reach a snapshot with a price of its own.
    const family = { "gpt-3.5-turbo": { input: 9, output: 9 } };
    expect(priceFor("gpt-3.5-turbo-1106", family)?.input).toBe(1);
    expect(priceFor("gpt-3.5-turbo-0125", family)?.input).toBe(9);
  });

  it("leaves a snapshot missing from the table unpriced, not at another model's price", () => {
    for (const model of [
      "gpt-3.5-turbo-0914",
      "gpt-4o-mini-2099-01-01",
      "gpt-4.1-2099-01-01",
      "o3-2099-01-01",
    ]) {
      expect(priceFor(model, {}), model).toBeNull();
      expect(trainingPriceFor(model, {}), model).toBeNull();
      expect(priceFor(`ft:${model}:acme::x`, {}), model).toBeNull();
    }
    expect(priceFor("gpt-4o-mini-2099-01-01", { "gpt-4o-mini": { input: 1, output: 2 } })).toBeNull();
    // ...until the config prices it.
    expect(priceFor("gpt-4o-mini-2099-01-01", { "gpt-4o-mini-2099-01-01": { input: 1, output: 2 } })).toEqual(
      {
        input: 1,
        output: 2,
      },
    );
  });

  it("prices the dated snapshots listed at their family's price", () => {
    expect(priceFor("gpt-4o-mini-2024-07-18", {})).toEqual(priceFor("gpt-4o-mini", {}));
    expect(priceFor("gpt-4o-2024-08-06", {})).toEqual(priceFor("gpt-4o", {}));
    expect(priceFor("gpt-4.1-2025-04-14", {})?.input).toBe(2);
    expect(priceFor("o3-2025-04-16", {})?.input).toBe(2);
    // A snapshot with its own row keeps it.
    expect(priceFor("gpt-4o-2024-05-13", {})?.input).toBe(5);
  });

  it("prices tuned gpt-3.5-turbo at today's $3/$6 per 1M, training $8, whatever the snapshot", () => {
    for (const base of ["gpt-3.5-turbo-0613", "gpt-3.5-turbo-1106", "gpt-3.5-turbo-0125"]) {
      expect(priceFor(`ft:${base}:acme::x`, {}), base).toEqual({ input: 3, output: 6, training: 8 });
      expect(trainingPriceFor(base, {}), base).toBe(8);
    }
    const tuned = costOfUsage(usage(1000, 1000), priceFor("ft:gpt-3.5-turbo-0613:acme::x", {}));
    expect(tuned.total).toBeCloseTo(0.009, 12);
    // 0301 was never tunable: no tuned price rather than a neighbour's.
    expect(priceFor("ft:gpt-3.5-turbo-0301:acme::x", {})).toBeNull();
  });

  it("reproduces the 2023 launch prices through `prices:` in the config", async () => {
    // Aug 2023: training $0.008/1K, tuned $0.012/$0.016 per 1K (openai.com/blog/gpt-3-5-turbo-fine-tuning-and-api-updates).
    const dir = writeProject({
      "eval.config.yaml": 'prices:\n  "ft:gpt-3.5-turbo-0613": { input: 12, output: 16, training: 8 }\n',
    });
    const { prices } = (await loadConfig(path.join(dir, "eval.config.yaml"))).config;
    const tuned = costOfUsage(usage(1000, 1000), priceFor("ft:gpt-3.5-turbo-0613:acme::x", prices));
    expect(tuned.input).toBeCloseTo(0.012, 12);
    expect(tuned.output).toBeCloseTo(0.016, 12);
    expect(tuned.total).toBeCloseTo(0.028, 12);
    // 100K training tokens x 3 epochs at $0.008/1K = $2.40 (the launch announcement's example).
    expect(costOfTokens(300_000, trainingPriceFor("gpt-3.5-turbo-0613", prices))).toBeCloseTo(2.4, 12);
    // The training price of an `ft:<base>` override is the base's training price.
    expect(
      trainingPriceFor("gpt-3.5-turbo-0613", {
        "ft:gpt-3.5-turbo-0613": { input: 1, output: 1, training: 9 },
      }),
    ).toBe(9);
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

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { latestRunDir, measuredCosts, readRunSummary } from "../../src/commands/tune/run-costs.js";
import { estimateFromTokens, estimateTraining } from "../../src/finetune/index.js";
import { countChatTokens, countTokens, trainingPriceFor } from "../../src/model/index.js";
import { billedTokens, defaultEpochs, exampleTokens } from "../../src/training/index.js";
import { tempDir } from "../helpers/suite.js";

describe("the cookbook's token count", () => {
  it("3 per message + tokens of each value + 1 per name + 3 for the reply priming", () => {
    const messages = [
      { role: "system", content: "You are terse." },
      { role: "user", content: "What is the capital of France?", name: "alice" },
      { role: "assistant", content: "Paris." },
    ];
    for (const encoding of ["o200k_base", "cl100k_base"] as const) {
      const t = (s: string) => countTokens(s, encoding);
      const expected =
        3 +
        (3 + t("system") + t("You are terse.")) +
        (3 + t("user") + t("What is the capital of France?") + t("alice") + 1) +
        (3 + t("assistant") + t("Paris."));
      expect(exampleTokens(messages, encoding)).toBe(expected);
      // Same as the harness's own counter for plain messages.
      expect(exampleTokens(messages, encoding)).toBe(
        countChatTokens(messages as Parameters<typeof countChatTokens>[0], encoding),
      );
    }
  });

  it("known values: 'Hello' as one user message", () => {
    // o200k_base: "user" = 1 token, "Hello" = 1 token -> 3 + (3 + 1 + 1) = 8
    expect(exampleTokens([{ role: "user", content: "Hello" }], "o200k_base")).toBe(8);
    expect(exampleTokens([{ role: "user", content: "Hello" }], "cl100k_base")).toBe(8);
  });

  it("weight is not text; tool calls count as their JSON (tools: see test/training/tools.test.ts)", () => {
    const plain = [{ role: "assistant", content: "ok" }];
    expect(exampleTokens([{ ...plain[0], weight: 1 }], "o200k_base")).toBe(
      exampleTokens(plain, "o200k_base"),
    );
    const calls = [{ id: "c1", type: "function", function: { name: "f", arguments: "{}" } }];
    expect(exampleTokens([{ role: "assistant", content: null, tool_calls: calls }], "o200k_base")).toBe(
      exampleTokens([{ role: "assistant" }], "o200k_base") + countTokens(JSON.stringify(calls)),
    );
  });
});

describe("default epochs", () => {
  it.each([
    [1, 25],
    [3, 25],
    [4, 25],
    [5, 20],
    [10, 10],
    // More than 3 epochs only at 25 or fewer examples: 26..33 have n*3 < 100 but floor(100/n) = 3.
    [25, 4],
    [26, 3],
    [33, 3],
    [34, 3],
    [100, 3],
    [8333, 3],
    [8334, 2],
    [10_000, 2],
    [12_500, 2],
    [12_501, 1],
    [30_000, 1],
  ])("n=%i -> %i epochs", (n, epochs) => {
    expect(defaultEpochs(n)).toBe(epochs);
  });

  it("the README states the rule's thresholds as the code applies them", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8").replace(/\s+/g, " ");
    const rule =
      /default rule \(3; more (?:at ([\d,]+) or fewer|below ([\d,]+)) examples.*?fewer above ([\d,]+)/.exec(
        readme,
      );
    if (!rule) throw new Error("README: the default-epochs sentence is missing");
    const num = (s: string | undefined) => Number(s?.replace(/,/g, ""));
    // "more at N or fewer": N is the last count with more than 3; "below N": N - 1 is.
    const lastMore = rule[1] !== undefined ? num(rule[1]) : num(rule[2]) - 1;
    expect(defaultEpochs(lastMore)).toBeGreaterThan(3);
    expect(defaultEpochs(lastMore + 1)).toBe(3);
    const lastThree = num(rule[3]);
    expect(defaultEpochs(lastThree)).toBe(3);
    expect(defaultEpochs(lastThree + 1)).toBeLessThan(3);
  });
});

describe("billed tokens and cost", () => {
  it("the seed's example: 100,000 tokens x 3 epochs at $0.008/1K = $2.40", () => {
    expect(trainingPriceFor("gpt-3.5-turbo-0613")).toBe(8);
    const tokens = Array.from({ length: 100 }, () => 1000);
    const estimate = estimateFromTokens(tokens, { model: "gpt-3.5-turbo-0613" });
    expect(estimate).toMatchObject({
      examples: 100,
      totalTokens: 100_000,
      epochs: 3,
      epochsSource: "default",
      tokenLimit: 4096,
      billedTokens: 300_000,
      trainingPrice: 8,
    });
    expect(estimate.trainingCost).toBeCloseTo(2.4, 10);
    expect(estimate.trainingCost?.toFixed(2)).toBe("2.40");
  });

  it("examples over the limit are billed at the limit", () => {
    expect(billedTokens([5000, 100], 4096, 2)).toBe(2 * (4096 + 100));
    const estimate = estimateFromTokens([5000, 100], { model: "gpt-3.5-turbo-0613", epochs: 1 });
    expect(estimate).toMatchObject({ overLimit: 1, billedTokens: 4196, epochsSource: "given" });
  });

  it("an unpriced model has no cost, never $0", () => {
    expect(estimateFromTokens([100], { model: "llama-3-8b" }).trainingCost).toBeNull();
    expect(
      estimateFromTokens([100], {
        model: "llama-3-8b",
        prices: { "llama-3-8b": { input: 1, output: 1, training: 2 } },
      }).trainingCost,
    ).toBeCloseTo((100 * 25 * 2) / 1e6);
  });

  it("estimates a JSONL text, with the tuned model's expected cost per call", () => {
    const line = JSON.stringify({
      messages: [
        { role: "system", content: "Triage." },
        { role: "user", content: "charged twice" },
        { role: "assistant", content: '{"category":"billing"}' },
      ],
    });
    const text = `${Array.from({ length: 50 }, () => line).join("\n")}\n`;
    const e = estimateTraining(text, { model: "gpt-4o-mini" });
    const per = exampleTokens(JSON.parse(line).messages, "o200k_base");
    expect(e).toMatchObject({ examples: 50, totalTokens: 50 * per, epochs: 3, billedTokens: 150 * per });
    expect(e.trainingCost).toBeCloseTo((150 * per * 3) / 1e6);
    const prompt = exampleTokens(JSON.parse(line).messages.slice(0, 2), "o200k_base");
    expect(e.tunedCall).toMatchObject({
      promptTokens: prompt,
      outputTokens: countTokens('{"category":"billing"}'),
    });
    // gpt-4o-mini tuned: $0.30 in, $1.20 out per 1M
    expect(e.tunedCall?.costPerCall).toBeCloseTo(
      (prompt * 0.3 + countTokens('{"category":"billing"}') * 1.2) / 1e6,
    );
  });
});

describe("the previous run", () => {
  it("finds the latest run with a summary and its cost per call by strategy, canary left out", () => {
    const dir = tempDir();
    const group = (strategy: string, type: string, total: number, canary = false) => ({
      suite: canary ? "canary" : "s",
      strategy,
      strategyType: type,
      model: "sim-base",
      endpoint: "sim",
      canary,
      simulated: true,
      trials: 10,
      cases: 10,
      errors: 0,
      cached: 0,
      format: null,
      pass: { count: 5, n: 10, rate: 0.5, low: 0, high: 1 },
      hallucination: null,
      tokensIn: { mean: 100, median: 100 },
      tokensOut: { mean: 10, median: 10 },
      cost: { total, perCall: total / 10, perPassingCall: null, saved: 0 },
      latencyMs: { p50: null, p95: null },
    });
    for (const [name, withSummary] of [
      ["20260101-000000-aaaa", true],
      ["20260102-000000-bbbb", true],
      ["20260103-000000-cccc", false],
    ] as const) {
      mkdirSync(path.join(dir, name));
      if (withSummary)
        writeFileSync(
          path.join(dir, name, "summary.json"),
          JSON.stringify({ groups: [group("prompt", "prompt", 0.01), group("prompt", "prompt", 5, true)] }),
        );
    }
    const latest = latestRunDir(dir);
    expect(latest).toBe(path.join(dir, "20260102-000000-bbbb"));
    const costs = measuredCosts(readRunSummary(latest as string));
    expect(costs).toEqual([
      {
        strategy: "prompt",
        type: "prompt",
        model: "sim-base",
        calls: 10,
        tokensIn: 100,
        tokensOut: 10,
        costPerCall: 0.001,
      },
    ]);
    expect(latestRunDir(path.join(dir, "missing"))).toBeNull();
  });
});

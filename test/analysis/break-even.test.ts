import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  analyzeRun,
  breakEvenCalls,
  breakEvenText,
  formatCount,
  formatDays,
  trainingCostFrom,
} from "../../src/analysis/index.js";
import { renderConsoleReport } from "../../src/report/index.js";
import type { TrialRecord } from "../../src/runlog/index.js";
import { tempDir } from "../helpers/suite.js";
import { cost, headerOf, NOW, trialsOf, tunedAndPrompt } from "./fixtures.js";

describe("break-even arithmetic", () => {
  it("training $2.40 at a saving of $0.0012 per call pays off after 2,000 calls: 2 days at 1,000 a day", () => {
    expect(breakEvenCalls(2.4, 0.0012)).toBe(2000);
    expect(breakEvenText(0.0003, 0.0015, 2.4, 1000)).toEqual({
      savingPerCall: expect.closeTo(0.0012, 12),
      calls: 2000,
      days: 2,
      status: "pays-off",
      text: "pays off after 2,000 calls (2 days at 1,000 calls/day)",
    });
  });

  it("rounds up to whole calls and adds fixed costs", () => {
    expect(breakEvenCalls(2.4 + 0.6, 0.0012)).toBe(2500);
    expect(breakEvenCalls(1, 0.3)).toBe(4);
    expect(breakEvenText(0.001, 0.0012, 1, 50).text).toBe(
      "pays off after 5,000 calls (100 days at 50 calls/day)",
    );
    expect(formatDays(0.5)).toBe("0.5 days");
    expect(formatDays(1)).toBe("1 day");
    expect(formatDays(1000)).toBe("2.7 years");
  });

  it("groups thousands as en-US does, halves away from zero", () => {
    const intl = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
    for (const n of [0, 7, 999, 1000, 12_345, 999_999.5, 1_234_567.5, -0.4, -0.5, -1234.5, 2 ** 40])
      expect(formatCount(n), String(n)).toBe(intl.format(n).replace("-0", "0"));
    expect(formatCount(1_234_567.5)).toBe("1,234,568");
    expect(formatCount(-1234.5)).toBe("-1,235");
  });

  it("says under a tenth of a day rather than 0 days", () => {
    expect(formatDays(0.001)).toBe("< 0.1 day");
    expect(formatDays(0.049)).toBe("< 0.1 day");
    expect(formatDays(0.05)).toBe("0.1 days");
    expect(breakEvenText(0.001, 0.002, 0.01, 1000).text).toBe(
      "pays off after 10 calls (< 0.1 day at 1,000 calls/day)",
    );
  });

  it("never pays off on cost when a tuned call costs as much or more", () => {
    expect(breakEvenCalls(2.4, 0)).toBeNull();
    expect(breakEvenCalls(2.4, -0.001)).toBeNull();
    expect(breakEvenText(0.002, 0.0015, 2.4, 1000)).toMatchObject({
      status: "never",
      calls: null,
      text: "never on cost: a tuned call costs more",
    });
    expect(breakEvenText(0.0015, 0.0015, 2.4, 1000).status).toBe("never");
  });

  it("says what is missing when the training cost or a price is unknown", () => {
    expect(breakEvenText(0.0003, 0.0015, null, 1000)).toMatchObject({
      status: "unknown",
      text: "no training cost known: run tunebench tune estimate",
    });
    expect(breakEvenText(null, 0.0015, 2.4, 1000).text).toBe("unknown: unpriced calls");
  });
});

describe("break-even in the report", () => {
  // tuned: $0.0003/call with 50-token prompts; prompt: $0.0015/call with 500-token prompts.
  const trials: TrialRecord[] = [
    ...tunedAndPrompt(),
    ...trialsOf("tuned", 5, () => false, { suite: "canary", canary: true, model: "ft:gpt-4o-mini:acme::t1" }),
    ...trialsOf("prompt", 5, () => true, { suite: "canary", canary: true }),
  ];
  const header = headerOf(["prompt", "tuned"], ["demo", "canary"]);

  it("pays off after N calls beside the quality verdict and the prompt-length reduction", () => {
    const report = analyzeRun(trials, header, {
      now: NOW,
      training: { model: "ft:gpt-4o-mini:acme::t1", cost: 2.4, source: "trained-tokens" },
      breakEven: { callsPerDay: 1000, fixedCosts: 0 },
    });
    const be = report.breakEven;
    expect(be.trainingCost).toBe(2.4);
    const overall = be.rows.find((r) => r.suite === null);
    expect(overall).toMatchObject({
      tuned: "tuned",
      alternative: "prompt",
      calls: 2000,
      days: 2,
      status: "pays-off",
      quality: "inconclusive",
      comparison: { n: 20, fixed: 1, broke: 1, pAdjusted: null, primary: false },
    });
    // Per suite, tuned vs prompt is the primary question "tuned vs the best untuned strategy".
    expect(be.rows.find((r) => r.suite === "demo")?.comparison).toMatchObject({
      primary: true,
      pAdjusted: 1,
    });
    expect(overall?.promptReduction).toBeCloseTo(0.9);
    // Canary suites are not part of the break-even.
    expect(be.rows.map((r) => r.suite)).toEqual([null, "demo"]);
    const text = renderConsoleReport(report, ["breakEven"]);
    expect(text).toContain("training $2.40 (the job's trained tokens) + $0 fixed costs, at 1,000 calls/day");
    expect(text).toContain(
      "tuned vs prompt: pays off after 2,000 calls (2 days at 1,000 calls/day); saves $0.0012/call; prompts 90% shorter (50 vs 500 tokens); quality inconclusive (1 fixed, 1 broke of 20, 0 pp [−19 pp, +19 pp], p=1.00, exploratory)",
    );
  });

  it("adds fixed costs, and says when quality is significantly worse", () => {
    const worse = trials.map((t) =>
      t.strategy === "tuned" && t.suite === "demo" && Number(t.caseId.slice(1)) < 12
        ? { ...t, verdict: { pass: false, formatOk: true, hallucinated: null } }
        : t,
    );
    const report = analyzeRun(worse, header, {
      now: NOW,
      training: { model: "ft:gpt-4o-mini:acme::t1", cost: 2.4, source: "estimate" },
      breakEven: { callsPerDay: 500, fixedCosts: 0.6 },
    });
    const overall = report.breakEven.rows.find((r) => r.suite === null);
    expect(overall).toMatchObject({ calls: 2500, days: 5, quality: "worse" });
    expect(overall?.text).toBe("pays off after 2,500 calls (5 days at 500 calls/day)");
  });

  it("counts an index the alternative built during the run as its one-off cost", () => {
    // The alternative embedded its notes for $0.60: tuning instead saves that, so $1.80 is left to recoup.
    const build = (suite: string, tokens: number, dollars: number | null) => ({
      schema: "tunebench.index/1" as const,
      runId: "r1",
      suite,
      strategy: "prompt",
      embeddingModel: "text-embedding-3-small",
      tokens,
      cost: dollars,
      builtAt: "2026-01-01T00:00:00Z",
    });
    const report = analyzeRun(trials, header, {
      now: NOW,
      training: { model: "ft:gpt-4o-mini:acme::t1", cost: 2.4, source: "trained-tokens" },
      indexBuilds: [build("demo", 30_000_000, 0.6)],
    });
    const overall = report.breakEven.rows.find((r) => r.suite === null);
    expect(overall).toMatchObject({ alternativeOneOff: 0.6, calls: 1500, status: "pays-off" });
    expect(report.summary.totals).toMatchObject({
      indexing: { builds: 1, tokens: 30_000_000, cost: 0.6 },
      // The index, 20 + 20 task trials, 10 canary trials at $0.001.
      cost: expect.closeTo(0.6 + 20 * 0.0003 + 20 * 0.0015 + 10 * 0.001, 9),
    });
    const text = renderConsoleReport(report);
    expect(text).toContain(
      "prompt spent $0.6000 up front building its retrieval index (taken off the one-off cost)",
    );
    expect(text).toContain(
      "(0.6000 of it embedding notes: 1 retrieval index, 30,000,000 tokens)".replace("0.6000", "$0.6000"),
    );
    // Unpriced: counted as $0 with a note saying so; a reused index wrote no line and costs nothing.
    const unpriced = analyzeRun(trials, header, {
      now: NOW,
      training: { model: "ft:gpt-4o-mini:acme::t1", cost: 2.4, source: "trained-tokens" },
      indexBuilds: [build("demo", 1000, null)],
    });
    expect(unpriced.breakEven.rows.find((r) => r.suite === null)).toMatchObject({ calls: 2000 });
    expect(unpriced.breakEven.notes).toContain(
      "building a retrieval index with text-embedding-3-small is unpriced (counted as $0): add prices.text-embedding-3-small",
    );
    expect(unpriced.summary.totals.cost).toBeNull();
  });

  it("without a training record: the saving, and how to get the cost", () => {
    const report = analyzeRun(trials, header, { now: NOW });
    expect(report.breakEven.notes).toContain("no training cost known for tuned: run tunebench tune estimate");
    expect(report.breakEven.rows[0]?.text).toBe("no training cost known: run tunebench tune estimate");
    expect(report.breakEven.rows[0]?.savingPerCall).toBeCloseTo(0.0012);
  });

  it("never on cost when the tuned call is dearer", () => {
    const dear = trials.map((t) => (t.strategy === "tuned" ? { ...t, cost: cost(0.002) } : t));
    const report = analyzeRun(dear, header, {
      now: NOW,
      training: { model: "ft:gpt-4o-mini:acme::t1", cost: 2.4, source: "trained-tokens" },
    });
    expect(report.breakEven.rows[0]).toMatchObject({
      status: "never",
      text: "never on cost: a tuned call costs more",
    });
  });

  it("reads the training cost from the tuned-model record, pricing the tokens when the record did not", () => {
    const dir = tempDir("tunebench-project-");
    mkdirSync(path.join(dir, ".tunebench"), { recursive: true });
    const record = {
      schema: "tunebench.tuned/1",
      model: "ft:gpt-4o-mini-2024-07-18:acme::t1",
      baseModel: "gpt-4o-mini-2024-07-18",
      endpoint: "openai",
      jobId: "ftjob-1",
      trainedTokens: null,
      estimatedTokens: 100_000,
      trainingCost: null,
      finishedAt: "2026-01-01T00:00:00Z",
    };
    writeFileSync(path.join(dir, ".tunebench", "tuned-model.json"), JSON.stringify(record));
    const priced = trainingCostFrom(dir, {
      "gpt-4o-mini-2024-07-18": { input: 0.15, output: 0.6, training: 3 },
    });
    expect(priced).toEqual({ model: record.model, cost: expect.closeTo(0.3, 9), source: "estimate" });
    writeFileSync(
      path.join(dir, ".tunebench", "tuned-model.json"),
      JSON.stringify({ ...record, trainedTokens: 90_000, trainingCost: 2.4 }),
    );
    expect(trainingCostFrom(dir)).toEqual({ model: record.model, cost: 2.4, source: "trained-tokens" });
    expect(trainingCostFrom(path.join(dir, "missing"))).toBeNull();
  });
});

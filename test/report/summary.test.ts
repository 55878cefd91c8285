import { describe, expect, it } from "vitest";
import { renderSummaryTable, summarize } from "../../src/report/index.js";
import { fakeTrial } from "../helpers/trial.js";

describe("summarize", () => {
  const trials = [
    fakeTrial({ caseId: "a", pass: true, latencyMs: 10 }),
    fakeTrial({ caseId: "b", pass: false, formatOk: false, latencyMs: 30 }),
    fakeTrial({ caseId: "c", pass: true, latencyMs: 20 }),
    fakeTrial({ caseId: "ood", verdict: { pass: false, formatOk: null, hallucinated: true }, latencyMs: 40 }),
    fakeTrial({
      caseId: "err",
      verdict: null,
      output: null,
      usage: null,
      latencyMs: null,
      cost: { total: 0, input: 0, output: 0, embedding: 0 },
      error: { kind: "server", retryable: true, message: "500" },
    }),
  ];

  it("computes rates over answered trials, errors apart", () => {
    const [g] = summarize(trials).groups;
    expect(g?.trials).toBe(5);
    expect(g?.errors).toBe(1);
    expect(g?.pass).toMatchObject({ count: 2, n: 4, rate: 0.5 });
    expect(g?.format).toMatchObject({ count: 2, n: 3 });
    expect(g?.hallucination).toMatchObject({ count: 1, n: 1, rate: 1 });
    expect(g?.pass.low).toBeLessThan(0.5);
    expect(g?.pass.high).toBeGreaterThan(0.5);
  });

  it("costs per call and per passing call, p50 latency", () => {
    const [g] = summarize(trials).groups;
    expect(g?.cost.total).toBeCloseTo(0.004);
    expect(g?.cost.perCall).toBeCloseTo(0.004 / 5);
    expect(g?.cost.perPassingCall).toBeCloseTo(0.002);
    expect(g?.latencyMs.p50).toBe(25);
    expect(g?.tokensIn.mean).toBe(100);
  });

  it("reports unpriced, never $0, when one call has no price", () => {
    const [g] = summarize([
      fakeTrial({}),
      fakeTrial({ caseId: "x", cost: { total: null, input: null, output: null, embedding: 0 } }),
    ]).groups;
    expect(g?.cost.total).toBeNull();
    expect(
      renderSummaryTable(
        summarize([fakeTrial({ cost: { total: null, input: null, output: null, embedding: 0 } })]),
      ),
    ).toContain("unpriced");
  });

  it("counts cached trials as saved, not spent", () => {
    const [g] = summarize([fakeTrial({}), fakeTrial({ caseId: "b", cached: true })]).groups;
    expect(g?.cost.total).toBeCloseTo(0.001);
    expect(g?.cost.saved).toBeCloseTo(0.001);
    expect(g?.cached).toBe(1);
  });

  it("groups by suite and strategy", () => {
    const s = summarize([
      fakeTrial({}),
      fakeTrial({ strategy: "baseline", strategyType: "baseline" }),
      fakeTrial({ suite: "other" }),
    ]);
    expect(s.groups.map((g) => `${g.suite}/${g.strategy}`)).toEqual([
      "demo/prompt",
      "demo/baseline",
      "other/prompt",
    ]);
  });
});

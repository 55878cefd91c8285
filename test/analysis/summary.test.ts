import { describe, expect, it } from "vitest";
import { summarize } from "../../src/analysis/index.js";
import { renderSummaryTable } from "../../src/report/index.js";
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
    expect(g?.cost.total).toBeCloseTo(0.004, 12);
    // Over the 4 answered trials: the failed call is no call anyone pays for an answer.
    expect(g?.cost.perCall).toBeCloseTo(0.004 / 4, 12);
    expect(g?.cost.perPassingCall).toBeCloseTo(0.002, 12);
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

  it("keeps the cost per call of a fully cached re-run: nothing spent, all of it saved", () => {
    const fresh = [fakeTrial({ caseId: "a" }), fakeTrial({ caseId: "b", pass: false })];
    const [before] = summarize(fresh).groups;
    const [after] = summarize(fresh.map((t) => ({ ...t, cached: true }))).groups;
    expect(before?.cost).toEqual({
      total: expect.closeTo(0.002, 12),
      perCall: expect.closeTo(0.001, 12),
      perPassingCall: expect.closeTo(0.002, 12),
      saved: 0,
    });
    expect(after?.cost).toEqual({
      total: 0,
      perCall: expect.closeTo(0.001, 12),
      perPassingCall: expect.closeTo(0.002, 12),
      saved: expect.closeTo(0.002, 12),
    });
  });

  it("prices a call over answered trials, cached ones included; unpriced only when an answer is", () => {
    const unpricedCost = { total: null, input: null, output: null, embedding: 0 };
    const error = { kind: "server" as const, retryable: true, message: "500" };
    const [g] = summarize([
      fakeTrial({ caseId: "a" }),
      fakeTrial({ caseId: "b", cached: true, cost: { total: 0.003, input: 0.003, output: 0, embedding: 0 } }),
      fakeTrial({ caseId: "c", verdict: null, output: null, error, cost: unpricedCost }),
    ]).groups;
    expect(g?.cost.total).toBeNull(); // the failed call's cost is unknown: so is the money spent
    expect(g?.cost.perCall).toBeCloseTo(0.002, 12);
    expect(g?.cost.saved).toBeCloseTo(0.003, 12);
    const [h] = summarize([
      fakeTrial({ caseId: "a" }),
      fakeTrial({ caseId: "b", cost: unpricedCost }),
    ]).groups;
    expect(h?.cost.perCall).toBeNull();
    expect(h?.cost.perPassingCall).toBeNull();
  });

  it("repeats do not narrow the Wilson interval: its n is the number of cases", () => {
    const once = Array.from({ length: 10 }, (_, i) => fakeTrial({ caseId: `c${i}`, pass: i < 8 }));
    const thrice = once.flatMap((t) => [0, 1, 2].map((repeat) => ({ ...t, repeat })));
    const [g1] = summarize(once).groups;
    const [g3] = summarize(thrice).groups;
    expect(g1?.pass).toMatchObject({ count: 8, n: 10, cases: 10, rate: 0.8 });
    expect(g3?.pass).toMatchObject({ count: 24, n: 30, cases: 10, rate: 0.8 });
    expect(g3?.pass.low).toBe(g1?.pass.low);
    expect(g3?.pass.high).toBe(g1?.pass.high);
    expect(g3?.format).toMatchObject({ n: 30, cases: 10, low: g1?.format?.low, high: g1?.format?.high });
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

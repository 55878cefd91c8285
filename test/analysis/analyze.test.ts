import { describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.js";
import { renderMarkdown } from "../../src/report/index.js";
import type { TrialRecord } from "../../src/runlog/index.js";
import { holm } from "../../src/stats/index.js";
import { fakeTrial } from "../helpers/trial.js";
import { headerOf, NOW, trialsOf } from "./fixtures.js";

describe("analyzeRun: per suite × strategy", () => {
  it("reports 8 of 10 passing with the Wilson 95% interval [0.490, 0.943]", () => {
    const report = analyzeRun(
      trialsOf("prompt", 10, (i) => i < 8),
      headerOf(["prompt"]),
      { now: NOW },
    );
    const [g] = report.summary.groups;
    expect(g?.pass.rate).toBe(0.8);
    expect(g?.pass.low).toBeCloseTo(0.49, 3);
    expect(g?.pass.high).toBeCloseTo(0.943, 3);
    expect(renderMarkdown(report)).toContain("80% of 10 [49%–94%]");
    expect(report.schema).toBe("tunebench.report/2");
    expect(report.generatedAt).toBe(NOW.toISOString());
  });

  it("lists every case with each strategy's output, in run order", () => {
    const trials = [...trialsOf("prompt", 3, () => true), ...trialsOf("baseline", 3, (i) => i === 0)];
    const report = analyzeRun(trials, headerOf(["baseline", "prompt"]), { now: NOW });
    expect(report.cases).toHaveLength(3);
    expect([...report.cases][1]?.results.map((r) => [r.strategy, r.pass])).toEqual([
      ["baseline", false],
      ["prompt", true],
    ]);
    expect(report.summary.groups.map((g) => g.strategy)).toEqual(["baseline", "prompt"]);
  });

  it("makes the case section as it is read: suite order, then first seen; strategies in run order", () => {
    // Completion order: the other suite's case and a later prompt answer come between.
    const trials = [
      ...trialsOf("prompt", 2, () => true),
      ...trialsOf("prompt", 1, () => true, { suite: "other" }),
      ...trialsOf("baseline", 3, (i) => i === 0),
      ...trialsOf("prompt", 3, () => true).slice(2),
    ];
    const report = analyzeRun(trials, headerOf(["baseline", "prompt"], ["other", "demo"]), { now: NOW });
    const cases = [...report.cases];
    expect(report.cases).toHaveLength(4);
    expect(cases.map((c) => `${c.suite}/${c.caseId}: ${c.results.map((r) => r.strategy).join(",")}`)).toEqual(
      [
        "other/c0: prompt",
        "demo/c0: baseline,prompt",
        "demo/c1: baseline,prompt",
        "demo/c2: baseline,prompt",
      ],
    );
    expect(report.cases.repeated).toBe(false);
    // JSON.stringify writes the list itself; each pass builds its cases anew.
    expect(JSON.parse(JSON.stringify(report)).cases).toEqual(cases);
    expect([...report.cases][1]).toEqual(cases[1]);
    expect([...report.cases][1]).not.toBe(cases[1]);
    // A case's input is the one the log saw first, whichever strategy answered it.
    const merged = [
      ...trialsOf("baseline", 1, () => true, { input: "asked first" }),
      ...trialsOf("prompt", 1, () => true, { input: "asked later" }),
    ];
    const [first] = analyzeRun(merged, headerOf(["prompt", "baseline"]), { now: NOW }).cases;
    expect(first?.input).toBe("asked first");
    expect(first?.results.map((r) => r.strategy)).toEqual(["prompt", "baseline"]);
    const again = analyzeRun([...trials, ...trialsOf("prompt", 1, () => true, { repeat: 1 })], null, {
      now: NOW,
    });
    expect(again.cases.repeated).toBe(true);
    expect(again.cases).toHaveLength(5);
  });
});

describe("analyzeRun: strategies compared pair by pair", () => {
  it("McNemar 10 fixed vs 2 broke gives p = 0.0386: better", () => {
    const b = trialsOf("baseline", 30, (i) => i >= 10 && i < 30);
    const p = trialsOf("prompt", 30, (i) => i < 28);
    // fixed: 0..9 (baseline fails, prompt passes); broke: 28, 29 (baseline passes, prompt fails).
    const report = analyzeRun([...b, ...p], headerOf(["baseline", "prompt"]), { now: NOW });
    expect(report.pairs).toHaveLength(1);
    const [pair] = report.pairs;
    expect(pair).toMatchObject({ candidate: "prompt", reference: "baseline", n: 30, fixed: 10, broke: 2 });
    expect(pair?.p).toBeCloseTo(0.0386, 4);
    // The only other strategy of the suite: a family of one, so Holm leaves p alone.
    expect(pair?.pAdjusted).toBeCloseTo(0.0386, 4);
    expect(pair?.questions).toEqual(["best"]);
    expect(pair?.decision).toBe("better");
    expect(pair?.diff.value).toBeCloseTo(8 / 30);
    expect(pair?.diff.low).toBeLessThan(pair?.diff.value as number);
    expect(report.decisions[0]?.useText).toBe(
      "use prompt: best pass rate (93% of 30 pass at $0.0010/call); better than baseline",
    );
  });

  it("corrects the question 'which is best' within its suite; the other pairs are exploratory", () => {
    const trials = [
      ...trialsOf("baseline", 40, (i) => i >= 20),
      ...trialsOf("prompt", 40, (i) => i >= 8),
      ...trialsOf("retrieval", 40, (i) => i >= 2),
    ];
    const report = analyzeRun(trials, headerOf(["baseline", "prompt", "retrieval"]), { now: NOW });
    expect(report.pairs.map((p) => `${p.candidate} vs ${p.reference}`)).toEqual([
      "retrieval vs prompt",
      "retrieval vs baseline",
      "prompt vs baseline",
    ]);
    // retrieval is best: its two comparisons are one family; prompt vs baseline answers no question.
    const adjusted = holm([report.pairs[0]?.p ?? 1, report.pairs[1]?.p ?? 1]);
    expect(report.pairs.map((p) => p.pAdjusted)).toEqual([...adjusted, null]);
    expect(report.pairs[0]).toMatchObject({ fixed: 6, broke: 0, decision: "better", questions: ["best"] });
    expect(report.pairs[2]).toMatchObject({ questions: [], decision: "better" });
    expect(report.questions.map((q) => [q.kind, q.candidate, q.reference, q.familySize])).toEqual([
      ["best", "retrieval", "prompt", 2],
      ["best", "retrieval", "baseline", 2],
    ]);
  });

  it("one family per suite: another suite's comparisons do not dilute it", () => {
    // Two suites, each: prompt fixes 6 cases the baseline fails (p = 0.031). Holm across both
    // suites would make it 0.0625 and "inconclusive"; each suite asks its own question.
    const trials = ["a", "b"].flatMap((suite) => [
      ...trialsOf("baseline", 10, (i) => i >= 6, { suite }),
      ...trialsOf("prompt", 10, () => true, { suite }),
    ]);
    const report = analyzeRun(trials, headerOf(["baseline", "prompt"], ["a", "b"]), { now: NOW });
    for (const pair of report.pairs) {
      expect(pair).toMatchObject({ fixed: 6, broke: 0, decision: "better" });
      expect(pair.p).toBeCloseTo(0.03125, 6);
      expect(pair.pAdjusted).toBeCloseTo(0.03125, 6);
    }
  });

  it("reads too few discordant cases as inconclusive, never as no difference", () => {
    const trials = [...trialsOf("baseline", 10, (i) => i >= 5), ...trialsOf("prompt", 10, () => true)];
    const [pair] = analyzeRun(trials, headerOf(["baseline", "prompt"]), { now: NOW }).pairs;
    expect(pair).toMatchObject({ fixed: 5, broke: 0, decision: "inconclusive" });
    const same = analyzeRun(
      [...trialsOf("baseline", 10, () => true), ...trialsOf("prompt", 10, () => true)],
      headerOf(["baseline", "prompt"]),
      { now: NOW },
    );
    // Ten cases that never flipped: too few to call the two equivalent within ±5 points.
    expect(same.pairs[0]?.decision).toBe("inconclusive");
    expect(same.decisions[0]?.useText).toContain("not shown better than prompt (0 pp, p=1.00: inconclusive)");
  });

  it("leaves pairs with a call error on either side out", () => {
    const error = { kind: "server" as const, retryable: true, message: "500" };
    const trials = [
      ...trialsOf("baseline", 4, () => false),
      ...trialsOf("prompt", 4, () => true).map((t, i) => (i === 0 ? { ...t, verdict: null, error } : t)),
    ];
    const [pair] = analyzeRun(trials, headerOf(["baseline", "prompt"]), { now: NOW }).pairs;
    expect(pair).toMatchObject({ n: 3, excluded: 1, fixed: 3 });
  });

  it("keeps a case's repeats together as one case before pairing, and keeps suites apart", () => {
    const trials = [
      fakeTrial({ caseId: "a", strategy: "baseline", strategyType: "baseline", repeat: 0, pass: false }),
      fakeTrial({ caseId: "a", strategy: "baseline", strategyType: "baseline", repeat: 1, pass: true }),
      fakeTrial({ caseId: "a", strategy: "prompt", repeat: 0, pass: true }),
      fakeTrial({ caseId: "a", strategy: "prompt", repeat: 1, pass: true }),
      fakeTrial({ suite: "other", caseId: "a", strategy: "prompt", pass: false }),
      fakeTrial({ suite: "other", caseId: "a", strategy: "baseline", strategyType: "baseline", pass: false }),
    ];
    const report = analyzeRun(trials, headerOf(["baseline", "prompt"], ["demo", "other"]), { now: NOW });
    // demo/a: baseline passes 1 of 2 repeats, prompt 2 of 2: one case, prompt did better.
    expect(report.pairs.map((p) => [p.suite, p.n, p.fixed, p.broke])).toEqual([
      ["demo", 1, 1, 0],
      ["other", 1, 0, 0],
    ]);
    expect(report.pairs[0]?.diff.value).toBeCloseTo(0.5, 12);
  });

  it("a case counts by its share of answered repeats; failed calls count neither way", () => {
    const error = { kind: "server" as const, retryable: true, message: "500" };
    const failed = { verdict: null, output: null, error };
    const base = (caseId: string) =>
      fakeTrial({ caseId, strategy: "baseline", strategyType: "baseline", pass: false });
    const prompt = (caseId: string, repeat: number, outcome: boolean | "error") =>
      fakeTrial({
        caseId,
        strategy: "prompt",
        repeat,
        pass: outcome === true,
        ...(outcome === "error" ? failed : {}),
      });
    const trials = [
      ...["two-of-three", "one-of-three", "one-answered", "none", "all-failed"].map(base),
      ...[true, true, false].map((o, r) => prompt("two-of-three", r, o)),
      ...[true, false, false].map((o, r) => prompt("one-of-three", r, o)),
      ...(["error", true, "error"] as const).map((o, r) => prompt("one-answered", r, o)),
      ...(["error", false, false] as const).map((o, r) => prompt("none", r, o)),
      ...(["error", "error", "error"] as const).map((o, r) => prompt("all-failed", r, o)),
    ];
    const [pair] = analyzeRun(trials, headerOf(["baseline", "prompt"]), { now: NOW }).pairs;
    // Shares 2/3, 1/3, 1/1 and 0/2 against 0: three cases better, one the same; all-failed is out.
    expect(pair).toMatchObject({ n: 4, excluded: 1, fixed: 3, broke: 0 });
    expect(pair?.diff.value).toBeCloseTo((2 / 3 + 1 / 3 + 1 + 0) / 4, 12);
  });

  it("repeat 3 with identical outcomes gives exactly the statistics of repeat 1", () => {
    const thrice = (trials: TrialRecord[]) =>
      trials.flatMap((t) => [0, 1, 2].map((repeat) => ({ ...t, repeat })));
    const once = [
      ...trialsOf("baseline", 30, (i) => i >= 10 && i < 30),
      ...trialsOf("prompt", 30, (i) => i < 28),
    ];
    const header = headerOf(["baseline", "prompt"]);
    const r1 = analyzeRun(once, header, { now: NOW });
    const r3 = analyzeRun(thrice(once), header, { now: NOW });
    const sansNoise = <T extends { repeatNoise: unknown }>(xs: T[]) =>
      xs.map(({ repeatNoise: _, ...rest }) => rest);
    expect(sansNoise(r3.pairs)).toEqual(sansNoise(r1.pairs));
    // Three repeats that always agree: nothing is repeat-to-repeat noise.
    expect(r3.pairs[0]?.repeatNoise).toEqual({ k: 3, variance: 0 });
    expect(r1.pairs[0]?.repeatNoise).toBeNull();
    expect(r3.pairs[0]).toMatchObject({ n: 30, fixed: 10, broke: 2, p: expect.closeTo(0.0386, 4) });
    for (const [i, g] of r3.summary.groups.entries()) {
      const g1 = r1.summary.groups[i];
      expect(g.pass.rate).toBe(g1?.pass.rate);
      expect([g.pass.low, g.pass.high]).toEqual([g1?.pass.low, g1?.pass.high]);
    }
    // The same decisions; the rate quotes its trials (90 answers of 30 cases).
    expect(r3.decisions[0]?.useText).toBe(r1.decisions[0]?.useText.replace("of 30", "of 90"));
    expect(r3.decisions[0]?.regressionText).toBe(r1.decisions[0]?.regressionText);

    // Against a baseline run: the same p, drop and decision as with one repeat.
    const before = trialsOf("prompt", 30, (i) => i < 26);
    const after = trialsOf("prompt", 30, (i) => (i >= 10 && i < 26) || i === 26 || i === 27);
    const b1 = analyzeRun(after, headerOf(["prompt"]), {
      now: NOW,
      baseline: { trials: before, runId: "r0", source: "r0" },
    }).baseline?.groups[0];
    const b3 = analyzeRun(thrice(after), headerOf(["prompt"]), {
      now: NOW,
      baseline: { trials: thrice(before), runId: "r0", source: "r0" },
    }).baseline?.groups[0];
    expect(b3).toMatchObject({
      matched: 30,
      pAdjusted: b1?.pAdjusted,
      drop: b1?.drop,
      comparison: { p: b1?.comparison.p, diff: b1?.comparison.diff },
      decision: "worse",
      significantDrop: b1?.significantDrop,
    });
    expect(b1?.comparison.p).toBeCloseTo(0.0386, 4);
  });

  it("shows no cost change when the cost per call differs only by float rounding", () => {
    const priced = (total: number) => ({ total, input: total, output: 0, embedding: 0 });
    const before = trialsOf("prompt", 3, () => true, { cost: priced(0.1) });
    const after = trialsOf("prompt", 10, () => true, { cost: priced(0.1) });
    const g = analyzeRun(after, headerOf(["prompt"]), {
      now: NOW,
      baseline: { trials: before, runId: "r0", source: "r0" },
    }).baseline?.groups[0];
    // 0.3 / 3 and 1.0 / 10 differ in the last bit; that is no change in cost.
    expect(g?.cost.change).toBe(0);
  });
});

describe("analyzeRun: against a baseline run", () => {
  it("lists regressions, fixes, added, removed and format regressions, with McNemar on the matched pairs", () => {
    // 30 matched cases: 10 broke, 2 fixed; c30 only now, c31 only before.
    const beforePass = (i: number) => i < 26; // c0..c25 passed, c26..c29 failed
    const nowPass = (i: number) => (i >= 10 && i < 26) || i === 26 || i === 27; // c0..c9 broke, c26, c27 fixed
    const baseline = [...trialsOf("prompt", 30, beforePass), fakeTrial({ caseId: "c31" })];
    const candidate = [
      ...trialsOf("prompt", 30, nowPass).map((t, i) =>
        i === 12 ? { ...t, verdict: { pass: true, formatOk: false, hallucinated: null } } : t,
      ),
      fakeTrial({ caseId: "c30" }),
    ];
    const report = analyzeRun(candidate, headerOf(["prompt"]), {
      now: NOW,
      baseline: { trials: baseline, runId: "r0", source: "reports/r0" },
    });
    const b = report.baseline;
    expect(b?.baselineRunId).toBe("r0");
    const [g] = b?.groups ?? [];
    expect(g?.regressions.map((c) => c.caseId)).toEqual([
      "c0",
      "c1",
      "c2",
      "c3",
      "c4",
      "c5",
      "c6",
      "c7",
      "c8",
      "c9",
    ]);
    expect(g?.fixes.map((c) => c.caseId)).toEqual(["c26", "c27"]);
    expect(g?.added.map((c) => c.caseId)).toEqual(["c30"]);
    expect(g?.removed.map((c) => c.caseId)).toEqual(["c31"]);
    expect(g?.formatRegressions.map((c) => c.caseId)).toEqual(["c12"]);
    expect(g?.matched).toBe(30);
    expect(g?.comparison.p).toBeCloseTo(0.0386, 4);
    expect(g?.comparison).toMatchObject({ n: 30, fixed: 2, broke: 10 });
    expect(g?.decision).toBe("worse");
    expect(g?.drop).toBeCloseTo(8 / 30);
    expect(g?.significantDrop).toBeCloseTo(8 / 30);
    expect(b?.totals).toEqual({
      regressions: 10,
      fixes: 2,
      added: 1,
      removed: 1,
      formatRegressions: 1,
      excluded: 0,
    });
  });

  it("keeps canary suites apart and shows the cost change", () => {
    const base = trialsOf("prompt", 17, () => true, { suite: "canary", canary: true });
    // 7 of 17 broke (exact p = 0.016): significantly worse, in a family of one strategy.
    const now = trialsOf("prompt", 17, (i) => i >= 7, {
      suite: "canary",
      canary: true,
      cost: { total: 0.002, input: 0, output: 0, embedding: 0 },
    });
    const report = analyzeRun(now, headerOf(["prompt"], ["canary"]), {
      now: NOW,
      baseline: { trials: base, runId: "r0", source: "r0" },
    });
    expect(report.baseline?.groups[0]).toMatchObject({
      canary: true,
      decision: "worse",
      cost: { change: expect.closeTo(0.001, 9) },
    });
    expect(renderMarkdown(report)).toContain("**Worse at tasks it was not tuned for**");
    const oneCase = analyzeRun(now.slice(0, 1), headerOf(["prompt"], ["canary"]), {
      now: NOW,
      baseline: { trials: base.slice(0, 1), runId: "r0", source: "r0" },
    });
    // One broken case is a regression to list, not evidence of being worse.
    expect(oneCase.baseline?.groups[0]?.decision).toBe("inconclusive");
    expect(renderMarkdown(oneCase)).toContain(
      "Not significantly worse at tasks it was not tuned for; 1 case broke",
    );
  });
});

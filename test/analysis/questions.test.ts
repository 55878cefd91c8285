import { describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.js";
import { renderConsoleReport, renderHtml, renderJunit, renderMarkdown } from "../../src/report/index.js";
import { detectableDrop, holm, mcnemarPower } from "../../src/stats/index.js";
import { NOW } from "./fixtures.js";
import { suite, tunedRun } from "./questions.fixtures.js";

const { trials, header } = tunedRun();
const report = analyzeRun(trials, header, {
  now: NOW,
  training: { model: "ft:sim-base:acme::t1", cost: 0.024, source: "trained-tokens" },
});
const question = (suiteName: string, kind: string) =>
  report.questions.filter((q) => q.suite === suiteName && q.kind === kind);

describe("the primary questions, each family corrected on its own", () => {
  it("the canary scenario (0 fixed, 7 broke of 17, exact p = 0.016) reads worse", () => {
    const [forgot] = question("canary-general", "forgetting");
    expect(forgot).toMatchObject({
      candidate: "tuned",
      reference: "baseline",
      label: "tuned vs baseline, the untuned sim-base",
      n: 17,
      fixed: 0,
      broke: 7,
      familySize: 1,
      decision: "worse",
    });
    expect(forgot?.p).toBeCloseTo(0.015625, 10);
    expect(forgot?.pAdjusted).toBeCloseTo(0.015625, 10);
    // Holm across all 36 pairs of the run, as before, would have buried it.
    expect(report.pairs).toHaveLength(36);
    const i = report.pairs.findIndex(
      (p) => p.suite === "canary-general" && p.candidate === "tuned" && p.reference === "baseline",
    );
    expect(holm(report.pairs.map((p) => p.p))[i]).toBeGreaterThan(0.05);
    // The pair reads the same everywhere it appears.
    expect(report.pairs[i]?.decision).toBe("worse");
    expect(report.decisions[0]?.regressionText).toBe(
      "tuned got worse at tasks it was not tuned for: worse than baseline, the untuned sim-base (0 fixed, 7 broke of 17, −41 pp [−64 pp, −14 pp], p=0.016)",
    );
    expect(report.decisions[0]?.regressed).toBe(true);
  });

  it("asks per suite: which is best (the top against each other), tuned against the best untuned strategy", () => {
    const best = question("ticket-triage", "best");
    // prompt vs tuned is also "tuned vs the best untuned strategy": the more specific question
    // decides it, in its own family of one, so it reads the same in both places.
    expect(best.map((q) => [q.candidate, q.reference, q.decidedBy, q.familySize])).toEqual([
      ["prompt", "tuned", "tuned", 1],
      ["prompt", "baseline", "best", 3],
      ["prompt", "retrieval", "best", 3],
    ]);
    expect(holm(best.map((q) => q.p)).slice(1)).toEqual(best.slice(1).map((q) => q.pAdjusted));
    expect(best[0]?.pAdjusted).toBe(best[0]?.p);
    expect(question("ticket-triage", "tuned").map((q) => q.label)).toEqual([
      "tuned vs prompt, the best untuned strategy",
    ]);
    // Forgetting is asked on canary suites only.
    expect(question("ticket-triage", "forgetting")).toEqual([]);
    // retrieval vs baseline answers no question: exploratory, decided on its own p.
    const pair = report.pairs.find(
      (p) => p.suite === "ticket-triage" && p.candidate === "retrieval" && p.reference === "baseline",
    );
    expect(pair).toMatchObject({ questions: [], pAdjusted: null });
  });

  it("one vocabulary: the zh-support-style pair (0 fixed, 4 broke, −24 points) reads inconclusive everywhere", () => {
    const [q] = question("zh-support-style", "tuned");
    expect(q).toMatchObject({ fixed: 0, broke: 4, n: 17, decision: "inconclusive" });
    const pair = report.pairs.find(
      (p) => p.suite === "zh-support-style" && p.candidate === "tuned" && p.reference === "prompt",
    );
    expect(pair?.decision).toBe("inconclusive");
    const row = report.breakEven.rows.find(
      (r) => r.suite === "zh-support-style" && r.alternative === "prompt",
    );
    expect(row?.quality).toBe("inconclusive");
    const words = /indistinguishable|no-change|no change/i;
    for (const text of [
      renderConsoleReport(report),
      renderMarkdown(report),
      renderHtml(report),
      renderJunit(report),
      JSON.stringify(report),
    ])
      expect(text).not.toMatch(words);
  });

  it("states the smallest drop each question could detect: 80% power at the observed discordance", () => {
    const [forgot] = question("canary-general", "forgetting");
    const psi = 7 / 17;
    expect(forgot?.power).toMatchObject({ discordance: psi, assumed: false });
    expect(forgot?.power.detectableDrop).toBeCloseTo(detectableDrop(17, psi), 12);
    expect(mcnemarPower(17, forgot?.power.detectableDrop as number, psi)).toBeCloseTo(0.8, 3);
    // No case flipped: the assumed discordance, said so.
    const [same] = question("canary-general", "best");
    expect(same).toMatchObject({ candidate: "baseline", reference: "retrieval", fixed: 0, broke: 0 });
    expect(same?.power).toMatchObject({ discordance: 0.1, assumed: true, detectableDrop: null });
    expect(renderConsoleReport(report, ["questions"])).toContain(
      "too few cases to detect any drop at 10% of cases flipping (assumed: none flipped)",
    );
  });

  it("puts the decisions first: which strategy to use, whether tuning pays off, what regressed", () => {
    const triage = report.decisions.find((d) => d.suite === "ticket-triage");
    expect(triage?.use).toBe("prompt");
    expect(triage?.useText).toMatch(
      /^use prompt: best pass rate \(95% of 19 pass at \$0\.000060\/call\); better than baseline, retrieval; not shown better than tuned/,
    );
    expect(triage?.tuningText).toMatch(
      /^fine-tuning would pay off after 800 calls \(0\.8 days at 1,000 calls\/day\) against prompt, but its quality is not settled \(1 fixed, 4 broke of 19, .*\): add about \d+ cases/,
    );
    expect(triage?.regressionText).toBe(
      "regressions: not checked (no baseline run: run with --baseline latest)",
    );
    const policy = report.decisions.find((d) => d.suite === "policy-handbook");
    expect(policy?.tuningText).toMatch(
      /^fine-tuning does not pay off: tuned is worse than retrieval \(1 fixed, 23 broke of 25/,
    );
    const text = renderConsoleReport(report);
    expect(text.indexOf("Decisions:")).toBeLessThan(text.indexOf("┌"));
  });

  it("a tuned model is measured for forgetting against the baseline strategy on its own base model", () => {
    const base = suite(
      "c",
      20,
      { baseline: () => true, prompt: () => true, retrieval: () => true, tuned: (i) => i > 0 },
      { canary: true },
    );
    // A second baseline-type strategy on another model comes first in the run; the base model wins.
    const other = base
      .filter((t) => t.strategy === "baseline")
      .map((t) => ({ ...t, strategy: "baseline-4o", model: "gpt-4o" }));
    const r = analyzeRun([...other, ...base], null, { now: NOW });
    const [forgot] = r.questions.filter((q) => q.kind === "forgetting");
    expect(forgot?.label).toBe("tuned vs baseline, the untuned sim-base");
  });
});

// Statistics for graded scores and rater agreement, checked against values computed by hand.
import { describe, expect, it } from "vitest";
import {
  cohensKappa,
  pairedBootstrap,
  pairedBootstrapMean,
  wilcoxonSignedRank,
} from "../../src/stats/index.js";

describe("cohensKappa", () => {
  it("the textbook 2×2 table (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no) → κ 0.4", () => {
    // Observed 35/50 = 0.7; chance 0.5·0.6 + 0.5·0.4 = 0.5; κ = (0.7 − 0.5) / (1 − 0.5) = 0.4.
    const a = [...Array(25).fill(true), ...Array(25).fill(false)];
    const b = [
      ...Array(20).fill(true),
      ...Array(5).fill(false),
      ...Array(10).fill(true),
      ...Array(15).fill(false),
    ];
    const k = cohensKappa(a, b);
    expect(k.n).toBe(50);
    expect(k.observed).toBeCloseTo(0.7, 12);
    expect(k.expected).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
  });

  it("10 labelled answers, 8 agreeing, 6 passes each → κ 0.5833 (below 0.6)", () => {
    // Chance 0.6·0.6 + 0.4·0.4 = 0.52; κ = (0.8 − 0.52) / 0.48 = 0.58333…
    const human = [..."PPFFPFPFPP"].map((c) => c === "P");
    const judge = [..."PFFFPPPFPP"].map((c) => c === "P");
    expect(cohensKappa(human, judge).kappa).toBeCloseTo(0.28 / 0.48, 12);
  });

  it("is 1 for perfect agreement, negative below chance, undefined (null) when both use one category", () => {
    expect(cohensKappa([true, false, true], [true, false, true]).kappa).toBe(1);
    expect(cohensKappa([true, false], [false, true]).kappa).toBe(-1);
    expect(cohensKappa([true, true], [true, true]).kappa).toBeNull();
    expect(cohensKappa([], []).kappa).toBeNull();
  });
});

describe("wilcoxonSignedRank", () => {
  it("5 positive differences: W+ = 15, exact two-sided p = 2/32", () => {
    const r = wilcoxonSignedRank([0, 0, 0, 0, 0], [1, 2, 3, 4, 5]);
    expect(r).toEqual({ n: 5, wPlus: 15, p: 2 / 32, method: "exact" });
  });

  it("+1 −2 +3 +4 +5 +6: W+ = 19; P(W− ≤ 2) = 3/64 ({}, {1}, {2}) → p = 6/64", () => {
    const r = wilcoxonSignedRank([0, 2, 0, 0, 0, 0], [1, 0, 3, 4, 5, 6]);
    expect(r.wPlus).toBe(19);
    expect(r.p).toBeCloseTo(6 / 64, 12);
  });

  it("tied magnitudes share their mean rank, zero differences drop out", () => {
    // |d| = 1, 1, 2, 3 → ranks 1.5, 1.5, 3, 4; W+ = 8.5 reached by 3 of the 16 sign patterns.
    const r = wilcoxonSignedRank([0, 1, 0, 0, 5], [1, 0, 2, 3, 5]);
    expect(r.n).toBe(4);
    expect(r.wPlus).toBe(8.5);
    expect(r.p).toBeCloseTo(6 / 16, 12);
    expect(wilcoxonSignedRank([1, 2], [1, 2])).toMatchObject({ n: 0, p: 1 });
  });

  it("beyond 200 differences: the continuity-corrected normal approximation", () => {
    // |d| = 1..201, the 71 largest positive: W+ = 20301 − 130·131/2 = 11786; mean 10150.5,
    // sd = √(201·202·403/24) = 825.697; z = (11786 − 10150.5 − 0.5)/825.697 = 1.98015 → p ≈ 0.04769.
    const d = Array.from({ length: 201 }, (_, i) => (i + 1 > 130 ? i + 1 : -(i + 1)));
    const r = wilcoxonSignedRank(
      d.map(() => 0),
      d,
    );
    expect(r.method).toBe("normal");
    expect(r.wPlus).toBe(11786);
    expect(r.p).toBeCloseTo(0.04769, 4);
  });
});

describe("pairedBootstrapMean", () => {
  it("is pairedBootstrap on 0/1, and the mean difference of graded scores", () => {
    const a = [true, false, true, true, false, false, true, false];
    const b = [true, true, true, false, true, true, true, false];
    const numbers = (xs: boolean[]) => xs.map((x) => (x ? 1 : 0));
    expect(pairedBootstrapMean(numbers(a), numbers(b), { seed: 7 })).toEqual(
      pairedBootstrap(a, b, { seed: 7 }),
    );
    const graded = pairedBootstrapMean([0.2, 0.4, 0.5], [0.6, 0.4, 0.8], { seed: 1 });
    expect(graded.diff).toBeCloseTo(0.7 / 3, 12);
    expect(graded.low).toBeGreaterThanOrEqual(0);
    expect(graded.high).toBeLessThanOrEqual(0.4 + 1e-12);
  });
});

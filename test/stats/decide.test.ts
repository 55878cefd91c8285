import { describe, expect, it } from "vitest";
import { decide, nonInferiority } from "../../src/stats/decide.js";
import { mcnemarExact, mulberry32, wilsonInterval } from "../../src/stats/index.js";
import { normalCdf, normalQuantile } from "../../src/stats/normal.js";
import { moverDifference, pairedDiffInterval, pairedTable } from "../../src/stats/paired-interval.js";
import { casesForNonInferiority, casesNeeded, detectableDrop, mcnemarPower } from "../../src/stats/power.js";
import { flipRate, repeatStats } from "../../src/stats/repeats.js";

describe("the normal distribution", () => {
  // Expected values: scipy.stats.norm.ppf / norm.cdf (SciPy 1.17).
  it.each([
    [0.975, 1.959963984540054],
    [0.95, 1.6448536269514722],
    [0.8, 0.8416212335729143],
    [0.5, 0],
    [0.001, -3.090232306167813],
  ])("quantile(%s) = %s", (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });
  it("cdf(1.96) = 0.9750021 and the quantile inverts the cdf", () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 6);
    for (const p of [0.01, 0.2, 0.5, 0.9, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });
});

describe("the interval of a paired difference", () => {
  it("with φ = 0 is Newcombe's method 10 for independent rates: 56/70 − 48/80 = 0.2 (0.0524 to 0.3339)", () => {
    // The worked example of Newcombe (1998), Statistics in Medicine 17:873–890.
    const r = moverDifference(wilsonInterval(48, 80), wilsonInterval(56, 70));
    expect(r.diff).toBeCloseTo(0.2, 10);
    expect(r.low).toBeCloseTo(0.0524, 4);
    expect(r.high).toBeCloseTo(0.3339, 4);
  });

  it("covers the true paired difference about 95 % of the time (seeded simulation)", () => {
    const random = mulberry32(7);
    const cases = 40;
    // True cell probabilities: both pass .6, only A .12, only B .04, neither .24 → B − A = −0.08.
    let covered = 0;
    const reps = 3000;
    for (let r = 0; r < reps; r++) {
      const table = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
      for (let i = 0; i < cases; i++) {
        const u = random();
        if (u < 0.6) table.both++;
        else if (u < 0.72) table.onlyA++;
        else if (u < 0.76) table.onlyB++;
        else table.neither++;
      }
      const ci = pairedDiffInterval(table);
      if (ci.low <= -0.08 && -0.08 <= ci.high) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.93);
    expect(covered / reps).toBeLessThan(0.975);
  });

  it("stays inside [−1, 1] at the extremes and is wide with little data", () => {
    const all = pairedDiffInterval({ both: 0, onlyA: 5, onlyB: 0, neither: 0 });
    expect(all.diff).toBe(-1);
    expect(all.low).toBe(-1);
    expect(all.high).toBeLessThan(0);
    expect(pairedDiffInterval({ both: 0, onlyA: 0, onlyB: 0, neither: 0 })).toEqual({
      diff: 0,
      low: -1,
      high: 1,
    });
    expect(pairedTable([true, true, false, false], [true, false, true, false])).toEqual({
      both: 1,
      onlyA: 1,
      onlyB: 1,
      neither: 1,
    });
  });
});

describe("decisions", () => {
  const decision = (table: Parameters<typeof pairedDiffInterval>[0], margin = 0.05) =>
    decide(pairedDiffInterval(table, 0.95), pairedDiffInterval(table, 0.9), margin);

  it("a canary suite with 0 fixed and 7 broken of 17 reads worse", () => {
    expect(decision({ both: 10, onlyA: 7, onlyB: 0, neither: 0 })).toBe("worse");
    expect(mcnemarExact(0, 7)).toBeCloseTo(0.015625, 10);
  });

  it("2,000 cases and no drop read equivalent, and pass a 5-point non-inferiority gate", () => {
    const table = { both: 1500, onlyA: 40, onlyB: 40, neither: 420 };
    expect(decision(table)).toBe("equivalent");
    expect(nonInferiority(pairedDiffInterval(table, 0.9), 0.05)).toBe("pass");
  });

  it("5 cases with a real 5-point drop read inconclusive: the gate cannot pass or fail", () => {
    const table = { both: 4, onlyA: 0, onlyB: 0, neither: 1 };
    expect(decision(table)).toBe("inconclusive");
    expect(nonInferiority(pairedDiffInterval(table, 0.9), 0.05)).toBe("inconclusive");
  });

  it("a drop significantly larger than the margin fails the gate", () => {
    const table = { both: 200, onlyA: 60, onlyB: 5, neither: 35 };
    expect(nonInferiority(pairedDiffInterval(table, 0.9), 0.05)).toBe("fail");
  });
});

describe("power and planning", () => {
  // Expected counts: the closed form evaluated independently with scipy.stats.norm.ppf.
  it.each([
    [0.05, 0.1, 312],
    [0.05, 0.2, 626],
    [0.1, 0.3, 234],
    [0.2, 0.4, 77],
  ])("a drop of %s at discordance %s needs %s cases", (drop, psi, n) => {
    expect(casesNeeded(drop, psi)).toBe(n);
  });

  it("the non-inferiority plan: 248 cases for a 5-point margin at ψ = 0.1 and no true drop", () => {
    expect(casesForNonInferiority(0, 0.05, 0.1)).toBe(248);
    expect(casesForNonInferiority(0.01, 0.05, 0.2)).toBe(773);
  });

  it("the planned n reaches about 80 % power with the exact McNemar test (seeded simulation)", () => {
    const n = casesNeeded(0.1, 0.3); // p10 = 0.2, p01 = 0.1
    const random = mulberry32(11);
    let detected = 0;
    const reps = 1500;
    for (let r = 0; r < reps; r++) {
      let broke = 0;
      let fixed = 0;
      for (let i = 0; i < n; i++) {
        const u = random();
        if (u < 0.2) broke++;
        else if (u < 0.3) fixed++;
      }
      if (mcnemarExact(fixed, broke) < 0.05) detected++;
    }
    expect(detected / reps).toBeGreaterThan(0.74);
    expect(detected / reps).toBeLessThan(0.86);
  });

  it("the detectable drop inverts the plan", () => {
    const drop = detectableDrop(234, 0.3);
    expect(drop).toBeCloseTo(0.1, 2);
    expect(mcnemarPower(234, drop, 0.3)).toBeCloseTo(0.8, 3);
    expect(detectableDrop(5, 0.2)).toBe(0.2);
  });
});

describe("repeats", () => {
  it("pass@k, pass^k and flip rates, by hand", () => {
    const cases = [
      { passed: 3, answered: 3 },
      { passed: 1, answered: 3 },
      { passed: 0, answered: 3 },
      { passed: 2, answered: 3 },
      { passed: 0, answered: 0 },
    ];
    expect(flipRate({ passed: 1, answered: 3 })).toBeCloseTo(1 / 3, 12);
    expect(repeatStats(cases)).toEqual({
      k: 3,
      cases: 4,
      passAtK: 3 / 4,
      passAllK: 1 / 4,
      meanFlipRate: (0 + 1 / 3 + 0 + 1 / 3) / 4,
      flaky: 2,
    });
  });
});

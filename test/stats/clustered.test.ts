import { describe, expect, it } from "vitest";
import {
  type CasePair,
  clusteredDiffInterval,
  effectiveN,
  mcnemarExact,
  mulberry32,
  pairedCaseTest,
  pairedDiffInterval,
  pairedTable,
  signFlipTest,
  wilsonAt,
} from "../../src/stats/index.js";

/** One repeat per case: each side's 0/1 outcome as a cluster of one. */
const single = (a: boolean[], b: boolean[]): CasePair[] =>
  a.map((x, i) => ({
    a: { passed: x ? 1 : 0, answered: 1 },
    b: { passed: b[i] ? 1 : 0, answered: 1 },
  }));

describe("Newcombe's continuity-corrected φ", () => {
  it("matches Altman et al. (2000) table 6.2: 19/41 vs 14/41 paired, 95% CI 0.0115 to 0.2265", () => {
    // Statistics with Confidence p. 52, the worked example biostatUZH's confIntPairedProportion
    // reproduces (φ corrected: AD − BC reduced by n/2): [[14, 5], [0, 22]].
    const r = pairedDiffInterval({ both: 14, onlyA: 5, onlyB: 0, neither: 22 });
    expect(r.diff).toBeCloseTo(-5 / 41, 12);
    expect(-r.high).toBeCloseTo(0.011483, 5);
    expect(-r.low).toBeCloseTo(0.226493, 5);
  });

  it("never gives ten cases that did not flip a zero-width interval (uncorrected φ = 1 would)", () => {
    const r = pairedDiffInterval({ both: 5, onlyA: 0, onlyB: 0, neither: 5 }, 0.9);
    expect(r.high).toBeGreaterThan(0.1);
    expect(r.low).toBeLessThan(-0.1);
  });
});

describe("case-level (clustered) statistics", () => {
  it("with one repeat are Newcombe's interval and McNemar's exact test", () => {
    const random = mulberry32(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 60);
      const a = Array.from({ length: n }, () => random() < 0.7);
      const b = Array.from({ length: n }, () => random() < 0.6);
      for (const confidence of [0.9, 0.95]) {
        const want = pairedDiffInterval(pairedTable(a, b), confidence);
        const got = clusteredDiffInterval(single(a, b), confidence);
        expect(got.diff).toBeCloseTo(want.diff, 12);
        expect(got.low).toBeCloseTo(want.low, 12);
        expect(got.high).toBeCloseTo(want.high, 12);
      }
      const t = pairedTable(a, b);
      expect(pairedCaseTest(single(a, b))).toBeCloseTo(mcnemarExact(t.onlyB, t.onlyA), 12);
    }
  });

  it("the sign-flip test by hand: differences +1, +½, +½, −½ give p = 8/16", () => {
    // Σ ±2 ±1 ±1 ±1 (in halves): 8 of the 16 sign patterns reach |S| ≥ 3, the observed sum.
    expect(signFlipTest([1, 0.5, 0.5, -0.5], 2)).toBeCloseTo(0.5, 12);
    const pairs: CasePair[] = [
      { a: { passed: 0, answered: 2 }, b: { passed: 2, answered: 2 } },
      { a: { passed: 1, answered: 2 }, b: { passed: 2, answered: 2 } },
      { a: { passed: 0, answered: 2 }, b: { passed: 1, answered: 2 } },
      { a: { passed: 2, answered: 2 }, b: { passed: 1, answered: 2 } },
    ];
    expect(pairedCaseTest(pairs)).toBeCloseTo(0.5, 12);
  });

  it("the exact sign-flip distribution agrees with enumerating every sign pattern", () => {
    const random = mulberry32(9);
    for (let trial = 0; trial < 50; trial++) {
      const m = 1 + Math.floor(random() * 10);
      const d = Array.from({ length: m }, () => (Math.floor(random() * 7) - 3) / 3);
      const observed = Math.abs(d.reduce((s, x) => s + x, 0));
      let extreme = 0;
      for (let mask = 0; mask < 2 ** m; mask++) {
        const s = d.reduce((sum, x, i) => sum + (mask & (1 << i) ? x : -x), 0);
        if (Math.abs(s) >= observed - 1e-9) extreme++;
      }
      expect(signFlipTest(d, 3)).toBeCloseTo(extreme / 2 ** m, 10);
    }
  });

  it("the effective n lies between the cases and the answers, and is the case count with one repeat", () => {
    // Shares 1, ⅓, 0, ⅔: rate ½, spread 0.1389, so n_eff = 0.25·4 / 0.1389 = 7.2 → 7 of 4..12.
    expect(effectiveN([1, 1 / 3, 0, 2 / 3], 12)).toBe(7);
    expect(effectiveN([1, 0, 1, 1, 0], 5)).toBe(5);
    // Repeats that never agree with the case mean's spread: every case at ½ counts all answers.
    expect(effectiveN([0.5, 0.5, 0.5], 6)).toBe(6);
    // At 0 or 100 % the data cannot tell how repeats cluster: the cases count.
    expect(effectiveN([1, 1, 1], 9)).toBe(3);
    const w = wilsonAt(0.5, 7);
    // Wilson at n = 7, z = 1.96 (by hand: centre ½, half-width 0.29763).
    expect(w.low).toBeCloseTo(0.20237, 4);
    expect(w.high).toBeCloseTo(0.79763, 4);
  });

  it("repeats narrow the interval only when the cases are flaky", () => {
    // 42 cases; the reference always passes. Flaky: the candidate passes each case 2 times in 3.
    // Steady: it always fails a third of the cases and always passes the rest.
    const width = (pairs: CasePair[]) => {
      const r = clusteredDiffInterval(pairs);
      return r.high - r.low;
    };
    const cases = (k: number, passed: (i: number) => number): CasePair[] =>
      Array.from({ length: 42 }, (_, i) => ({
        a: { passed: k, answered: k },
        b: { passed: passed(i), answered: k },
      }));
    const once = cases(1, (i) => (i % 3 === 2 ? 0 : 1));
    const flaky = cases(3, () => 2);
    const steady = cases(3, (i) => (i % 3 === 2 ? 0 : 3));
    expect(clusteredDiffInterval(flaky).diff).toBeCloseTo(-1 / 3, 12);
    expect(width(flaky)).toBeLessThan(width(once) * 0.75);
    expect(width(steady)).toBeCloseTo(width(once), 12);
  });
});

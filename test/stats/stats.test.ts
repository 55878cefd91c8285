import { describe, expect, it } from "vitest";
import {
  holm,
  mcnemarExact,
  median,
  mulberry32,
  pairedBootstrap,
  percentile,
  wilsonInterval,
} from "../../src/stats/index.js";

const bools = (pattern: string) => [...pattern].map((c) => c === "1");

describe("wilsonInterval", () => {
  it("8/10 → [0.490, 0.943]", () => {
    const w = wilsonInterval(8, 10);
    expect(w.rate).toBe(0.8);
    expect(w.low.toFixed(3)).toBe("0.490");
    expect(w.high.toFixed(3)).toBe("0.943");
  });

  it("edge cases", () => {
    const zero = wilsonInterval(0, 10);
    expect(zero.low).toBe(0);
    expect(zero.high.toFixed(3)).toBe("0.278");
    const all = wilsonInterval(10, 10);
    expect(all.high).toBe(1);
    expect(all.low.toFixed(3)).toBe("0.722");
    expect(wilsonInterval(0, 0)).toEqual({ rate: 0, low: 0, high: 1 });
  });

  it("rejects impossible counts", () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
  });
});

describe("mcnemarExact", () => {
  it("10 vs 2 → 0.0386", () => {
    expect(mcnemarExact(10, 2)).toBeCloseTo(0.0386, 3);
    expect(Math.abs(mcnemarExact(10, 2) - 158 / 4096)).toBeLessThan(1e-12);
  });

  it("is symmetric", () => {
    expect(mcnemarExact(2, 10)).toBe(mcnemarExact(10, 2));
    expect(mcnemarExact(7, 31)).toBe(mcnemarExact(31, 7));
  });

  it("known small values and ties", () => {
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(6, 0)).toBeCloseTo(2 / 64, 12);
    expect(mcnemarExact(5, 0)).toBeCloseTo(2 / 32, 12);
  });

  it("large counts are finite, fast and sensible", () => {
    const start = performance.now();
    const p = mcnemarExact(50_500, 49_500);
    expect(performance.now() - start).toBeLessThan(200);
    expect(Number.isFinite(p)).toBe(true);
    // Normal approximation: z = 1000 / sqrt(100000) ≈ 3.16, two-sided p ≈ 0.0016.
    expect(p).toBeGreaterThan(0.001);
    expect(p).toBeLessThan(0.003);
    expect(mcnemarExact(100_000, 0)).toBe(0);
    expect(mcnemarExact(50_000, 50_000)).toBe(1);
  });
});

describe("holm", () => {
  it("matches a hand-computed example", () => {
    // sorted: 0.005×4 = 0.02, 0.01×3 = 0.03, 0.03×2 = 0.06, 0.04×1 = 0.04 → monotone 0.06
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    for (const [i, p] of adjusted.entries()) expect(p).toBeCloseTo(expected[i] ?? Number.NaN, 12);
  });

  it("caps at 1 and handles empty input", () => {
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
    expect(holm([])).toEqual([]);
    expect(holm([0.02])).toEqual([0.02]);
  });
});

describe("pairedBootstrap", () => {
  const a = bools("1100110011001100110011001100110000000000");
  const b = bools("1111110011111100111111001111110011001100");

  it("is deterministic for a seed", () => {
    expect(pairedBootstrap(a, b, { seed: 7 })).toEqual(pairedBootstrap(a, b, { seed: 7 }));
    // Quantiles of a 40-case resample are coarse, so look across seeds for the seed mattering at all.
    const lows = new Set(
      [1, 2, 3, 4, 5, 6].map((seed) => pairedBootstrap(a, b, { seed, iterations: 50 }).low),
    );
    expect(lows.size).toBeGreaterThan(1);
  });

  it("reports b − a and an interval around it", () => {
    const r = pairedBootstrap(a, b);
    const observed = b.filter(Boolean).length / b.length - a.filter(Boolean).length / a.length;
    expect(r.diff).toBeCloseTo(observed, 12);
    expect(r.low).toBeLessThanOrEqual(r.diff);
    expect(r.high).toBeGreaterThanOrEqual(r.diff);
    expect(r.low).toBeGreaterThan(0);
  });

  it("no discordant pairs gives a zero-width interval; empty input is NaN-free", () => {
    expect(pairedBootstrap(a, a)).toEqual({ diff: 0, low: 0, high: 0 });
    expect(pairedBootstrap([], [])).toEqual({ diff: 0, low: 0, high: 0 });
  });

  it("rejects unpaired input", () => {
    expect(() => pairedBootstrap([true], [])).toThrow(RangeError);
  });
});

describe("percentile and median", () => {
  it("interpolates linearly", () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48, 12);
    expect(percentile([10, 20, 30, 40, 50], 0)).toBe(10);
    expect(percentile([10, 20, 30, 40, 50], 100)).toBe(50);
    expect(percentile([7], 95)).toBe(7);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it("sorts numerically and leaves the input alone", () => {
    const values = [100, 9, 20];
    expect(median(values)).toBe(20);
    expect(values).toEqual([100, 9, 20]);
  });
});

describe("mulberry32", () => {
  it("is reproducible and in [0, 1)", () => {
    const r1 = mulberry32(42);
    const r2 = mulberry32(42);
    for (let i = 0; i < 100; i++) {
      const x = r1();
      expect(x).toBe(r2());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

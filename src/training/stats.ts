import { percentile } from "../stats/index.js";

/** The cookbook's summary of a per-example quantity: min/max, mean/median, p5/p95. */
export interface Distribution {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p5: number;
  p95: number;
}

/** null for no values: an empty file has no distribution, not one of zeros. */
export function distribution(values: readonly number[]): Distribution | null {
  if (values.length === 0) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return {
    count: values.length,
    min,
    max,
    mean: sum / values.length,
    median: percentile(values, 50),
    p5: percentile(values, 5),
    p95: percentile(values, 95),
  };
}

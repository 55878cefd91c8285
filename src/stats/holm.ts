/**
 * Holm step-down adjustment for several comparisons at once (e.g. every strategy against the
 * baseline): controls the family-wise error rate without assuming independence, and is uniformly
 * more powerful than Bonferroni. Returned in the input order, monotone in the sorted order, ≤ 1.
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

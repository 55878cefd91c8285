// Agreement of two raters on the same items beyond what chance would give: Cohen's kappa, the
// measure used to say how far a model judge can stand in for a person.

export interface Agreement {
  /** Items both rated. */
  n: number;
  /** Share of items rated alike. */
  observed: number;
  /** Share the raters would agree on by chance, from each one's category frequencies. */
  expected: number;
  /**
   * (observed − expected) / (1 − expected); 1 is perfect, 0 chance level, below 0 worse than
   * chance. null when it is undefined: no items, or both raters used one and the same category.
   */
  kappa: number | null;
}

/** Cohen's kappa of two raters' categorical ratings of the same items (a[i] and b[i] rate item i). */
export function cohensKappa<T>(a: readonly T[], b: readonly T[]): Agreement {
  if (a.length !== b.length)
    throw new RangeError(`paired ratings must have equal length (got ${a.length} and ${b.length})`);
  const n = a.length;
  if (n === 0) return { n, observed: 0, expected: 0, kappa: null };
  const countA = new Map<T, number>();
  const countB = new Map<T, number>();
  let same = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] as T;
    const y = b[i] as T;
    if (x === y) same++;
    countA.set(x, (countA.get(x) ?? 0) + 1);
    countB.set(y, (countB.get(y) ?? 0) + 1);
  }
  let expected = 0;
  for (const [category, count] of countA) expected += (count / n) * ((countB.get(category) ?? 0) / n);
  const observed = same / n;
  const kappa = expected >= 1 - 1e-12 ? null : (observed - expected) / (1 - expected);
  return { n, observed, expected, kappa };
}

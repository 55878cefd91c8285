// Argument checks shared by the statistics: a bad count is a bug upstream, never a silent NaN.

export function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

export function assertPaired(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) {
    throw new RangeError(`paired samples must have equal length (got ${a.length} and ${b.length})`);
  }
}

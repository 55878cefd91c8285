// Reports list suites and strategies in run order; trials arrive in completion order.

/** Position of `name` in `order`; a name not listed sorts after every listed one. */
export function rankIn(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

/** A comparator by position in `order`, unlisted names last and among themselves alphabetical. */
export function byOrder(order: readonly string[]): (a: string, b: string) => number {
  return (a, b) => rankIn(order, a) - rankIn(order, b) || a.localeCompare(b);
}

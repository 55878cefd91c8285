import type { EvalCost } from "../runlog/index.js";

// Evaluation costs add up like trial costs: an unpriced part makes the total unknown (null), never $0.
const plus = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

export const noEvalCost = (): EvalCost => ({ calls: 0, cached: 0, total: 0, spent: 0 });

/** Adds `cost` into `into` (in place) and returns it. */
export function addCost(into: EvalCost, cost: EvalCost | undefined): EvalCost {
  if (!cost) return into;
  into.calls += cost.calls;
  into.cached += cost.cached;
  into.total = plus(into.total, cost.total);
  into.spent = plus(into.spent, cost.spent);
  return into;
}

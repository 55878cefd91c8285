import Table from "cli-table3";
import { dollars, formatCount, SIMULATED_BANNER } from "../analysis/index.js";
import type { RunEstimate } from "../run/index.js";

/** `run --dry-run`: trials, tokens and dollars per suite × strategy, and the totals. */
export function renderEstimate(estimate: RunEstimate, maxCost?: number): string {
  const table = new Table({
    head: ["suite", "strategy", "model", "trials", "prompt tok", "output tok (est.)", "cost (est.)"],
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  let trials = 0;
  let prompt = 0;
  let output = 0;
  let cost: number | null = 0;
  let maxCall = 0;
  const skipped = new Map<string, string>();
  for (const r of estimate.rows) {
    if (r.unavailable) {
      skipped.set(r.strategy, r.unavailable);
      continue;
    }
    table.push([
      r.suite,
      r.strategy,
      r.model ?? "–",
      formatCount(r.trials),
      formatCount(r.promptTokens),
      formatCount(r.outputTokens),
      dollars(r.cost),
    ]);
    trials += r.trials;
    prompt += r.promptTokens;
    output += r.outputTokens;
    cost = cost === null || r.cost === null ? null : cost + r.cost;
    maxCall = Math.max(maxCall, r.maxCall ?? 0);
  }
  table.push(["total", "", "", formatCount(trials), formatCount(prompt), formatCount(output), dollars(cost)]);
  const lines = [
    ...(estimate.simulated ? [SIMULATED_BANNER] : []),
    "dry run: nothing was called.",
    table.toString(),
    ...[...skipped].map(([name, why]) => `skipped ${name}: ${why}`),
    "Prompt tokens are counted as the provider counts them; output tokens are estimated from the suite's example answers (or maxTokens). Every trial counts as a call: answers the response cache holds would cost nothing.",
  ];
  const { unestimated } = estimate;
  if (unestimated.length)
    lines.push(`Not estimated: ${unestimated.join(", ")}; --max-cost counts them as they are spent.`);
  if (maxCost !== undefined && cost !== null) {
    const line = budgetLine(maxCost, cost, maxCall, trials);
    lines.push(unestimated.length ? `${line} That leaves out what is not estimated.` : line);
  }
  return lines.join("\n");
}

/**
 * Whether the run fits the budget, as the run admits trials: a call starts only while the most it
 * may cost still fits, so the run spends about the budget less one dearest call, plus that call.
 */
function budgetLine(maxCost: number, cost: number, maxCall: number, trials: number): string {
  const head = `Budget ${dollars(maxCost)}:`;
  if (cost + maxCall <= maxCost || cost === 0) return `${head} the estimate fits.`;
  const room = maxCost - maxCall;
  const done = room < 0 ? 0 : Math.min(trials - 1, Math.floor((trials * room) / cost) + 1);
  return `${head} the run would stop after about ${done} of ${trials} trials (it starts a call only while the most one may cost, ${dollars(maxCall)}, fits; set maxTokens to lower that).`;
}

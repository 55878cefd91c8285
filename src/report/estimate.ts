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
  }
  table.push(["total", "", "", formatCount(trials), formatCount(prompt), formatCount(output), dollars(cost)]);
  const lines = [
    ...(estimate.simulated ? [SIMULATED_BANNER] : []),
    "dry run: nothing was called.",
    table.toString(),
    ...[...skipped].map(([name, why]) => `skipped ${name}: ${why}`),
    "Prompt tokens are counted as the provider counts them; output tokens are estimated from the suite's example answers (or maxTokens). Every trial counts as a call: answers the response cache holds would cost nothing.",
  ];
  if (maxCost !== undefined && cost !== null)
    lines.push(
      cost <= maxCost
        ? `Budget ${dollars(maxCost)}: the estimate fits.`
        : `Budget ${dollars(maxCost)}: the estimate is over it; the run would stop after about ${Math.floor((trials * maxCost) / cost)} of ${trials} trials.`,
    );
  return lines.join("\n");
}

import Table from "cli-table3";
import { dollars, formatCount, SIMULATED_BANNER } from "../analysis/index.js";
import { JUDGE_VERDICT_TOKENS, type RunEstimate } from "../run/index.js";

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
  // The judging after the trials (pairs, labels) is spent last; each answer's judge with its trial.
  let after: number | null = 0;
  for (const j of estimate.judges) {
    table.push([
      j.suite,
      `judge: ${j.work}`,
      j.model,
      `${formatCount(j.calls)} calls`,
      formatCount(j.promptTokens),
      formatCount(j.outputTokens),
      dollars(j.cost),
    ]);
    prompt += j.promptTokens;
    output += j.outputTokens;
    if (j.work === "answers") cost = cost === null || j.cost === null ? null : cost + j.cost;
    else after = after === null || j.cost === null ? null : after + j.cost;
  }
  const total = cost === null || after === null ? null : cost + after;
  table.push([
    "total",
    "",
    "",
    formatCount(trials),
    formatCount(prompt),
    formatCount(output),
    dollars(total),
  ]);
  const lines = [
    ...(estimate.simulated ? [SIMULATED_BANNER] : []),
    "dry run: nothing was called.",
    table.toString(),
    ...[...skipped].map(([name, why]) => `skipped ${name}: ${why}`),
    "Prompt tokens are counted as the provider counts them; output tokens are estimated from the suite's example answers (or maxTokens). Every trial counts as a call: answers the response cache holds would cost nothing.",
    ...(estimate.judges.length
      ? [
          `Judges (at the full price: their calls are never batched): "answers" grades each trial's answer, "pairs" compares two strategies' answers in both orders, "labels" grades the human-labelled answers; an answer not given yet counts as its strategy's expected output, a verdict as ${JUDGE_VERDICT_TOKENS} tokens.`,
        ]
      : []),
  ];
  const { unestimated } = estimate;
  if (unestimated.length)
    lines.push(`Not estimated: ${unestimated.join(", ")}; --max-cost counts them as they are spent.`);
  if (maxCost !== undefined && cost !== null && after !== null) {
    const line = budgetLine(maxCost, { trials: cost, after }, maxCall, trials);
    lines.push(unestimated.length ? `${line} That leaves out what is not estimated.` : line);
  }
  return lines.join("\n");
}

/**
 * Whether the run fits the budget, as the run admits calls: a trial (with the judge grading its
 * answer) starts only while the most it may cost still fits, so the trials spend about the budget
 * less one dearest trial, plus that trial; the judging after the trials is admitted the same way.
 */
function budgetLine(
  maxCost: number,
  cost: { trials: number; after: number },
  maxCall: number,
  trials: number,
): string {
  const head = `Budget ${dollars(maxCost)}:`;
  const all = cost.trials + cost.after;
  if (all + maxCall <= maxCost || all === 0) return `${head} the estimate fits.`;
  if (cost.trials + maxCall <= maxCost)
    return `${head} the trials fit; the judging after them (${dollars(cost.after)}) would stop at the budget.`;
  const room = maxCost - maxCall;
  const done = room < 0 ? 0 : Math.min(trials - 1, Math.floor((trials * room) / cost.trials) + 1);
  return `${head} the run would stop after about ${done} of ${trials} trials (it starts a call only while the most one may cost, ${dollars(maxCall)}, fits; set maxTokens to lower that).`;
}

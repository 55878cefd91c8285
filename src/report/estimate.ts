import Table from "cli-table3";
import { dollars, formatCount, SIMULATED_BANNER } from "../analysis/index.js";
import { JUDGE_VERDICT_TOKENS, type RunEstimate } from "../run/index.js";
import { budgetVerdict, type SuiteSpend } from "./budget-verdict.js";

/** `run --dry-run`: trials, tokens and dollars per suite × strategy, each suite's judges, and the totals. */
export function renderEstimate(estimate: RunEstimate, maxCost?: number): string {
  const table = new Table({
    head: ["suite", "strategy", "model", "trials", "prompt tok", "output tok (est.)", "cost (est.)"],
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  const sum = { trials: 0, prompt: 0, output: 0, cost: 0 as number | null };
  const row = (
    r: { suite: string; promptTokens: number; outputTokens: number; cost: number | null },
    cells: string[],
  ) => {
    table.push([
      r.suite,
      ...cells,
      formatCount(r.promptTokens),
      formatCount(r.outputTokens),
      dollars(r.cost),
    ]);
    sum.prompt += r.promptTokens;
    sum.output += r.outputTokens;
    sum.cost = add(sum.cost, r.cost);
  };
  // Per suite in plan order: what its trials spend (each answer's judge with its trial), and the
  // judging after all the trials (pairs, labels), which the run spends last.
  const skipped = new Map<string, string>();
  for (const r of estimate.rows) if (r.unavailable) skipped.set(r.strategy, r.unavailable);
  const rows = estimate.rows.filter((r) => !r.unavailable);
  const spends: { trials: number; cost: number | null; maxCall: number; bounds: number }[] = [];
  let after: number | null = 0;
  for (const suite of new Set([...rows, ...estimate.judges].map((x) => x.suite))) {
    const spend = { trials: 0, cost: 0 as number | null, maxCall: 0, bounds: 0 };
    for (const r of rows.filter((x) => x.suite === suite)) {
      row(r, [r.strategy, r.model ?? "–", formatCount(r.trials)]);
      spend.trials += r.trials;
      spend.cost = add(spend.cost, r.cost);
      spend.maxCall = Math.max(spend.maxCall, r.maxCall ?? 0);
      spend.bounds += r.bounds ?? 0;
    }
    for (const j of estimate.judges.filter((x) => x.suite === suite)) {
      row(j, [`judge: ${j.work}`, j.model, `${formatCount(j.calls)} call${j.calls === 1 ? "" : "s"}`]);
      if (j.work === "answers") spend.cost = add(spend.cost, j.cost);
      else after = add(after, j.cost);
    }
    sum.trials += spend.trials;
    spends.push(spend);
  }
  table.push([
    "total",
    "",
    "",
    formatCount(sum.trials),
    formatCount(sum.prompt),
    formatCount(sum.output),
    dollars(sum.cost),
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
  if (maxCost !== undefined && after !== null && spends.every((x) => x.cost !== null)) {
    const line = budgetVerdict(maxCost, spends as SuiteSpend[], after, estimate.batch);
    lines.push(unestimated.length ? `${line} That leaves out what is not estimated.` : line);
  }
  return lines.join("\n");
}

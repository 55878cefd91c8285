// The cost per call of each strategy in a previous run, for `tune estimate`. It reads the run's
// summary.json as plain JSON with a check of the few fields it uses: the report module that
// writes the file is not imported here (imports point down the data flow, and the file is the
// contract).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { shownPath } from "../../config/path-kind.js";
import type { MeasuredCost } from "../../finetune/index.js";
import { SUMMARY_FILE } from "../../runlog/files.js";
import { UsageError } from "../errors.js";

const mean = z.object({ mean: z.number().nullable() });
/** The fields of a summary group used here; anything else in the file is ignored. */
const SummaryShape = z.object({
  groups: z.array(
    z.object({
      strategy: z.string(),
      strategyType: z.string(),
      model: z.string(),
      canary: z.boolean(),
      trials: z.number(),
      errors: z.number(),
      cached: z.number(),
      tokensIn: mean,
      tokensOut: mean,
      cost: z.object({ total: z.number().nullable() }),
    }),
  ),
});
export type RunSummaryCosts = z.infer<typeof SummaryShape>;

/** The newest run folder (by name, run ids sort by time) under `outDir` that has a summary.json. */
export function latestRunDir(outDir: string): string | null {
  if (!existsSync(outDir)) return null;
  const names = readdirSync(outDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .reverse();
  const found = names.find((name) => existsSync(path.join(outDir, name, SUMMARY_FILE)));
  return found ? path.join(outDir, found) : null;
}

/** The summary `tunebench report` writes beside a run's log; a run without one is bad input. */
export function readRunSummary(runDir: string): RunSummaryCosts {
  const file = path.join(runDir, SUMMARY_FILE);
  const shown = shownPath(runDir);
  if (!existsSync(file))
    throw new UsageError(
      `--run: ${shown} holds no ${SUMMARY_FILE}; make it with \`tunebench report ${shown}\`, then estimate again`,
    );
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`${shownPath(file)}: not JSON (${(error as Error).message})`);
  }
  const parsed = SummaryShape.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${shownPath(file)}: not a run summary this version can read (${issue?.path.join(".") || "the file"}: ${issue?.message})`,
    );
  }
  return parsed.data;
}

/** Cost per call of every strategy in a run, over its non-canary suites. */
export function measuredCosts(summary: RunSummaryCosts): MeasuredCost[] {
  interface Tally {
    type: string;
    model: string;
    calls: number;
    answered: number;
    cost: number | null;
    tin: number;
    tout: number;
  }
  const byStrategy = new Map<string, Tally>();
  for (const g of summary.groups) {
    if (g.canary) continue;
    const calls = g.trials - g.cached;
    const answered = g.trials - g.errors;
    const entry = byStrategy.get(g.strategy) ?? {
      type: g.strategyType,
      model: g.model,
      calls: 0,
      answered: 0,
      cost: 0,
      tin: 0,
      tout: 0,
    };
    entry.calls += calls;
    entry.cost = entry.cost === null || g.cost.total === null ? null : entry.cost + g.cost.total;
    entry.answered += answered;
    // A group with no answer has no mean (null): it adds nothing.
    entry.tin += (g.tokensIn.mean ?? 0) * answered;
    entry.tout += (g.tokensOut.mean ?? 0) * answered;
    byStrategy.set(g.strategy, entry);
  }
  return [...byStrategy.entries()].map(([strategy, e]) => ({
    strategy,
    type: e.type,
    model: e.model,
    calls: e.calls,
    tokensIn: e.answered ? e.tin / e.answered : 0,
    tokensOut: e.answered ? e.tout / e.answered : 0,
    costPerCall: e.cost === null || e.calls === 0 ? null : e.cost / e.calls,
  }));
}

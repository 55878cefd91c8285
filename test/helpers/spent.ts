// What a run log's lines spent, read off the raw lines (not through src/: a test must not trust the
// code it checks): a trial's call unless cached, and its scorers' own calls; a judgment's judge calls.
import { readFileSync } from "node:fs";
import path from "node:path";

type Cost = { spent: number | null } | undefined;
type Line = {
  schema: string;
  cached?: boolean;
  cost?: { total: number | null } & Cost;
  scores?: { cost?: Cost }[];
  kind?: string;
  score?: { cost?: Cost };
};

/** Per trial or judgment line, in the log's order: what it spent now, its call and its scorers' apart. */
export function spentByLine(runDir: string): { call: number; scoring: number }[] {
  const lines = readFileSync(path.join(runDir, "trials.jsonl"), "utf8").trim().split("\n");
  return lines.flatMap((text) => {
    const l = JSON.parse(text) as Line;
    if (l.schema === "tunebench.trial/1") {
      const call = l.cached ? 0 : (l.cost?.total ?? 0);
      return [{ call, scoring: (l.scores ?? []).reduce((sum, s) => sum + (s.cost?.spent ?? 0), 0) }];
    }
    if (l.schema === "tunebench.judgment/1")
      return [{ call: 0, scoring: (l.kind === "pairwise" ? l.cost?.spent : l.score?.cost?.spent) ?? 0 }];
    return [];
  });
}

/** Everything the run log spent. */
export const totalSpent = (runDir: string): number =>
  spentByLine(runDir).reduce((sum, l) => sum + l.call + l.scoring, 0);

import type { Command } from "commander";
import { formatCount } from "../../analysis/format.js";
import type { TunedModelRow } from "../../finetune/index.js";
import { EXIT } from "../errors.js";
import { money, out, tuneAction } from "./helpers.js";

const COLUMNS = ["job", "suites", "base", "model", "date", "tokens", "cost", "status"] as const;

function cells(row: TunedModelRow): string[] {
  return [
    row.id ?? "(no job)",
    row.suites?.join("+") ?? "(project-wide)",
    row.baseModel || "-",
    row.model ?? "-",
    row.date.slice(0, 16).replace("T", " "),
    row.trainedTokens === null ? "-" : formatCount(row.trainedTokens),
    row.status === "succeeded" ? money(row.trainingCost) : "-",
    row.status,
  ];
}

/** Plain columns, padded to the widest cell. */
function printTable(rows: string[][]): void {
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  out(line(COLUMNS));
  for (const r of rows) out(line(r));
}

export function registerList(tune: Command): void {
  tune
    .command("list")
    .description("the project's tuned models: suites, base model, date, training cost, status")
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .option("--json", "print the rows as JSON")
    .addHelpText(
      "after",
      `
One line per tuning: the recorded models (.tunebench/tuned/<job id>.json, and the older
.tunebench/tuned-model.json) and the jobs not recorded yet (running, failed, cancelled), oldest
first. "suites" is what the model was tuned for (\`tune prepare --suite\`), or project-wide. Name a
job in a tuned strategy (\`records: [JOB]\`) to run that model; without one, each suite gets the
newest model tuned for it, else the newest project-wide one.

Examples:
  tunebench tune list
  tunebench tune list --json | jq '.[] | select(.status == "succeeded") | .model'

Exit codes: 0 listed (also when there is none), 2 bad input or config.`,
    )
    .action(
      tuneAction(async (flags: { config: string; json?: boolean }) => {
        const { listTunedModels, openProject } = await import("../../finetune/index.js");
        const rows = listTunedModels(await openProject(flags.config));
        if (flags.json) out(JSON.stringify(rows, null, 2));
        else if (rows.length === 0)
          out(
            "no tuned models yet: `tunebench tune prepare`, then `tunebench tune start` (see tunebench tune --help)",
          );
        else printTable(rows.map(cells));
        return EXIT.ok;
      }),
    );
}

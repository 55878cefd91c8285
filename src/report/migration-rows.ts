// The migration view's table and lines as plain strings, for every reporter (console, Markdown, HTML).
import type { MigrationCase, MigrationRow, MigrationView } from "../analysis/index.js";
import { dollars, formatCaseRef, rateWithInterval } from "../analysis/index.js";
import { type Column, num, text } from "./columns.js";

export const MIGRATION_COLUMNS: readonly Column[] = [
  text("strategy"),
  text("model"),
  num("agrees with recorded [95% CI]"),
  num("pass [95% CI]"),
  num("$/call"),
  text("break-even of tuning"),
];

export function migrationHeading(view: MigrationView): string {
  const { strategy, model, snapshot } = view.recorded;
  const from = snapshot ? `, snapshot ${snapshot}` : "";
  return `Migration: replacing ${strategy} (${model}${from}); ${view.matched} cases matched against it, ${view.disagreements.length} with a disagreement (task suites; agreement is not part of pass)`;
}

export function migrationRow(r: MigrationRow, recorded: string): string[] {
  return [
    r.strategy === recorded ? `${r.strategy} (recorded)` : r.strategy,
    r.model,
    r.strategy === recorded ? "reference" : rateWithInterval(r.agreement),
    rateWithInterval(r.pass),
    dollars(r.costPerCall),
    r.breakEven ?? "–",
  ];
}

const clip = (s: string | null, max = 80) => {
  if (s === null) return "(no answer)";
  const one = s.replace(/\s+/g, " ").trim();
  return `“${one.length > max ? `${one.slice(0, max - 1)}…` : one}”`;
};

/** One line per disagreeing case (the most disagreed first), at most `max`. */
export function migrationCaseLines(view: MigrationView, max = 20): string[] {
  const line = (c: MigrationCase) =>
    `${c.suite}/${formatCaseRef(c)}: recorded ${clip(c.recorded)}; ${c.disagree
      .map((d) => `${d.strategy} ${clip(d.output)}`)
      .join("; ")}${c.agree.length ? ` (agree: ${c.agree.join(", ")})` : ""}`;
  const lines = view.disagreements.slice(0, max).map(line);
  if (view.disagreements.length > max)
    lines.push(`… and ${view.disagreements.length - max} more (report.json lists them all)`);
  return lines;
}

// The HTML report's migration section (a recorded strategy in the run): the same table and lines as
// every reporter (report/migration-rows.ts), escaped.
import type { Report } from "../../analysis/index.js";
import { heads } from "../columns.js";
import { MIGRATION_COLUMNS, migrationCaseLines, migrationHeading, migrationRow } from "../migration-rows.js";
import { html, type SafeHtml } from "./escape.js";
import { rowHtml, table } from "./html-table.js";

export function migrationSection(report: Report): SafeHtml | "" {
  const view = report.migration;
  if (!view) return "";
  const rows = view.rows.map((r) => rowHtml(MIGRATION_COLUMNS, migrationRow(r, view.recorded.strategy)));
  const cases = migrationCaseLines(view, 50);
  return html`<section id="migration"><h2>Keep, replace or re-tune</h2><p>${migrationHeading(view)}</p>${table(heads(MIGRATION_COLUMNS), rows)}${cases.length ? html`<h3>Disagreements, the most disagreed first</h3><ul>${cases.map((c) => html`<li>${c}</li>`)}</ul>` : ""}</section>`;
}

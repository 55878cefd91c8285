// The HTML report's judging section: graded scores, graded comparisons, the pairwise judge,
// judge reliability and what the evaluation cost (apart from the strategies' $/call).
import type { Report } from "../../analysis/index.js";
import {
  agreementLines,
  evaluationCostLine,
  GRADE_COLUMNS,
  GRADED_PAIR_COLUMNS,
  gradedPairRow,
  gradedPairs,
  gradeRow,
  JUDGING_TEXT,
  PAIRWISE_COLUMNS,
  pairwiseRow,
} from "../judging-rows.js";
import { heads } from "../rows.js";
import { html, type SafeHtml } from "./escape.js";
import { rowHtml, table } from "./html-table.js";

export function judgingSection(report: Report): SafeHtml {
  const j = report.judging;
  const graded = gradedPairs(report);
  const reliability = agreementLines(report);
  const cost = evaluationCostLine(report);
  if (!j.grades.length && !j.pairwise.length && !reliability.length && !cost) return html``;
  return html`<section id="judging"><h2>Judges and graded scores</h2>${
    j.grades.length
      ? html`<p class="muted">${JUDGING_TEXT.grades}</p>${table(
          heads(GRADE_COLUMNS),
          j.grades.map((g) => rowHtml(GRADE_COLUMNS, gradeRow(g))),
        )}`
      : ""
  }${
    graded.length
      ? html`<p class="muted">${JUDGING_TEXT.graded}</p>${table(
          heads(GRADED_PAIR_COLUMNS),
          graded.map((g) => rowHtml(GRADED_PAIR_COLUMNS, gradedPairRow(g))),
        )}`
      : ""
  }${
    j.pairwise.length
      ? html`<p class="muted">${JUDGING_TEXT.pairwise}</p>${table(
          heads(PAIRWISE_COLUMNS),
          j.pairwise.map((r) => rowHtml(PAIRWISE_COLUMNS, pairwiseRow(r))),
        )}`
      : ""
  }${
    reliability.length || j.warnings.length
      ? html`<h3>${JUDGING_TEXT.reliability}</h3><ul>${reliability.map((l) => html`<li>${l}</li>`)}${j.warnings.map((w) => html`<li class="fail">warning: ${w}</li>`)}</ul>`
      : ""
  }${cost ? html`<p id="evaluation-cost">${cost}</p>` : ""}</section>`;
}

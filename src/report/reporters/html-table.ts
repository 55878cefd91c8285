// Table pieces of the HTML report: cells laid out by their column's kind (rows.ts).
import type { Column } from "../rows.js";
import { html, type SafeHtml } from "./escape.js";

export const num = (v: string | number) => html`<td class="num">${v}</td>`;

/** One table row from rows.ts: every cell escaped, laid out by its column's kind. */
export function rowHtml(columns: readonly Column[], cells: readonly string[]): SafeHtml {
  return html`<tr>${cells.map((cell, i) => {
    const kind = columns[i]?.kind ?? "text";
    if (kind === "num") return num(cell);
    // A decision cell is coloured by its value (better, worse, equivalent, inconclusive).
    if (kind === "verdict") return html`<td class="${cell}">${cell}</td>`;
    return html`<td>${cell}</td>`;
  })}</tr>`;
}

export function table(head: string[], rows: SafeHtml[], className = ""): SafeHtml {
  return html`<div class="scroll"><table class="${className}"><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

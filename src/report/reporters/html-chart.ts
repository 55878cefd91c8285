import type { GroupSummary, MeasuredRate } from "../../analysis/index.js";
import { dollars, hasData, NO_DATA, percent } from "../../analysis/index.js";
import { html, type SafeHtml } from "./escape.js";

/** Colour-blind-safe palette (Okabe–Ito), one colour per strategy in run order. */
export const PALETTE = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#56B4E9",
  "#D55E00",
  "#F0E442",
  "#000000",
];

export function colourOf(strategy: string, strategies: readonly string[]): string {
  const i = strategies.indexOf(strategy);
  return PALETTE[(i < 0 ? strategies.length : i) % PALETTE.length] as string;
}

const W = 340;
const H = 230;
const M = { left: 44, right: 14, top: 14, bottom: 38 };

function fmt(n: number): string {
  return Number(n.toFixed(1)).toString();
}

/**
 * Pass rate (with its Wilson 95 % interval as a vertical bar) against cost per call, one point per
 * strategy: up is better, left is cheaper. Unpriced strategies and those without an answered call
 * cannot be placed and are listed instead.
 */
export function qualityCostChart(
  suite: string,
  groups: readonly GroupSummary[],
  strategies: readonly string[],
): SafeHtml {
  const priced = groups.filter(
    (g): g is GroupSummary & { pass: MeasuredRate } => g.cost.perCall !== null && hasData(g.pass),
  );
  const unpriced = groups.filter((g) => g.cost.perCall === null && hasData(g.pass));
  const empty = groups.filter((g) => !hasData(g.pass));
  const maxCost = Math.max(...priced.map((g) => g.cost.perCall as number), 0) || 1e-6;
  const xMax = maxCost * 1.15;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (cost: number) => M.left + (cost / xMax) * plotW;
  const y = (rate: number) => M.top + (1 - rate) * plotH;
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map(
    (r) =>
      html`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${fmt(y(r))}" y2="${fmt(y(r))}"></line><text class="tick" x="${M.left - 6}" y="${fmt(y(r) + 4)}" text-anchor="end">${percent(r)}</text>`,
  );
  const xTicks = [0, maxCost / 2, maxCost].map(
    (c) =>
      html`<text class="tick" x="${fmt(x(c))}" y="${H - M.bottom + 16}" text-anchor="middle">${c === 0 ? "$0" : dollars(c)}</text>`,
  );
  const points = priced.map((g) => {
    const cx = fmt(x(g.cost.perCall as number));
    const colour = colourOf(g.strategy, strategies);
    const label = `${g.strategy}: ${percent(g.pass.rate)} pass [${percent(g.pass.low)}–${percent(g.pass.high)}], ${dollars(g.cost.perCall)}/call`;
    return html`<g class="series" data-strategy="${g.strategy}"><line class="interval" x1="${cx}" x2="${cx}" y1="${fmt(y(g.pass.high))}" y2="${fmt(y(g.pass.low))}" stroke="${colour}"></line><line class="cap" x1="${fmt(Number(cx) - 4)}" x2="${fmt(Number(cx) + 4)}" y1="${fmt(y(g.pass.high))}" y2="${fmt(y(g.pass.high))}" stroke="${colour}"></line><line class="cap" x1="${fmt(Number(cx) - 4)}" x2="${fmt(Number(cx) + 4)}" y1="${fmt(y(g.pass.low))}" y2="${fmt(y(g.pass.low))}" stroke="${colour}"></line><circle class="point" cx="${cx}" cy="${fmt(y(g.pass.rate))}" r="5" fill="${colour}" data-strategy="${g.strategy}" data-pass="${g.pass.rate}" data-cost="${g.cost.perCall ?? ""}"><title>${label}</title></circle><text class="label" x="${fmt(Number(cx) + 8)}" y="${fmt(y(g.pass.rate) - 6)}">${g.strategy}</text></g>`;
  });
  return html`<figure class="chart-card"><figcaption>${suite}</figcaption><svg class="chart" role="img" aria-label="${`${suite}: pass rate against cost per call`}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" data-suite="${suite}">${yTicks}<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${fmt(y(0))}" y2="${fmt(y(0))}"></line><line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${fmt(y(0))}"></line>${xTicks}<text class="axis-title" x="${M.left + plotW / 2}" y="${H - 4}" text-anchor="middle">cost per call →</text><text class="axis-title" transform="rotate(-90)" x="${-(M.top + plotH / 2)}" y="11" text-anchor="middle">pass rate ↑</text>${points}</svg>${unpriced.length ? html`<p class="muted">not shown (unpriced): ${unpriced.map((g) => g.strategy).join(", ")}</p>` : ""}${empty.length ? html`<p class="muted">not shown (${NO_DATA}: no answered call): ${empty.map((g) => g.strategy).join(", ")}</p>` : ""}</figure>`;
}

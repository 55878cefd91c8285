/** Display helpers shared by the reporters. */

export const SIMULATED_BANNER =
  "SIMULATED: these numbers come from tunebench's offline simulator (src/sim), not from a real model.";

export function percent(rate: number | null | undefined, digits = 0): string {
  return rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(digits)}%`;
}

export function dollars(value: number | null | undefined): string {
  if (value === null || value === undefined) return "unpriced";
  if (value === 0) return "$0";
  // Two significant digits in plain decimals: $0.000048, never $4.8e-5.
  if (value < 0.01) return `$${value.toFixed(Math.min(20, 1 - Math.floor(Math.log10(value))))}`;
  return `$${value.toFixed(value < 1 ? 4 : 2)}`;
}

/**
 * A whole number with thousands separators, "12,345" (halves away from zero). By hand: the first
 * Intl formatter of a process costs ~11 ms (ICU), a tenth of what a run takes to make its first call.
 */
export function formatCount(n: number): string {
  const digits = Math.round(Math.abs(n)).toFixed(0);
  return `${n <= -0.5 ? "-" : ""}${digits.replace(/\B(?=(\d{3})+$)/g, ",")}`;
}

export function milliseconds(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : `${Math.round(value)} ms`;
}

export function round(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

/** A difference of rates in percentage points: "+5 pp", "−12 pp". */
export function points(diff: number | null | undefined, digits = 0): string {
  if (diff === null || diff === undefined || !Number.isFinite(diff)) return "–";
  const value = (diff * 100).toFixed(digits);
  if (Number(value) === 0) return `0 pp`;
  return `${diff > 0 ? "+" : "−"}${value.replace("-", "")} pp`;
}

/** A signed dollar change: "+$0.000012", "−$0.00030". */
export function dollarChange(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (value === 0) return "±$0";
  return `${value > 0 ? "+" : "−"}${dollars(Math.abs(value))}`;
}

/** A signed millisecond change: "+12 ms". */
export function msChange(before: number | null, after: number | null): string {
  if (before === null || after === null) return "–";
  const d = Math.round(after - before);
  return d === 0 ? "±0 ms" : `${d > 0 ? "+" : "−"}${Math.abs(d)} ms`;
}

/** What a rate over no answered trial shows: there is no rate, never 0 %. */
export const NO_DATA = "no data";

type RateLike = { rate: number | null; n: number; low: number | null; high: number | null };

/**
 * "72% of 18": a rate is never shown without the count it is a share of; "no data" when nothing
 * was answered, "–" when the rate does not apply (null).
 */
export function rateCell(rate: Pick<RateLike, "rate" | "n"> | null | undefined): string {
  if (!rate) return "–";
  return rate.rate === null ? NO_DATA : `${percent(rate.rate)} of ${rate.n}`;
}

/** "95% of 19 [75–99%]": a rate with its n and interval; "no data" when nothing was answered. */
export function rateWithInterval(rate: RateLike | null | undefined): string {
  if (!rate) return "–";
  if (rate.rate === null) return NO_DATA;
  return `${rateCell(rate)} [${percent(rate.low)}–${percent(rate.high)}]`;
}

/** A p-value for a table cell: "<0.001", "0.039", "0.52". */
export function pCell(p: number): string {
  if (p < 0.001) return "<0.001";
  return p < 0.1 ? p.toFixed(3) : p.toFixed(2);
}

/** A p-value in a sentence: "p<0.001", "p=0.039". */
export function formatP(p: number): string {
  const cell = pCell(p);
  return cell.startsWith("<") ? `p${cell}` : `p=${cell}`;
}

/** Cost per passing call, telling "nothing passed" apart from "unpriced". */
export function perPassingCall(g: {
  pass: { count: number };
  cost: { perCall: number | null; perPassingCall: number | null };
}): string {
  if (g.cost.perPassingCall !== null) return dollars(g.cost.perPassingCall);
  // perCall is priced (or nothing was answered) yet nothing passed.
  if (g.pass.count === 0) return "– (none passed)";
  return dollars(null);
}

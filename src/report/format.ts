/** Display helpers shared by the reporters. */

export const SIMULATED_BANNER =
  "SIMULATED: these numbers come from tunebench's offline simulator (src/sim), not from a real model.";

export function percent(rate: number | null | undefined, digits = 0): string {
  return rate === null || rate === undefined ? "–" : `${(rate * 100).toFixed(digits)}%`;
}

export function dollars(value: number | null | undefined): string {
  if (value === null || value === undefined) return "unpriced";
  if (value === 0) return "$0";
  if (value < 0.01) return `$${value.toPrecision(2)}`;
  return `$${value.toFixed(value < 1 ? 4 : 2)}`;
}

export function milliseconds(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : `${Math.round(value)} ms`;
}

export function round(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

// Announced shutdown dates of base models: a tuned model lives only as long as its base. Each date
// carries its source; the config's `retirements:` adds to or overrides this table (a provider
// moves a date, or announces one this version does not know). Dates are UTC calendar days.
import { tunedBase } from "./pricing.js";

/** Where a date comes from. */
export interface Retirement {
  /** YYYY-MM-DD: the first day the model no longer answers. */
  shutdown: string;
  source: string;
}

const OPENAI_DEPRECATIONS = "https://developers.openai.com/api/docs/deprecations";

/**
 * OpenAI's deprecations page, as listed on 2026-10-27 (the same dates GET /v1/models reported in
 * `shutdown_date`). New self-serve fine-tuning jobs stop on 2027-01-06 on that page too.
 */
export const RETIREMENTS: Readonly<Record<string, Retirement>> = {
  "gpt-4o-2024-08-06": { shutdown: "2027-01-14", source: OPENAI_DEPRECATIONS },
  "gpt-4o-2024-11-20": { shutdown: "2027-01-14", source: OPENAI_DEPRECATIONS },
  "gpt-4o-mini-2024-07-18": { shutdown: "2027-01-14", source: OPENAI_DEPRECATIONS },
  "gpt-4.1-2025-04-14": { shutdown: "2027-01-14", source: OPENAI_DEPRECATIONS },
  "gpt-4.1-mini-2025-04-14": { shutdown: "2027-01-14", source: OPENAI_DEPRECATIONS },
  "gpt-4.1-nano-2025-04-14": { shutdown: "2026-10-23", source: OPENAI_DEPRECATIONS },
  "gpt-3.5-turbo-0125": { shutdown: "2026-10-23", source: OPENAI_DEPRECATIONS },
  "gpt-4-0613": { shutdown: "2026-10-23", source: OPENAI_DEPRECATIONS },
};

/** How far ahead a retirement is warned about. */
export const RETIREMENT_WARNING_DAYS = 90;

/** The model's (or its base's) retirement: the config's table first, then the built-in one. */
export function retirementOf(
  model: string,
  overrides: Readonly<Record<string, Retirement>> = {},
): (Retirement & { base: string }) | null {
  for (const id of [model, tunedBase(model) ?? model]) {
    const found = overrides[id] ?? RETIREMENTS[id];
    if (found) return { ...found, base: id };
  }
  return null;
}

const DAY = 86_400_000;

/** Whole days from `now` to the shutdown day (negative: it is past). */
export function daysUntil(shutdown: string, now: Date): number {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((Date.parse(`${shutdown}T00:00:00Z`) - today) / DAY);
}

/**
 * The warning for a model that retires within `days` (or already has), else null: e.g.
 * "ft:gpt-4o-mini-2024-07-18:acme::abc: its base retires 2027-01-14, in 50 days (source: …)".
 */
export function retirementWarning(
  model: string,
  retirement: (Retirement & { base: string }) | null,
  now: Date,
  days = RETIREMENT_WARNING_DAYS,
): string | null {
  if (!retirement) return null;
  const left = daysUntil(retirement.shutdown, now);
  if (left > days) return null;
  const whose = retirement.base === model ? "it" : "its base";
  const when =
    left > 0
      ? `${whose} retires ${retirement.shutdown}, in ${left} day${left === 1 ? "" : "s"}`
      : `${whose} retired ${retirement.shutdown}${left === 0 ? " (today)" : `, ${-left} day${left === -1 ? "" : "s"} ago`}`;
  return `${model}: ${when} (source: ${retirement.source})`;
}

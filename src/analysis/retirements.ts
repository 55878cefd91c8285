// Which models of a run retire soon: each strategy's model (a tuned one by its base) against the
// retirement table (the config's `retirements:` over the built-in one), or the date a recorded
// strategy's snapshot carries. Pure: the clock comes in as `now`.
import { type Retirement, retirementOf, retirementWarning } from "../model/index.js";
import type { RunHeader } from "../runlog/index.js";

export interface RetirementNotice {
  strategy: string;
  model: string;
  /** The model the date is for: the model itself, or a tuned model's base. */
  base: string;
  shutdown: string;
  source: string;
  /** The warning line, e.g. "ft:gpt-4o-mini-2024-07-18:…: its base retires 2027-01-14, in 50 days (source: …)". */
  text: string;
}

export function retirementNotices(
  header: RunHeader | null,
  models: ReadonlyMap<string, ReadonlySet<string>>,
  overrides: Readonly<Record<string, Retirement>> = {},
  now = new Date(),
): RetirementNotice[] {
  const notices: RetirementNotice[] = [];
  for (const s of header?.strategies ?? []) {
    const used = models.get(s.name) ?? new Set(s.model ? [s.model] : []);
    for (const model of used) {
      const retirement = s.retires ? { ...s.retires, base: model } : retirementOf(model, overrides);
      const text = retirementWarning(model, retirement, now);
      if (retirement && text)
        notices.push({
          strategy: s.name,
          model,
          base: retirement.base,
          shutdown: retirement.shutdown,
          source: retirement.source,
          text,
        });
    }
  }
  return notices;
}

// What each tuned model forgot: on every canary suite, the cases its untuned base model answers
// correctly and the tuned model does not (a case's repeats as one: its pass share dropped).
import type { TrialRecord } from "../runlog/index.js";
import { caseTallies } from "./cases.js";
import type { CanaryBreaks } from "./model.js";
import { untunedBase } from "./questions.js";
import type { GroupSummary } from "./summary.js";

/**
 * One row per canary suite × tuned model (a tuned strategy, or the canary check of one of its
 * models): the case ids it broke against its untuned base. Skipped when no untuned strategy ran.
 */
export function canaryBreaks(
  trials: readonly TrialRecord[],
  groups: readonly GroupSummary[],
): CanaryBreaks[] {
  const rows: CanaryBreaks[] = [];
  for (const g of groups) {
    if (!g.canary || g.strategyType !== "tuned") continue;
    const suiteGroups = groups.filter((x) => x.suite === g.suite);
    const base = untunedBase(g, suiteGroups);
    if (!base) continue;
    const of = (strategy: string) =>
      caseTallies(trials.filter((t) => t.suite === g.suite && t.strategy === strategy));
    const tuned = of(g.strategy);
    const reference = of(base.strategy);
    const share = (c: { answered: number; passed: number }) => c.passed / c.answered;
    const broken = [...tuned.entries()]
      .filter(([id, c]) => {
        const r = reference.get(id);
        return r && r.answered > 0 && c.answered > 0 && share(c) < share(r);
      })
      .map(([id]) => id);
    rows.push({
      suite: g.suite,
      strategy: g.strategy,
      model: g.model,
      reference: base.strategy,
      referenceModel: base.model,
      cases: tuned.size,
      broken,
    });
  }
  return rows;
}

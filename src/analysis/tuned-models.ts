// Which tuned model served which suite in a run, and what its training cost: from the run header
// (each tuned strategy's models), else (logs of older versions) from the trials and the one
// recorded training cost. Break-even weighs each suite against its own model's training.
import type { TrainingCost } from "../model/index.js";
import type { RunHeader, TrialRecord } from "../runlog/index.js";
import type { TunedModelUse } from "./model.js";

function use(
  strategy: string,
  model: string,
  suites: string[],
  jobId: string | null,
  t: TrainingCost | null,
) {
  const known = t && t.model === model ? t : null;
  return {
    strategy,
    model,
    suites,
    jobId,
    trainingCost: known?.cost ?? null,
    trainingSource: known?.source ?? null,
  } satisfies TunedModelUse;
}

/** Each tuned strategy's models (its canary checks left out), with the task suites each served. */
export function tunedModelUses(
  trials: readonly TrialRecord[],
  header: RunHeader | null,
  /** The training cost known from elsewhere (a project record): applies to the model it names. */
  training: TrainingCost | null,
): TunedModelUse[] {
  const uses: TunedModelUse[] = [];
  const fromHeader = new Set<string>();
  for (const s of header?.strategies ?? []) {
    if (s.type !== "tuned" || s.canaryOf || !s.models) continue;
    fromHeader.add(s.name);
    for (const m of s.models) uses.push(use(s.name, m.model, m.suites, m.jobId, m.training ?? training));
  }
  // Older logs: the models the trials name, per strategy, in the order they answered.
  const seen = new Map<string, TunedModelUse>();
  for (const t of trials) {
    if (t.strategyType !== "tuned" || t.canary || fromHeader.has(t.strategy)) continue;
    const key = `${t.strategy}\u0000${t.model}`;
    let u = seen.get(key);
    if (!u) {
      const recorded = header?.strategies.find((s) => s.name === t.strategy)?.training ?? training;
      u = use(t.strategy, t.model, [], null, recorded);
      seen.set(key, u);
      uses.push(u);
    }
    if (!u.suites.includes(t.suite)) u.suites.push(t.suite);
  }
  return uses;
}

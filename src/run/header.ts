// The lines a run writes about itself: the header (what produced the run and the plan a resume
// restores) and the note a resume appends when it accepted changes or sends trials again.
import path from "node:path";
import { type CaseSelection, composedIds, type LoadedConfig, selectsSome } from "../config/index.js";
import { trainingCostOf } from "../model/index.js";
import { SIM_BASE_MODEL } from "../project/index.js";
import { RESUME_SCHEMA, type ResumeNote, RUN_SCHEMA, type RunHeader, type RunPlan } from "../runlog/index.js";
import type { SimOptions } from "../sim/index.js";
import type { Strategy } from "../strategies/index.js";
import type { PlanChanges } from "./changes.js";

export interface HeaderFacts {
  strategies: readonly Strategy[];
  /** Whether a strategy answers the suite of this name (a tuned one: where it has a model). */
  serves: (strategy: Strategy, suite: string) => boolean;
  /** Whether a runnable strategy calls a simulator. */
  simulated: boolean;
  repeat: number;
  judgeRepeat: number;
  /** The simulator's settings as used (the config's with the overrides). */
  sim: SimOptions;
  configHashes: RunPlan["configHashes"];
  suites: RunPlan["suites"];
  /** `--case` / `--tag`, when given. */
  cases?: CaseSelection | undefined;
  /** `--batch`, when given. */
  batch?: boolean | undefined;
  /** Trials in the plan. */
  planned: number;
}

export function buildHeader(runId: string, loaded: LoadedConfig, facts: HeaderFacts): RunHeader {
  const { strategies, serves, simulated, repeat, judgeRepeat, sim, configHashes, suites, cases } = facts;
  const selected = selectsSome(cases);
  const faults = sim.faults && Object.keys(sim.faults).length ? { faults: { ...sim.faults } } : {};
  const plan: RunPlan = {
    repeat,
    judgeRepeat,
    sim: { latencyMs: sim.latencyMs ?? 0, degrade: sim.degrade ?? 0, seed: sim.seed ?? 0, ...faults },
    configHashes,
    suites,
    ...(selected
      ? {
          cases: {
            ...(cases?.ids ? { ids: composedIds(cases) } : {}),
            ...(cases?.tags ? { tags: [...cases.tags] } : {}),
          },
        }
      : {}),
    ...(facts.batch ? { batch: true } : {}),
  };
  return {
    schema: RUN_SCHEMA,
    runId,
    startedAt: new Date().toISOString(),
    configFile: path.relative(process.cwd(), loaded.file),
    simulated,
    strategies: strategies.map((s) => ({
      name: s.name,
      type: s.type,
      endpoint: s.endpoint,
      model: s.model ?? (s.type === "tuned" ? null : SIM_BASE_MODEL),
      ...(s.unavailable() ? { unavailable: s.unavailable() as string } : {}),
      ...tunedFacts(s, loaded.config.prices),
      ...(Object.keys(suites).every((name) => serves(s, name))
        ? {}
        : { suites: Object.keys(suites).filter((name) => serves(s, name)) }),
      ...(s.type === "recorded" && s.config.snapshot ? { snapshot: s.config.snapshot } : {}),
      ...(s.replay?.retires ? { retires: s.replay.retires } : {}),
    })),
    suites: Object.keys(plan.suites),
    planned: facts.planned,
    plan,
  };
}

/** A tuned strategy's models and what each one's training cost (break-even per suite). */
function tunedFacts(
  s: Strategy,
  prices: LoadedConfig["config"]["prices"],
): Partial<RunHeader["strategies"][number]> {
  if (!s.served?.length) return {};
  const models = s.served.map((m) => ({
    model: m.model,
    suites: [...m.suites],
    jobId: m.record?.jobId ?? null,
    training: m.record ? trainingCostOf(m.record, prices) : null,
  }));
  const first = models[0]?.training;
  return {
    // One model: its cost as headers of older versions carried it.
    ...(models.length === 1 && first ? { training: first } : {}),
    models,
    ...(s.canaryOf ? { canaryOf: s.canaryOf } : {}),
  };
}

export function resumeNote(
  runId: string,
  changes: PlanChanges,
  accepted: Pick<ResumeNote, "suites" | "configHashes">,
  rerun: readonly string[],
  retriedErrors: number,
): ResumeNote {
  return {
    schema: RESUME_SCHEMA,
    runId,
    at: new Date().toISOString(),
    ...changes,
    rerun: [...rerun],
    retriedErrors,
    suites: accepted.suites,
    ...(accepted.configHashes ? { configHashes: accepted.configHashes } : {}),
  };
}

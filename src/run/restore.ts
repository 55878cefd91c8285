// What `--resume` restores: the plan the run header recorded (with the changes later resumes
// accepted), so a resume runs the same suites, strategies, repeat and simulator settings as the
// run it continues, and grades its answers as often. A flag given again must agree with the
// record; one that contradicts it is an error rather than a silently different plan.
import path from "node:path";
import { type CaseSelection, composedIds, selectsSome } from "../config/index.js";
import type { ResumeNote, RunHeader, RunPlan, SuiteFingerprint } from "../runlog/index.js";
import { ResumeError } from "./folder.js";

export interface RecordedPlan {
  runId: string;
  /** Suite names in the header's order, those removed by an accepted change left out. */
  suites: string[];
  fingerprints: Record<string, SuiteFingerprint>;
  configHashes: Record<string, string>;
  strategies: string[];
  repeat: number;
  /** Absent: a log from before it was recorded (the flag or the config decides). */
  judgeRepeat: number | undefined;
  sim: RunPlan["sim"];
  cases: RunPlan["cases"];
}

/** The plan as the log records it now; null for a header written before plans were recorded. */
export function recordedPlan(header: RunHeader, notes: readonly ResumeNote[]): RecordedPlan | null {
  if (!header.plan) return null;
  const fingerprints = { ...header.plan.suites };
  let configHashes = header.plan.configHashes;
  for (const note of notes) {
    for (const [name, fingerprint] of Object.entries(note.suites)) {
      if (fingerprint) fingerprints[name] = fingerprint;
      else delete fingerprints[name];
    }
    configHashes = note.configHashes ?? configHashes;
  }
  return {
    runId: header.runId,
    suites: header.suites.filter((name) => Object.hasOwn(fingerprints, name)),
    fingerprints,
    configHashes,
    // The canary checks of a tuned strategy's models come back with it.
    strategies: header.strategies.filter((s) => !s.canaryOf).map((s) => s.name),
    repeat: header.plan.repeat,
    judgeRepeat: header.plan.judgeRepeat,
    sim: header.plan.sim,
    cases: header.plan.cases,
  };
}

export interface PlanFlags {
  suites?: string[] | undefined;
  strategies?: string[] | undefined;
  repeat?: number | undefined;
  judgeRepeat?: number | undefined;
  sim?: Partial<Record<keyof RunPlan["sim"], unknown>> | undefined;
  cases?: CaseSelection | undefined;
}

const SIM_FLAGS: Record<keyof RunPlan["sim"], string> = {
  latencyMs: "--sim-latency",
  degrade: "--sim-degrade",
  seed: "the simulator seed",
  faults: "the simulator faults",
};

/** Throws a ResumeError naming the first flag that contradicts the recorded plan. */
export function checkFlags(plan: RecordedPlan, flags: PlanFlags, configDir: string): void {
  const contradicts = (flag: string, given: string, recorded: string) =>
    new ResumeError(
      `${flag} ${given} contradicts run ${plan.runId}, recorded with ${flag} ${recorded}: resume without it (the recorded value is restored), or start a new run`,
    );
  if (
    flags.suites?.length &&
    !sameSet(
      flags.suites.map((e) => suiteNameOf(e, plan, configDir)),
      plan.suites,
    )
  )
    throw contradicts("--suite", flags.suites.join(","), plan.suites.join(","));
  if (flags.strategies?.length && !sameSet(flags.strategies, plan.strategies))
    throw contradicts("--strategy", flags.strategies.join(","), plan.strategies.join(","));
  // Ids composed: a run recorded by an older version kept them as typed.
  const selection = (c: CaseSelection | undefined) => [
    ...composedIds(c),
    ...(c?.tags ?? []).map((t) => `#${t}`),
  ];
  if (selectsSome(flags.cases) && !sameSet(selection(flags.cases), selection(plan.cases)))
    throw contradicts(
      "--case/--tag",
      selection(flags.cases).join(","),
      selection(plan.cases).join(",") || "(all)",
    );
  if (flags.repeat !== undefined && flags.repeat !== plan.repeat)
    throw contradicts("--repeat", String(flags.repeat), String(plan.repeat));
  if (
    flags.judgeRepeat !== undefined &&
    plan.judgeRepeat !== undefined &&
    flags.judgeRepeat !== plan.judgeRepeat
  )
    throw contradicts("--judge-repeat", String(flags.judgeRepeat), String(plan.judgeRepeat));
  for (const key of Object.keys(SIM_FLAGS) as (keyof RunPlan["sim"])[]) {
    const given = flags.sim?.[key];
    if (given !== undefined && JSON.stringify(given) !== JSON.stringify(plan.sim[key]))
      throw contradicts(SIM_FLAGS[key], JSON.stringify(given), JSON.stringify(plan.sim[key] ?? null));
  }
}

/** A --suite entry (a name, or a suite file relative to the working directory or the config). */
function suiteNameOf(entry: string, plan: RecordedPlan, configDir: string): string {
  for (const name of plan.suites) {
    const file = path.resolve(configDir, plan.fingerprints[name]?.file ?? "");
    if (entry === name || path.resolve(entry) === file || path.resolve(configDir, entry) === file)
      return name;
  }
  return entry;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}

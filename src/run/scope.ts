// What a run covers: suites, strategies, repeat, judge repeat and simulator settings. A new run
// takes them from the flags and the config; a resume from the plan its header recorded (flags may
// only agree).
import { existsSync } from "node:fs";
import path from "node:path";
import {
  type CaseSelection,
  type LoadedConfig,
  type LoadedSuite,
  loadSuites,
  type ResolvedStrategy,
  resolveStrategies,
  selectCases,
  selectStrategies,
} from "../config/index.js";
import type { ResumeState } from "../runlog/index.js";
import type { FaultOptions, SimOptions } from "../sim/index.js";
import { checkFlags, type RecordedPlan, recordedPlan } from "./restore.js";

export interface ScopeOptions {
  suites?: string[] | undefined;
  strategies?: string[] | undefined;
  repeat?: number | undefined;
  judgeRepeat?: number | undefined;
  sim?: Partial<SimOptions> | undefined;
  /** `--case` / `--tag`. */
  cases?: CaseSelection | undefined;
}

export interface RunScope {
  /** The plan the resumed run recorded; null for a new run or a header that predates plans. */
  recorded: RecordedPlan | null;
  suites: LoadedSuite[];
  strategies: ResolvedStrategy[];
  repeat: number;
  /** How often a judge grades each answer. */
  judgeRepeat: number;
  /** Overrides of the config's simulator settings. */
  sim: Partial<SimOptions>;
  /** The case selection, applied to `suites` already (recorded in the plan). */
  cases: CaseSelection | undefined;
}

export async function chooseScope(
  loaded: LoadedConfig,
  resumed: ResumeState | null,
  options: ScopeOptions,
  note: (message: string) => void,
): Promise<RunScope> {
  const recorded = resumed?.header ? recordedPlan(resumed.header, resumed.notes) : null;
  if (!recorded) {
    const repeat = options.repeat ?? loaded.config.run.repeat;
    if (resumed?.header)
      note(
        `run ${resumed.header.runId} was started by an older tunebench that did not record its plan: ` +
          `resuming with the flags and config as given (repeat ${repeat}), assuming its suites unchanged`,
      );
    return {
      recorded: null,
      suites: await selectCases(await loadSuites(loaded, { only: options.suites }), options.cases),
      strategies: selectStrategies(loaded.config, options.strategies),
      repeat,
      judgeRepeat: options.judgeRepeat ?? loaded.config.run.judgeRepeat,
      sim: options.sim ?? {},
      cases: options.cases,
    };
  }
  checkFlags(recorded, options, loaded.dir);
  // A recorded suite whose file is gone is not loaded: the comparison lists its cases as removed.
  const files = recorded.suites
    .map((name) => path.resolve(loaded.dir, recorded.fingerprints[name]?.file ?? ""))
    .filter((file) => existsSync(file));
  const suites = files.length ? await loadSuites(loaded, { only: files }) : [];
  // Likewise a strategy no longer in the config: the config comparison names it.
  const known = new Set(resolveStrategies(loaded.config).map((s) => s.name));
  const names = recorded.strategies.filter((name) => known.has(name));
  return {
    recorded,
    suites: await selectCases(
      suites.filter((s) => recorded.suites.includes(s.name)),
      recorded.cases,
    ),
    strategies: names.length ? selectStrategies(loaded.config, names) : [],
    repeat: recorded.repeat,
    judgeRepeat: recorded.judgeRepeat ?? options.judgeRepeat ?? loaded.config.run.judgeRepeat,
    sim: { ...recorded.sim, faults: (recorded.sim.faults ?? {}) as FaultOptions },
    cases: recorded.cases,
  };
}

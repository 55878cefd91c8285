// The snapshots a run replays, read and checked against the suites before anything is written. A
// snapshot whose cases were added, removed or asked differently since it was recorded is bad input
// (exit 2): replaying it would answer questions the recorded model was never asked.
import { existsSync } from "node:fs";
import path from "node:path";
import {
  ConfigError,
  configProblem,
  InputError,
  type LoadedConfig,
  type LoadedSuite,
  type ResolvedStrategy,
  referenceStrategy,
  suiteCases,
} from "../config/index.js";
import { projectLayout } from "../project/index.js";
import { loadSnapshot, type Snapshot } from "../runlog/index.js";
import type { Reference } from "../scoring/index.js";
import type { Strategy } from "../strategies/index.js";
import { questionHash } from "./fingerprint.js";
import type { PlannedTrial } from "./plan.js";

export class StaleSnapshotError extends InputError {
  override name = "StaleSnapshotError";
}

export interface StaleCases {
  /** "suite/case": the input or the task's instructions differ from what was recorded. */
  changed: string[];
  added: string[];
  removed: string[];
}

/**
 * What no longer matches between a snapshot and the suites a run poses. `selected`: the run poses
 * only some cases (`--case`/`--tag`), so a recorded case it leaves out is not removed.
 */
export async function staleCases(
  snapshot: Snapshot,
  suites: readonly LoadedSuite[],
  selected: boolean,
): Promise<StaleCases> {
  const out: StaleCases = { changed: [], added: [], removed: [] };
  const { questions, selected: recordedSome } = snapshot.info;
  for (const suite of suites) {
    const recorded = questions[suite.name];
    // A suite it never recorded: its cases are error trials that say so (see strategies/recorded.ts).
    if (!recorded) continue;
    const now = new Set<string>();
    // Cases from files are streamed: only their ids are kept.
    for await (const c of suiteCases(suite)) {
      now.add(c.id);
      const id = `${suite.name}/${c.id}`;
      if (!Object.hasOwn(recorded, c.id)) {
        if (!recordedSome) out.added.push(id);
      } else if (recorded[c.id] !== questionHash(suite, c)) out.changed.push(id);
    }
    if (selected) continue;
    for (const id of Object.keys(recorded)) if (!now.has(id)) out.removed.push(`${suite.name}/${id}`);
  }
  return out;
}

const list = (ids: readonly string[], max = 8) =>
  ids.length > max ? `${ids.slice(0, max).join(", ")} and ${ids.length - max} more` : ids.join(", ");

function staleError(snapshot: Snapshot, stale: StaleCases): StaleSnapshotError {
  const { name, strategy } = snapshot.info;
  const parts = [
    stale.changed.length ? `changed ${list(stale.changed)} (input or task instructions differ)` : "",
    stale.added.length ? `added ${list(stale.added)}` : "",
    stale.removed.length ? `removed ${list(stale.removed)}` : "",
  ].filter(Boolean);
  return new StaleSnapshotError(
    `snapshot ${name} (${path.relative(process.cwd(), snapshot.file) || snapshot.file}) is stale: since it was recorded, cases were ${parts.join("; ")}; ` +
      `its answers would be replayed for questions the model was never asked. Record it again while the model answers ` +
      `(tunebench record --strategy ${strategy} --name ${name} --force), or restore those cases`,
  );
}

/** Reads every snapshot the run's recorded strategies name, each checked against the suites; by name. */
export async function openRecordings(
  loaded: LoadedConfig,
  strategies: readonly ResolvedStrategy[],
  suites: readonly LoadedSuite[],
  selected: boolean,
): Promise<Map<string, Snapshot>> {
  const layout = projectLayout(loaded.dir);
  const snapshots = new Map<string, Snapshot>();
  for (const { name, type, config } of strategies) {
    if (type !== "recorded" || config.snapshot === undefined || snapshots.has(config.snapshot)) continue;
    const file = layout.snapshotFile(config.snapshot);
    // A missing file is a mistake in the config: say where it names it.
    if (!existsSync(file))
      throw new ConfigError([
        await configProblem(
          loaded,
          ["strategies", name, "snapshot"],
          `no snapshot at ${path.relative(process.cwd(), file) || file}: record one with \`tunebench record --strategy STRATEGY --name ${config.snapshot}\``,
        ),
      ]);
    const snapshot = await loadSnapshot(file);
    const stale = await staleCases(snapshot, suites, selected);
    if (stale.changed.length + stale.added.length + stale.removed.length > 0)
      throw staleError(snapshot, stale);
    snapshots.set(config.snapshot, snapshot);
  }
  return snapshots;
}

/**
 * The recorded model every other strategy is matched against: the first recorded strategy in the
 * run's order (config/strategies.ts referenceStrategy, as rescore and the report find it). Its own
 * trials, and cases it holds no answer to, have no reference.
 */
export function referenceOf(
  strategies: readonly Strategy[],
): ((trial: PlannedTrial) => Reference | undefined) | undefined {
  const name = referenceStrategy(strategies);
  const recorded = strategies.find((s) => s.name === name);
  const replay = recorded?.replay;
  if (!recorded || !replay) return undefined;
  return ({ suite, testCase, strategy, repeat }) => {
    if (strategy.replay) return undefined;
    const output = replay.output(suite.name, testCase.id, repeat);
    return output === null ? undefined : { strategy: recorded.name, output };
  };
}

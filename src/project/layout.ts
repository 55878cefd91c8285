// The project's on-disk layout, in one place: every command and module that reads or writes a
// project file (under .tunebench or beside the config) asks here for the path, so moving a file is
// a one-line change.
import path from "node:path";

/** The project's working folder, beside eval.config.yaml: caches, indexes, tuning state (git-ignored). */
export const STATE_DIR = ".tunebench";

/** The blessed baseline run, beside eval.config.yaml: committed, unlike .tunebench. */
export const BASELINE_FILE = "tunebench.baseline.json";

/**
 * Snapshots of models' answers (`tunebench record`), beside eval.config.yaml: committed, because a
 * recording of a model that has retired cannot be made again.
 */
export const SNAPSHOTS_DIR = "snapshots";

/** The built-in simulator's base model: the default model of every strategy on the `sim` endpoint. */
export const SIM_BASE_MODEL = "sim-base";

/** The simulator's judge: the default judge model on the `sim` endpoint (it answers judge prompts). */
export const SIM_JUDGE_MODEL = "sim-judge";

export interface ProjectLayout {
  /** <project>/.tunebench */
  root: string;
  /** The response cache (cacache). */
  cache: string;
  /** Retrieval indexes: one folder per suite and strategy. */
  index: string;
  /** The simulator's files and fine-tuning jobs, so jobs survive a restart. */
  sim: string;
  /** Prepared training data and the tuning job's state, project-wide (no `--suite`). */
  tune: string;
  trainFile: string;
  validFile: string;
  tuneState: string;
  /** What finished tuning jobs recorded for the `tuned` strategy and break-even: one <job id>.json each. */
  tunedDir: string;
  /** The one record of versions before per-suite models (.tunebench/tuned-model.json): read, no longer written. */
  legacyTunedRecord: string;
  /** Which run `--baseline` means when it names none (`tunebench baseline set`). */
  baselineFile: string;
  /** The file of the snapshot named `name`. */
  snapshotFile(name: string): string;
}

/** The layout of the project whose eval.config.yaml lives in `projectDir`. */
export function projectLayout(projectDir: string): ProjectLayout {
  const root = path.join(projectDir, STATE_DIR);
  const tune = tuneFilesIn(path.join(root, "tune"));
  return {
    root,
    cache: path.join(root, "cache"),
    index: path.join(root, "index"),
    sim: path.join(root, "sim"),
    tune: tune.dir,
    trainFile: tune.trainFile,
    validFile: tune.validFile,
    tuneState: tune.tuneState,
    tunedDir: path.join(root, "tuned"),
    legacyTunedRecord: path.join(root, "tuned-model.json"),
    baselineFile: path.join(projectDir, BASELINE_FILE),
    snapshotFile: (name) => path.join(projectDir, SNAPSHOTS_DIR, `${name}.jsonl`),
  };
}

/** The files of one tuning: its training data and its job's state. */
export interface TuneFiles {
  dir: string;
  trainFile: string;
  validFile: string;
  tuneState: string;
}

function tuneFilesIn(dir: string): TuneFiles {
  return {
    dir,
    trainFile: path.join(dir, "train.jsonl"),
    validFile: path.join(dir, "valid.jsonl"),
    tuneState: path.join(dir, "state.json"),
  };
}

/**
 * "a+b" for the suites a model is tuned for (sorted, so the order of `--suite` flags does not
 * matter); null (project-wide) stays null. Suite names are [a-z0-9-], so this is a safe folder name.
 */
export function suiteGroup(suites: readonly string[] | null): string | null {
  return suites?.length ? [...new Set(suites)].sort().join("+") : null;
}

/** " --suite a --suite b" for the commands a message suggests; "" project-wide. */
export function suiteFlags(suites: readonly string[] | null | undefined): string {
  return (suites ?? []).map((s) => ` --suite ${s}`).join("");
}

/**
 * Where a tuning for `suites` keeps its files: .tunebench/tune/<a+b>/ (project-wide: .tunebench/tune/),
 * so a model per task can be prepared, started and followed beside the others.
 */
export function tuneFiles(layout: ProjectLayout, suites: readonly string[] | null): TuneFiles {
  const group = suiteGroup(suites);
  return group ? tuneFilesIn(path.join(layout.tune, group)) : tuneFilesIn(layout.tune);
}

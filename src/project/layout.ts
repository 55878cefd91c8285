// The project's on-disk layout, in one place: every command and module that reads or writes a
// project file (under .tunebench or beside the config) asks here for the path, so moving a file is
// a one-line change.
import path from "node:path";

/** The project's working folder, beside eval.config.yaml: caches, indexes, tuning state (git-ignored). */
export const STATE_DIR = ".tunebench";

/** The blessed baseline run, beside eval.config.yaml: committed, unlike .tunebench. */
export const BASELINE_FILE = "tunebench.baseline.json";

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
  /** Prepared training data and the tuning job's state. */
  tune: string;
  trainFile: string;
  validFile: string;
  tuneState: string;
  /** What a finished tuning job recorded for the `tuned` strategy and break-even. */
  tunedRecord: string;
  /** Which run `--baseline` means when it names none (`tunebench baseline set`). */
  baselineFile: string;
}

/** The layout of the project whose eval.config.yaml lives in `projectDir`. */
export function projectLayout(projectDir: string): ProjectLayout {
  const root = path.join(projectDir, STATE_DIR);
  const tune = path.join(root, "tune");
  return {
    root,
    cache: path.join(root, "cache"),
    index: path.join(root, "index"),
    sim: path.join(root, "sim"),
    tune,
    trainFile: path.join(tune, "train.jsonl"),
    validFile: path.join(tune, "valid.jsonl"),
    tuneState: path.join(tune, "state.json"),
    tunedRecord: path.join(root, "tuned-model.json"),
    baselineFile: path.join(projectDir, BASELINE_FILE),
  };
}

// `tune list`: the project's tuned models (one record per succeeded job) and the tunings still on
// their way (a state whose job has not succeeded), oldest first.
import { readTunedRecords } from "../project/index.js";
import type { Project } from "./project.js";
import { readTuneStates } from "./state.js";

export interface TunedModelRow {
  /** The job id (the record's id); null for a start that created no job. */
  id: string | null;
  /** The suites it is tuned for; null: project-wide. */
  suites: string[] | null;
  baseModel: string;
  /** The tuned model; null until the job succeeds. */
  model: string | null;
  endpoint: string;
  /** When the job finished, else when the tuning started. */
  date: string;
  trainedTokens: number | null;
  /** Dollars (trained tokens, else the estimate, × the training price); null when unpriced or not known yet. */
  trainingCost: number | null;
  /** `succeeded` for a recorded model, else the job's status as last seen. */
  status: string;
}

export function listTunedModels(project: Project): TunedModelRow[] {
  const records = readTunedRecords(project.layout);
  const rows: TunedModelRow[] = records.map((r) => ({
    id: r.jobId,
    suites: r.suites,
    baseModel: r.baseModel,
    model: r.model,
    endpoint: r.endpoint,
    date: r.finishedAt,
    trainedTokens: r.trainedTokens,
    trainingCost: r.trainingCost,
    status: "succeeded",
  }));
  for (const { state } of readTuneStates(project.layout)) {
    if (state.jobId && records.some((r) => r.jobId === state.jobId)) continue;
    rows.push({
      id: state.jobId,
      suites: state.suites,
      baseModel: state.model,
      model: state.fineTunedModel,
      endpoint: state.endpoint,
      date: state.createdAt,
      trainedTokens: state.trainedTokens,
      trainingCost: null,
      // A succeeded job not recorded yet: `tune wait` or `tune status` records it.
      status: state.status === "succeeded" ? "succeeded (not recorded: run tune status)" : state.status,
    });
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date));
}

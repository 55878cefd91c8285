// Following a tuning job (`tune wait | status | cancel`), with the job's state kept under
// .tunebench/tune/state.json at every step and the tuned model recorded when it succeeds.

import path from "node:path";
import { costOfTokens, trainingPriceFor } from "../model/index.js";
import {
  readTunedRecord,
  type TunedModelRecord,
  tunedRecordFile,
  writeTunedRecord,
} from "../project/index.js";
import { endpointFailure, scrubEvent, scrubJob } from "./api-errors.js";
import { type Connection, connect } from "./connect.js";
import { type FineTuningJob, type FineTuningJobEvent, followJob, isTerminal, newEvents } from "./jobs.js";
import { defaultEndpoint, type Project, type ProjectOptions, suiteFlags, TuneError } from "./project.js";
import { readTuneState, readTuneStates, type TuneState, writeTuneState } from "./state.js";

/** A job's state and the file it is kept in. */
interface Tracked {
  state: TuneState;
  file: string;
}

/**
 * The tuning's saved state; for an explicit job id, the state of any tuning that started it (so
 * `tune wait ftjob-…` records the suites it was tuned for), else a new state for that id.
 */
function stateFor(project: Project, jobId?: string, endpoint?: string): Tracked {
  const file = project.files.tuneState;
  const saved = readTuneState(file);
  const flags = suiteFlags(project.suites);
  if (!jobId) {
    if (saved?.status === "start_failed" && !saved.jobId)
      throw new TuneError(
        `the last \`tunebench tune start${flags}\` created no job (${saved.error?.message ?? "it failed"}): run it again`,
      );
    if (!saved?.jobId)
      throw new TuneError(
        `no tuning job recorded in ${path.relative(project.loaded.dir, file)}: run \`tunebench tune start${flags}\` first${project.suites ? "" : " (or name the job, or its --suite)"}`,
      );
    return { file, state: endpoint && endpoint !== saved.endpoint ? { ...saved, endpoint } : saved };
  }
  const found = readTuneStates(project.layout).find((t) => t.state.jobId === jobId);
  if (found) return { file: found.file, state: endpoint ? { ...found.state, endpoint } : found.state };
  const now = new Date().toISOString();
  return {
    file,
    state: {
      schema: "tunebench.tune-state/1",
      suites: project.suites,
      endpoint: endpoint ?? saved?.endpoint ?? defaultEndpoint(project),
      model: "",
      jobId,
      status: "unknown",
      files: { training: null, validation: null },
      suffix: null,
      estimatedTokens: null,
      lastEventId: null,
      fineTunedModel: null,
      trainedTokens: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    },
  };
}

function saveJob(
  project: Project,
  { state, file }: Tracked,
  job: FineTuningJob,
  lastEventId: string | null,
): Tracked {
  const next: TuneState = {
    ...state,
    model: job.model || state.model,
    status: job.status,
    lastEventId,
    fineTunedModel: job.fine_tuned_model ?? null,
    trainedTokens: job.trained_tokens ?? null,
    error: job.error
      ? { code: job.error.code, message: job.error.message, param: job.error.param ?? null }
      : null,
  };
  // A job looked at by id that is not the saved one does not replace the saved state.
  const saved = readTuneState(file);
  if (saved && saved.jobId !== state.jobId && saved.jobId && !isTerminal(saved.status))
    return { state: next, file };
  return { state: writeTuneState(file, next, project.redact), file };
}

/** Writes the job's tuned-model record (.tunebench/tuned/<job id>.json), which runs and break-even read. */
function recordTunedModel(project: Project, state: TuneState, job: FineTuningJob): Recorded {
  if (!job.fine_tuned_model) throw new TuneError(`job ${job.id} has no fine-tuned model`);
  const tokens = job.trained_tokens ?? state.estimatedTokens;
  const price = trainingPriceFor(job.model, project.loaded.config.prices);
  const file = tunedRecordFile(project.layout, job.id);
  const record: TunedModelRecord = {
    schema: "tunebench.tuned/1",
    model: job.fine_tuned_model,
    baseModel: job.model,
    endpoint: state.endpoint,
    jobId: job.id,
    suites: state.suites,
    trainedTokens: job.trained_tokens ?? null,
    estimatedTokens: state.estimatedTokens,
    trainingCost: tokens === null ? null : costOfTokens(tokens, price),
    finishedAt: new Date((job.finished_at ?? Math.floor(Date.now() / 1000)) * 1000).toISOString(),
    // A wait run again after `tune deploy` keeps the deployment.
    deployment: readTunedRecord(file)?.deployment ?? null,
  };
  writeTunedRecord(file, record, project.redact);
  return { record, recordFile: file };
}

type Recorded = Pick<JobOutcome, "record" | "recordFile">;

export interface JobOutcome {
  job: FineTuningJob;
  state: TuneState;
  /** Set when the job succeeded and its model was recorded, and where. */
  record: TunedModelRecord | null;
  recordFile: string | null;
}

export interface WaitOptions extends ProjectOptions {
  jobId?: string;
  endpoint?: string;
  onEvent?(event: FineTuningJobEvent): void;
  onPoll?(job: FineTuningJob): void;
  /** Stops the wait, including a request in flight. */
  signal?: AbortSignal;
  minDelayMs?: number;
  maxDelayMs?: number;
}

function finish(project: Project, state: TuneState, job: FineTuningJob): JobOutcome {
  const recorded =
    job.status === "succeeded" && job.fine_tuned_model
      ? recordTunedModel(project, state, job)
      : { record: null, recordFile: null };
  return { job, state, ...recorded };
}

/**
 * Runs `body` on a connection to the job's endpoint. What the endpoint says comes back scrubbed
 * of secrets, and a failed call becomes a TuneError naming the endpoint.
 */
async function withJob<T>(
  project: Project,
  options: WaitOptions,
  body: (connection: Connection, tracked: Tracked, jobId: string) => Promise<T>,
): Promise<T> {
  const tracked = stateFor(project, options.jobId, options.endpoint);
  const jobId = tracked.state.jobId as string;
  const connection = await connect(project, tracked.state.endpoint, options.simJobSeconds);
  try {
    return await body(connection, tracked, jobId);
  } catch (error) {
    throw endpointFailure(connection.endpoint, error).error;
  } finally {
    await connection.close();
  }
}

/** Follows the job to its end (resuming after the last event shown), then records a succeeded job's model. */
export function waitForJob(project: Project, options: WaitOptions = {}): Promise<JobOutcome> {
  return withJob(project, options, async ({ client, endpoint }, start, jobId) => {
    let tracked = start;
    const job = await followJob(client, jobId, {
      lastEventId: tracked.state.lastEventId,
      minDelayMs: options.minDelayMs ?? (endpoint.simulated ? 100 : 500),
      maxDelayMs: options.maxDelayMs ?? (endpoint.simulated ? 1_000 : 10_000),
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: (event) => options.onEvent?.(scrubEvent(endpoint, event)),
      onPoll: (j, lastEventId) => {
        tracked = saveJob(project, tracked, scrubJob(endpoint, j), lastEventId);
        options.onPoll?.(j);
      },
    });
    return finish(project, tracked.state, scrubJob(endpoint, job));
  });
}

/** One look at the job (and its events not shown yet); records the model if it has succeeded. */
export function jobStatusOnce(
  project: Project,
  options: WaitOptions = {},
): Promise<JobOutcome & { events: FineTuningJobEvent[] }> {
  return withJob(project, options, async ({ client, endpoint }, start, jobId) => {
    const job = scrubJob(endpoint, await client.fineTuning.jobs.retrieve(jobId));
    const events = (await newEvents(client, job.id, null)).map((e) => scrubEvent(endpoint, e));
    // `wait` still shows every event it has not shown, whatever status printed.
    const { state } = saveJob(project, start, job, start.state.lastEventId);
    return { ...finish(project, state, job), events };
  });
}

/** Cancels the job (an already finished job is reported as it is). */
export function cancelJob(project: Project, options: WaitOptions = {}): Promise<JobOutcome> {
  return withJob(project, options, async ({ client, endpoint }, start, jobId) => {
    const current = await client.fineTuning.jobs.retrieve(jobId);
    const job = scrubJob(
      endpoint,
      isTerminal(current.status) ? current : await client.fineTuning.jobs.cancel(current.id),
    );
    const { state } = saveJob(project, start, job, start.state.lastEventId);
    return { job, state, record: null, recordFile: null };
  });
}

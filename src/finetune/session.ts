// Project-level tuning: the steps the `tune start | status | wait | cancel` commands run, with the
// job's state kept under .tunebench/tune/state.json at every step.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type OpenAI from "openai";
import { type LoadedConfig, loadConfig, resolveStrategies } from "../config/index.js";
import { resolveEndpoint } from "../endpoints/index.js";
import {
  costOfTokens,
  openaiFor,
  type ResolvedEndpoint,
  redactorFor,
  trainingPriceFor,
} from "../model/index.js";
import {
  type ProjectLayout,
  projectLayout,
  SIM_BASE_MODEL,
  type TunedModelRecord,
  writeTunedRecord,
} from "../project/index.js";
import type { RunningSimulator } from "../sim/index.js";
import { estimateTraining, type TrainingEstimate } from "./estimate.js";
import {
  type Auto,
  createTuningJob,
  type FineTuningJob,
  type FineTuningJobEvent,
  followJob,
  isTerminal,
  newEvents,
  uploadTrainingFile,
} from "./jobs.js";
import { baseModelOf } from "./limits.js";
import { type PiiReport, scanPii } from "./pii.js";
import { readTuneState, type TuneState, type UploadedFile, writeTuneState } from "./state.js";
import { type ValidationResult, validateTrainingFile } from "./validate.js";

/** A tuning request that cannot go ahead as asked (no state, a running job, invalid data): exit 2. */
export class TuneError extends Error {
  override readonly name = "TuneError";
}

export interface ProjectOptions {
  /** eval.config.yaml (default: ./eval.config.yaml). */
  config?: string;
  /** The simulator's job duration (new jobs only). */
  simJobSeconds?: number;
}

export interface Project {
  loaded: LoadedConfig;
  /** The project's .tunebench folder. */
  layout: ProjectLayout;
  /** Takes every configured key out of the state and record files (src/model/redact.ts). */
  redact: (text: string) => string;
}

export async function openProject(config?: string): Promise<Project> {
  const loaded = await loadConfig(config);
  return { loaded, layout: projectLayout(loaded.dir), redact: redactorFor(loaded.config, process.env).text };
}

/** The simulator's state folder inside the project (shared by every command that starts one). */
function simStateDir(project: Project): string {
  return project.layout.sim;
}

export interface Connection {
  endpoint: ResolvedEndpoint;
  client: OpenAI;
  close(): Promise<void>;
}

/** An SDK client for the endpoint; `sim` starts the simulator in-process on the project's state. */
export async function connect(project: Project, name: string, simJobSeconds?: number): Promise<Connection> {
  const { config } = project.loaded;
  let sim: RunningSimulator | null = null;
  if (name === "sim" && !Object.hasOwn(config.endpoints, "sim")) {
    const { startSimulator } = await import("../sim/index.js");
    sim = await startSimulator({
      port: 0,
      seed: config.sim.seed,
      stateDir: simStateDir(project),
      ...(simJobSeconds !== undefined ? { jobSeconds: simJobSeconds } : {}),
    });
  }
  try {
    const endpoint = resolveEndpoint(name, config, process.env, sim?.url);
    // Fine-tuning calls are few and small; the run's retry setting applies.
    const client = openaiFor(endpoint, { timeoutMs: 120_000, maxRetries: config.run.maxRetries });
    return { endpoint, client, close: async () => sim?.close() };
  } catch (error) {
    await sim?.close();
    throw error;
  }
}

/** The `tuned` strategy of the config (by type), if any. */
function tunedStrategy(loaded: LoadedConfig) {
  return resolveStrategies(loaded.config).find((s) => s.type === "tuned");
}

/** --endpoint, else the tuned strategy's endpoint, else sim. */
function defaultEndpoint(project: Project): string {
  return tunedStrategy(project.loaded)?.config.endpoint ?? "sim";
}

/** --model, else the base of the tuned strategy's ft: model, else sim-base on the simulator. */
function defaultModel(project: Project, endpoint: string): string {
  const tuned = tunedStrategy(project.loaded);
  if (tuned?.config.model && tuned.config.endpoint === endpoint) return baseModelOf(tuned.config.model);
  if (endpoint === "sim") return SIM_BASE_MODEL;
  throw new TuneError(
    `which model should be fine-tuned on endpoint "${endpoint}"? pass --model (e.g. --model gpt-4o-mini-2024-07-18)`,
  );
}

export interface FileCheck {
  path: string;
  bytes: number;
  validation: ValidationResult;
  pii: PiiReport;
}

/** Everything shown before data leaves the machine. */
export interface UploadPlan {
  endpoint: ResolvedEndpoint;
  model: string;
  training: FileCheck;
  validation: FileCheck | null;
  estimate: TrainingEstimate;
  options: StartOptions;
}

export interface StartOptions extends ProjectOptions {
  /** Default .tunebench/tune/train.jsonl. */
  train?: string;
  /** Default .tunebench/tune/valid.jsonl when it exists; null for none. */
  valid?: string | null;
  endpoint?: string;
  model?: string;
  suffix?: string;
  seed?: number;
  epochs?: Auto<number>;
  batchSize?: Auto<number>;
  learningRateMultiplier?: Auto<number>;
  /** Per-example token limit override for the checks and the estimate. */
  maxTokens?: number;
  /** Upload even when the local checks find errors (the provider will reject the file). */
  skipChecks?: boolean;
}

async function checkFile(file: string, model: string, maxTokens?: number): Promise<FileCheck> {
  const validation = await validateTrainingFile(file, { model, ...(maxTokens ? { maxTokens } : {}) });
  const bytes = statSync(file).size;
  return { path: file, bytes, validation, pii: scanPii(readFileSync(file, "utf8")) };
}

/** Validates, estimates and scans the files; throws TuneError when they must not be uploaded. */
export async function planUpload(project: Project, options: StartOptions): Promise<UploadPlan> {
  const state = readTuneState(project.layout.tuneState);
  if (state?.jobId && !isTerminal(state.status)) {
    throw new TuneError(
      `job ${state.jobId} is still ${state.status}: \`tunebench tune wait\` follows it, \`tunebench tune cancel\` stops it`,
    );
  }
  const train = path.resolve(options.train ?? project.layout.trainFile);
  const defaultValid = project.layout.validFile;
  const valid =
    options.valid === null
      ? null
      : options.valid !== undefined
        ? path.resolve(options.valid)
        : options.train === undefined && existsSync(defaultValid)
          ? defaultValid
          : null;
  const endpointName = options.endpoint ?? defaultEndpoint(project);
  const model = options.model ?? defaultModel(project, endpointName);
  const training = await checkFile(train, model, options.maxTokens);
  const validation = valid ? await checkFile(valid, model, options.maxTokens) : null;
  if (!options.skipChecks) {
    for (const check of [training, validation]) {
      const errors = check?.validation.errors.filter(
        // A validation file may be small.
        (e) => !(check === validation && e.code === "too_few_examples"),
      );
      if (check && errors?.length) {
        const first = errors[0];
        throw new TuneError(
          `${path.relative(process.cwd(), check.path)}${first?.lines[0] ? `:${first.lines[0]}` : ""}: ${first?.title}${
            errors.length > 1 ? ` (and ${errors.length - 1} more kinds of error)` : ""
          }; see \`tunebench tune validate ${path.relative(process.cwd(), check.path)}\``,
        );
      }
    }
  }
  const text = readFileSync(train, "utf8");
  const epochs = typeof options.epochs === "number" ? options.epochs : undefined;
  const estimate = estimateTraining(text, {
    model,
    prices: project.loaded.config.prices,
    ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
  });
  estimate.file = train;
  // Resolving the endpoint here fails early on a missing key, before anything is asked.
  const endpoint =
    endpointName === "sim" && !Object.hasOwn(project.loaded.config.endpoints, "sim")
      ? { name: "sim", baseURL: "(in-process simulator)", apiKey: "sim", headers: {}, simulated: true }
      : resolveEndpoint(endpointName, project.loaded.config);
  return { endpoint, model, training, validation, estimate, options };
}

const newState = (plan: UploadPlan): TuneState => ({
  schema: "tunebench.tune-state/1",
  endpoint: plan.endpoint.name,
  model: plan.model,
  jobId: null,
  status: "uploading",
  files: { training: null, validation: null },
  suffix: plan.options.suffix ?? null,
  estimatedTokens: plan.estimate.billedTokens,
  lastEventId: null,
  fineTunedModel: null,
  trainedTokens: null,
  error: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
});

/** Uploads the planned files and creates the job, saving state after each step. */
export async function startJob(
  project: Project,
  plan: UploadPlan,
): Promise<{ job: FineTuningJob; state: TuneState }> {
  const connection = await connect(project, plan.endpoint.name, plan.options.simJobSeconds);
  try {
    const { client } = connection;
    const save = (next: TuneState) => writeTuneState(project.layout.tuneState, next, project.redact);
    let state = save(newState(plan));
    const upload = async (check: FileCheck): Promise<UploadedFile> => {
      const file = await uploadTrainingFile(client, check.path);
      return { path: check.path, id: file.id, bytes: file.bytes, examples: check.validation.lines };
    };
    const training = await upload(plan.training);
    state = save({ ...state, files: { training, validation: null } });
    const validation = plan.validation ? await upload(plan.validation) : null;
    state = save({ ...state, files: { training, validation } });
    const o = plan.options;
    const job = await createTuningJob(client, {
      model: plan.model,
      trainingFile: training.id,
      validationFile: validation?.id ?? null,
      ...(o.suffix !== undefined ? { suffix: o.suffix } : {}),
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
      ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
      ...(o.learningRateMultiplier !== undefined ? { learningRateMultiplier: o.learningRateMultiplier } : {}),
    });
    state = save({ ...state, jobId: job.id, status: job.status });
    return { job, state };
  } finally {
    await connection.close();
  }
}

/** The saved state, or the state for an explicit job id (on the given or the saved endpoint). */
function stateFor(project: Project, jobId?: string, endpoint?: string): TuneState {
  const saved = readTuneState(project.layout.tuneState);
  if (!jobId) {
    if (!saved?.jobId)
      throw new TuneError(
        "no tuning job recorded in .tunebench/tune/state.json: run `tunebench tune start` first",
      );
    return endpoint && endpoint !== saved.endpoint ? { ...saved, endpoint } : saved;
  }
  if (saved?.jobId === jobId) return endpoint ? { ...saved, endpoint } : saved;
  const now = new Date().toISOString();
  return {
    schema: "tunebench.tune-state/1",
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
  };
}

function saveJob(
  project: Project,
  state: TuneState,
  job: FineTuningJob,
  lastEventId: string | null,
): TuneState {
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
  const saved = readTuneState(project.layout.tuneState);
  if (saved && saved.jobId !== state.jobId && saved.jobId && !isTerminal(saved.status)) return next;
  return writeTuneState(project.layout.tuneState, next, project.redact);
}

/** Writes the tuned-model record the runner and break-even read. */
function recordTunedModel(project: Project, state: TuneState, job: FineTuningJob): TunedModelRecord {
  if (!job.fine_tuned_model) throw new TuneError(`job ${job.id} has no fine-tuned model`);
  const tokens = job.trained_tokens ?? state.estimatedTokens;
  const price = trainingPriceFor(job.model, project.loaded.config.prices);
  const record: TunedModelRecord = {
    schema: "tunebench.tuned/1",
    model: job.fine_tuned_model,
    baseModel: job.model,
    endpoint: state.endpoint,
    jobId: job.id,
    trainedTokens: job.trained_tokens ?? null,
    estimatedTokens: state.estimatedTokens,
    trainingCost: tokens === null ? null : costOfTokens(tokens, price),
    finishedAt: new Date((job.finished_at ?? Math.floor(Date.now() / 1000)) * 1000).toISOString(),
  };
  writeTunedRecord(project.layout.tunedRecord, record, project.redact);
  return record;
}

export interface JobOutcome {
  job: FineTuningJob;
  state: TuneState;
  /** Set when the job succeeded and its model was recorded. */
  record: TunedModelRecord | null;
}

export interface WaitOptions extends ProjectOptions {
  jobId?: string;
  endpoint?: string;
  onEvent?(event: FineTuningJobEvent): void;
  onPoll?(job: FineTuningJob): void;
  signal?: AbortSignal;
  minDelayMs?: number;
  maxDelayMs?: number;
}

function finish(project: Project, state: TuneState, job: FineTuningJob): JobOutcome {
  const record =
    job.status === "succeeded" && job.fine_tuned_model ? recordTunedModel(project, state, job) : null;
  return { job, state, record };
}

/** Follows the job to its end (resuming after the last event shown), then records a succeeded job's model. */
export async function waitForJob(project: Project, options: WaitOptions = {}): Promise<JobOutcome> {
  let state = stateFor(project, options.jobId, options.endpoint);
  const jobId = state.jobId as string;
  const connection = await connect(project, state.endpoint, options.simJobSeconds);
  try {
    const simulated = connection.endpoint.simulated;
    const job = await followJob(connection.client, jobId, {
      lastEventId: state.lastEventId,
      minDelayMs: options.minDelayMs ?? (simulated ? 100 : 500),
      maxDelayMs: options.maxDelayMs ?? (simulated ? 1_000 : 10_000),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      onPoll: (j, lastEventId) => {
        state = saveJob(project, state, j, lastEventId);
        options.onPoll?.(j);
      },
    });
    return finish(project, state, job);
  } finally {
    await connection.close();
  }
}

/** One look at the job (and its events not shown yet); records the model if it has succeeded. */
export async function jobStatusOnce(
  project: Project,
  options: WaitOptions = {},
): Promise<JobOutcome & { events: FineTuningJobEvent[] }> {
  let state = stateFor(project, options.jobId, options.endpoint);
  const connection = await connect(project, state.endpoint, options.simJobSeconds);
  try {
    const job = await connection.client.fineTuning.jobs.retrieve(state.jobId as string);
    const events = await newEvents(connection.client, job.id, null);
    // `wait` still shows every event it has not shown, whatever status printed.
    state = saveJob(project, state, job, state.lastEventId);
    return { ...finish(project, state, job), events };
  } finally {
    await connection.close();
  }
}

/** Cancels the job (an already finished job is reported as it is). */
export async function cancelJob(project: Project, options: WaitOptions = {}): Promise<JobOutcome> {
  let state = stateFor(project, options.jobId, options.endpoint);
  const connection = await connect(project, state.endpoint, options.simJobSeconds);
  try {
    const current = await connection.client.fineTuning.jobs.retrieve(state.jobId as string);
    const job = isTerminal(current.status)
      ? current
      : await connection.client.fineTuning.jobs.cancel(current.id);
    state = saveJob(project, state, job, state.lastEventId);
    return { job, state, record: null };
  } finally {
    await connection.close();
  }
}

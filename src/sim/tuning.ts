// Files and fine-tuning jobs of one simulator, optionally persisted under `stateDir` so that every
// CLI process (each starts its own simulator) sees the same files, jobs and tuned models. A job's
// status and events are a pure function of what was stored at creation and the clock: a new
// process sees a job progress without anything having run in between.
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { estimateTraining } from "../finetune/estimate.js";
import type { ChatMessage } from "../model/index.js";
import { defaultEpochs, isObject, RULES, readJsonl, validateTrainingData } from "../training/index.js";
import { chance } from "./brain/chance.js";
import type { LearnedExample } from "./brain/parse.js";
import { learnedExamples } from "./brain/tuned.js";
import type { ModelRegistry } from "./registry.js";

export const DEFAULT_JOB_SECONDS = 3;
export const JOB_SECONDS_ENV = "TUNEBENCH_SIM_JOB_SECONDS";
export const TUNING_SLOT = "tuning.store";
const ORGANIZATION = "org-tunebench-sim";
/** Shares of a job's duration: validating files, queued, then running. */
const PHASES = { validating: 0.2, queued: 0.1 } as const;
const MAX_METRIC_EVENTS = 20;

export const FILE_PURPOSES = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"] as const;

export interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: number;
  createdAt: number;
  /** Upload order: created_at has whole seconds only, and ids are random. */
  createdAtMs?: number;
  sequence?: number;
}

let uploads = 0;

export type Hyper = number | "auto";

export interface StoredJob {
  id: string;
  /** As requested. */
  model: string;
  /** The registry model it trains from, and the examples that model already knew (tuning a tuned model). */
  base: string;
  trainingFile: string;
  validationFile: string | null;
  suffix: string | null;
  seed: number;
  method: "supervised" | "dpo";
  hyperparameters: { n_epochs: number; batch_size: number; learning_rate_multiplier: number };
  metadata: Record<string, string> | null;
  createdAtMs: number;
  durationMs: number;
  cancelledAtMs: number | null;
  failure: { code: string; message: string; param: string | null } | null;
  examples: number;
  totalSteps: number;
  trainedTokens: number;
  hasValidation: boolean;
  /** The id the tuned model gets when the job succeeds. */
  fineTunedModel: string;
}

export type JobStatus = "validating_files" | "queued" | "running" | "succeeded" | "failed" | "cancelled";
export const TERMINAL: ReadonlySet<JobStatus> = new Set(["succeeded", "failed", "cancelled"]);

export interface JobEvent {
  id: string;
  atMs: number;
  level: "info" | "warn" | "error";
  message: string;
  type: "message" | "metrics";
  data: Record<string, unknown>;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function randomId(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
}

function timeline(job: StoredJob): { validatedAt: number; startedAt: number; endsAt: number } {
  const validatedAt = job.createdAtMs + job.durationMs * PHASES.validating;
  const startedAt = validatedAt + job.durationMs * PHASES.queued;
  return { validatedAt, startedAt, endsAt: job.createdAtMs + job.durationMs };
}

/** Status at `now` and when it finished: a pure function of the stored job and the clock. */
export function jobStatus(job: StoredJob, now: number): { status: JobStatus; finishedAtMs: number | null } {
  const { validatedAt, startedAt, endsAt } = timeline(job);
  const terminalAt = job.failure ? validatedAt : endsAt;
  if (job.cancelledAtMs !== null && job.cancelledAtMs < terminalAt && now >= job.cancelledAtMs) {
    return { status: "cancelled", finishedAtMs: job.cancelledAtMs };
  }
  if (now >= terminalAt) return { status: job.failure ? "failed" : "succeeded", finishedAtMs: terminalAt };
  if (now >= startedAt) return { status: "running", finishedAtMs: null };
  if (now >= validatedAt) return { status: "queued", finishedAtMs: null };
  return { status: "validating_files", finishedAtMs: null };
}

function trainLoss(job: StoredJob, step: number): number {
  const start = 1.4 + chance("loss0", job.id) * 0.8;
  const jitter = (chance("loss", job.id, step) - 0.5) * 0.08;
  return Math.max(0.01, 0.05 + start * Math.exp((-4 * step) / job.totalSteps) + jitter);
}

/** Every event of the job up to `now`, oldest first; ids are stable across processes. */
export function jobEvents(job: StoredJob, now: number): JobEvent[] {
  const { validatedAt, startedAt, endsAt } = timeline(job);
  const all: Omit<JobEvent, "id">[] = [];
  const add = (
    atMs: number,
    message: string,
    level: JobEvent["level"] = "info",
    extra: Partial<JobEvent> = {},
  ) => all.push({ atMs, level, message, type: "message", data: {}, ...extra });
  add(job.createdAtMs, `Created fine-tuning job: ${job.id}`);
  add(
    job.createdAtMs + 1,
    `Validating training file: ${job.trainingFile}${job.validationFile ? ` and validation file: ${job.validationFile}` : ""}`,
  );
  if (job.failure) add(validatedAt, job.failure.message, "error");
  else {
    add(validatedAt, "Files validated, moving job to queued state");
    add(startedAt, "Fine-tuning job started");
    const every = Math.max(1, Math.ceil(job.totalSteps / MAX_METRIC_EVENTS));
    for (let step = every; step <= job.totalSteps; step += every) {
      const loss = trainLoss(job, step);
      const data: Record<string, unknown> = {
        step,
        train_loss: Number(loss.toFixed(4)),
        total_steps: job.totalSteps,
        train_mean_token_accuracy: Number(Math.min(0.99, 1 - loss / 2.5).toFixed(4)),
      };
      if (job.hasValidation) data.valid_loss = Number((loss * 1.08).toFixed(4));
      const at = startedAt + ((endsAt - startedAt) * 0.95 * step) / job.totalSteps;
      add(at, `Step ${step}/${job.totalSteps}: training loss=${loss.toFixed(4)}`, "info", {
        type: "metrics",
        data,
      });
    }
    add(endsAt - 1, `New fine-tuned model created: ${job.fineTunedModel}`);
    add(endsAt, "The job has successfully completed");
  }
  let events = all;
  if (job.cancelledAtMs !== null && jobStatus(job, Number.POSITIVE_INFINITY).status === "cancelled") {
    const at = job.cancelledAtMs;
    events = all.filter((e) => e.atMs < at);
    events.push({ atMs: at, level: "info", message: "Fine-tuning job cancelled", type: "message", data: {} });
  }
  return events
    .map((e, index) => ({ ...e, id: `ftevent-${job.id.slice(6, 18)}${String(index).padStart(4, "0")}` }))
    .filter((e) => e.atMs <= now);
}

function writeAtomic(file: string, text: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export interface TuningStoreOptions {
  models: ModelRegistry;
  /** Persist files, jobs and tuned models here (JSON, written atomically); in memory when absent. */
  stateDir?: string;
  /** Total duration of a job, validating through succeeded. */
  jobSeconds?: number;
  now?: () => number;
}

export interface JobRequest {
  model: string;
  base: string;
  prior: LearnedExample[];
  trainingFile: StoredFile;
  validationFile: StoredFile | null;
  suffix: string | null;
  seed: number | null;
  method: "supervised" | "dpo";
  hyperparameters: { n_epochs: Hyper; batch_size: Hyper; learning_rate_multiplier: Hyper };
  metadata: Record<string, string> | null;
}

/** Why a file makes the job fail, in the real API's words; null when it is fine. */
function fileFailure(
  text: string,
  model: string,
  method: "supervised" | "dpo",
  param: "training_file" | "validation_file",
): StoredJob["failure"] {
  const code = param === "training_file" ? "invalid_training_file" : "invalid_validation_file";
  const which = param === "training_file" ? "training" : "validation";
  const result = validateTrainingData(text, { model });
  const fail = (detail: string) => ({
    code,
    param,
    message: `The job failed due to an invalid ${which} file. ${detail}`,
  });
  const wanted = method === "dpo" ? "preference" : "chat";
  if (result.format !== "none" && result.format !== wanted && result.format !== "mixed") {
    return fail(
      `Invalid file format for the ${method} method: the examples are ${result.format} examples, expected ${wanted} examples.`,
    );
  }
  const first = result.errors.find((e) => !(param === "validation_file" && e.code === "too_few_examples"));
  if (!first) return null;
  if (first.code === "too_few_examples") {
    return fail(
      `${which[0]?.toUpperCase()}${which.slice(1)} file has ${result.lines} example(s), but must have at least 10 examples.`,
    );
  }
  const line = first.lines[0];
  return fail(
    `Invalid file format. ${line !== undefined ? `Line ${line}: ` : ""}${RULES[first.code].title}.`,
  );
}

/** The examples a tuned model learns from a training file (chat lines, and preferred outputs of DPO lines). */
function learnedFrom(text: string): LearnedExample[] {
  const records: { messages: ChatMessage[] }[] = [];
  for (const { value } of readJsonl(text).lines) {
    if (!isObject(value)) continue;
    let messages: unknown[] | null = null;
    if (Array.isArray(value.messages)) messages = value.messages;
    else if (
      isObject(value.input) &&
      Array.isArray(value.input.messages) &&
      Array.isArray(value.preferred_output)
    )
      messages = [...value.input.messages, ...value.preferred_output];
    if (!messages) continue;
    records.push({
      messages: messages.filter(isObject).map((m) => ({
        role: (m.role === "developer" ? "system" : m.role) as ChatMessage["role"],
        content:
          typeof m.content === "string"
            ? m.content
            : Array.isArray(m.content)
              ? m.content
                  .map((p: unknown) => (isObject(p) && typeof p.text === "string" ? p.text : ""))
                  .join("")
              : "",
      })),
    });
  }
  return learnedExamples(records);
}

export class TuningStore {
  readonly #files = new Map<string, StoredFile>();
  #jobs: StoredJob[] = [];
  readonly #materialized = new Set<string>();
  readonly #models: ModelRegistry;
  readonly #stateDir: string | null;
  readonly #jobMs: number;
  readonly #now: () => number;
  #jobsStamp = "";
  readonly #contents = new Map<string, Buffer>();

  constructor(options: TuningStoreOptions) {
    this.#models = options.models;
    this.#stateDir = options.stateDir ?? null;
    const env = Number(process.env[JOB_SECONDS_ENV]);
    const seconds = options.jobSeconds ?? (Number.isFinite(env) && env > 0 ? env : DEFAULT_JOB_SECONDS);
    this.#jobMs = Math.round(seconds * 1000);
    this.#now = options.now ?? Date.now;
    this.sync();
  }

  get now(): number {
    return this.#now();
  }

  #path(...parts: string[]): string {
    return path.join(this.#stateDir as string, ...parts);
  }

  /** Picks up jobs another process wrote, and registers models of jobs that have succeeded since. */
  sync(): void {
    if (this.#stateDir) {
      const file = this.#path("jobs.json");
      let stamp = "";
      try {
        const info = statSync(file);
        stamp = `${info.mtimeMs}:${info.size}`;
      } catch {
        stamp = "";
      }
      if (stamp !== this.#jobsStamp) {
        this.#jobsStamp = stamp;
        try {
          this.#jobs = stamp ? (JSON.parse(readFileSync(file, "utf8")) as StoredJob[]) : [];
        } catch {
          // Half-written by a crashed writer of an older version: keep what we had.
        }
      }
    }
    const now = this.#now();
    for (const job of this.#jobs) {
      if (this.#materialized.has(job.id) || jobStatus(job, now).status !== "succeeded") continue;
      this.#materialized.add(job.id);
      if (this.#models.get(job.fineTunedModel)) continue;
      const training = this.#readTraining(job.id);
      const [, , , suffix = "", uniqueId = job.id] = job.fineTunedModel.split(":");
      if (!this.#models.get(job.base)) continue;
      this.#models.addTuned({
        base: job.base,
        training,
        suffix,
        uniqueId,
        id: job.fineTunedModel,
        created: Math.floor(timeline(job).endsAt / 1000),
      });
    }
  }

  #saveJobs(): void {
    if (!this.#stateDir) return;
    const file = this.#path("jobs.json");
    writeAtomic(file, `${JSON.stringify(this.#jobs, null, 2)}\n`);
    const info = statSync(file);
    this.#jobsStamp = `${info.mtimeMs}:${info.size}`;
  }

  #trainingSnapshots = new Map<string, LearnedExample[]>();

  #readTraining(jobId: string): LearnedExample[] {
    const known = this.#trainingSnapshots.get(jobId);
    if (known) return known;
    if (!this.#stateDir) return [];
    const file = this.#path("training", `${jobId}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as LearnedExample[]) : [];
  }

  addFile(filename: string, purpose: string, data: Buffer): StoredFile {
    const file: StoredFile = {
      id: `file-${randomId(22)}`,
      filename,
      purpose,
      bytes: data.length,
      createdAt: Math.floor(this.#now() / 1000),
      createdAtMs: this.#now(),
      sequence: ++uploads,
    };
    this.#files.set(file.id, file);
    this.#contents.set(file.id, data);
    if (this.#stateDir) {
      writeAtomic(this.#path("files", `${file.id}.data`), data);
      writeAtomic(this.#path("files", `${file.id}.json`), `${JSON.stringify(file)}\n`);
    }
    return file;
  }

  getFile(id: string): StoredFile | undefined {
    const known = this.#files.get(id);
    if (known || !this.#stateDir || !/^file-[A-Za-z0-9]+$/.test(id)) return known;
    const meta = this.#path("files", `${id}.json`);
    if (!existsSync(meta)) return undefined;
    const file = JSON.parse(readFileSync(meta, "utf8")) as StoredFile;
    this.#files.set(id, file);
    return file;
  }

  fileContent(id: string): Buffer | undefined {
    const known = this.#contents.get(id);
    if (known) return known;
    if (!this.getFile(id) || !this.#stateDir) return undefined;
    const data = readFileSync(this.#path("files", `${id}.data`));
    this.#contents.set(id, data);
    return data;
  }

  listFiles(): StoredFile[] {
    if (this.#stateDir && existsSync(this.#path("files"))) {
      for (const name of readdirSync(this.#path("files"))) {
        const m = /^(file-[A-Za-z0-9]+)\.json$/.exec(name);
        if (m?.[1]) this.getFile(m[1]);
      }
    }
    const order = (f: StoredFile) => f.createdAtMs ?? f.createdAt * 1000;
    return [...this.#files.values()].sort(
      (a, b) => order(a) - order(b) || (a.sequence ?? 0) - (b.sequence ?? 0) || (a.id < b.id ? -1 : 1),
    );
  }

  deleteFile(id: string): boolean {
    if (!this.getFile(id)) return false;
    this.#files.delete(id);
    this.#contents.delete(id);
    if (this.#stateDir) {
      rmSync(this.#path("files", `${id}.json`), { force: true });
      rmSync(this.#path("files", `${id}.data`), { force: true });
    }
    return true;
  }

  createJob(request: JobRequest): StoredJob {
    const id = `ftjob-${randomId(24)}`;
    const text = (this.fileContent(request.trainingFile.id) ?? Buffer.alloc(0)).toString("utf8");
    const validText = request.validationFile
      ? (this.fileContent(request.validationFile.id) ?? Buffer.alloc(0)).toString("utf8")
      : null;
    const failure =
      fileFailure(text, request.base, request.method, "training_file") ??
      (validText === null ? null : fileFailure(validText, request.base, request.method, "validation_file"));
    const examples = readJsonl(text).lines.length;
    const h = request.hyperparameters;
    const epochs = h.n_epochs === "auto" ? defaultEpochs(examples) : h.n_epochs;
    const batch =
      h.batch_size === "auto" ? Math.max(1, Math.min(256, Math.round(examples * 0.002))) : h.batch_size;
    const estimate = estimateTraining(text, { model: request.base, epochs });
    const uniqueId = id.slice(6, 14).toLowerCase();
    // Taken after the file checks (tokenizing can take a while), so a new job starts validating.
    const now = this.#now();
    const job: StoredJob = {
      id,
      model: request.model,
      base: request.base,
      trainingFile: request.trainingFile.id,
      validationFile: request.validationFile?.id ?? null,
      suffix: request.suffix,
      seed: request.seed ?? Math.floor(chance("seed", id) * 2 ** 31),
      method: request.method,
      hyperparameters: {
        n_epochs: epochs,
        batch_size: batch,
        learning_rate_multiplier: h.learning_rate_multiplier === "auto" ? 2 : h.learning_rate_multiplier,
      },
      metadata: request.metadata,
      createdAtMs: now,
      durationMs: this.#jobMs,
      cancelledAtMs: null,
      failure,
      examples,
      totalSteps: Math.max(1, epochs * Math.ceil(Math.max(1, examples) / batch)),
      trainedTokens: estimate.billedTokens,
      hasValidation: validText !== null,
      fineTunedModel: `ft:${request.base}:tunebench-sim:${request.suffix ?? ""}:${uniqueId}`,
    };
    if (!failure) {
      const training = [...request.prior, ...learnedFrom(text)];
      this.#trainingSnapshots.set(id, training);
      if (this.#stateDir) writeAtomic(this.#path("training", `${id}.json`), JSON.stringify(training));
    }
    this.sync();
    this.#jobs.push(job);
    this.#saveJobs();
    return job;
  }

  getJob(id: string): StoredJob | undefined {
    return this.#jobs.find((j) => j.id === id);
  }

  /** Newest first, like the API. */
  listJobs(): StoredJob[] {
    return [...this.#jobs].sort((a, b) => b.createdAtMs - a.createdAtMs || (a.id < b.id ? 1 : -1));
  }

  /** Marks the job cancelled now; false when it had already finished. */
  cancelJob(id: string): { job: StoredJob; cancelled: boolean } | undefined {
    this.sync();
    const job = this.getJob(id);
    if (!job) return undefined;
    const now = this.#now();
    if (TERMINAL.has(jobStatus(job, now).status)) return { job, cancelled: false };
    job.cancelledAtMs = now;
    this.#saveJobs();
    return { job, cancelled: true };
  }

  /** The job as the API shows it at `now`. */
  jobObject(job: StoredJob, now = this.#now()) {
    const { status, finishedAtMs } = jobStatus(job, now);
    const hyperparameters = { ...job.hyperparameters };
    return {
      object: "fine_tuning.job" as const,
      id: job.id,
      model: job.model,
      created_at: Math.floor(job.createdAtMs / 1000),
      finished_at: finishedAtMs === null ? null : Math.floor(finishedAtMs / 1000),
      fine_tuned_model: status === "succeeded" ? job.fineTunedModel : null,
      organization_id: ORGANIZATION,
      result_files: [] as string[],
      status,
      validation_file: job.validationFile,
      training_file: job.trainingFile,
      hyperparameters,
      trained_tokens: status === "succeeded" ? job.trainedTokens : null,
      error: status === "failed" ? job.failure : null,
      user_provided_suffix: job.suffix,
      seed: job.seed,
      estimated_finish: TERMINAL.has(status) ? null : Math.ceil(timeline(job).endsAt / 1000),
      integrations: [] as unknown[],
      metadata: job.metadata,
      method: { type: job.method, [job.method]: { hyperparameters } },
    };
  }
}

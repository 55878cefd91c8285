// Files and fine-tuning jobs of one simulator, optionally persisted under `stateDir` so that every
// CLI process (each starts its own simulator) sees the same files, jobs and tuned models.
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
import { defaultEpochs } from "../training/index.js";
import { chance } from "./brain/chance.js";
import type { LearnedExample } from "./brain/parse.js";
import { type Hyper, jobStatus, type StoredJob, TERMINAL, timeline } from "./job-timeline.js";
import type { ModelRegistry } from "./registry.js";
import { checkTrainingFile, learnedFrom } from "./training-file.js";

export const DEFAULT_JOB_SECONDS = 3;
export const JOB_SECONDS_ENV = "TUNEBENCH_SIM_JOB_SECONDS";
export const TUNING_SLOT = "tuning.store";
const ORGANIZATION = "org-tunebench-sim";
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

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
function randomId(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join("");
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
    const data = this.fileContent(request.trainingFile.id) ?? Buffer.alloc(0);
    const training = checkTrainingFile(data, request.base, request.method, "training_file");
    const validData = request.validationFile
      ? (this.fileContent(request.validationFile.id) ?? Buffer.alloc(0))
      : null;
    const failure =
      training.failure ??
      (validData && checkTrainingFile(validData, request.base, request.method, "validation_file").failure);
    const { examples } = training;
    const h = request.hyperparameters;
    const epochs = h.n_epochs === "auto" ? defaultEpochs(examples) : h.n_epochs;
    const batch =
      h.batch_size === "auto" ? Math.max(1, Math.min(256, Math.round(examples * 0.002))) : h.batch_size;
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
      trainedTokens: training.billed(epochs),
      hasValidation: validData !== null,
      fineTunedModel: `ft:${request.base}:tunebench-sim:${request.suffix ?? ""}:${uniqueId}`,
    };
    if (!failure) {
      const learned = [...request.prior, ...learnedFrom(data)];
      this.#trainingSnapshots.set(id, learned);
      if (this.#stateDir) writeAtomic(this.#path("training", `${id}.json`), JSON.stringify(learned));
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

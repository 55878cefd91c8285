// A simulated fine-tuning job's life: its status and events are a pure function of what was stored
// at its creation and the clock, so a new process sees a job progress without anything having run.
import { chance } from "./brain/chance.js";

/** Shares of a job's duration: validating files, queued, then running. */
const PHASES = { validating: 0.2, queued: 0.1 } as const;
const MAX_METRIC_EVENTS = 20;
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

export function timeline(job: StoredJob): { validatedAt: number; startedAt: number; endsAt: number } {
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

import { createReadStream } from "node:fs";
import path from "node:path";
import { APIConnectionError, APIError, AzureOpenAI, type OpenAI, toFile } from "openai";
import type { FileObject } from "openai/resources/files";
import type { FineTuningJob, FineTuningJobEvent, JobCreateParams } from "openai/resources/fine-tuning/jobs";

export type { FineTuningJob, FineTuningJobEvent };

/** Statuses after which a job never changes. Anything else (including statuses we don't know) means "keep polling". */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["succeeded", "failed", "cancelled"]);

export function isTerminal(status: string): boolean {
  return TERMINAL_STATUSES.has(status);
}

/** Uploads a JSONL file with purpose fine-tune. */
export async function uploadTrainingFile(client: OpenAI, file: string): Promise<FileObject> {
  return client.files.create({
    file: await toFile(createReadStream(file), path.basename(file)),
    purpose: "fine-tune",
  });
}

export type Auto<T> = T | "auto";

export interface CreateJobOptions {
  model: string;
  trainingFile: string;
  validationFile?: string | null;
  suffix?: string | null;
  seed?: number | null;
  epochs?: Auto<number>;
  batchSize?: Auto<number>;
  learningRateMultiplier?: Auto<number>;
}

/**
 * Creates a supervised job; hyperparameters left out or "auto" are the provider's choice. Azure
 * OpenAI (api-version 2024-10-21, FineTuningJobCreation) takes no `method` and only numbers as
 * hyperparameters, at the top level: "auto" is said there by leaving the value out.
 */
export async function createTuningJob(client: OpenAI, options: CreateJobOptions): Promise<FineTuningJob> {
  const azure = client instanceof AzureOpenAI;
  const hyperparameters: Record<string, number | "auto"> = {};
  const set = (key: string, value: Auto<number> | undefined) => {
    if (value !== undefined && !(azure && value === "auto")) hyperparameters[key] = value;
  };
  set("n_epochs", options.epochs);
  set("batch_size", options.batchSize);
  set("learning_rate_multiplier", options.learningRateMultiplier);
  const params: JobCreateParams = { model: options.model, training_file: options.trainingFile };
  if (!azure) params.method = { type: "supervised", supervised: { hyperparameters } };
  else if (Object.keys(hyperparameters).length) params.hyperparameters = hyperparameters;
  if (options.validationFile) params.validation_file = options.validationFile;
  if (options.suffix) params.suffix = options.suffix;
  if (options.seed !== undefined && options.seed !== null) params.seed = options.seed;
  return client.fineTuning.jobs.create(params);
}

/**
 * Events newer than `lastEventId`, oldest first. The API lists newest first and pages towards
 * older ones, so this reads pages until it meets the last event already seen.
 */
export async function newEvents(
  client: OpenAI,
  jobId: string,
  lastEventId: string | null,
  options: { maxPages?: number; signal?: AbortSignal } = {},
): Promise<FineTuningJobEvent[]> {
  const out: FineTuningJobEvent[] = [];
  let after: string | undefined;
  const request = options.signal ? { signal: options.signal } : {};
  for (let i = 0; i < (options.maxPages ?? 10); i++) {
    const page = await client.fineTuning.jobs.listEvents(
      jobId,
      { limit: 100, ...(after ? { after } : {}) },
      request,
    );
    for (const event of page.data) {
      if (event.id === lastEventId) return out.reverse();
      out.push(event);
    }
    const last = page.data[page.data.length - 1];
    if (!page.has_more || !last) break;
    after = last.id;
  }
  return out.reverse();
}

export interface FollowOptions {
  /** Events up to this one were shown before (a resumed wait). */
  lastEventId?: string | null;
  onEvent?(event: FineTuningJobEvent): void;
  /** After every poll: the job and the newest event seen (persist them here). */
  onPoll?(job: FineTuningJob, lastEventId: string | null): void;
  /** Backoff between polls: starts at minDelayMs, grows ×1.5 while nothing changes, up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
}

/** Waits `ms`, or rejects as soon as `signal` aborts; the listener is removed either way. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Network trouble, rate limits and server errors: worth another poll. */
function transient(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true;
  return (
    error instanceof APIError &&
    typeof error.status === "number" &&
    (error.status === 429 || error.status >= 500)
  );
}

/** Consecutive failed polls (after the SDK's own retries) before following the job gives up. */
export const MAX_FAILED_POLLS = 5;

/**
 * Polls a job until it succeeds, fails or is cancelled; unknown statuses are reported and waited
 * out. A poll that fails transiently (connection, 429, 5xx) is retried after the longest delay.
 */
export async function followJob(
  client: OpenAI,
  jobId: string,
  options: FollowOptions = {},
): Promise<FineTuningJob> {
  const min = options.minDelayMs ?? 500;
  const max = options.maxDelayMs ?? 10_000;
  let delay = min;
  let lastEventId = options.lastEventId ?? null;
  let lastStatus = "";
  let failures = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    let job: FineTuningJob;
    let events: FineTuningJobEvent[];
    try {
      // The signal stops a request in flight too: an endpoint that hangs must not keep Ctrl-C waiting.
      const signal = options.signal;
      job = await client.fineTuning.jobs.retrieve(jobId, signal ? { signal } : {});
      // Events are read after the job, so a finished job's last events are never missed.
      events = await newEvents(client, jobId, lastEventId, signal ? { signal } : {});
      failures = 0;
    } catch (error) {
      if (!transient(error) || ++failures > MAX_FAILED_POLLS) throw error;
      await pause(max, options.signal);
      continue;
    }
    for (const event of events) {
      options.onEvent?.(event);
      lastEventId = event.id;
    }
    options.onPoll?.(job, lastEventId);
    if (isTerminal(job.status)) return job;
    const changed = events.length > 0 || job.status !== lastStatus;
    lastStatus = job.status;
    delay = changed ? min : Math.min(max, Math.round(delay * 1.5));
    await pause(delay, options.signal);
  }
}

// The Batch API of one simulator: a batch's status is a function of its creation time and the
// clock (validating, in_progress, finalizing, completed over `batchSeconds`), so a batch made by one
// process completes for the next one (batches persist under `stateDir` like files and jobs). Its
// lines are answered when it completes, by the same code as /v1/chat/completions; a share of them
// (`failRate`, drawn from the seed, the custom_id and the batch's ordinal in its run) fails with a
// server error.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../config/index.js";
import { chance } from "./brain/chance.js";
import { SimError } from "./errors.js";
import type { SimContext } from "./router.js";
import { chatCompletion } from "./routes/chat.js";
import type { TuningStore } from "./tuning.js";

export const BATCH_SLOT = "batches.store";
const DEFAULT_BATCH_SECONDS = 2;
const WINDOW_SECONDS = 24 * 3600;
/** Shares of a batch's time: validating, then in progress until finalizing. */
const PHASES = { validating: 0.1, finalizing: 0.9 } as const;

export interface StoredBatch {
  id: string;
  endpoint: string;
  inputFileId: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  createdAtMs: number;
  /**
   * How many batches of the same run (`metadata.tunebench_run`) the simulator had made before this
   * one. A failed line's fate is drawn with it: a request sent again in a later batch (a resumed
   * run's retry) may succeed, as on a real server, while a fresh run fails the same lines every
   * time. Not all batches kept: the built-in simulator keeps them between runs in .tunebench/sim.
   */
  ordinal?: number;
  /** Input file problems: the batch fails after validating. */
  errors: { code: string; message: string; param: string | null; line: number | null }[];
  total: number;
  cancelledAtMs: number | null;
  /** Set once the batch is completed and its results are written. */
  result: {
    outputFileId: string | null;
    errorFileId: string | null;
    completed: number;
    failed: number;
  } | null;
}

export interface BatchStoreOptions {
  files: TuningStore;
  stateDir?: string;
  /** How long a batch takes, created to completed (default 2). */
  seconds?: number;
  /** Share of requests that fail with a server error (default 0). */
  failRate?: number;
  now?: () => number;
}

const unix = (ms: number) => Math.floor(ms / 1000);

function validate(text: string, endpoint: string): Pick<StoredBatch, "errors" | "total"> {
  const errors: StoredBatch["errors"] = [];
  const ids = new Set<string>();
  let total = 0;
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === "") continue;
    total++;
    const line = i + 1;
    const fail = (code: string, message: string, param: string | null = null) => {
      errors.push({ code, message, param, line });
    };
    let item: { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };
    try {
      item = JSON.parse(raw) as typeof item;
    } catch {
      fail("invalid_json_line", "This line is not parseable as valid JSON.");
      continue;
    }
    if (typeof item.custom_id !== "string")
      fail("missing_required_parameter", "Missing custom_id.", "custom_id");
    else if (ids.has(item.custom_id))
      fail(
        "duplicate_custom_id",
        "The custom_id for this request is a duplicate of another request.",
        "custom_id",
      );
    else if (item.method !== "POST") fail("invalid_method", "Only POST is supported.", "method");
    else if (item.url !== endpoint)
      fail(
        "mismatched_endpoint",
        `The URL in this request does not match the endpoint of the batch (${endpoint}).`,
        "url",
      );
    else if (typeof item.body !== "object" || item.body === null)
      fail("invalid_request", "Missing body.", "body");
    if (typeof item.custom_id === "string") ids.add(item.custom_id);
  }
  if (total === 0)
    errors.push({ code: "empty_file", message: "The input file is empty.", param: null, line: null });
  return { errors, total };
}

export class BatchStore {
  readonly #batches = new Map<string, StoredBatch>();
  readonly #files: TuningStore;
  readonly #stateDir: string | null;
  readonly #ms: number;
  readonly #failRate: number;
  readonly #now: () => number;

  constructor(options: BatchStoreOptions) {
    this.#files = options.files;
    this.#stateDir = options.stateDir ?? null;
    this.#ms = Math.round((options.seconds ?? DEFAULT_BATCH_SECONDS) * 1000);
    this.#failRate = options.failRate ?? 0;
    this.#now = options.now ?? Date.now;
  }

  #file(id: string): string {
    return path.join(this.#stateDir as string, "batches", `${id}.json`);
  }

  #save(batch: StoredBatch): void {
    this.#batches.set(batch.id, batch);
    if (!this.#stateDir) return;
    const file = this.#file(batch.id);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify(batch));
  }

  get(id: string): StoredBatch | undefined {
    const known = this.#batches.get(id);
    if (known || !this.#stateDir || !/^batch_[A-Za-z0-9]+$/.test(id) || !existsSync(this.#file(id)))
      return known;
    const batch = JSON.parse(readFileSync(this.#file(id), "utf8")) as StoredBatch;
    this.#batches.set(id, batch);
    return batch;
  }

  list(): StoredBatch[] {
    if (this.#stateDir && existsSync(path.join(this.#stateDir, "batches")))
      for (const name of readdirSync(path.join(this.#stateDir, "batches")))
        if (name.endsWith(".json")) this.get(name.slice(0, -5));
    return [...this.#batches.values()].sort(
      (a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1),
    );
  }

  create(request: {
    inputFileId: string;
    endpoint: string;
    window: string;
    metadata: Record<string, string> | null;
  }): StoredBatch {
    const file = this.#files.getFile(request.inputFileId);
    if (!file)
      throw new SimError(
        400,
        `No such File object: ${request.inputFileId}`,
        "invalid_request_error",
        "input_file_id",
        null,
      );
    if (file.purpose !== "batch")
      throw new SimError(
        400,
        `The input file must be uploaded with purpose 'batch', not '${file.purpose}'.`,
        "invalid_request_error",
        "input_file_id",
        "invalid_value",
      );
    const text = (this.#files.fileContent(file.id) ?? Buffer.alloc(0)).toString("utf8");
    const batch: StoredBatch = {
      id: `batch_${randomBytes(12).toString("hex")}`,
      endpoint: request.endpoint,
      inputFileId: file.id,
      completionWindow: request.window,
      metadata: request.metadata,
      createdAtMs: this.#now(),
      ordinal: this.list().filter((b) => b.metadata?.tunebench_run === request.metadata?.tunebench_run)
        .length,
      ...validate(text, request.endpoint),
      cancelledAtMs: null,
      result: null,
    };
    this.#save(batch);
    return batch;
  }

  cancel(batch: StoredBatch): StoredBatch {
    const status = this.#status(batch);
    if (status === "validating" || status === "in_progress" || status === "finalizing")
      this.#save({ ...batch, cancelledAtMs: this.#now() });
    return this.get(batch.id) as StoredBatch;
  }

  #status(
    batch: StoredBatch,
  ): "validating" | "failed" | "in_progress" | "finalizing" | "completed" | "cancelled" {
    const elapsed = this.#now() - batch.createdAtMs;
    if (batch.cancelledAtMs !== null) return "cancelled";
    if (elapsed < this.#ms * PHASES.validating) return "validating";
    if (batch.errors.length > 0) return "failed";
    if (elapsed < this.#ms * PHASES.finalizing) return "in_progress";
    if (elapsed < this.#ms) return "finalizing";
    return "completed";
  }

  /** Answers every line once the batch has completed, into an output and an error file. */
  #complete(batch: StoredBatch, context: SimContext): StoredBatch {
    if (batch.result || this.#status(batch) !== "completed") return batch;
    const text = (this.#files.fileContent(batch.inputFileId) ?? Buffer.alloc(0)).toString("utf8");
    const output: string[] = [];
    const failed: string[] = [];
    for (const raw of text.split("\n")) {
      if (raw.trim() === "") continue;
      const item = JSON.parse(raw) as { custom_id: string; body: Record<string, unknown> };
      const id = `batch_req_${randomBytes(12).toString("hex")}`;
      const requestId = `req_${randomBytes(12).toString("hex")}`;
      const line = (status: number, body: unknown) =>
        JSON.stringify({
          id,
          custom_id: item.custom_id,
          response: { status_code: status, request_id: requestId, body },
          error: null,
        });
      const again = batch.ordinal ? [batch.ordinal] : []; // the first batch draws as it always has
      if (chance("batch-fail", context.settings.seed, item.custom_id, ...again) < this.#failRate) {
        failed.push(
          line(
            500,
            new SimError(
              500,
              "The server had an error while processing your request.",
              "server_error",
            ).toBody(),
          ),
        );
        continue;
      }
      try {
        output.push(line(200, chatCompletion(item.body, context)));
      } catch (error) {
        if (!(error instanceof SimError)) throw error;
        failed.push(line(error.status, error.toBody()));
      }
    }
    const store = (lines: string[], name: string) =>
      lines.length
        ? this.#files.addFile(name, "batch_output", Buffer.from(`${lines.join("\n")}\n`)).id
        : null;
    const done: StoredBatch = {
      ...batch,
      result: {
        outputFileId: store(output, `${batch.id}_output.jsonl`),
        errorFileId: store(failed, `${batch.id}_error.jsonl`),
        completed: output.length,
        failed: failed.length,
      },
    };
    this.#save(done);
    return done;
  }

  /** The batch object as the API returns it (fields without a value left out, as the description allows). */
  view(stored: StoredBatch, context: SimContext): Record<string, unknown> {
    const batch = this.#complete(stored, context);
    const status = this.#status(batch);
    const at = (share: number) => unix(batch.createdAtMs + this.#ms * share);
    const reached = (share: number) => this.#now() >= batch.createdAtMs + this.#ms * share;
    const result = batch.result;
    // While in progress the counts grow with the clock, as a real batch's do.
    const progress = Math.min(
      1,
      Math.max(0, (this.#now() - batch.createdAtMs) / this.#ms - PHASES.validating) /
        (PHASES.finalizing - PHASES.validating),
    );
    const done =
      result?.completed ??
      (status === "in_progress" || status === "finalizing" ? Math.floor(batch.total * progress) : 0);
    const failed = result?.failed ?? 0;
    const view: Record<string, unknown> = {
      id: batch.id,
      object: "batch",
      endpoint: batch.endpoint,
      input_file_id: batch.inputFileId,
      completion_window: batch.completionWindow,
      status,
      created_at: unix(batch.createdAtMs),
      expires_at: unix(batch.createdAtMs) + WINDOW_SECONDS,
      request_counts: { total: batch.total, completed: done, failed },
      metadata: batch.metadata,
    };
    if (batch.errors.length) view.errors = { object: "list", data: batch.errors };
    if (status === "failed") view.failed_at = at(PHASES.validating);
    else if (batch.errors.length === 0 && reached(PHASES.validating) && status !== "cancelled")
      view.in_progress_at = at(PHASES.validating);
    if (status === "finalizing" || status === "completed") view.finalizing_at = at(PHASES.finalizing);
    if (status === "completed") view.completed_at = at(1);
    if (batch.cancelledAtMs !== null) {
      view.cancelling_at = unix(batch.cancelledAtMs);
      view.cancelled_at = unix(batch.cancelledAtMs);
    }
    if (result?.outputFileId) view.output_file_id = result.outputFileId;
    if (result?.errorFileId) view.error_file_id = result.errorFileId;
    return view;
  }
}

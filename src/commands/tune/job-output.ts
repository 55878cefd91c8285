// How a job's progress and outcome are shown, shared by start --wait, wait and status.
import path from "node:path";
import { formatCount } from "../../analysis/format.js";
import type { FineTuningJob, FineTuningJobEvent, JobOutcome } from "../../finetune/index.js";
import { EXIT } from "../errors.js";
import { err, money, out, rel } from "./helpers.js";

function clock(seconds: number): string {
  return new Date(seconds * 1000).toTimeString().slice(0, 8);
}

/** A one-line status that rewrites itself on a terminal (nothing when stderr is a file). */
export class Progress {
  readonly #tty = Boolean(process.stderr.isTTY);
  readonly #started = Date.now();
  #shown = false;
  step = "";

  clear(): void {
    if (this.#tty && this.#shown) process.stderr.write("\r\x1b[2K");
    this.#shown = false;
  }

  show(job: FineTuningJob): void {
    if (!this.#tty) return;
    const elapsed = ((Date.now() - this.#started) / 1000).toFixed(1);
    process.stderr.write(`\r\x1b[2K  ${job.status}${this.step ? ` · ${this.step}` : ""} · ${elapsed} s`);
    this.#shown = true;
  }
}

export function eventPrinter(progress: Progress) {
  return (event: FineTuningJobEvent) => {
    progress.clear();
    const data = (event.data ?? {}) as Record<string, unknown>;
    const level = event.level === "info" ? "" : `${event.level.toUpperCase()} `;
    if (event.type === "metrics" && typeof data.step === "number") {
      const total = typeof data.total_steps === "number" ? `/${data.total_steps}` : "";
      const loss = typeof data.train_loss === "number" ? `  train loss ${data.train_loss.toFixed(4)}` : "";
      const valid = typeof data.valid_loss === "number" ? `  valid loss ${data.valid_loss.toFixed(4)}` : "";
      progress.step = `step ${data.step}${total}${loss.replace("  train", " ·")}`;
      out(`  ${clock(event.created_at)}  step ${data.step}${total}${loss}${valid}`);
    } else out(`  ${clock(event.created_at)}  ${level}${event.message}`);
  };
}

export function printOutcome(outcome: JobOutcome, config: string): number {
  const { job, record, recordFile } = outcome;
  if (job.status === "succeeded" && record && recordFile) {
    const served = record.suites
      ? `suite${record.suites.length === 1 ? "" : "s"} ${record.suites.join(", ")}`
      : "every suite without a model of its own";
    const seconds = job.finished_at && job.created_at ? ` in ${job.finished_at - job.created_at} s` : "";
    out(`job ${job.id} succeeded${seconds}: ${record.model}`);
    out(
      `  trained tokens ${record.trainedTokens === null ? "not reported" : formatCount(record.trainedTokens)} (estimated ${record.estimatedTokens === null ? "-" : formatCount(record.estimatedTokens)}); training cost ${money(record.trainingCost)}`,
    );
    out(
      `recorded in ${rel(recordFile)}: \`tunebench run\` serves ${served} with it, for tuned strategies on endpoint "${record.endpoint}" that name no model. To pin it, put this in ${rel(path.resolve(config))}:`,
    );
    out("strategies:");
    // A model of a task is pinned by its record, so it keeps serving only its suites.
    out(
      record.suites
        ? `  tuned: { endpoint: ${record.endpoint}, records: [${record.jobId}] }`
        : `  tuned: { endpoint: ${record.endpoint}, model: "${record.model}" }`,
    );
    return EXIT.ok;
  }
  if (job.status === "failed") {
    const e = job.error;
    err(`job ${job.id} failed${e ? `: ${e.code}${e.param ? ` (${e.param})` : ""}: ${e.message}` : ""}`);
    return EXIT.gateFailed;
  }
  if (job.status === "cancelled") {
    err(`job ${job.id} was cancelled`);
    return EXIT.gateFailed;
  }
  out(`job ${job.id}: ${job.status}`);
  return EXIT.ok;
}

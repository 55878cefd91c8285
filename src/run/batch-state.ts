// The batches a run submitted, in its folder (batches.jsonl, one line per event, appended), so a
// killed `run --batch` picks them up instead of submitting again. Each batch's request file stays
// beside it until its results are in: it says which trials the batch holds.
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Endpoints } from "../endpoints/index.js";
import type { TrialRecord } from "../runlog/index.js";
import { keyOfCustomId } from "./batch-lines.js";
import type { Budget } from "./budget.js";
import type { TrialContext } from "./execute.js";
import type { PlannedTrial } from "./plan.js";

/** What submitting and collecting need of the run. */
export interface BatchRun {
  dir: string;
  runId: string;
  endpoints: Endpoints;
  ctx: TrialContext;
  /** The plan's trials not recorded yet, in plan order (a new pass each call). */
  pending(): AsyncGenerator<PlannedTrial>;
  /** A finished trial: into the log and to the hooks. */
  record(record: TrialRecord, trial: PlannedTrial): Promise<void>;
  /** A line for the person waiting (stderr). */
  note(message: string): void;
  pollMs?: { first: number; max: number };
  /** `--max-cost`: trials are admitted as they are submitted, settled as they are collected. */
  budget?: Budget | null;
  /**
   * Ctrl-C: submit nothing more and stop polling at once. Submitted batches run on at the
   * endpoint (nothing is in flight here to wait for); the resume collects them.
   */
  signal?: AbortSignal | undefined;
}

const BATCHES_FILE = "batches.jsonl";
export const BATCH_INPUT_DIR = "batches";

const SubmittedShape = z.object({
  id: z.string(),
  endpoint: z.string(),
  /** The request file, relative to the run folder. */
  input: z.string(),
  trials: z.int().nonnegative(),
  submittedAt: z.string(),
});
const CollectedShape = z.object({ id: z.string(), collected: z.string(), status: z.string() });

export type SubmittedBatch = z.infer<typeof SubmittedShape>;

/** The run's batches whose results are not in the log yet, in submission order. */
export function openBatches(runDir: string): SubmittedBatch[] {
  const file = path.join(runDir, BATCHES_FILE);
  if (!existsSync(file)) return [];
  const open = new Map<string, SubmittedBatch>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      continue; // a line torn by a kill: its batch is submitted again
    }
    const submitted = SubmittedShape.safeParse(data);
    if (submitted.success) open.set(submitted.data.id, submitted.data);
    const collected = CollectedShape.safeParse(data);
    if (collected.success) open.delete(collected.data.id);
  }
  return [...open.values()];
}

/**
 * The number of the run's next request file ("<n>-<endpoint>.jsonl"): above every file in its
 * batches/ folder. Not the count of batches submitted: files are numbered as they are opened and
 * recorded as they are submitted, so an open batch's may be numbered above it, and a new file of
 * that name would empty the one that says which trials the batch holds.
 */
export function nextRequestNumber(runDir: string): number {
  const dir = path.join(runDir, BATCH_INPUT_DIR);
  const numbers = existsSync(dir) ? readdirSync(dir).map((name) => Number.parseInt(name, 10) || 0) : [];
  return Math.max(0, ...numbers) + 1;
}

export function recordSubmitted(runDir: string, batch: SubmittedBatch): void {
  appendFileSync(path.join(runDir, BATCHES_FILE), `${JSON.stringify(batch)}\n`);
}

export function recordCollected(runDir: string, id: string, status: string): void {
  appendFileSync(
    path.join(runDir, BATCHES_FILE),
    `${JSON.stringify({ id, collected: new Date().toISOString(), status })}\n`,
  );
}

/** The trial keys a batch's request file names. */
export function requestKeys(runDir: string, batch: SubmittedBatch): Set<string> {
  const keys = new Set<string>();
  for (const line of readFileSync(path.join(runDir, batch.input), "utf8").split("\n")) {
    const key = line ? keyOfCustomId((JSON.parse(line) as { custom_id?: unknown }).custom_id) : null;
    if (key) keys.add(key);
  }
  return keys;
}

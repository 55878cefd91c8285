// Collecting: poll every open batch with backoff, and once it is done read its output and error
// files, turning each line into the trial's record by the synchronous path (finishTrial: the
// same scoring), priced at the batch price. Trials a batch did not answer (it failed, expired or
// was cancelled) stay pending: resuming the run sends them again.
import { rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { linesOf } from "../config/index.js";
import { batchPrice } from "../model/index.js";
import { readResultLine } from "./batch-lines.js";
import { type BatchRun, recordCollected, requestKeys, type SubmittedBatch } from "./batch-state.js";
import { finishTrial, prepareTrial } from "./execute.js";
import { type PlannedTrial, plannedKey } from "./plan.js";

const DONE = new Set(["completed", "failed", "expired", "cancelled"]);

/** The lines of a file the endpoint serves, streamed. */
async function* fileLines(b: BatchRun, endpoint: string, fileId: string): AsyncGenerator<string> {
  const response = await b.endpoints.sdk(endpoint).files.content(fileId);
  for await (const line of linesOf(response.body as unknown as AsyncIterable<Uint8Array>))
    if (line.trim()) yield line;
}

/** The batch's trials, by key: those its request file names, found in the plan. */
async function trialsOf(b: BatchRun, batch: SubmittedBatch): Promise<Map<string, PlannedTrial>> {
  const keys = requestKeys(b.dir, batch);
  const trials = new Map<string, PlannedTrial>();
  for await (const t of b.pending()) {
    const key = plannedKey(t);
    if (keys.has(key)) trials.set(key, t);
  }
  return trials;
}

async function collect(
  b: BatchRun,
  batch: SubmittedBatch,
  status: string,
  files: (string | null | undefined)[],
) {
  const trials = await trialsOf(b, batch);
  for (const fileId of files) {
    if (!fileId) continue;
    for await (const text of fileLines(b, batch.endpoint, fileId)) {
      const { key, outcome } = readResultLine(text, "");
      const planned = key ? trials.get(key) : undefined;
      if (!planned || !key) continue;
      trials.delete(key);
      const p = await prepareTrial(planned, b.ctx);
      // Kept like a synchronous answer: a later run (batched or not) does not pay for it again.
      if (p.request && "response" in outcome)
        await b.endpoints.responses(batch.endpoint)?.put(p.request, outcome.response);
      const record = { ...(p.request ? await finishTrial(p, outcome, b.ctx, batchPrice) : p.record) };
      Object.assign(record, { latencyMs: null, batchId: batch.id });
      b.budget?.settle(p, record);
      await b.record(record, planned);
    }
  }
  if (trials.size)
    b.note(
      `batch ${batch.id} ended ${status} with ${trials.size} trials unanswered: resume the run to send them again`,
    );
  recordCollected(b.dir, batch.id, status);
  rmSync(path.join(b.dir, batch.input), { force: true });
}

/** Polls until every batch is done (1 s, growing by half up to a minute), collecting each as it finishes. */
export async function collectBatches(b: BatchRun, batches: readonly SubmittedBatch[]): Promise<void> {
  const open = new Map(batches.map((batch) => [batch.id, { batch, seen: "" }]));
  let wait = b.pollMs?.first ?? 1000;
  while (open.size > 0) {
    if (b.signal?.aborted) {
      b.note(
        `batch(es) ${[...open.keys()].join(", ")} keep running at the endpoint; the resume collects them`,
      );
      return;
    }
    for (const [id, entry] of open) {
      const now = await b.endpoints.sdk(entry.batch.endpoint).batches.retrieve(id);
      const counts = now.request_counts;
      const seen = `${now.status} ${counts ? `${counts.completed + counts.failed}/${counts.total} done${counts.failed ? `, ${counts.failed} failed` : ""}` : ""}`;
      if (seen !== entry.seen) b.note(`batch ${id}: ${seen.trim()}`);
      entry.seen = seen;
      if (!DONE.has(now.status)) continue;
      if (now.status === "failed" && now.errors?.data?.length)
        b.note(
          `batch ${id} failed: ${now.errors.data
            .slice(0, 3)
            .map((e) => `${e.line ? `line ${e.line}: ` : ""}${e.message}`)
            .join("; ")}`,
        );
      await collect(b, entry.batch, now.status, [now.output_file_id, now.error_file_id]);
      open.delete(id);
    }
    if (open.size === 0) break;
    await sleep(wait, undefined, b.signal ? { signal: b.signal } : {}).catch(() => {}); // Ctrl-C ends the wait
    wait = Math.min(b.pollMs?.max ?? 60_000, wait * 1.5);
  }
}

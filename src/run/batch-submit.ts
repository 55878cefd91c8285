// Submitting: the pending trials' requests, written to request files in the run folder (at most
// OpenAI's 50,000 requests or 200 MB a batch), each uploaded with purpose "batch" and made a batch.
// The batch id is recorded the moment it exists, so a kill afterwards never submits it twice.
// Requests the response cache answers are not submitted at all. A request file stays in the run
// folder only while it is an open batch's.
import { appendFileSync, createReadStream, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { APIError, toFile } from "openai";
import { batchPrice, classifyError, EndpointFatalError } from "../model/index.js";
import { BATCH_ENDPOINT, requestLine } from "./batch-lines.js";
import {
  BATCH_INPUT_DIR,
  type BatchRun,
  nextRequestNumber,
  recordSubmitted,
  type SubmittedBatch,
} from "./batch-state.js";
import { finishTrial, prepareTrial, scoreReplayed } from "./execute.js";
import { plannedKey } from "./plan.js";
import { admitScoring } from "./scoring-room.js";

const MAX_REQUESTS = 50_000;
const MAX_BYTES = 190 * 1024 * 1024;

interface Chunk {
  endpoint: string;
  file: string;
  trials: number;
  bytes: number;
  buffer: string[];
}

export async function submitBatches(b: BatchRun, submitted: ReadonlySet<string>): Promise<SubmittedBatch[]> {
  const chunks = new Map<string, Chunk>();
  const made: SubmittedBatch[] = [];
  let next = nextRequestNumber(b.dir);
  const flush = (c: Chunk) => {
    if (c.buffer.length) appendFileSync(c.file, `${c.buffer.join("\n")}\n`);
    c.buffer = [];
  };
  const finish = async (c: Chunk) => {
    flush(c);
    chunks.delete(c.endpoint);
    const sdk = b.endpoints.sdk(c.endpoint);
    const batch = await sdk.files
      .create({ file: await toFile(createReadStream(c.file), path.basename(c.file)), purpose: "batch" })
      .then((file) =>
        sdk.batches.create({
          input_file_id: file.id,
          endpoint: BATCH_ENDPOINT,
          completion_window: "24h",
          metadata: { tunebench_run: b.runId },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof APIError)) throw error;
        rmSync(c.file, { force: true }); // no batch's: the resume writes its trials anew
        const failure = classifyError(error);
        // A refusal (a bad key, no quota, no Batch API, a request it will not take) is for the
        // user to fix: one line, exit 2, the run stops. Server trouble the SDK's retries did not
        // get past is not bad input: the run goes on and leaves these trials to its resume, as a
        // synchronous run leaves its calls' server errors to --retry-errors.
        if (!failure.retryable) {
          const hint = `the batch of ${c.trials} trials was not submitted; once fixed, resume the run to submit it`;
          throw new EndpointFatalError(c.endpoint, failure, hint);
        }
        const answer = failure.status ? `it answered ${failure.status}` : "no answer";
        b.note(
          `the batch of ${c.trials} trials for endpoint "${c.endpoint}" was not submitted: ${answer} (${failure.kind}: ${failure.message}); resume the run to submit it`,
        );
        return null;
      });
    if (!batch) return;
    const entry: SubmittedBatch = {
      id: batch.id,
      endpoint: c.endpoint,
      input: path.relative(b.dir, c.file),
      trials: c.trials,
      submittedAt: new Date().toISOString(),
    };
    recordSubmitted(b.dir, entry);
    made.push(entry);
    b.note(`submitted batch ${batch.id} to endpoint "${c.endpoint}": ${c.trials} trials`);
  };
  mkdirSync(path.join(b.dir, BATCH_INPUT_DIR), { recursive: true });
  for await (const t of b.pending()) {
    if (b.signal?.aborted) {
      for (const c of chunks.values()) rmSync(c.file, { force: true }); // the resume writes them anew
      return made;
    }
    const key = plannedKey(t);
    if (submitted.has(key)) continue;
    const p = await prepareTrial(t, b.ctx);
    const { budget } = b;
    // Scorers' calls are not batched: admitted now (on a replayed or a cached answer), never waiting.
    const admit = budget ? async (bound: number) => budget.admitAt(bound) : undefined;
    if (p.replayed !== undefined) {
      const record = await scoreReplayed(p, p.replayed, b.ctx, admit);
      if (record === null) break;
      await b.record(record, t);
      continue;
    }
    if (!p.request) {
      await b.record(p.record, t); // the request could not be built: nothing to send
      continue;
    }
    const endpoint = t.strategy.endpoint;
    // An answer the response cache holds is not sent again: it is the trial's, cached (spent
    // nothing; its cost, at the batch price, is what the cache saved), as in a synchronous run.
    const stored = await b.endpoints.responses(endpoint)?.get(p.request);
    if (stored) {
      const admission = await admitScoring(p, stored.text, b.ctx, admit);
      if (admission === null) break;
      let record = p.record;
      try {
        record = await finishTrial(p, { response: stored }, b.ctx, batchPrice);
      } finally {
        admission?.settle(record);
      }
      await b.record(record, t);
      continue;
    }
    if (budget && budget.admit(p) === null) break; // it is settled when its result is collected
    let chunk = chunks.get(endpoint);
    if (!chunk) {
      chunk = {
        endpoint,
        file: path.join(b.dir, BATCH_INPUT_DIR, `${next++}-${endpoint}.jsonl`),
        trials: 0,
        bytes: 0,
        buffer: [],
      };
      chunks.set(endpoint, chunk);
    }
    const line = requestLine(t, p.request);
    chunk.buffer.push(line);
    chunk.trials++;
    chunk.bytes += Buffer.byteLength(line) + 1;
    if (chunk.buffer.length >= 1000) flush(chunk);
    if (chunk.trials >= MAX_REQUESTS || chunk.bytes >= MAX_BYTES) await finish(chunk);
  }
  for (const c of [...chunks.values()]) await finish(c);
  return made;
}

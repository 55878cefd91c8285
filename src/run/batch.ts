// `run --batch`: the run's trials through the Batch API instead of one call each, at half the
// price. Submit what is pending (batch-submit.ts), then poll and collect (batch-collect.ts). The
// batch ids live in the run folder (batch-state.ts): a resumed run collects the batches it had
// submitted before it was killed, and submits only trials in none of them.
import { collectBatches } from "./batch-collect.js";
import { type BatchRun, openBatches, requestKeys } from "./batch-state.js";
import { submitBatches } from "./batch-submit.js";
import { prepareTrial } from "./execute.js";
import { plannedKey } from "./plan.js";

export async function runBatches(b: BatchRun): Promise<void> {
  const earlier = openBatches(b.dir);
  const submitted = new Set<string>();
  for (const batch of earlier) for (const key of requestKeys(b.dir, batch)) submitted.add(key);
  if (earlier.length)
    b.note(`picking up ${earlier.length} batch(es) submitted before: ${earlier.map((x) => x.id).join(", ")}`);
  // Their trials were admitted by the process that submitted them: under --max-cost they are
  // reserved here before any new trial, so the budget counts them and collecting them balances.
  if (b.budget && submitted.size)
    for await (const t of b.pending())
      if (submitted.has(plannedKey(t))) b.budget.reserve(await prepareTrial(t, b.ctx));
  const made = await submitBatches(b, submitted);
  await collectBatches(b, [...earlier, ...made]);
}

/**
 * Runs `work` for every item with at most `concurrency` calls at once, pulling items from the
 * (async) iterable only when a worker is free: memory stays flat however many items there are.
 * Rejects with the first error thrown by `work` (after the calls in flight have settled). Once
 * `signal` aborts (Ctrl-C, a budget reached), no new item is taken; the calls in flight finish.
 */
export async function forEachConcurrent<T>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator =
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && !signal?.aborted) {
      const next = await iterator.next();
      if (next.done || signal?.aborted) return;
      try {
        await work(next.value);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.floor(concurrency)) }, worker);
  const results = await Promise.allSettled(workers);
  await iterator.return?.();
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (rejected) throw rejected.reason;
}

/** Aborts when either signal does (an interrupt or a budget). */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal {
  return AbortSignal.any(signals.filter((s): s is AbortSignal => s !== undefined));
}

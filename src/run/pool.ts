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

/**
 * Saves that run behind the work: a worker hands over what it finished (`add`) and takes its next
 * item while the save is under way, unless more than `limit` saves are waiting. The first failed
 * save is thrown by the next `add` and by `flush`; `settled` waits for all without throwing.
 */
export function saveBehind(limit: number) {
  const pending = new Set<Promise<void>>();
  let failure: { error: unknown } | null = null;
  const settled = async (): Promise<void> => {
    await Promise.all(pending);
  };
  return {
    async add(save: Promise<void>): Promise<void> {
      const tracked: Promise<void> = save
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => pending.delete(tracked));
      pending.add(tracked);
      while (pending.size > limit) await Promise.race(pending);
      if (failure) throw failure.error;
    },
    settled,
    async flush(): Promise<void> {
      await settled();
      if (failure) throw failure.error;
    },
  };
}
